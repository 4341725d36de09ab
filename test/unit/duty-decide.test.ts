import { decideDutyInput, type DutyInput } from '../../src/duty/decide';
import { parseCommand } from '../../src/duty/commands';

const NO = 'PHR-2569-0001';
const CTX = { centerCode: 'PHR', now: new Date('2026-06-15T10:00:00+07:00') };
const group = (over: Partial<DutyInput>): DutyInput => ({ where: 'group', dutyGroup: true, userId: 'U1', dutyPostback: false, ...over });
const typed = (text: string, over: Partial<DutyInput> = {}) => group({ command: parseCommand(text, CTX), text, ...over });

describe('in a duty group', () => {
  test('when an officer types รับเรื่อง, then the case is acknowledged as that officer', () => {
    expect(decideDutyInput(typed(`รับเรื่อง ${NO}`))).toEqual({
      kind: 'act',
      caseNumber: NO,
      action: { type: 'acknowledge' },
      userId: 'U1',
      clearPending: false,
    });
  });

  test('when an officer chats, then nothing happens', () => {
    expect(decideDutyInput(typed('กินข้าวยัง'))).toEqual({ kind: 'ignore' });
  });

  test('when a postback carries no user id, then the action is refused as unattributable', () => {
    expect(decideDutyInput(group({ userId: undefined, dutyPostback: true, command: { kind: 'ack', caseNumber: NO } }))).toEqual({
      kind: 'say',
      say: { kind: 'unattributed' },
    });
  });

  test('when the queue is asked for without a user id, then it is shown anyway', () => {
    expect(decideDutyInput(typed('คิว', { userId: undefined }))).toEqual({ kind: 'queue' });
  });

  test('when ส่งต่อ names no agency, then the agency is asked for', () => {
    expect(decideDutyInput(typed(`ส่งต่อ ${NO}`))).toMatchObject({ kind: 'ask', question: 'agency' });
  });

  test('when ส่งต่อ names an agency, then the case is referred to it', () => {
    expect(decideDutyInput(typed(`ส่งต่อ ${NO} สถานีตำรวจภูธรลอง`))).toMatchObject({
      kind: 'act',
      action: { type: 'refer', agency: 'สถานีตำรวจภูธรลอง' },
    });
  });

  test('when ปิดเรื่อง is tapped, then the outcome is asked for and remembered as pending', () => {
    expect(decideDutyInput(group({ dutyPostback: true, command: { kind: 'close', caseNumber: NO } }))).toEqual({
      kind: 'ask',
      caseNumber: NO,
      question: 'outcome',
      userId: 'U1',
      pending: { kind: 'close', caseNumber: NO },
    });
  });

  test('when an outcome is tapped, then the closing note is asked for', () => {
    const plan = decideDutyInput(group({ dutyPostback: true, command: { kind: 'close', caseNumber: NO, outcome: 'resolved' } }));
    expect(plan).toMatchObject({ kind: 'ask', question: 'note', pending: { kind: 'close', caseNumber: NO, outcome: 'resolved' } });
  });

  test('when the officer then types a message, then it closes the case with that note', () => {
    const plan = decideDutyInput(typed('พาไปโรงพยาบาลแล้ว', { pending: { kind: 'close', caseNumber: NO, outcome: 'resolved' } }));
    expect(plan).toEqual({
      kind: 'act',
      caseNumber: NO,
      action: { type: 'close', outcome: 'resolved', note: 'พาไปโรงพยาบาลแล้ว' },
      userId: 'U1',
      clearPending: true,
    });
  });

  test('when a note was typed first and the outcome is tapped after, then the case closes with the typed note', () => {
    const plan = decideDutyInput(
      group({
        dutyPostback: true,
        command: { kind: 'close', caseNumber: NO, outcome: 'unable' },
        pending: { kind: 'close', caseNumber: NO, note: 'ย้ายออกนอกพื้นที่' },
      }),
    );
    expect(plan).toMatchObject({ kind: 'act', action: { type: 'close', outcome: 'unable', note: 'ย้ายออกนอกพื้นที่' } });
  });

  test('when the pending close waits for an outcome and the officer chats, then nothing happens', () => {
    expect(decideDutyInput(typed('รอแป๊บ', { pending: { kind: 'close', caseNumber: NO } }))).toEqual({ kind: 'ignore' });
  });

  test('when ปิด has outcome and note in one line, then the case closes at once', () => {
    expect(decideDutyInput(typed(`ปิด ${NO} ไม่อยู่ในอำนาจ ส่งเรื่องให้ศาลแล้ว`))).toMatchObject({
      kind: 'act',
      action: { type: 'close', outcome: 'out_of_scope', note: 'ส่งเรื่องให้ศาลแล้ว' },
    });
  });

  test('when ยกเลิก is typed, then the pending step is cleared', () => {
    expect(decideDutyInput(typed('ยกเลิก'))).toEqual({ kind: 'say', say: { kind: 'cancelled' }, clearPending: true });
  });

  test('when บันทึก is typed, then an internal note is added', () => {
    expect(decideDutyInput(typed(`บันทึก ${NO} แม่ไม่รับสาย`))).toMatchObject({
      kind: 'act',
      action: { type: 'note', text: 'แม่ไม่รับสาย' },
    });
  });

  test('when ตอบ is typed, then a relay to the reporter is recorded', () => {
    expect(decideDutyInput(typed(`ตอบ ${NO} กำลังเดินทางไป`))).toMatchObject({
      kind: 'act',
      action: { type: 'relay', text: 'กำลังเดินทางไป' },
    });
  });

  test('when เพิ่มประเภท names no type, then the types are asked for', () => {
    expect(decideDutyInput(typed(`เพิ่มประเภท ${NO}`))).toMatchObject({ kind: 'ask', question: 'types' });
  });

  test('when รายละเอียด is tapped, then details go to the tapping officer', () => {
    expect(decideDutyInput(group({ dutyPostback: true, command: { kind: 'details', caseNumber: NO } }))).toEqual({
      kind: 'details',
      caseNumber: NO,
      userId: 'U1',
    });
  });
});

