import type { Message } from '../../src/bot/context';
import { dutyPostback } from '../../src/duty/commands';
import { checkMessages } from '../../src/line/limits';
import { bkk, openCase, startDutyWorld, textOf, type DutyWorld } from '../helpers/duty-fakes';
import { postbackEvent, textEvent } from '../helpers/line';

const GROUP = 'Cduty0000000000000000000000000001';
const OTHER = 'Cstranger000000000000000000000001';
const A = 'Uofficer_a0000000000000000000001';
const B = 'Uofficer_b0000000000000000000001';
const T0 = bkk('10:00');
const at = (min: number) => T0.getTime() + min * 60_000;

let w: DutyWorld;
beforeAll(async () => {
  w = await startDutyWorld('duty_actions', { DUTY_GROUP_ID: GROUP });
  w.profiles.names.set(A, 'สมหญิง');
  w.profiles.names.set(B, 'สมชาย');
});
afterAll(() => w.stop());
beforeEach(() => w.outbox.clear());

/** Everything the duty feature said in reply to one event (validated against LINE's limits). */
async function say(event: Parameters<DutyWorld['send']>[0]): Promise<Message[]> {
  await w.send(event);
  const replies = w.outbox.items.filter((i) => i.id.startsWith(`${event.webhookEventId}:r`)).flatMap((i) => i.messages);
  expect(checkMessages(replies.length ? replies : [{ type: 'text', text: '-' }])).toEqual([]);
  return replies;
}
const typed = (text: string, userId = A, min = 1, groupId = GROUP) => textEvent({ groupId, userId, text, timestamp: at(min) });
const tapped = (data: string, userId = A, min = 1, groupId = GROUP) => postbackEvent({ groupId, userId, data, timestamp: at(min) });
/** A tap LINE delivered without the user's id (possible in groups). */
const anonymousTap = (data: string) => postbackEvent({ groupId: GROUP, data, timestamp: at(1) });
const lastText = async (e: Parameters<DutyWorld['send']>[0]) => textOf((await say(e))[0]);

describe('acknowledging', () => {
  test('when an officer taps รับเรื่อง, then the group reads "<name> รับเรื่อง <no> แล้ว"', async () => {
    const c = await openCase(w, T0);
    expect(await lastText(tapped(dutyPostback.ack(c.caseNumber)))).toBe(`สมหญิง รับเรื่อง ${c.caseNumber} แล้ว`);
  });

  test('when an officer acknowledges, then the timeline records who and when', async () => {
    const c = await openCase(w, T0);
    await say(tapped(dutyPostback.ack(c.caseNumber), A, 3));
    const entry = (await w.cases.get(c.caseNumber))?.timeline.find((e) => e.kind === 'acknowledged');
    expect(entry).toMatchObject({ at: new Date(at(3)), actor: { kind: 'officer', id: A, name: 'สมหญิง' } });
  });

  test('when two officers tap รับเรื่อง at once, then exactly one owns the case', async () => {
    const c = await openCase(w, T0);
    await Promise.all([w.send(tapped(dutyPostback.ack(c.caseNumber), A)), w.send(tapped(dutyPostback.ack(c.caseNumber), B))]);
    const after = await w.cases.get(c.caseNumber);
    expect(after?.timeline.filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
  });

  test('when two officers tap รับเรื่อง at once, then the other is told who has it', async () => {
    const c = await openCase(w, T0);
    await Promise.all([w.send(tapped(dutyPostback.ack(c.caseNumber), A)), w.send(tapped(dutyPostback.ack(c.caseNumber), B))]);
    const owner = (await w.cases.get(c.caseNumber))?.owner?.name;
    const texts = w.outbox.items.flatMap((i) => i.messages).map(textOf);
    expect(texts).toContain(`เรื่อง ${c.caseNumber} มีผู้รับเรื่องแล้ว: ${owner}`);
  });

  test('when the same tap is processed twice, then the case is acknowledged once', async () => {
    const c = await openCase(w, T0);
    const e = tapped(dutyPostback.ack(c.caseNumber));
    await w.send(e);
    await w.send(e);
    expect((await w.cases.get(c.caseNumber))?.timeline.filter((x) => x.kind === 'acknowledged')).toHaveLength(1);
  });

  test('when the case number is typed in lower case with Thai digits, then it is acknowledged', async () => {
    const c = await openCase(w, T0);
    const thai = c.caseNumber.toLowerCase().replace(/\d/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)]);
    await say(typed(`รับเรื่อง ${thai}`));
    expect((await w.cases.get(c.caseNumber))?.status).toBe('acknowledged');
  });

  test('when LINE cannot give the officer name, then the action is recorded as "เจ้าหน้าที่"', async () => {
    const c = await openCase(w, T0);
    expect(await lastText(tapped(dutyPostback.ack(c.caseNumber), 'Uunknown000000000000000000000001'))).toBe(
      `เจ้าหน้าที่ รับเรื่อง ${c.caseNumber} แล้ว`,
    );
  });
});

