import { parseCaseNumber, takeCaseNumber } from '../../src/cases/case-number';
import { dutyPostback, normaliseEnrollCode, parseCommand, parsePostback } from '../../src/duty/commands';

const NO = 'PHR-2569-0001';
// Any moment of Buddhist-era year 2569 (2026), Bangkok time.
const CTX = { centerCode: 'PHR', now: new Date('2026-06-15T10:00:00+07:00') };

describe('case numbers as typed', () => {
  test.each([
    ['PHR-2569-0001'],
    ['phr-2569-0001'],
    ['PHR 2569 0001'],
    ['PHR25690001'],
    ['phr 2569-1'],
    ['PHR-๒๕๖๙-๐๐๐๑'],
    ['2569-0001'],
    ['  PHR - 2569 - 0001  '],
  ])('when "%s" is typed, then it is PHR-2569-0001', (typed) => {
    expect(parseCaseNumber(typed, CTX)).toBe(NO);
  });

  test.each([['PHR-2569'], ['hello'], ['PHR-2569-0001x'], ['2569 0001'], ['0'], ['12345'], ['2x']])(
    'when "%s" is typed, then it is not a case number',
    (typed) => {
      expect(parseCaseNumber(typed, CTX)).toBeUndefined();
    },
  );

  test('when text follows a case number, then the text keeps its own Thai digits', () => {
    expect(takeCaseNumber('PHR-๒๕๖๙-๐๐๐๑ นัดเยี่ยมบ้าน ๑๐ โมง', CTX)).toEqual({
      caseNumber: NO,
      rest: 'นัดเยี่ยมบ้าน ๑๐ โมง',
      short: false,
    });
  });
});

describe('parseCommand', () => {
  test.each([
    ['คิว', { kind: 'queue' }],
    ['ช่วยเหลือ', { kind: 'help' }],
    ['ยกเลิก', { kind: 'cancel' }],
    [`รับเรื่อง ${NO}`, { kind: 'ack', caseNumber: NO }],
    ['รับเรื่องphr25690001', { kind: 'ack', caseNumber: NO }],
    [`เรื่อง ${NO}`, { kind: 'show', caseNumber: NO }],
    [`รายละเอียด ${NO}`, { kind: 'details', caseNumber: NO }],
    [`ลงพื้นที่ ${NO}`, { kind: 'start', caseNumber: NO }],
    [`กำลังดำเนินการ ${NO}`, { kind: 'start', caseNumber: NO }],
    [`ส่งต่อ ${NO} โรงพยาบาลแพร่`, { kind: 'refer', caseNumber: NO, agency: 'โรงพยาบาลแพร่' }],
    [`ส่งต่อ ${NO}`, { kind: 'refer', caseNumber: NO }],
    [`ปิด ${NO} ช่วยเหลือแล้ว ส่งเข้าบ้านพักแล้ว`, { kind: 'close', caseNumber: NO, outcome: 'resolved', note: 'ส่งเข้าบ้านพักแล้ว' }],
    [`ปิดเรื่อง ${NO} ไม่อยู่ในอำนาจ`, { kind: 'close', caseNumber: NO, outcome: 'out_of_scope' }],
    [`ปิด ${NO} ไม่สามารถช่วยได้ ติดต่อไม่ได้`, { kind: 'close', caseNumber: NO, outcome: 'unable', note: 'ติดต่อไม่ได้' }],
    [`ปิด ${NO} เยี่ยมบ้านแล้ว`, { kind: 'close', caseNumber: NO, note: 'เยี่ยมบ้านแล้ว' }],
    [`บันทึก ${NO} โทรหาแม่แล้ว`, { kind: 'note', caseNumber: NO, text: 'โทรหาแม่แล้ว' }],
    [`ตอบ ${NO} เจ้าหน้าที่กำลังเดินทาง`, { kind: 'relay', caseNumber: NO, text: 'เจ้าหน้าที่กำลังเดินทาง' }],
    [`เพิ่มประเภท ${NO} ความรุนแรง`, { kind: 'types', caseNumber: NO, problemTypes: ['violence'] }],
    [`เพิ่มประเภท ${NO} สุขภาพ, ครอบครัว`, { kind: 'types', caseNumber: NO, problemTypes: ['health', 'family'] }],
    [`เพิ่มประเภท ${NO}`, { kind: 'types', caseNumber: NO, problemTypes: [] }],
    ['ลงทะเบียนกลุ่ม abcd-efgh', { kind: 'enroll', code: 'ABCDEFGH' }],
  ])('when an officer types "%s", then it reads as %j', (typed, expected) => {
    expect(parseCommand(typed, CTX)).toEqual(expected);
  });

  test.each([
    ['เรื่องนี้ด่วนมากนะ'],
    ['รับเรื่องแล้วครับ'],
    ['ปิดไฟด้วย'],
    ['ตอบไปแล้ว'],
    ['คิวยาวมาก'],
    ['ส่งต่อให้พี่ด้วย'],
    ['ช่วยเหลือได้เลย'],
    ['สวัสดีครับ'],
  ])('when an officer chats "%s", then it is not a command', (typed) => {
    expect(parseCommand(typed, CTX)).toBeUndefined();
  });

  test('when a note command has no text, then the usage is shown', () => {
    expect(parseCommand(`บันทึก ${NO}`, CTX)).toEqual({ kind: 'usage', command: 'note' });
  });

  test('when a case number is mistyped after a keyword, then the usage is shown', () => {
    expect(parseCommand('รับเรื่อง PHR-2569', CTX)).toEqual({ kind: 'usage', command: 'ack' });
  });

  test('when a keyword stands alone, then the usage is shown', () => {
    expect(parseCommand('รับเรื่อง', CTX)).toEqual({ kind: 'usage', command: 'ack' });
  });
});