describe('in a group that is not registered', () => {
  test('when an officer command is typed, then it is refused with how to register', () => {
    expect(decideDutyInput(typed(`รับเรื่อง ${NO}`, { dutyGroup: false }))).toEqual({ kind: 'say', say: { kind: 'unregistered' } });
  });

  test('when a duty button is tapped, then it is refused with how to register', () => {
    expect(decideDutyInput(group({ dutyGroup: false, dutyPostback: true, command: { kind: 'ack', caseNumber: NO } }))).toEqual({
      kind: 'say',
      say: { kind: 'unregistered' },
    });
  });

  test('when the registration code is typed, then enrollment is tried', () => {
    expect(decideDutyInput(typed('ลงทะเบียนกลุ่ม ABCD-EFGH', { dutyGroup: false }))).toEqual({ kind: 'enroll', code: 'ABCDEFGH' });
  });

  test('when people chat, then nothing is said', () => {
    expect(decideDutyInput(typed('สวัสดี', { dutyGroup: false }))).toEqual({ kind: 'ignore' });
  });
});

describe('in a 1:1 chat', () => {
  const user = (text: string): DutyInput => ({ where: 'user', dutyGroup: false, userId: 'U1', dutyPostback: false, command: parseCommand(text, CTX), text });

  test.each([[`รับเรื่อง ${NO}`], ['คิว'], [`บันทึก ${NO} ทดสอบ`], [`ปิด ${NO} ช่วยเหลือแล้ว จบ`]])(
    'when "%s" is typed, then it is refused politely',
    (t) => {
      expect(decideDutyInput(user(t))).toEqual({ kind: 'say', say: { kind: 'private_refusal' } });
    },
  );

  test('when a duty button is tapped, then it is refused politely', () => {
    expect(decideDutyInput({ where: 'user', dutyGroup: false, userId: 'U1', dutyPostback: true })).toEqual({
      kind: 'say',
      say: { kind: 'private_refusal' },
    });
  });

  test.each([['ช่วยเหลือ'], [`เรื่อง ${NO}`], ['สวัสดีค่ะ']])('when a citizen types "%s", then it is left to other features', (t) => {
    expect(decideDutyInput(user(t))).toEqual({ kind: 'pass' });
  });

  test('when a registration code is typed, then they are told to type it in the group', () => {
    expect(decideDutyInput(user('ลงทะเบียนกลุ่ม ABCD-EFGH'))).toEqual({ kind: 'say', say: { kind: 'private_enroll' } });
  });
});