describe('the lifecycle', () => {
  async function acknowledged() {
    const c = await openCase(w, T0);
    await w.send(tapped(dutyPostback.ack(c.caseNumber), A, 1));
    return c.caseNumber;
  }

  test('when ลงพื้นที่ is tapped on an acknowledged case, then it is in progress', async () => {
    const no = await acknowledged();
    await say(tapped(dutyPostback.start(no), A, 2));
    expect((await w.cases.get(no))?.status).toBe('in_progress');
  });

  test('when ส่งต่อหน่วยงาน is tapped, then common agencies are offered as quick replies', async () => {
    const no = await acknowledged();
    const [m] = await say(tapped(dutyPostback.refer(no), A, 2));
    expect(JSON.stringify(m.quickReply)).toContain(dutyPostback.refer(no, 'police'));
  });

  test('when an agency is chosen, then the case is referred to it', async () => {
    const no = await acknowledged();
    await say(tapped(dutyPostback.refer(no, 'shelter'), A, 2));
    expect(await w.cases.get(no)).toMatchObject({ status: 'referred', referredTo: 'บ้านพักเด็กและครอบครัว' });
  });

  test('when ส่งต่อ is typed with an agency name, then the case is referred to it', async () => {
    const no = await acknowledged();
    await say(typed(`ส่งต่อ ${no} โรงพยาบาลลอง`, A, 2));
    expect((await w.cases.get(no))?.referredTo).toBe('โรงพยาบาลลอง');
  });

  test('when ปิดเรื่อง, an outcome and then a note are given, then the case is closed with them', async () => {
    const no = await acknowledged();
    await say(tapped(dutyPostback.close(no), A, 2));
    await say(tapped(dutyPostback.close(no, 'resolved'), A, 3));
    await say(typed('ส่งเด็กเข้าบ้านพักเรียบร้อย', A, 4));
    expect(await w.cases.get(no)).toMatchObject({ status: 'closed', outcome: 'resolved', closingNote: 'ส่งเด็กเข้าบ้านพักเรียบร้อย' });
  });

  test('when another officer chats while a close waits for its note, then their message is not the note', async () => {
    const no = await acknowledged();
    await say(tapped(dutyPostback.close(no, 'resolved'), A, 2));
    await say(typed('รับทราบครับ', B, 3));
    expect((await w.cases.get(no))?.status).toBe('acknowledged');
  });

  test('when the officer cancels a waiting close, then their next message is just chatter', async () => {
    const no = await acknowledged();
    await say(tapped(dutyPostback.close(no, 'resolved'), A, 2));
    await say(typed('ยกเลิก', A, 3));
    await say(typed('ไปกินข้าวก่อนนะ', A, 4));
    expect((await w.cases.get(no))?.status).toBe('acknowledged');
  });

  test('when a close waits longer than 15 minutes, then the next message is not taken as the note', async () => {
    const no = await acknowledged();
    await say(tapped(dutyPostback.close(no, 'resolved'), A, 2));
    await say(typed('ข้อความหลังหมดเวลา', A, 18));
    expect((await w.cases.get(no))?.status).toBe('acknowledged');
  });

  test('when ปิด is typed with outcome and note, then the case is closed at once', async () => {
    const no = await acknowledged();
    const reply = await lastText(typed(`ปิด ${no} ไม่อยู่ในอำนาจ ประสานศาลเยาวชนแล้ว`, A, 2));
    expect(reply).toBe(`สมหญิง ปิดเรื่อง ${no} แล้ว (ไม่อยู่ในอำนาจ)`);
  });

  test('when บันทึก is typed, then an internal note the reporter never sees is added', async () => {
    const no = await acknowledged();
    await say(typed(`บันทึก ${no} แม่ขอให้โทรหลังหกโมง`, A, 2));
    expect((await w.cases.get(no))?.timeline.find((e) => e.kind === 'note')).toMatchObject({
      public: false,
      text: 'แม่ขอให้โทรหลังหกโมง',
    });
  });

  test('when ตอบ is typed, then a relay to the reporter is recorded and the group is told', async () => {
    const no = await acknowledged();
    const reply = await lastText(typed(`ตอบ ${no} เจ้าหน้าที่กำลังเดินทางไปค่ะ`, A, 2));
    const relay = (await w.cases.get(no))?.timeline.find((e) => e.kind === 'relay');
    expect([reply, relay?.text]).toEqual([`ส่งข้อความถึงผู้แจ้งเรื่อง ${no} แล้ว`, 'เจ้าหน้าที่กำลังเดินทางไปค่ะ']);
  });

  test('when a problem type is added, then the case carries it', async () => {
    const no = await acknowledged();
    await say(tapped(dutyPostback.types(no, 'rights'), A, 2));
    expect((await w.cases.get(no))?.problemTypes).toEqual(['violence', 'rights']);
  });

  test('when เพิ่มประเภทปัญหา is tapped, then only the missing types are offered', async () => {
    const no = await acknowledged();
    const [m] = await say(tapped(dutyPostback.types(no), A, 2));
    expect(m.quickReply?.items).toHaveLength(5);
  });
});

