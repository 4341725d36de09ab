import { dutyPostback } from '../../src/duty/commands';
import { createEnrollCode } from '../../src/duty/enroll-codes';
import { dutyGroupModel } from '../../src/duty/store';
import { bkk, openCase, startDutyWorld, textOf, type DutyWorld } from '../helpers/duty-fakes';
import { joinEvent, leaveEvent, postbackEvent, textEvent } from '../helpers/line';

const CONFIGURED = 'Cconfigured0000000000000000000001';
const NEW_GROUP = 'Cnewgroup00000000000000000000001';
const U = 'Uadmin00000000000000000000000001';
const T0 = bkk('10:00');

let w: DutyWorld;
beforeAll(async () => {
  w = await startDutyWorld('duty_registration', { DUTY_GROUP_ID: CONFIGURED });
  w.profiles.names.set(U, 'หัวหน้าเวร');
});
afterAll(() => w.stop());
beforeEach(() => w.outbox.clear());

let n = 0;
const group = () => `Cgroup${String(++n).padStart(27, '0')}`;
const code = (role: 'day' | 'night' | 'both' | 'escalation' = 'night', ttlMinutes = 60) =>
  createEnrollCode(w.conn, { role, ttlMinutes, now: T0 });
const say = async (groupId: string, text: string, min = 1) => {
  const e = textEvent({ groupId, userId: U, text, timestamp: T0.getTime() + min * 60_000 });
  await w.send(e);
  return w.outbox.items.filter((i) => i.id.startsWith(`${e.webhookEventId}:r`)).flatMap((i) => i.messages).map(textOf).join('\n');
};

test('when the bot joins an unregistered group, then it explains how to register there', async () => {
  await w.send(joinEvent({ groupId: NEW_GROUP, timestamp: T0.getTime() }));
  expect(textOf(w.outbox.messagesTo(NEW_GROUP)[0])).toContain('ลงทะเบียนกลุ่ม <รหัส>');
});

test('when the bot joins a configured group, then it says the group is on duty', async () => {
  await w.send(joinEvent({ groupId: CONFIGURED, timestamp: T0.getTime() }));
  expect(textOf(w.outbox.messagesTo(CONFIGURED)[0])).toContain('เรื่องใหม่จะถูกส่งเข้ากลุ่มนี้');
});

test('when a good code is typed, then the group is registered with the code role', async () => {
  const g = group();
  const { code: c } = await code('night');
  await say(g, `ลงทะเบียนกลุ่ม ${c}`);
  expect((await dutyGroupModel(w.conn).findOne({ groupId: g }).lean())?.role).toBe('night');
});

test('when a good code is typed, then the group is told it is registered', async () => {
  const { code: c } = await code('night');
  expect(await say(group(), `ลงทะเบียนกลุ่ม ${c.toLowerCase()}`)).toContain('ลงทะเบียนสำเร็จ');
});

test('when a wrong code is typed, then the group is told and not registered', async () => {
  const g = group();
  const reply = await say(g, 'ลงทะเบียนกลุ่ม ZZZZ-ZZZZ');
  expect([reply, await dutyGroupModel(w.conn).countDocuments({ groupId: g })]).toEqual([expect.stringContaining('ไม่ถูกต้อง'), 0]);
});

test('when a used code is typed in another group, then it is refused', async () => {
  const { code: c } = await code();
  await say(group(), `ลงทะเบียนกลุ่ม ${c}`);
  expect(await say(group(), `ลงทะเบียนกลุ่ม ${c}`, 2)).toContain('ใช้ไปแล้ว');
});

test('when an expired code is typed, then it is refused', async () => {
  const { code: c } = await code('night', 30);
  expect(await say(group(), `ลงทะเบียนกลุ่ม ${c}`, 31)).toContain('หมดอายุ');
});

test('when the same registration message is processed twice, then the group stays registered and is told so again', async () => {
  const g = group();
  const { code: c } = await code();
  const e = textEvent({ groupId: g, userId: U, text: `ลงทะเบียนกลุ่ม ${c}`, timestamp: T0.getTime() + 60_000 });
  await w.send(e);
  w.outbox.clear();
  await w.send(e);
  expect(textOf(w.outbox.items[0]?.messages[0])).toContain('ลงทะเบียนสำเร็จ');
});

test('when a group has registered, then its officers can acknowledge cases', async () => {
  const g = group();
  const { code: c } = await code('both');
  await say(g, `ลงทะเบียนกลุ่ม ${c}`);
  const kase = await openCase(w, T0);
  await w.send(postbackEvent({ groupId: g, userId: U, data: dutyPostback.ack(kase.caseNumber), timestamp: T0.getTime() + 120_000 }));
  expect((await w.cases.get(kase.caseNumber))?.owner?.name).toBe('หัวหน้าเวร');
});

test('when a registered night group exists and no night group is configured, then night cases go to it', async () => {
  const g = group();
  const { code: c } = await code('night', 600);
  await say(g, `ลงทะเบียนกลุ่ม ${c}`, 300); // the latest night registration of this suite
  const kase = await openCase(w, bkk('22:00'));
  expect((await w.cases.get(kase.caseNumber))?.dutyGroupId).toBe(g);
});

test('when the bot leaves a registered group, then the registration is removed', async () => {
  const g = group();
  const { code: c } = await code();
  await say(g, `ลงทะเบียนกลุ่ม ${c}`);
  await w.send(leaveEvent({ groupId: g, timestamp: T0.getTime() + 120_000 }));
  expect(await dutyGroupModel(w.conn).countDocuments({ groupId: g })).toBe(0);
});

test('when a configured group types a code, then it is told no registration is needed', async () => {
  const { code: c } = await code();
  expect(await say(CONFIGURED, `ลงทะเบียนกลุ่ม ${c}`)).toContain('ไม่ต้องลงทะเบียน');
});
