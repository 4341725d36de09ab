import { decideDutyInput, type DutyInput } from '../../src/duty/decide';
import { dutyPostback, parseCommand, parsePostback } from '../../src/duty/commands';

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

  test.each([
    [`โอน ${NO} CMI`, { kind: 'transfer', caseNumber: NO, to: 'CMI', userId: 'U1' }],
    [`โอน ${NO} เชียงใหม่`, { kind: 'transfer', caseNumber: NO, to: 'เชียงใหม่', userId: 'U1' }],
    [`โอนศูนย์ ${NO}`, { kind: 'transfer_choices', caseNumber: NO, page: 1, userId: 'U1' }],
    ['โอน', { kind: 'say', say: { kind: 'usage', command: 'transfer' } }],
  ])('when an officer types "%s", then the plan is %j', (t, expected) => {
    expect(decideDutyInput(typed(t))).toEqual(expected);
  });

  test('when the next page of centers is tapped, then that page is offered', () => {
    expect(decideDutyInput(group({ dutyPostback: true, command: { kind: 'transfer', caseNumber: NO, page: 2 } }))).toEqual({
      kind: 'transfer_choices',
      caseNumber: NO,
      page: 2,
      userId: 'U1',
    });
  });

  test('when โอน is typed in a 1:1 chat, then it is refused as an officer command', () => {
    expect(decideDutyInput({ where: 'user', dutyGroup: false, userId: 'U1', dutyPostback: false, command: parseCommand(`โอน ${NO} CMI`, undefined) })).toEqual({
      kind: 'say',
      say: { kind: 'private_refusal' },
    });
  });

  test('when a transfer is tapped in a group that is not a duty group, then the group is told it is not registered', () => {
    expect(decideDutyInput(group({ dutyGroup: false, command: { kind: 'transfer', caseNumber: NO, center: 'CMI' } }))).toEqual({
      kind: 'say',
      say: { kind: 'unregistered' },
    });
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
      // Once closed, the officer may send an "after" photo (issue 14).
      next: { kind: 'after_photo', caseNumber: NO },
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

  test.each([['ตอบ 2 ค่ะ'], ['ปิด 2'], ['บันทึก 1 ข้อ'], ['รวม 3 2']])(
    'when a citizen types "%s" (a short number, read only in duty groups), then it is left to other features',
    (t) => {
      const citizen: DutyInput = { where: 'user', dutyGroup: false, userId: 'U1', dutyPostback: false, command: parseCommand(t, undefined), text: t };
      expect(decideDutyInput(citizen)).toEqual({ kind: 'pass' });
    },
  );

  test('when a registration code is typed, then they are told to type it in the group', () => {
    expect(decideDutyInput(user('ลงทะเบียนกลุ่ม ABCD-EFGH'))).toEqual({ kind: 'say', say: { kind: 'private_enroll' } });
  });
});