describe('postbacks', () => {
  test.each([
    [dutyPostback.ack(NO), { kind: 'ack', caseNumber: NO }],
    [dutyPostback.details(NO), { kind: 'details', caseNumber: NO }],
    [dutyPostback.show(NO), { kind: 'show', caseNumber: NO }],
    [dutyPostback.start(NO), { kind: 'start', caseNumber: NO }],
    [dutyPostback.refer(NO), { kind: 'refer', caseNumber: NO }],
    [dutyPostback.refer(NO, 'police'), { kind: 'refer', caseNumber: NO, agency: 'สถานีตำรวจ' }],
    [dutyPostback.close(NO), { kind: 'close', caseNumber: NO }],
    [dutyPostback.close(NO, 'unable'), { kind: 'close', caseNumber: NO, outcome: 'unable' }],
    [dutyPostback.types(NO), { kind: 'types', caseNumber: NO, problemTypes: [] }],
    [dutyPostback.types(NO, 'rights'), { kind: 'types', caseNumber: NO, problemTypes: ['rights'] }],
    [dutyPostback.queue, { kind: 'queue' }],
  ])('when "%s" is tapped, then it reads as %j', (data, expected) => {
    expect(parsePostback(data)).toEqual(expected);
  });

  test.each([['d:ack'], ['d:ack:nonsense'], ['d:close:PHR-2569-0001:maybe'], ['d:refer:PHR-2569-0001:spaceship'], ['i:start'], ['d:zap:PHR-2569-0001']])(
    'when "%s" arrives, then it is not understood',
    (data) => {
      expect(parsePostback(data)).toBeUndefined();
    },
  );

  test('when the longest postback is built, then it fits LINE\'s 300 characters', () => {
    expect(dutyPostback.refer('ABCDEF-2569-123456', 'shelter').length).toBeLessThanOrEqual(300);
  });
});

test('when an enrollment code is typed with spaces and lower case, then it normalises to the printed code', () => {
  expect(normaliseEnrollCode(' abcd efgh ')).toBe(normaliseEnrollCode('ABCD-EFGH'));
});

