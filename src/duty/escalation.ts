import type { CaseRecord, TimelineEntry } from '../cases/types';
import type { TimerSpec } from '../timers/types';

/**
 * Escalation, decided without I/O. A case waiting for acknowledgement is announced again after its
 * SLA (urgent or normal), then at each further period, up to `maxRounds` announcements. Each
 * opening, reopening or transfer of a waiting case starts its own cycle, named by that timeline
 * entry's id, so a timer left over from an earlier cycle never fires into a later one.
 */

export const ESCALATE_KIND = 'escalate';

export interface EscalationSettings {
  urgentMs: number;
  normalMs: number;
  maxRounds: number;
  /** STALE_CASE_HOURS: how long a case in hand may go without officer activity. */
  staleMs: number;
}

export interface EscalatePayload {
  caseNumber: string;
  /** The `opened`/`reopened` entry that started this cycle. */
  cycle: string;
  round: number;
}

export const slaMs = (urgent: boolean, s: EscalationSettings) => (urgent ? s.urgentMs : s.normalMs);

export const escalationTimerId = (caseNumber: string, cycle: string, round: number) =>
  `escalate:${caseNumber}:${cycle}:${round}`;

/** The first timer of a cycle, or undefined when escalation is switched off (0 rounds). */
export function firstEscalation(c: Pick<CaseRecord, 'caseNumber' | 'urgent'>, cycle: { id: string; at: Date }, s: EscalationSettings): TimerSpec | undefined {
  if (s.maxRounds < 1) return undefined;
  const payload: EscalatePayload = { caseNumber: c.caseNumber, cycle: cycle.id, round: 1 };
  return {
    id: escalationTimerId(c.caseNumber, cycle.id, 1),
    kind: ESCALATE_KIND,
    dueAt: new Date(cycle.at.getTime() + slaMs(c.urgent, s)),
    payload: { ...payload },
  };
}

export function parseEscalatePayload(p: Record<string, unknown>): EscalatePayload | undefined {
  const { caseNumber, cycle, round } = p;
  if (typeof caseNumber !== 'string' || typeof cycle !== 'string' || typeof round !== 'number') return undefined;
  if (!Number.isInteger(round) || round < 1) return undefined;
  return { caseNumber, cycle, round };
}

export type EscalationDecision =
  | { kind: 'skip'; reason: 'not_found' | 'not_new' | 'stale_cycle' | 'over_limit' }
  | { kind: 'escalate'; round: number; waitedMinutes: number; next?: TimerSpec };

/**
 * The latest `opened`/`reopened`/`transferred` entry: the cycle a timer must belong to. A case moved
 * to another center while nobody had acknowledged it starts a cycle of its own there (the listener
 * schedules it on the new center's SLA, counted from when its group got the card), and the old
 * center's timers lapse. A transfer of a case in hand never becomes a waiting case's cycle: only a
 * reopening, which comes later, makes it wait again.
 */
export const currentCycle = (c: Pick<CaseRecord, 'timeline'>) =>
  [...c.timeline].reverse().find((e) => e.kind === 'opened' || e.kind === 'reopened' || e.kind === 'transferred');

/** Since when the reporter has waited: the opening or the reopening, whatever center has the case since. */
const waitingSince = (c: Pick<CaseRecord, 'timeline'>) =>
  [...c.timeline].reverse().find((e) => e.kind === 'opened' || e.kind === 'reopened');

export function decideEscalation(
  c: Pick<CaseRecord, 'caseNumber' | 'status' | 'urgent' | 'timeline'> | null,
  p: EscalatePayload,
  timer: { dueAt: Date; now: Date },
  s: EscalationSettings,
): EscalationDecision {
  if (!c) return { kind: 'skip', reason: 'not_found' };
  if (c.status !== 'new') return { kind: 'skip', reason: 'not_new' };
  const cycle = currentCycle(c);
  if (!cycle || cycle.id !== p.cycle) return { kind: 'skip', reason: 'stale_cycle' };
  if (p.round > s.maxRounds) return { kind: 'skip', reason: 'over_limit' };
  // The reporter's wait, not the new center's: after a transfer the group must see how long the person has waited.
  const since = waitingSince(c) ?? cycle;
  const waitedMinutes = Math.max(0, Math.floor((timer.now.getTime() - since.at.getTime()) / 60_000));
  if (p.round >= s.maxRounds) return { kind: 'escalate', round: p.round, waitedMinutes };
  // The next period counts from when this round actually fired, so a late start (after an outage)
  // does not fire the remaining rounds back to back.
  const from = Math.max(timer.dueAt.getTime(), timer.now.getTime());
  const payload: EscalatePayload = { caseNumber: c.caseNumber, cycle: p.cycle, round: p.round + 1 };
  return {
    kind: 'escalate',
    round: p.round,
    waitedMinutes,
    next: {
      id: escalationTimerId(c.caseNumber, p.cycle, p.round + 1),
      kind: ESCALATE_KIND,
      dueAt: new Date(from + slaMs(c.urgent, s)),
      payload: { ...payload },
    },
  };
}

