import type { CaseRecord, TimelineEntry } from '../cases/types';
import type { TimerSpec } from '../timers/types';

/**
 * "Still safe?", decided without I/O. While an urgent case waits for an officer, its
 * reporter is asked once at half the urgent acknowledgement SLA, then once per further SLA period
 * while it still waits, up to the escalation's number of rounds. Each opening or reopening is its
 * own cycle (numbered by the case's reopen count), so a timer left from an earlier cycle never asks
 * about a later one. Timer ids are `checkin:<caseNumber>:<cycle>.<n>`: scheduling one again changes
 * nothing, and the round is also what the answer buttons carry.
 *
 * The SLA is the one of the center the case is on when a question is scheduled (`CheckinSettings`
 * per center, index.ts): the opening's center for the first, the center it has when a question is
 * asked for the next, so a case re-routed or transferred to a center with a shorter SLA is asked as
 * often as that center's escalation expects. A first question already scheduled before a move keeps
 * its time (timers are insert-only, and its round is what the answer buttons carry).
 */

export const CHECKIN_KIND = 'checkin';

export interface CheckinSettings {
  urgentSlaMs: number;
  maxRounds: number;
}

export interface CheckinPayload {
  caseNumber: string;
  /** The case's reopen count when the cycle started (0: the opening). */
  cycle: number;
  /** 1 for the first question of the cycle. */
  n: number;
}

export const checkinRound = (cycle: number, n: number) => `${cycle}.${n}`;
export const checkinTimerId = (caseNumber: string, cycle: number, n: number) => `checkin:${caseNumber}:${checkinRound(cycle, n)}`;

type CheckinCase = Pick<CaseRecord, 'caseNumber' | 'status' | 'urgent' | 'reporterUserId' | 'reopenCount' | 'timeline'>;

/** Entries after which an urgent case may newly wait for an officer (opened, reopened, made urgent later). */
const STARTS: ReadonlySet<TimelineEntry['kind']> = new Set<TimelineEntry['kind']>([
  'opened',
  'reopened',
  'details_updated',
  'problem_types_added',
]);

const cycleStart = (c: Pick<CaseRecord, 'timeline'>) =>
  [...c.timeline].reverse().find((e) => e.kind === 'opened' || e.kind === 'reopened');

function spec(caseNumber: string, cycle: number, n: number, dueAt: Date): TimerSpec {
  const payload: CheckinPayload = { caseNumber, cycle, n };
  return { id: checkinTimerId(caseNumber, cycle, n), kind: CHECKIN_KIND, dueAt, payload: { ...payload } };
}

/** Whether this change may make a first check-in due (read before the center's settings are looked up). */
export const mayStartCheckin = (c: CheckinCase, entry: TimelineEntry) =>
  STARTS.has(entry.kind) && !!c.urgent && c.status === 'new' && !!c.reporterUserId;

/** The first check-in of the case's current cycle, when this change makes one due. */
export function firstCheckin(c: CheckinCase, entry: TimelineEntry, s: CheckinSettings): TimerSpec | undefined {
  if (!mayStartCheckin(c, entry) || s.maxRounds < 1) return undefined;
  const start = cycleStart(c);
  if (!start) return undefined;
  // Counted from when the case began waiting, so a case made urgent later is asked no later than half the SLA after that.
  return spec(c.caseNumber, c.reopenCount ?? 0, 1, new Date(start.at.getTime() + s.urgentSlaMs / 2));
}

export function parseCheckinPayload(p: Record<string, unknown>): CheckinPayload | undefined {
  const { caseNumber, cycle, n } = p;
  if (typeof caseNumber !== 'string' || typeof cycle !== 'number' || typeof n !== 'number') return undefined;
  if (!Number.isInteger(cycle) || cycle < 0 || !Number.isInteger(n) || n < 1) return undefined;
  return { caseNumber, cycle, n };
}

export type CheckinDecision =
  | { kind: 'skip'; reason: 'not_found' | 'not_new' | 'not_urgent' | 'stale_cycle' | 'no_reporter' | 'over_limit' }
  | { kind: 'ask'; to: string; round: string; next?: TimerSpec };

export function decideCheckin(
  c: CheckinCase | null,
  p: CheckinPayload,
  timer: { dueAt: Date; now: Date },
  s: CheckinSettings,
): CheckinDecision {
  if (!c) return { kind: 'skip', reason: 'not_found' };
  if (c.status !== 'new') return { kind: 'skip', reason: 'not_new' };
  if (!c.urgent) return { kind: 'skip', reason: 'not_urgent' };
  if ((c.reopenCount ?? 0) !== p.cycle) return { kind: 'skip', reason: 'stale_cycle' };
  if (!c.reporterUserId) return { kind: 'skip', reason: 'no_reporter' };
  if (p.n > s.maxRounds) return { kind: 'skip', reason: 'over_limit' };
  const ask = { kind: 'ask' as const, to: c.reporterUserId, round: checkinRound(p.cycle, p.n) };
  if (p.n >= s.maxRounds) return ask;
  // One question per SLA period, counted from when this one was actually asked (a late start after
  // an outage does not ask twice in a row).
  const from = Math.max(timer.dueAt.getTime(), timer.now.getTime());
  return { ...ask, next: spec(c.caseNumber, p.cycle, p.n + 1, new Date(from + s.urgentSlaMs)) };
}