describe('officer command forms with short numbers, Thai digits and dashes (issue 9)', () => {
  const TWO = 'PHR-2569-0002';
  test.each([
    ['รับเรื่อง 2', { kind: 'ack', caseNumber: TWO }],
    ['รับเรื่อง ๒', { kind: 'ack', caseNumber: TWO }],
    ['รับเรื่อง2', { kind: 'ack', caseNumber: TWO }],
    ['รับเรื่อง 2 ครับ', { kind: 'ack', caseNumber: TWO }],
    ['รับเรื่อง 2 ค่ะ', { kind: 'ack', caseNumber: TWO }],
    ['รับเรื่อง PHR\u20132569\u20130002', { kind: 'ack', caseNumber: TWO }],
    ['รับเรื่อง PHR\u200B-2569-0002', { kind: 'ack', caseNumber: TWO }],
    ['รับเรื่อง 2569-0002', { kind: 'ack', caseNumber: TWO }],
    ['รับเรื่อง PHR-2569/0002', { kind: 'ack', caseNumber: TWO }],
    ['เรื่อง 2', { kind: 'show', caseNumber: TWO }],
    ['ดูเรื่อง ๒', { kind: 'show', caseNumber: TWO }],
    ['รายละเอียด 2', { kind: 'details', caseNumber: TWO }],
    ['ลงพื้นที่ 2', { kind: 'start', caseNumber: TWO }],
    ['ส่งต่อ 2 โรงพยาบาลลอง', { kind: 'refer', caseNumber: TWO, agency: 'โรงพยาบาลลอง' }],
    ['ส่งต่อหน่วยงาน ๒', { kind: 'refer', caseNumber: TWO }],
    ['ปิด 2', { kind: 'close', caseNumber: TWO }],
    ['ปิด 2 ช่วยเหลือแล้ว ส่งกลับบ้าน', { kind: 'close', caseNumber: TWO, outcome: 'resolved', note: 'ส่งกลับบ้าน' }],
    ['บันทึก 2 โทรหาแม่แล้ว', { kind: 'note', caseNumber: TWO, text: 'โทรหาแม่แล้ว' }],
    ['ตอบ ๒ เจ้าหน้าที่กำลังไปค่ะ', { kind: 'relay', caseNumber: TWO, text: 'เจ้าหน้าที่กำลังไปค่ะ' }],
    ['เพิ่มประเภท 2 ครอบครัว', { kind: 'types', caseNumber: TWO, problemTypes: ['family'] }],
    ['รวม 3 2', { kind: 'merge', caseNumber: 'PHR-2569-0003', into: TWO }],
    ['รวม ๓ ๒', { kind: 'merge', caseNumber: 'PHR-2569-0003', into: TWO }],
    ['รวมเรื่อง PHR-2569-0003 PHR-2569-0002', { kind: 'merge', caseNumber: 'PHR-2569-0003', into: TWO }],
    ['รวม 3', { kind: 'merge', caseNumber: 'PHR-2569-0003' }],
    ['ปิด 3 ซ้ำ 2', { kind: 'merge', caseNumber: 'PHR-2569-0003', into: TWO }],
    ['ปิด 3 ซ้ำ/รวมกับเรื่อง ๒', { kind: 'merge', caseNumber: 'PHR-2569-0003', into: TWO }],
    ['ปิด 3 เรื่องซ้ำ', { kind: 'merge', caseNumber: 'PHR-2569-0003' }],
    ['โอน 2 CMI', { kind: 'transfer', caseNumber: TWO, center: 'CMI' }],
    ['โอน ๒ cmi', { kind: 'transfer', caseNumber: TWO, center: 'CMI' }],
    ['โอนศูนย์ PHR-2569-0002 CMI', { kind: 'transfer', caseNumber: TWO, center: 'CMI' }],
    ['โอน PHR-2569-0002 เชียงใหม่', { kind: 'transfer', caseNumber: TWO, center: 'เชียงใหม่' }],
    ['โอน 2', { kind: 'transfer', caseNumber: TWO }],
    ['โอนศูนย์ 2 ครับ', { kind: 'transfer', caseNumber: TWO }],
    ['โอน', { kind: 'usage', command: 'transfer' }],
  ])('when an officer types "%s", then it reads as %j', (typed, expected) => {
    expect(parseCommand(typed, CTX)).toEqual(expected);
  });

  test.each([
    ['รับเรื่อง 2 เรื่องแล้ว'],
    ['ปิด 5 โมงเย็นนะ'],
    ['รวม 3 เรื่อง'],
    ['รวมทั้งหมด 5 เรื่อง'],
    ['เรื่อง 2 นี้ด่วน'],
    ['ลงพื้นที่ 2 คน'],
    ['โอน 500 บาทแล้ว'],
    ['โอนเงินให้แล้ว'],
  ])('when an officer chats "%s", then a short number does not make it a command', (typed) => {
    expect(parseCommand(typed, CTX)).toBeUndefined();
  });

  test.each([
    [dutyPostback.close(NO, 'duplicate'), { kind: 'merge', caseNumber: NO }],
    [dutyPostback.merge(NO), { kind: 'merge', caseNumber: NO }],
  ])('when "%s" is tapped, then it asks for the case that carries on', (data, expected) => {
    expect(parsePostback(data)).toEqual(expected);
  });

  test.each([
    [dutyPostback.transfer(NO), { kind: 'transfer', caseNumber: NO }],
    [dutyPostback.transfer(NO, { center: 'CMI' }), { kind: 'transfer', caseNumber: NO, center: 'CMI' }],
    [dutyPostback.transfer(NO, { page: 2 }), { kind: 'transfer', caseNumber: NO, page: 2 }],
    [`d:transfer:${NO}:cmi`, undefined],
    [`d:transfer:${NO}:p0`, undefined],
  ])('when the transfer postback "%s" is tapped, then it reads as %j', (data, expected) => {
    expect(parsePostback(data)).toEqual(expected);
  });
});
