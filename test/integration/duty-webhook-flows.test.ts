import request from 'supertest';
import { bangkokMinuteOfDay } from '../../src/time/thai-time';
import { UPDATES_POSTBACK } from '../../src/updates/postbacks';
import { ChatUser, settle, wordsIn } from '../helpers/chat';
import { postbackEvent, textEvent } from '../helpers/line';
import { startHarness, waitFor, type Harness } from '../helpers/service';

/**
 * Issue 9's duty flows end to end: signed webhooks in, the inbox and the durable timers and outbox,
 * the LINE emulator out. What the groups receive is what LINE delivered.
 */

const ADMIN = 'test-admin-token-0123456789';
let h: Harness;
beforeAll(async () => {
  h = await startHarness('duty_webhook_flows');
});
afterAll(async () => {
  await h.stop();
});

const said = (chat: string) => h.emulator.messagesTo(chat).map(wordsIn).join('\n---\n');
const short = (caseNumber: string) => String(Number(caseNumber.slice(-4)));

test('when an acknowledged case is left alone past STALE_CASE_HOURS, then the group and then the escalation group are told', async () => {
  const group = 'Cstalewebhook000000000000000001';
  const supervisors = 'Cstalesupervisors0000000000001';
  h.emulator.addGroupMember(group, 'U-stale-officer', 'มานะ');
  // 0.0005 hours = 1.8 seconds; the SLA for acknowledging stays far away.
  const app = await h.instance({
    env: { DUTY_GROUP_ID: group, ESCALATION_GROUP_ID: supervisors, STALE_CASE_HOURS: '0.0005', ESCALATION_MAX_ROUNDS: '2' },
  });
  const res = await request(app.service.app)
    .post('/api/cases')
    .set('authorization', `Bearer ${ADMIN}`)
    .send({ channel: 'hotline_1300', problemTypes: ['income'], targetGroup: 'elderly', sex: 'male', location: { district: 'ลอง' } });
  const caseNumber = res.body.caseNumber as string;
  await settle(app);
  await new ChatUser(h, app, 'U-stale-officer', group).say(`รับเรื่อง ${short(caseNumber)}`);
  expect(said(group)).toContain(`มานะ รับเรื่อง ${caseNumber} แล้ว`);

  const isStale = (words: string) => words.includes('ไม่มีความเคลื่อนไหว') && words.includes(caseNumber);
  await waitFor(() => h.emulator.messagesTo(supervisors).map(wordsIn).some(isStale), 'round 2 at the escalation group', 15_000);
  await settle(app);
  const stored = await app.service.cases.get(caseNumber);
  expect({
    group: h.emulator.messagesTo(group).map(wordsIn).filter(isStale).length,
    supervisors: h.emulator.messagesTo(supervisors).map(wordsIn).filter(isStale).length,
    rounds: stored?.timeline.filter((e) => e.kind === 'stale_escalated').map((e) => e.round),
  }).toEqual({ group: 2, supervisors: 1, rounds: [1, 2] });
  await app.stop();
});

test('when a case handled by the night team is reopened in the day shift, then the day group gets it, told the night team had it', async () => {
  const day = 'Chandoverday000000000000000001';
  const night = 'Chandovernight0000000000000001';
  const reporter = 'U-handover-reporter00000000000001';
  h.emulator.addGroupMember(night, 'U-night-officer', 'ราตรี');
  // A day shift from 6 h to 18 h after now: now is night, twelve hours later is day.
  const now = Date.now();
  const m = bangkokMinuteOfDay(new Date(now));
  const hhmm = (x: number) => `${String(Math.floor((x % 1440) / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
  const app = await h.instance({ env: { DUTY_GROUP_ID: day, DUTY_NIGHT_GROUP_ID: night, DAY_SHIFT: `${hhmm(m + 360)}-${hhmm(m + 1080)}` } });

  const { case: c } = await app.service.cases.open(
    { channel: 'ess_help_me', reporterUserId: reporter, problemTypes: ['family'], location: { district: 'ลอง' } },
    { sourceId: `handover-${now}`, actor: { kind: 'reporter', id: reporter }, now: new Date(now) },
  );
  await settle(app);
  expect(said(night)).toContain(c.caseNumber);
  const officer = new ChatUser(h, app, 'U-night-officer', night);
  await officer.say(`รับเรื่อง ${c.caseNumber}`);
  await officer.say(`ปิด ${c.caseNumber} ช่วยเหลือแล้ว ประสานญาติมารับแล้ว`);

  const later = now + 12 * 3_600_000;
  const send = async (event: Parameters<typeof app.post>[0][number]) => {
    expect((await app.post([event])).status).toBe(200);
    await settle(app);
  };
  await send(postbackEvent({ userId: reporter, data: UPDATES_POSTBACK.reopen(c.caseNumber), timestamp: later, replyToken: h.emulator.issueReplyToken(reporter) }));
  await send(textEvent({ userId: reporter, text: 'ยังไม่มีใครติดต่อมาเลยค่ะ', timestamp: later + 60_000, replyToken: h.emulator.issueReplyToken(reporter) }));

  await waitFor(() => said(day).includes(c.caseNumber), 'the reopened case at the day group');
  expect([(await app.service.cases.get(c.caseNumber))?.status, said(day).includes('เวรกลางคืน (Night Team)'), said(day).includes('เปิดใหม่')]).toEqual([
    'new',
    true,
    true,
  ]);
  await app.stop();
});
