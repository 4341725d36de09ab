import { dutyPostback } from '../../src/duty/commands';
import { checkMessages } from '../../src/line/limits';
import { bkk, openCase, startDutyWorld, textOf, type DutyWorld } from '../helpers/duty-fakes';
import { postbackEvent } from '../helpers/line';

const DAY = 'Cday000000000000000000000000000003';
const NIGHT = 'Cnight00000000000000000000000000003';
const ESC = 'Cescalation000000000000000000003';
const A = 'Uofficer_a0000000000000000000003';

let w: DutyWorld;
beforeAll(async () => {
  w = await startDutyWorld('duty_escalation', {
    DUTY_GROUP_ID: DAY,
    DUTY_NIGHT_GROUP_ID: NIGHT,
    ESCALATION_GROUP_ID: ESC,
    ACK_SLA_URGENT_MINUTES: '10',
    ACK_SLA_NORMAL_MINUTES: '60',
    ESCALATION_MAX_ROUNDS: '3',
  });
  w.profiles.names.set(A, 'สมหญิง');
});
afterAll(() => w.stop());
beforeEach(() => w.outbox.clear());

const timerOf = (caseNumber: string, round: number) => w.timers.ids(`escalate:${caseNumber}:`).find((id) => id.endsWith(`:${round}`))!;
const escalationsTo = (chatId: string) => w.outbox.to(chatId).filter((i) => i.id.startsWith('escalate:'));

test('when an urgent case is not acknowledged in 10 minutes, then the group on shift is told, mentioning everyone', async () => {
  const c = await openCase(w, bkk('10:00'));
  await w.timers.fire(timerOf(c.caseNumber, 1));
  const [notice] = escalationsTo(DAY)[0].messages;
  expect(notice).toMatchObject({ type: 'textV2', substitution: { all: { mentionee: { type: 'all' } } } });
});

test('when a case escalates, then the supervisors group is told too', async () => {
  const c = await openCase(w, bkk('10:00'));
  await w.timers.fire(timerOf(c.caseNumber, 1));
  expect(textOf(escalationsTo(ESC)[0]?.messages[0])).toContain(c.caseNumber);
});

test('when a case escalates, then the messages fit LINE limits', async () => {
  const c = await openCase(w, bkk('10:00'));
  await w.timers.fire(timerOf(c.caseNumber, 1));
  expect(escalationsTo(DAY).flatMap((i) => checkMessages(i.messages))).toEqual([]);
});

test('when a case escalates, then the timeline records the round', async () => {
  const c = await openCase(w, bkk('10:00'));
  await w.timers.fire(timerOf(c.caseNumber, 1));
  expect(await w.cases.get(c.caseNumber)).toMatchObject({ escalationRound: 1, timeline: expect.arrayContaining([expect.objectContaining({ kind: 'escalated', round: 1 })]) });
});

test('when round 1 fires, then round 2 is due one period later', async () => {
  const c = await openCase(w, bkk('10:00'));
  await w.timers.fire(timerOf(c.caseNumber, 1));
  expect(w.timers.scheduled.get(timerOf(c.caseNumber, 2))?.dueAt).toEqual(bkk('10:20'));
});

test('when the last round fires, then no further round is scheduled', async () => {
  const c = await openCase(w, bkk('10:00'));
  for (const r of [1, 2, 3]) await w.timers.fire(timerOf(c.caseNumber, r));
  expect(timerOf(c.caseNumber, 4)).toBeUndefined();
});

test('when three rounds fire, then the group is told three times', async () => {
  const c = await openCase(w, bkk('10:00'));
  for (const r of [1, 2, 3]) await w.timers.fire(timerOf(c.caseNumber, r));
  expect(escalationsTo(DAY)).toHaveLength(3);
});

test('when a timer fires twice (a restart or a second instance), then the case escalates once', async () => {
  const c = await openCase(w, bkk('10:00'));
  const id = timerOf(c.caseNumber, 1);
  await w.timers.fire(id);
  await w.timers.fire(id);
  const after = await w.cases.get(c.caseNumber);
  expect([after?.timeline.filter((e) => e.kind === 'escalated').length, escalationsTo(DAY).length]).toEqual([1, 1]);
});

test('when the case was acknowledged in time, then the timer announces nothing', async () => {
  const c = await openCase(w, bkk('10:00'));
  await w.send(postbackEvent({ groupId: DAY, userId: A, data: dutyPostback.ack(c.caseNumber), timestamp: bkk('10:05').getTime() }));
  await w.timers.fire(timerOf(c.caseNumber, 1));
  expect([escalationsTo(DAY).length, escalationsTo(ESC).length]).toEqual([0, 0]);
});

test('when an escalation fires after the shift changed, then the night group is told', async () => {
  const c = await openCase(w, bkk('16:25'));
  await w.timers.fire(timerOf(c.caseNumber, 1));
  expect([escalationsTo(NIGHT).length, escalationsTo(DAY).length]).toEqual([1, 0]);
});

test('when a case is reopened, then the group hears the reporter words and a new escalation cycle starts', async () => {
  const c = await openCase(w, bkk('10:00'));
  await w.send(postbackEvent({ groupId: DAY, userId: A, data: dutyPostback.ack(c.caseNumber), timestamp: bkk('10:01').getTime() }));
  await w.cases.act(c.caseNumber, { type: 'close', outcome: 'resolved', note: 'จบ' }, { kind: 'officer', id: A }, { entryId: 'close1', now: bkk('11:00') });
  await w.cases.act(c.caseNumber, { type: 'reopen', text: 'ยังไม่มีใครมาช่วยเลย' }, { kind: 'reporter' }, { entryId: 'reopen1', now: bkk('12:00') });
  const told = textOf(w.outbox.to(DAY).find((i) => i.id === 'reopen1:duty-reopened')?.messages[0]);
  expect([told.includes('ยังไม่มีใครมาช่วยเลย'), w.timers.scheduled.get(`escalate:${c.caseNumber}:reopen1:1`)?.dueAt]).toEqual([
    true,
    bkk('12:10'),
  ]);
});

test('when a timer of an earlier cycle fires into a reopened case, then it announces nothing', async () => {
  const c = await openCase(w, bkk('10:00'));
  const old = timerOf(c.caseNumber, 1);
  await w.send(postbackEvent({ groupId: DAY, userId: A, data: dutyPostback.ack(c.caseNumber), timestamp: bkk('10:01').getTime() }));
  await w.cases.act(c.caseNumber, { type: 'close', outcome: 'resolved', note: 'จบ' }, { kind: 'officer', id: A }, { entryId: 'close2', now: bkk('10:02') });
  await w.cases.act(c.caseNumber, { type: 'reopen' }, { kind: 'reporter' }, { entryId: 'reopen2', now: bkk('10:03') });
  await w.timers.fire(old, bkk('10:10'));
  expect(escalationsTo(DAY)).toHaveLength(0);
});

describe('with escalation switched off', () => {
  test('when ESCALATION_MAX_ROUNDS is 0, then no escalation is scheduled', async () => {
    const off = await startDutyWorld('duty_escalation_off', { DUTY_GROUP_ID: DAY, ESCALATION_MAX_ROUNDS: '0' });
    try {
      await openCase(off, bkk('10:00'));
      expect(off.timers.ids('escalate:')).toEqual([]);
    } finally {
      await off.stop();
    }
  });
});