// ---- Forgotten cases (contract 4) ----

/**
 * A case someone acknowledged and then left alone is as lost as one nobody picked up. Each officer
 * activity on an acknowledged or in-progress case starts a cycle named by that entry; when the cycle's
 * time passes with no newer activity, the case is announced again — round 1 to the group on shift,
 * later rounds also to the supervisors' group — every `staleMs`, up to `maxRounds` announcements.
 * A referred case waits on another agency and is left out; a closed one is done.
 */

export const STALE_KIND = 'stale';

export const STALE_STATUSES: readonly CaseRecord['status'][] = ['acknowledged', 'in_progress'];

/** Timeline entries that show an officer is working on the case (what resets the clock). */
export function isActivity(e: Pick<TimelineEntry, 'kind' | 'actor'>): boolean {
  if (e.actor.kind !== 'officer' && e.actor.kind !== 'api') return false;
  // Reading the details is not progress, and the escalations themselves are the system's.
  return e.kind !== 'details_viewed' && e.kind !== 'media_viewed' && e.kind !== 'escalated' && e.kind !== 'stale_escalated';
}

export const staleTimerId = (caseNumber: string, cycle: string, round: number) => `stale:${caseNumber}:${cycle}:${round}`;

/** The latest officer activity: the cycle a stale timer must belong to. */
export const latestActivity = (c: Pick<CaseRecord, 'timeline'>) => [...c.timeline].reverse().find(isActivity);

/** The first stale check after `entry`, when it is officer activity on a case in hand. */
export function firstStaleCheck(
  c: Pick<CaseRecord, 'caseNumber' | 'status'>,
  entry: Pick<TimelineEntry, 'id' | 'at' | 'kind' | 'actor'>,
  s: EscalationSettings,
): TimerSpec | undefined {
  if (s.maxRounds < 1 || !STALE_STATUSES.includes(c.status) || !isActivity(entry)) return undefined;
  const payload: EscalatePayload = { caseNumber: c.caseNumber, cycle: entry.id, round: 1 };
  return {
    id: staleTimerId(c.caseNumber, entry.id, 1),
    kind: STALE_KIND,
    dueAt: new Date(entry.at.getTime() + s.staleMs),
    payload: { ...payload },
  };
}

export type StaleDecision =
  | { kind: 'skip'; reason: 'not_found' | 'not_in_hand' | 'stale_cycle' | 'over_limit' }
  | { kind: 'announce'; round: number; idleMinutes: number; supervisors: boolean; next?: TimerSpec };

export function decideStale(
  c: Pick<CaseRecord, 'caseNumber' | 'status' | 'timeline'> | null,
  p: EscalatePayload,
  timer: { dueAt: Date; now: Date },
  s: EscalationSettings,
): StaleDecision {
  if (!c) return { kind: 'skip', reason: 'not_found' };
  if (!STALE_STATUSES.includes(c.status)) return { kind: 'skip', reason: 'not_in_hand' };
  const cycle = latestActivity(c);
  if (!cycle || cycle.id !== p.cycle) return { kind: 'skip', reason: 'stale_cycle' };
  if (p.round > s.maxRounds) return { kind: 'skip', reason: 'over_limit' };
  const idleMinutes = Math.max(0, Math.floor((timer.now.getTime() - cycle.at.getTime()) / 60_000));
  const announce = { kind: 'announce' as const, round: p.round, idleMinutes, supervisors: p.round >= 2 };
  if (p.round >= s.maxRounds) return announce;
  const from = Math.max(timer.dueAt.getTime(), timer.now.getTime());
  const payload: EscalatePayload = { caseNumber: c.caseNumber, cycle: p.cycle, round: p.round + 1 };
  return {
    ...announce,
    next: { id: staleTimerId(c.caseNumber, p.cycle, p.round + 1), kind: STALE_KIND, dueAt: new Date(from + s.staleMs), payload: { ...payload } },
  };
}