describe('refused transitions', () => {
  test('when ลงพื้นที่ is tapped on a new case, then it is refused until someone acknowledges', async () => {
    const c = await openCase(w, T0);
    expect(await lastText(tapped(dutyPostback.start(c.caseNumber)))).toBe(
      `เรื่อง ${c.caseNumber} ยังไม่มีผู้รับเรื่อง กด "รับเรื่อง" ก่อน`,
    );
  });

  test('when ปิดเรื่อง is tapped on a new case, then it is refused before any outcome is asked', async () => {
    const c = await openCase(w, T0);
    expect(await lastText(tapped(dutyPostback.close(c.caseNumber)))).toContain('ยังไม่มีผู้รับเรื่อง');
  });

  test('when ลงพื้นที่ is tapped twice, then the second is refused as the same status', async () => {
    const c = await openCase(w, T0);
    await w.send(tapped(dutyPostback.ack(c.caseNumber), A, 1));
    await w.send(tapped(dutyPostback.start(c.caseNumber), A, 2));
    expect(await lastText(tapped(dutyPostback.start(c.caseNumber), A, 3))).toContain('อยู่ในสถานะ');
  });

  test('when a closed case is acted on, then it is refused as closed', async () => {
    const c = await openCase(w, T0);
    await w.send(tapped(dutyPostback.ack(c.caseNumber), A, 1));
    await w.send(typed(`ปิด ${c.caseNumber} ช่วยเหลือแล้ว จบ`, A, 2));
    expect(await lastText(tapped(dutyPostback.refer(c.caseNumber, 'police'), A, 3))).toBe(`เรื่อง ${c.caseNumber} ปิดไปแล้ว`);
  });

  test('when the case number does not exist, then the officer is told so', async () => {
    expect(await lastText(typed('รับเรื่อง PHR-2569-9999'))).toBe('ไม่พบเรื่องเลขที่ PHR-2569-9999');
  });

  test('when a tap in the group carries no user id, then nothing changes', async () => {
    const c = await openCase(w, T0);
    await say(anonymousTap(dutyPostback.ack(c.caseNumber)));
    expect((await w.cases.get(c.caseNumber))?.status).toBe('new');
  });

  test('when a tap in the group carries no user id, then the group is told it cannot be attributed', async () => {
    const c = await openCase(w, T0);
    expect(await lastText(anonymousTap(dutyPostback.ack(c.caseNumber)))).toContain('ไม่สามารถระบุได้ว่าใครเป็นผู้กด');
  });
});

