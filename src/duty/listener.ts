import type { Message } from '../bot/context';
import { text } from '../bot/messages';
import { dutyTh } from '../strings/th/duty';
import type { CaseListener, CaseService, DutyRouting } from '../cases/store';
import type { CaseRecord, TimelineEntry } from '../cases/types';
import type { Config } from '../config/env';
import type { Logger } from '../log/logger';
import type { Outbox, OutboxItem } from '../outbox/types';
import type { Timers } from '../timers/types';
import { firstEscalation, firstStaleCheck, type EscalationSettings } from './escalation';
import type { GroupRegistry } from './store';
import type { Shift } from './shift';
import { createCenterGroups, type CenterGroups } from './center-groups';
import {
  apiNoticeMessages,
  caseCard,
  detailsUpdatedMessages,
  notSafeMessages,
  reopenedMessages,
  reporterInfoMessages,
  reroutedAwayMessages,
  reroutedInMessages,
  rerouteSuggestionMessages,
  type EntryWithExtras,
} from './views';
import { decideReroute, laterPlace } from './reroute';

/**
 * Reacts to case changes the group must hear about. Idempotent, as CaseService (cases/store.ts)
 * requires: every outbox item and timer id is derived from the timeline entry id, and what a re-run
 * must repeat (the team that had the case before) is written only after the messages are enqueued.
 *
 * Handover (contract 4): everything after the first card — a reopening, the reporter's follow-ups,
 * an admin change, an alert — goes to the group on shift when it happens, not to the group that got
 * the case first; the card names the team that had the case before when the shift changed.
 *
 * Re-routing: a place the reporter gives later (a pin, a place in the SOS follow-ups) inside another
 * center's province moves a waiting case there through the ordinary transfer, or suggests the
 * transfer to the group of a case in hand (`decideReroute` in reroute.ts decides; this runs it).
 */

export interface DutyListenerDeps {
  /** `act`: the transfer of a re-route (reroute.ts). */
  cases: Pick<CaseService, 'setDutyRouting' | 'act'>;
  outbox: Outbox;
  timers: Timers;
  config: Config;
  logger: Logger;
  registry: GroupRegistry;
  escalation: EscalationSettings;
  /** The case's center's groups, shift and SLAs; default: the home center's from the config. */
  groups?: CenterGroups;
}

