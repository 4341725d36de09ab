import type { CaseRecord } from '../cases/types';
import type { TimerSpec } from '../timers/types';

/**
 * Escalation, decided without I/O. A case waiting for acknowledgement is announced again after its
 * SLA (urgent or normal), then at each further period, up to `maxRounds` announcements. Each
 * opening or reopening starts its own cycle, named by that timeline entry's id, so a timer left over
 * from an earlier cycle never fires into a later one.
 */

export const ESCALATE_KIND = 'escalate';

export interface EscalationSettings {
  urgentMs: number;
  normalMs: number;
  maxRounds: number;
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

/** The latest `opened`/`reopened` entry: the cycle a timer must belong to. */
export const currentCycle = (c: Pick<CaseRecord, 'timeline'>) =>
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
  const waitedMinutes = Math.max(0, Math.floor((timer.now.getTime() - cycle.at.getTime()) / 60_000));
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
