import type { Message } from '../bot/context';
import type { CaseListener, CaseService } from '../cases/store';
import type { CaseRecord, TimelineEntry } from '../cases/types';
import type { Config } from '../config/env';
import type { Logger } from '../log/logger';
import type { Outbox } from '../outbox/types';
import type { Timers } from '../timers/types';
import { firstEscalation, type EscalationSettings } from './escalation';
import type { GroupRegistry } from './store';
import { groupForShift, shiftAt } from './shift';
import { apiNoticeMessages, caseCard, detailsUpdatedMessages, reopenedMessages, reporterInfoMessages } from './views';

/**
 * Reacts to case changes the group must hear about. Idempotent, as CaseService (cases/store.ts) requires: every
 * outbox item and timer id is derived from the timeline entry id, and the group a case went to is
 * kept on the case so a re-run sends to the same group.
 */

export interface DutyListenerDeps {
  cases: Pick<CaseService, 'setDutyRouting'>;
  outbox: Outbox;
  timers: Timers;
  config: Config;
  logger: Logger;
  registry: GroupRegistry;
  escalation: EscalationSettings;
}

export function createDutyListener(deps: DutyListenerDeps): CaseListener {
  const { config, outbox, timers, logger } = deps;
  const detail = config.GROUP_CARD_DETAIL;

  const onShiftGroup = async (at: Date) => groupForShift(shiftAt(at, config.DAY_SHIFT), config, await deps.registry.list());
  const caseGroup = async (c: CaseRecord, at: Date) => c.dutyGroupId ?? (await onShiftGroup(at));

  async function send(c: CaseRecord, entry: TimelineEntry, suffix: string, to: string | undefined, messages: Message[]) {
    if (!to) {
      // Nobody to tell: loud in the log, but the case stays open and escalation still runs.
      logger.error('no duty group to notify', { caseNumber: c.caseNumber, entry: entry.kind });
      return;
    }
    await outbox.enqueue([{ id: `${entry.id}:${suffix}`, to, messages }]);
  }

  async function startEscalation(c: CaseRecord, entry: TimelineEntry) {
    const t = firstEscalation(c, entry, deps.escalation);
    if (t) await timers.schedule(t);
  }

  return async (c, entry) => {
    switch (entry.kind) {
      case 'opened': {
        const to = await caseGroup(c, entry.at);
        await send(c, entry, 'duty-card', to, [caseCard(c, { detail, announce: true })]);
        if (to && !c.dutyGroupId) {
          await deps.cases.setDutyRouting(c.caseNumber, { dutyGroupId: to });
        }
        await startEscalation(c, entry);
        return;
      }
      case 'reopened':
        await send(c, entry, 'duty-reopened', await caseGroup(c, entry.at), reopenedMessages(c, entry.text, detail));
        await startEscalation(c, entry);
        return;
      case 'reporter_info':
        await send(c, entry, 'duty-info', await caseGroup(c, entry.at), reporterInfoMessages(c, entry));
        return;
      case 'details_updated':
        if (entry.actor.kind === 'api') break;
        // An SOS case filled in after the pin: the group needs the categories it can act on.
        await send(c, entry, 'duty-details', await caseGroup(c, entry.at), detailsUpdatedMessages(c, detail));
        return;
      case 'details_viewed':
        // Every admin-API read is one (the timeline is the access log): announcing each would
        // turn a dashboard's polling into a stream of group messages.
        return;
      default:
        break;
    }
    if (entry.actor.kind === 'api' && entry.kind !== 'escalated') {
      await send(c, entry, 'duty-api', await caseGroup(c, entry.at), apiNoticeMessages(c, entry));
    }
  };
}