describe('outside a duty group', () => {
  test('when a command comes from an unregistered group, then nothing changes', async () => {
    const c = await openCase(w, T0);
    await say(typed(`รับเรื่อง ${c.caseNumber}`, A, 1, OTHER));
    expect((await w.cases.get(c.caseNumber))?.status).toBe('new');
  });

  test('when a command comes from an unregistered group, then registration is explained', async () => {
    const c = await openCase(w, T0);
    expect(await lastText(typed(`รับเรื่อง ${c.caseNumber}`, A, 1, OTHER))).toContain('ลงทะเบียนกลุ่ม <รหัส>');
  });

  test('when a command comes from a 1:1 chat, then it is refused and nothing changes', async () => {
    const c = await openCase(w, T0);
    const taken = await w.send(textEvent({ userId: A, text: `รับเรื่อง ${c.caseNumber}`, timestamp: at(1) }));
    const status = (await w.cases.get(c.caseNumber))?.status;
    expect([taken, status, textOf(w.outbox.messagesTo(A)[0])]).toEqual([true, 'new', expect.stringContaining('กลุ่มเวร')]);
  });

  test('when a duty button is tapped in a 1:1 chat, then it is refused and nothing changes', async () => {
    const c = await openCase(w, T0);
    await w.send(postbackEvent({ userId: A, data: dutyPostback.ack(c.caseNumber), timestamp: at(1) }));
    expect((await w.cases.get(c.caseNumber))?.status).toBe('new');
  });

  test('when a citizen writes in a 1:1 chat, then the duty feature leaves it to others', async () => {
    expect(await w.send(textEvent({ userId: 'Ucitizen000000000000000000000001', text: 'ช่วยเหลือ', timestamp: at(1) }))).toBe(false);
  });
});

describe('group chat and commands', () => {
  test('when officers chat, then the bot stays silent but takes the event', async () => {
    const e = typed('เดี๋ยวเข้าประชุมนะ');
    const taken = await w.send(e);
    expect([taken, w.outbox.items.length]).toEqual([true, 0]);
  });

  test('when ช่วยเหลือ is typed, then the commands are listed', async () => {
    expect(await lastText(typed('ช่วยเหลือ'))).toContain('คิว');
  });

  test('when เรื่อง <no> is typed, then the card is shown', async () => {
    const c = await openCase(w, T0);
    const [m] = await say(typed(`เรื่อง ${c.caseNumber}`));
    expect(JSON.stringify(m)).toContain(c.caseNumber);
  });
});

describe('the queue', () => {
  let q: DutyWorld;
  beforeAll(async () => {
    q = await startDutyWorld('duty_queue', { DUTY_GROUP_ID: GROUP });
  });
  afterAll(() => q.stop());

  test('when คิว is typed, then open cases are listed urgent first, then oldest, without closed ones', async () => {
    const normalOld = await openCase(q, bkk('08:00'), { problemTypes: ['income'] });
    const urgentNew = await openCase(q, bkk('09:00'), { problemTypes: ['violence'] });
    const urgentOld = await openCase(q, bkk('07:00'), { problemTypes: ['health'] });
    const closed = await openCase(q, bkk('06:00'), { problemTypes: ['violence'] });
    await q.send(tapped(dutyPostback.ack(closed.caseNumber), A, 1));
    await q.send(typed(`ปิด ${closed.caseNumber} ช่วยเหลือแล้ว เรียบร้อย`, A, 2));
    const e = typed('คิว', A, 3);
    await q.send(e);
    const body = JSON.stringify(q.outbox.items.filter((i) => i.id.startsWith(`${e.webhookEventId}:r`)));
    const order = [urgentOld, urgentNew, normalOld, closed].map((c) => body.indexOf(`d:case:${c.caseNumber}`));
    expect(order).toEqual([...order.slice(0, 3)].sort((a, b) => a - b).concat(-1));
  });
});
