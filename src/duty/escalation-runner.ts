import type { CaseService } from '../cases/store';
import type { CaseRecord } from '../cases/types';
import type { Config } from '../config/env';
import type { Logger } from '../log/logger';
import type { Outbox, OutboxItem } from '../outbox/types';
import type { TimerHandler, Timers } from '../timers/types';
import type { Message } from '../bot/context';
import type { CaseAction } from '../cases/decide';
import type { TimerSpec } from '../timers/types';
import {
  decideEscalation,
  decideStale,
  parseEscalatePayload,
  type EscalatePayload,
  type EscalationDecision,
  type EscalationSettings,
  type StaleDecision,
} from './escalation';
import type { GroupRegistry } from './store';
import type { Shift } from './shift';
import { createCenterGroups, type CenterGroups } from './center-groups';
import { escalationMessages, staleMessages } from './views';

/**
 * The escalation timers. `escalate`: a case nobody acknowledged is announced to the group on shift
 * now (mentioning everyone) and to the supervisors' group. `stale`: a case acknowledged and then left
 * alone is announced to the group on shift, and from round 2 to the supervisors too. Both then
 * schedule their next round. Safe to run twice for one timer: the timeline entry, the outbox items and
 * the next timer are all keyed by the timer id.
 */
interface RunnerDeps {
  cases: CaseService;
  outbox: Outbox;
  timers: Timers;
  config: Config;
  logger: Logger;
  registry: GroupRegistry;
  settings: EscalationSettings;
  /** The case's center's groups, shift and SLAs; default: the home center's from the config. */
  groups?: CenterGroups;
}

const groupsOf = (deps: RunnerDeps): CenterGroups =>
  deps.groups ?? createCenterGroups({ config: deps.config, registry: deps.registry, escalation: deps.settings });

function announcer(deps: RunnerDeps) {
  const centerGroups = groupsOf(deps);
  return async (c: CaseRecord, timer: { id: string; now: Date }, messages: (previousTeam?: Shift) => Message[], supervisors: boolean) => {
    // The case's own center: its group on shift now and its escalation group.
    const g = await centerGroups.forCase(c, timer.now);
    const { onShift, teamAt } = g;
    const escalation = supervisors ? g.supervisors : undefined;
    const before = c.dutyTeam ?? teamAt(c.createdAt);
    const m = messages(before !== teamAt(timer.now) ? before : undefined);
    const priority = c.urgent ? { priority: 'urgent' as const } : {};
    const items: OutboxItem[] = [];
    if (onShift) items.push({ id: `${timer.id}:group`, to: onShift, messages: m, ...priority });
    if (escalation && escalation !== onShift) items.push({ id: `${timer.id}:escalation`, to: escalation, messages: m, ...priority });
    if (items.length) await deps.outbox.enqueue(items);
    else deps.logger.error('no group to escalate to', { caseNumber: c.caseNumber });
    // After the enqueue, so a re-run names the same previous team (contract 4: the team the last card went to).
    if (onShift && c.dutyTeam !== teamAt(timer.now)) {
      await deps.cases.setDutyRouting(c.caseNumber, { dutyTeam: teamAt(timer.now) });
    }
  };
}

/** What differs between the two kinds of rounds; everything else (load, decide, record, announce, next) is shared. */
interface RoundKind<D extends { kind: string; round?: number; next?: TimerSpec }> {
  /** For the logs: "escalation", "stale-case check". */
  name: string;
  decide(c: CaseRecord | null, p: EscalatePayload, timer: { dueAt: Date; now: Date }, s: EscalationSettings): D;
  action(round: number): CaseAction;
  messages(c: CaseRecord, d: D, prev: Shift | undefined): Message[];
  supervisors(d: D): boolean;
  announced: string;
}

function createRoundHandler<D extends { kind: string; round?: number; next?: TimerSpec }>(deps: RunnerDeps, k: RoundKind<D>): TimerHandler {
  const { cases, logger } = deps;
  const announce = announcer(deps);
  const centerGroups = groupsOf(deps);
  return async (payload, timer) => {
    const p = parseEscalatePayload(payload);
    if (!p) {
      logger.warn(`${k.name} timer with an unreadable payload`, { timer: timer.id });
      return;
    }
    const current = await cases.get(p.caseNumber);
    // The SLAs of the case's center decide the next round.
    const settings = current ? (await centerGroups.forCase(current, timer.now)).settings : deps.settings;
    const decision = k.decide(current, p, timer, settings);
    if (decision.kind === 'skip' || decision.round === undefined) {
      logger.debug(`${k.name} skipped`, { caseNumber: p.caseNumber, round: p.round, reason: (decision as { reason?: string }).reason });
      return;
    }
    const round = decision.round;
    const r = await cases.act(p.caseNumber, k.action(round), { kind: 'system' }, { entryId: timer.id, now: timer.now });
    if (!r.ok) return; // acknowledged, closed or referred in between: nothing to announce
    await announce(r.case, timer, (prev) => k.messages(r.case, decision, prev), k.supervisors(decision));
    logger.info(k.announced, { caseNumber: p.caseNumber, round });
    if (decision.next) await deps.timers.schedule(decision.next);
  };
}

export function createEscalationHandler(deps: RunnerDeps): TimerHandler {
  return createRoundHandler<EscalationDecision>(deps, {
    name: 'escalation',
    decide: decideEscalation,
    action: (round) => ({ type: 'escalate', round }),
    messages: (c, d, prev) =>
      d.kind === 'escalate' ? escalationMessages(c, d.round, d.waitedMinutes, deps.config.GROUP_CARD_DETAIL, prev) : [],
    supervisors: () => true,
    announced: 'case escalated',
  });
}

export function createStaleHandler(deps: RunnerDeps): TimerHandler {
  return createRoundHandler<StaleDecision>(deps, {
    name: 'stale-case check',
    decide: decideStale,
    action: (round) => ({ type: 'escalate_stale', round }),
    messages: (c, d, prev) =>
      d.kind === 'announce' ? staleMessages(c, d.round, d.idleMinutes, deps.config.GROUP_CARD_DETAIL, prev) : [],
    supervisors: (d) => d.kind === 'announce' && d.supervisors,
    announced: 'stale case announced',
  });
}
