import type { CaseRecord, TimelineEntry } from '../../src/cases/types';
import { decideEscalation, decideStale, firstEscalation, firstStaleCheck, type EscalatePayload } from '../../src/duty/escalation';

const settings = { urgentMs: 10 * 60_000, normalMs: 60 * 60_000, maxRounds: 3, staleMs: 24 * 3_600_000 };
const openedAt = new Date('2026-03-02T10:00:00+07:00');
const opened: TimelineEntry = { id: 'src1:opened', at: openedAt, kind: 'opened', actor: { kind: 'reporter' }, public: true };
const caseOf = (over: Partial<CaseRecord> = {}) =>
  ({ caseNumber: 'PHR-2569-0001', status: 'new', urgent: true, timeline: [opened], ...over }) as CaseRecord;
const payload = (round: number, cycle = opened.id): EscalatePayload => ({ caseNumber: 'PHR-2569-0001', cycle, round });
const at = (min: number) => new Date(openedAt.getTime() + min * 60_000);

test('when an urgent case opens, then round 1 is due after the urgent SLA under an id from the entry', () => {
  expect(firstEscalation(caseOf(), opened, settings)).toEqual({
    id: 'escalate:PHR-2569-0001:src1:opened:1',
    kind: 'escalate',
    dueAt: at(10),
    payload: { caseNumber: 'PHR-2569-0001', cycle: 'src1:opened', round: 1 },
  });
});

test('when a normal case opens, then round 1 is due after the normal SLA', () => {
  expect(firstEscalation(caseOf({ urgent: false }), opened, settings)?.dueAt).toEqual(at(60));
});

test('when a fractional SLA is configured, then the due time keeps the fraction', () => {
  expect(firstEscalation(caseOf(), opened, { ...settings, urgentMs: 3_000 })?.dueAt).toEqual(new Date(openedAt.getTime() + 3_000));
});

test('when escalation is switched off (0 rounds), then no timer is scheduled', () => {
  expect(firstEscalation(caseOf(), opened, { ...settings, maxRounds: 0 })).toBeUndefined();
});

test('when round 1 fires for a case still new, then it escalates and schedules round 2 one period later', () => {
  const d = decideEscalation(caseOf(), payload(1), { dueAt: at(10), now: at(10) }, settings);
  expect(d).toEqual({
    kind: 'escalate',
    round: 1,
    waitedMinutes: 10,
    next: {
      id: 'escalate:PHR-2569-0001:src1:opened:2',
      kind: 'escalate',
      dueAt: at(20),
      payload: { caseNumber: 'PHR-2569-0001', cycle: 'src1:opened', round: 2 },
    },
  });
});

test('when the last round fires, then nothing further is scheduled', () => {
  const d = decideEscalation(caseOf(), payload(3), { dueAt: at(30), now: at(30) }, settings);
  expect(d).toEqual({ kind: 'escalate', round: 3, waitedMinutes: 30 });
});

test('when the case was acknowledged, then the timer does nothing', () => {
  expect(decideEscalation(caseOf({ status: 'acknowledged' }), payload(1), { dueAt: at(10), now: at(10) }, settings)).toEqual({
    kind: 'skip',
    reason: 'not_new',
  });
});

test('when the case was reopened since, then a timer of the earlier cycle does nothing', () => {
  const reopened: TimelineEntry = { id: 'ev9', at: at(500), kind: 'reopened', actor: { kind: 'reporter' }, public: true };
  const c = caseOf({ timeline: [opened, reopened] });
  expect(decideEscalation(c, payload(2), { dueAt: at(501), now: at(501) }, settings)).toEqual({ kind: 'skip', reason: 'stale_cycle' });
});

test('when a timer fires late after an outage, then the next round counts from the firing time', () => {
  const d = decideEscalation(caseOf(), payload(1), { dueAt: at(10), now: at(45) }, settings);
  expect(d.kind === 'escalate' && d.next?.dueAt).toEqual(at(55));
});

test('when the case is gone, then the timer does nothing', () => {
  expect(decideEscalation(null, payload(1), { dueAt: at(10), now: at(10) }, settings)).toEqual({ kind: 'skip', reason: 'not_found' });
});

