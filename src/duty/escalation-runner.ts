import type { CaseService } from '../cases/store';
import type { Config } from '../config/env';
import type { Logger } from '../log/logger';
import type { Outbox, OutboxItem } from '../outbox/types';
import type { TimerHandler, Timers } from '../timers/types';
import { decideEscalation, parseEscalatePayload, type EscalationSettings } from './escalation';
import type { GroupRegistry } from './store';
import { escalationGroup, groupForShift, shiftAt } from './shift';
import { escalationMessages } from './views';

/**
 * The `escalate` timer: announces a case nobody acknowledged to the group on shift now (mentioning
 * everyone) and to the supervisors' group, then schedules the next round. Safe to run twice for
 * one timer: the timeline entry, the outbox items and the next timer are all keyed by the timer id.
 */
export function createEscalationHandler(deps: {
  cases: CaseService;
  outbox: Outbox;
  timers: Timers;
  config: Config;
  logger: Logger;
  registry: GroupRegistry;
  settings: EscalationSettings;
}): TimerHandler {
  const { cases, config, logger } = deps;
  return async (payload, timer) => {
    const p = parseEscalatePayload(payload);
    if (!p) {
      logger.warn('escalation timer with an unreadable payload', { timer: timer.id });
      return;
    }
    const decision = decideEscalation(await cases.get(p.caseNumber), p, timer, deps.settings);
    if (decision.kind === 'skip') {
      logger.debug('escalation skipped', { caseNumber: p.caseNumber, round: p.round, reason: decision.reason });
      return;
    }
    const r = await cases.act(p.caseNumber, { type: 'escalate', round: decision.round }, { kind: 'system' }, {
      entryId: timer.id,
      now: timer.now,
    });
    if (!r.ok) return; // acknowledged in between: nothing to announce
    const registered = await deps.registry.list();
    const onShift = groupForShift(shiftAt(timer.now, config.DAY_SHIFT), config, registered);
    const supervisors = escalationGroup(config, registered);
    const messages = escalationMessages(r.case, decision.round, decision.waitedMinutes, config.GROUP_CARD_DETAIL);
    const items: OutboxItem[] = [];
    if (onShift) items.push({ id: `${timer.id}:group`, to: onShift, messages });
    if (supervisors && supervisors !== onShift) items.push({ id: `${timer.id}:escalation`, to: supervisors, messages });
    if (items.length) await deps.outbox.enqueue(items);
    else logger.error('no group to escalate to', { caseNumber: p.caseNumber, round: decision.round });
    logger.info('case escalated', { caseNumber: p.caseNumber, round: decision.round });
    if (decision.next) await deps.timers.schedule(decision.next);
  };
}