export function createDutyListener(deps: DutyListenerDeps): CaseListener {
  const { config, outbox, timers, logger } = deps;
  const detail = config.GROUP_CARD_DETAIL;

  const centerGroups = deps.groups ?? createCenterGroups({ config, registry: deps.registry, escalation: deps.escalation });
  // Routing: every message about a case goes to its own center's groups, on that center's shift.
  const groups = (c: CaseRecord, at: Date) => centerGroups.forCase(c, at);
  /** The team that had the case before `at`, when it is not the team on shift at `at`. */
  const previousTeam = async (c: CaseRecord, at: Date): Promise<Shift | undefined> => {
    const { teamAt } = await groups(c, at);
    const before = c.dutyTeam ?? teamAt(c.createdAt);
    return before !== teamAt(at) ? before : undefined;
  };
  const recordTeam = async (c: CaseRecord, at: Date, extra: DutyRouting = {}) => {
    const team = (await groups(c, at)).teamAt(at);
    if (c.dutyTeam === team && !Object.keys(extra).length) return;
    await deps.cases.setDutyRouting(c.caseNumber, { dutyTeam: team, ...extra });
  };

  async function send(c: CaseRecord, entry: TimelineEntry, items: Array<{ suffix: string; to: string | undefined; messages: Message[] }>) {
    const ready: OutboxItem[] = [];
    const seen = new Set<string>();
    for (const it of items) {
      if (!it.to || seen.has(it.to)) continue;
      seen.add(it.to);
      ready.push({ id: `${entry.id}:${it.suffix}`, to: it.to, messages: it.messages, ...(c.urgent ? { priority: 'urgent' as const } : {}) });
    }
    if (!ready.length) {
      // Nobody to tell: loud in the log, but the case stays open and escalation still runs.
      logger.error('no duty group to notify', { caseNumber: c.caseNumber, entry: entry.kind });
      return;
    }
    await outbox.enqueue(ready);
  }

  async function startEscalation(c: CaseRecord, entry: TimelineEntry) {
    const t = firstEscalation(c, entry, (await groups(c, entry.at)).settings);
    if (t) await timers.schedule(t);
  }

  /**
   * A later place in another center's province: the case moved (`moved`: the case as the transfer
   * left it, its own listeners ran), or the suggestion for its group. The transfer's entry id comes
   * from the place's entry, so a re-run finds it done and moves nothing again.
   */
  async function reroute(c: CaseRecord, entry: TimelineEntry): Promise<{ moved?: CaseRecord; suggest?: Message[] }> {
    const place = laterPlace(entry);
    if (!place) return {};
    const d = decideReroute(c, entry, await centerGroups.centerForPlace(place));
    if (d.kind === 'none') return {};
    if (d.kind === 'suggest') {
      logger.info('re-route suggested', { caseNumber: c.caseNumber, from: c.centerCode, to: d.to.code, reason: d.reason });
      return { suggest: rerouteSuggestionMessages(c.caseNumber, d.province, d.to) };
    }
    const r = await deps.cases.act(c.caseNumber, d.action, { kind: 'system' }, { entryId: d.entryId, now: entry.at });
    if (!r.ok) {
      logger.info('re-route not applied', { caseNumber: c.caseNumber, reason: r.reason });
      // An officer took it in between: the case stays with them, and their group gets the suggestion.
      if (r.reason === 'already_acknowledged' && d.action.province) {
        return { suggest: rerouteSuggestionMessages(c.caseNumber, d.action.province, { code: d.action.to, name: d.action.toName }) };
      }
      // Closed, or moved by an officer to that very center, in between: nothing to move.
      return {};
    }
    if (!r.duplicate) logger.info('case re-routed by a later place', { caseNumber: c.caseNumber, from: d.action.from, to: d.action.to });
    return { moved: r.case };
  }

  return async (c, raw) => {
    const entry = raw as EntryWithExtras;
    // Any officer activity on a case in hand starts a fresh "forgotten?" cycle (the older ones lapse).
    const stale = firstStaleCheck(c, entry, (await groups(c, entry.at)).settings);
    if (stale) await timers.schedule(stale);

    const kind: string = entry.kind;
    switch (kind) {
      case 'opened': {
        const { onShift } = await groups(c, entry.at);
        const to = c.dutyGroupId ?? onShift;
        await send(c, entry, [{ suffix: 'duty-card', to, messages: [caseCard(c, { detail, announce: true })] }]);
        if (to && !c.dutyGroupId) await recordTeam(c, entry.at, { dutyGroupId: to });
        await startEscalation(c, entry);
        return;
      }
      case 'reopened': {
        const { onShift } = await groups(c, entry.at);
        await send(c, entry, [{ suffix: 'duty-reopened', to: onShift, messages: reopenedMessages(c, entry.text, detail, await previousTeam(c, entry.at)) }]);
        await recordTeam(c, entry.at);
        await startEscalation(c, entry);
        return;
      }
      case 'reporter_info': {
        const { moved, suggest } = await reroute(c, entry);
        if (moved) {
          // The new center's group got the card with the place; words or files sent with the pin follow it there.
          if (entry.text || entry.attachments?.length) {
            const { onShift } = await groups(moved, entry.at);
            await send(moved, entry, [{ suffix: 'duty-info', to: onShift, messages: reporterInfoMessages(moved, entry, detail) }]);
          }
          return;
        }
        const { onShift } = await groups(c, entry.at);
        await send(c, entry, [{ suffix: 'duty-info', to: onShift, messages: reporterInfoMessages(c, entry, detail) }]);
        if (suggest) await send(c, entry, [{ suffix: 'duty-reroute-suggest', to: onShift, messages: suggest }]);
        return;
      }
      case 'checkin': {
        // Contract 3: the reporter said they are not safe. Both groups, everyone mentioned, at once.
        if (entry.safe !== false) return;
        const { onShift, supervisors } = await groups(c, entry.at);
        const messages = notSafeMessages(c, detail);
        await send({ ...c, urgent: true }, entry, [
          { suffix: 'duty-notsafe', to: onShift, messages },
          { suffix: 'duty-notsafe-escalation', to: supervisors, messages },
        ]);
        return;
      }
      case 'details_updated': {
        if (entry.actor.kind === 'api') break;
        // A place given in the follow-ups may move the case: the new center's card then has these details.
        const { moved, suggest } = await reroute(c, entry);
        if (moved) return;
        // An SOS case filled in after the pin: the group needs the categories it can act on.
        const { onShift } = await groups(c, entry.at);
        await send(c, entry, [{ suffix: 'duty-details', to: onShift, messages: detailsUpdatedMessages(c, detail, await previousTeam(c, entry.at), entry) }]);
        if (suggest) await send(c, entry, [{ suffix: 'duty-reroute-suggest', to: onShift, messages: suggest }]);
        await recordTeam(c, entry.at);
        return;
      }
      case 'transferred': {
        // The new center's group gets the card; the old center's group is told where it went.
        const { onShift } = await groups(c, entry.at);
        // An officer's transfer (typed or tapped in their group) was answered in that group already.
        const told = entry.actor.kind === 'officer';
        const from = entry.fromCenter ? await centerGroups.forCase({ centerCode: entry.fromCenter }, entry.at) : undefined;
        const old = !told ? from?.onShift : undefined;
        // A re-route (reroute.ts) says why on both sides: the reporter's later place.
        const province = entry.actor.kind === 'system' ? entry.province : undefined;
        const fromCenter = { code: entry.fromCenter ?? '', name: from?.center?.name ?? entry.fromCenter ?? '' };
        const to = { code: entry.toCenter ?? '', name: entry.text ?? '' };
        await send(c, entry, [
          {
            suffix: 'duty-transfer-card',
            to: onShift,
            messages: province ? reroutedInMessages(c, province, fromCenter, detail) : [caseCard(c, { detail, announce: true })],
          },
          {
            suffix: 'duty-transfer-away',
            to: old,
            messages: province
              ? reroutedAwayMessages(c.caseNumber, province, to)
              : [text(dutyTh.card.transferredAway(c.caseNumber, to.code, to.name))],
          },
        ]);
        if (onShift) await recordTeam(c, entry.at, { dutyGroupId: onShift });
        // Still waiting: escalation moves with the case, on the new center's SLA from when its group got the card.
        if (c.status === 'new') await startEscalation(c, entry);
        return;
      }
      case 'details_viewed':
      case 'media_viewed':
        // Every admin-API read is one (the timeline is the access log): announcing each would
        // turn a dashboard's polling into a stream of group messages.
        return;
      default:
        break;
    }
    if (entry.actor.kind === 'api' && entry.kind !== 'escalated') {
      const { onShift } = await groups(c, entry.at);
      await send(c, entry, [{ suffix: 'duty-api', to: onShift, messages: apiNoticeMessages(c, entry) }]);
    }
  };
}