describe('forgotten cases (STALE_CASE_HOURS)', () => {
  const H = 3_600_000;
  const ack: TimelineEntry = { id: 'ev-ack', at: at(5), kind: 'acknowledged', actor: { kind: 'officer', id: 'U1' }, public: true };
  const inHand = (over: Partial<CaseRecord> = {}) => caseOf({ status: 'acknowledged', timeline: [opened, ack], ...over });
  const due = (round: number) => new Date(ack.at.getTime() + round * settings.staleMs);

  test('when an officer acknowledges, then the first check is due STALE_CASE_HOURS later under an id from the entry', () => {
    expect(firstStaleCheck(inHand(), ack, settings)).toEqual({
      id: 'stale:PHR-2569-0001:ev-ack:1',
      kind: 'stale',
      dueAt: due(1),
      payload: { caseNumber: 'PHR-2569-0001', cycle: 'ev-ack', round: 1 },
    });
  });

  test.each([
    ['the reporter adds words', { ...ack, id: 'r', kind: 'reporter_info', actor: { kind: 'reporter' } }, 'acknowledged'],
    ['an officer only reads the details', { ...ack, id: 'd', kind: 'details_viewed' }, 'acknowledged'],
    ['the case is referred', { ...ack, id: 'f', kind: 'referred' }, 'referred'],
    ['the case is closed', { ...ack, id: 'c', kind: 'closed' }, 'closed'],
  ] as const)('when %s, then no new check starts', (_what, entry, status) => {
    expect(firstStaleCheck(inHand({ status }), entry as TimelineEntry, settings)).toBeUndefined();
  });

  test('when nothing happened since, then round 1 goes to the group on shift only and round 2 is scheduled', () => {
    expect(decideStale(inHand(), payload(1, 'ev-ack'), { dueAt: due(1), now: due(1) }, settings)).toEqual({
      kind: 'announce',
      round: 1,
      idleMinutes: 24 * 60,
      supervisors: false,
      next: { id: 'stale:PHR-2569-0001:ev-ack:2', kind: 'stale', dueAt: due(2), payload: { caseNumber: 'PHR-2569-0001', cycle: 'ev-ack', round: 2 } },
    });
  });

  test('when round 2 fires, then the supervisors are told too', () => {
    expect(decideStale(inHand(), payload(2, 'ev-ack'), { dueAt: due(2), now: due(2) }, settings)).toMatchObject({ kind: 'announce', supervisors: true });
  });

  test('when the last round fires, then nothing further is scheduled', () => {
    expect(decideStale(inHand(), payload(3, 'ev-ack'), { dueAt: due(3), now: due(3) }, settings)).not.toHaveProperty('next');
  });

  test('when an officer added a note since, then the older check does nothing', () => {
    const note: TimelineEntry = { ...ack, id: 'ev-note', at: new Date(ack.at.getTime() + 2 * H), kind: 'note' };
    expect(decideStale(inHand({ timeline: [opened, ack, note] }), payload(1, 'ev-ack'), { dueAt: due(1), now: due(1) }, settings)).toEqual({
      kind: 'skip',
      reason: 'stale_cycle',
    });
  });

  test('when an earlier round was announced, then the cycle still holds (announcements are not activity)', () => {
    const announced: TimelineEntry = { ...ack, id: 'stale:PHR-2569-0001:ev-ack:1', kind: 'stale_escalated', actor: { kind: 'system' } };
    expect(decideStale(inHand({ timeline: [opened, ack, announced] }), payload(2, 'ev-ack'), { dueAt: due(2), now: due(2) }, settings).kind).toBe('announce');
  });

  test.each([['referred'], ['closed'], ['new']] as const)('when the case is %s by then, then the check does nothing', (status) => {
    expect(decideStale(inHand({ status }), payload(1, 'ev-ack'), { dueAt: due(1), now: due(1) }, settings)).toEqual({ kind: 'skip', reason: 'not_in_hand' });
  });

  test('when escalation is switched off (0 rounds), then no check starts', () => {
    expect(firstStaleCheck(inHand(), ack, { ...settings, maxRounds: 0 })).toBeUndefined();
  });
});

describe('a waiting case moved to another center (re-route or an officer’s transfer)', () => {
  const transferred: TimelineEntry = { id: 'ev-pin:reroute', at: at(4), kind: 'transferred', actor: { kind: 'system' }, public: true, fromCenter: 'CMI', toCenter: 'PHR' };
  const moved = () => caseOf({ timeline: [opened, transferred] });

  test('when it moved, then the new cycle is the transfer: its first round is due after the new center’s SLA from the transfer', () => {
    expect(firstEscalation(moved(), transferred, { ...settings, urgentMs: 7 * 60_000 })).toMatchObject({
      id: 'escalate:PHR-2569-0001:ev-pin:reroute:1',
      dueAt: at(11),
    });
  });

  test('when a timer of the cycle before the move fires, then it does nothing', () => {
    expect(decideEscalation(moved(), payload(1), { dueAt: at(10), now: at(10) }, settings)).toEqual({ kind: 'skip', reason: 'stale_cycle' });
  });

  test('when the new cycle escalates, then the minutes said are the reporter’s wait since the opening', () => {
    const d = decideEscalation(moved(), payload(1, transferred.id), { dueAt: at(11), now: at(11) }, settings);
    expect(d).toMatchObject({ kind: 'escalate', round: 1, waitedMinutes: 11 });
  });

  test('when a case in hand was moved and later reopened, then the reopening is the cycle', () => {
    const reopened: TimelineEntry = { id: 'ev-re', at: at(60), kind: 'reopened', actor: { kind: 'reporter' }, public: true };
    const c = caseOf({ timeline: [opened, transferred, reopened] });
    expect(decideEscalation(c, payload(1, transferred.id), { dueAt: at(70), now: at(70) }, settings)).toEqual({ kind: 'skip', reason: 'stale_cycle' });
    expect(decideEscalation(c, payload(1, reopened.id), { dueAt: at(70), now: at(70) }, settings)).toMatchObject({ kind: 'escalate', waitedMinutes: 10 });
  });
});