describe('steps that wait for the next message', () => {
  test('when ส่งต่อหน่วยงาน is tapped, then the agency is asked for and remembered as pending', () => {
    expect(decideDutyInput(group({ dutyPostback: true, command: { kind: 'refer', caseNumber: NO } }))).toEqual({
      kind: 'ask',
      caseNumber: NO,
      question: 'agency',
      userId: 'U1',
      pending: { kind: 'refer', caseNumber: NO },
    });
  });

  test('when the officer then types an agency, then the case is referred to it and the step ends', () => {
    expect(decideDutyInput(typed('โรงพยาบาลสมเด็จพระยุพราชเด่นชัย', { pending: { kind: 'refer', caseNumber: NO } }))).toEqual({
      kind: 'act',
      caseNumber: NO,
      action: { type: 'refer', agency: 'โรงพยาบาลสมเด็จพระยุพราชเด่นชัย' },
      userId: 'U1',
      clearPending: true,
    });
  });

  test('when an agency chip is tapped while the step waits, then the chip refers the case and the step ends', () => {
    const plan = decideDutyInput(group({ dutyPostback: true, command: { kind: 'refer', caseNumber: NO, agency: 'สถานีตำรวจ' }, pending: { kind: 'refer', caseNumber: NO } }));
    expect(plan).toMatchObject({ kind: 'act', action: { type: 'refer', agency: 'สถานีตำรวจ' }, clearPending: true });
  });

  test('when the duplicate outcome is tapped, then the case that carries on is asked for', () => {
    expect(decideDutyInput(group({ dutyPostback: true, command: { kind: 'merge', caseNumber: NO } }))).toEqual({
      kind: 'ask',
      caseNumber: NO,
      question: 'into',
      userId: 'U1',
      pending: { kind: 'merge', caseNumber: NO },
    });
  });

  test.each([
    ['2', 'PHR-2569-0002'],
    ['๒ ครับ', 'PHR-2569-0002'],
    ['PHR-2569-0010', 'PHR-2569-0010'],
  ])('when the merge waits and the officer types "%s", then the case merges into %s', (text, into) => {
    expect(decideDutyInput(typed(text, { pending: { kind: 'merge', caseNumber: NO }, numbers: CTX }))).toEqual({
      kind: 'merge',
      caseNumber: NO,
      into,
      userId: 'U1',
      clearPending: true,
    });
  });

  test('when the merge waits and the officer chats, then nothing happens', () => {
    expect(decideDutyInput(typed('รอสักครู่นะ', { pending: { kind: 'merge', caseNumber: NO }, numbers: CTX }))).toEqual({ kind: 'ignore' });
  });

  test('when the merge waits and a broken number is typed, then the question is asked again and the step stays', () => {
    expect(decideDutyInput(typed('PHR-25', { pending: { kind: 'merge', caseNumber: NO }, numbers: CTX }))).toEqual({
      kind: 'say',
      say: { kind: 'merge_number', caseNumber: NO },
      pending: { kind: 'merge', caseNumber: NO },
    });
  });

  test('when a case is merged into itself, then it is refused and the step stays', () => {
    expect(decideDutyInput(typed('1', { pending: { kind: 'merge', caseNumber: NO }, numbers: CTX }))).toMatchObject({
      kind: 'say',
      say: { kind: 'merge_self' },
      pending: { kind: 'merge', caseNumber: NO },
    });
  });

  test('when รวม names both cases, then the merge is carried out', () => {
    expect(decideDutyInput(typed('รวม 3 2'))).toMatchObject({ kind: 'merge', caseNumber: 'PHR-2569-0003', into: 'PHR-2569-0002' });
  });
});

describe('typed values are bounded (issue 10)', () => {
  const long = (n: number) => 'ก'.repeat(n);

  test.each([
    ['agency', `ส่งต่อ ${NO} ${long(121)}`, { field: 'agency', length: 121, retype: true }, { kind: 'refer', caseNumber: NO }],
    ['close note', `ปิด ${NO} ช่วยเหลือแล้ว ${long(1001)}`, { field: 'closeNote', length: 1001, retype: true }, { kind: 'close', caseNumber: NO, outcome: 'resolved' }],
    ['note', `บันทึก ${NO} ${long(1001)}`, { field: 'note', length: 1001, retype: false }, undefined],
    ['relay', `ตอบ ${NO} ${long(2001)}`, { field: 'relay', length: 2001, retype: false }, undefined],
  ])('when the %s is one character over its limit, then it is re-prompted and nothing is recorded', (_what, text, say, pending) => {
    expect(decideDutyInput(typed(text))).toEqual({ kind: 'say', say: { kind: 'too_long', ...say }, ...(pending ? { pending } : {}) });
  });

  test.each([
    ['agency', `ส่งต่อ ${NO} ${long(120)}`, 'refer'],
    ['close note', `ปิด ${NO} ช่วยเหลือแล้ว ${long(1000)}`, 'close'],
    ['note', `บันทึก ${NO} ${long(1000)}`, 'note'],
    ['relay', `ตอบ ${NO} ${long(2000)}`, 'relay'],
  ])('when the %s is exactly at its limit, then it goes through', (_what, text, type) => {
    expect(decideDutyInput(typed(text))).toMatchObject({ kind: 'act', action: { type } });
  });

  test('when a Thai agency name has vowels and tone marks, then they count with their letter, as a person counts', () => {
    // "ที่" is one character to a reader but three UTF-16 code units.
    expect(decideDutyInput(typed(`ส่งต่อ ${NO} ${'ที่'.repeat(120)}`))).toMatchObject({ kind: 'act', action: { type: 'refer' } });
  });

  test('when the typed agency after the button is too long, then it is asked again and the step stays', () => {
    expect(decideDutyInput(typed(long(500), { pending: { kind: 'refer', caseNumber: NO } }))).toEqual({
      kind: 'say',
      say: { kind: 'too_long', field: 'agency', length: 500, retype: true },
      pending: { kind: 'refer', caseNumber: NO },
    });
  });

  test('when the closing note after the outcome is too long, then it is asked again and the step stays', () => {
    const p = { kind: 'close' as const, caseNumber: NO, outcome: 'resolved' as const };
    expect(decideDutyInput(typed(long(1200), { pending: p }))).toEqual({
      kind: 'say',
      say: { kind: 'too_long', field: 'closeNote', length: 1200, retype: true },
      pending: p,
    });
  });
});

describe('photos to the reporter (issue 14)', () => {
  const image = (messageId: string, over: Partial<DutyInput> = {}) => group({ image: messageId, ...over });

  test('when ตอบ names a case and nothing else, then a photo window is asked for that case', () => {
    expect(decideDutyInput(typed(`ตอบ ${NO}`))).toEqual({ kind: 'photo_window', caseNumber: NO, userId: 'U1' });
  });

  test('when the card button is tapped, then the same photo window is asked for', () => {
    expect(decideDutyInput(group({ dutyPostback: true, command: parsePostback(dutyPostback.photo(NO)) }))).toEqual({
      kind: 'photo_window',
      caseNumber: NO,
      userId: 'U1',
    });
  });

  test('when a photo arrives within a relay window, then it is relayed to that case', () => {
    expect(decideDutyInput(image('m1', { pending: { kind: 'relay_photo', caseNumber: NO } }))).toEqual({
      kind: 'photo',
      caseNumber: NO,
      messageId: 'm1',
      after: false,
      userId: 'U1',
    });
  });

  test('when a photo arrives within the window after a close, then it is the "after" photo', () => {
    expect(decideDutyInput(image('m2', { pending: { kind: 'after_photo', caseNumber: NO } }))).toMatchObject({ kind: 'photo', after: true });
  });

  test.each([
    ['no window', undefined],
    ['a close waiting for its note', { kind: 'close', caseNumber: NO, outcome: 'resolved' } as const],
  ])('when a photo arrives with %s, then it is ignored', (_name, pending) => {
    expect(decideDutyInput(image('m3', { pending }))).toEqual({ kind: 'ignore' });
  });

  test('when a photo arrives in a group that is not a duty group, then it is ignored', () => {
    expect(decideDutyInput(image('m4', { dutyGroup: false, pending: { kind: 'relay_photo', caseNumber: NO } }))).toEqual({ kind: 'ignore' });
  });

  test.each(['ข้าม', 'ข้ามครับ', 'ไม่ส่งรูป'])('when the officer types %s in the after window, then the window closes', (word) => {
    expect(decideDutyInput(typed(word, { pending: { kind: 'after_photo', caseNumber: NO } }))).toEqual({
      kind: 'say',
      say: { kind: 'photo_skipped', caseNumber: NO },
      clearPending: true,
    });
  });

  test('when the officer chats during a window, then it stays open (nothing is done)', () => {
    expect(decideDutyInput(typed('รอสักครู่นะ', { pending: { kind: 'relay_photo', caseNumber: NO } }))).toEqual({ kind: 'ignore' });
  });

  test('when ตอบ is sent in a 1:1 chat, then it is refused as a group command', () => {
    expect(decideDutyInput({ where: 'user', dutyGroup: false, userId: 'U1', dutyPostback: false, command: { kind: 'photo', caseNumber: NO } })).toEqual({
      kind: 'say',
      say: { kind: 'private_refusal' },
    });
  });
});
