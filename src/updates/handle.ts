import type { EventContext, EventHandler, LineEvent } from '../bot/context';
import { POSTBACK, postbackFeature } from '../bot/postbacks';
import type { Actor, CaseRecord } from '../cases/types';
import { carryingCase, findFollowers } from './followers';
import type { CaseService } from '../cases/store';
import { placeOf } from '../intake/location';
import { hashId, type Logger } from '../log/logger';
import type { Outbox } from '../outbox/types';
import type { TimerHandler, Timers } from '../timers/types';
import { decideCheckin, parseCheckinPayload, type CheckinDecision, type CheckinSettings } from './checkin';
import {
  activePending,
  decide,
  factsNeeded,
  interpret,
  type Facts,
  type FactsNeeded,
  type Intent,
  type ReporterInput,
  type Timeouts,
} from './decide';
import type { ReporterStateStore } from './store';
import { CAROUSEL_MAX, checkinQuestionMessages, refusalMessages, WHICH_CASE_MAX } from './views';

/**
 * The "do" half of the reporter conversation: read the event, load state and facts, decide, then
 * run the case actions, answer once, and save the state with the event id. Re-running an event
 * whose state was not yet saved repeats the same case actions (their entry ids come from the
 * event id, so the case service recognises them) and the same reply (the outbox ids come from the
 * event id too): nothing happens twice.
 */

export function readInput(event: LineEvent): ReporterInput | undefined {
  if (event.type === 'postback') return { kind: 'postback', data: event.postback.data };
  if (event.type !== 'message') return undefined;
  const m = event.message;
  if (m.type === 'text') return { kind: 'text', text: m.text };
  if (m.type === 'image' || m.type === 'audio' || m.type === 'video' || m.type === 'file') {
    const duration = 'duration' in m && typeof m.duration === 'number' && m.duration > 0 ? { duration: m.duration } : {};
    return { kind: 'media', attachment: { messageId: m.id, type: m.type, ...duration } };
  }
  if (m.type === 'location') {
    // Read as intake reads a place, for the whole country: a later pin elsewhere names its own province.
    const raw = { lat: m.latitude, lng: m.longitude, ...(m.address ? { address: m.address } : {}), ...(m.title ? { title: m.title } : {}) };
    return { kind: 'location', location: placeOf(raw).location };
  }
  if (m.type === 'sticker') return { kind: 'sticker' };
  return undefined;
}

/**
 * The router asks this feature twice. `followup` comes before intake's entry words and pins: it
 * takes only what a person sends about an open case (words, media, pins, stickers, the SOS words
 * or button again), so a pin from someone with an open urgent case is attached to it instead of
 * opening a second one. `rest` comes after intake: tracking, rating, reopening, check-in answers.
 */
export type Mode = 'followup' | 'rest';

const FOLLOWUP_INTENTS: ReadonlySet<Intent['kind']> = new Set<Intent['kind']>(['message', 'sos_again', 'new_report']);
const takes = (mode: Mode, intent: Intent) => FOLLOWUP_INTENTS.has(intent.kind) === (mode === 'followup');

export interface ReporterHandlerDeps {
  cases: CaseService;
  store: ReporterStateStore;
  timeouts: Timeouts;
}

export function createReporterHandler(deps: ReporterHandlerDeps): (mode: Mode) => EventHandler {
  const get = (caseNumber: string) => deps.cases.get(caseNumber);
  async function loadFacts(need: FactsNeeded, userId: string): Promise<Facts> {
    switch (need.kind) {
      case 'none':
        return {};
      case 'case':
        return { case: await deps.cases.get(need.caseNumber) };
      case 'tracking': {
        const tracking = await deps.cases.casesOfReporter(userId, CAROUSEL_MAX);
        const carried: Record<string, CaseRecord> = {};
        for (const c of tracking.cases) {
          if (c.status !== 'closed' || !c.mergedInto) continue;
          const main = await carryingCase(get, c);
          if (main) carried[c.caseNumber] = main;
        }
        return { tracking, carried };
      }
      case 'view': {
        const c = await deps.cases.get(need.caseNumber);
        if (!c) return { case: c };
        if (c.reporterUserId === userId) {
          // Their own copy, merged on: the answer is the case that carries on.
          const main = c.status === 'closed' && c.mergedInto ? await carryingCase(get, c) : null;
          return { case: c, ...(main ? { follows: { copy: c.caseNumber, main } } : {}) };
        }
        const via = (await findFollowers(get, c)).find((f) => f.userId === userId);
        return { case: c, ...(via ? { follows: { copy: via.copy, main: c } } : {}) };
      }
      case 'latest_closed':
        return { case: await deps.cases.latestClosedOfReporter(userId) };
      case 'open_cases': {
        const open = await deps.cases.openCasesOfReporter(userId, WHICH_CASE_MAX);
        return { openCases: open.map((c) => ({ caseNumber: c.caseNumber, urgent: !!c.urgent, status: c.status, createdAt: new Date(c.createdAt) })) };
      }
    }
  }

  return (mode: Mode): EventHandler => async (ctx: EventContext): Promise<boolean> => {
    const userId = ctx.source.type === 'user' ? ctx.source.userId : undefined;
    if (!userId) return false;
    const input = readInput(ctx.event);
    if (!input) return false;
    if (input.kind === 'postback' && postbackFeature(input.data) !== 'updates' && input.data !== POSTBACK.sos) return false;
    // Pins and stickers about no open case are intake's (an SOS, the menu): only the follow-up pass reads them.
    if (mode === 'rest' && (input.kind === 'location' || input.kind === 'sticker')) return false;

    const state = await deps.store.load(userId);
    const pending = activePending(state.pending, ctx.now, deps.timeouts);
    const intent = interpret(input, pending);
    if (!takes(mode, intent)) return false;
    if (state.recentEventIds.includes(ctx.eventId)) return true;
    const facts = await loadFacts(factsNeeded(intent, pending), userId);
    const d = decide(intent, pending, facts, userId, ctx.now);

    if (!d.handled) {
      // An expired or ended wait is cleared so that it cannot catch a later message.
      if (state.pending && !d.pending) await deps.store.save(userId, undefined, ctx.now);
      return false;
    }

    const actor: Actor = { kind: 'reporter', id: userId };
    let reply = d.reply;
    let next = d.pending;
    for (const a of d.acts) {
      const r = await deps.cases.act(a.caseNumber, a.action, actor, { entryId: a.entryId ?? `${ctx.eventId}:${a.key}`, now: ctx.now });
      if (!r.ok) {
        ctx.log.info('reporter action refused', {
          caseNumber: a.caseNumber,
          action: a.action.type,
          reason: r.reason,
          user: hashId(userId),
        });
        reply = refusalMessages(a.action, r.reason, a.caseNumber, r.case);
        next = d.pendingIfRefused;
        break;
      }
    }
    await ctx.reply(reply);
    await deps.store.save(userId, next, ctx.now, ctx.eventId);
    ctx.log.info('updates event handled', { intent: intent.kind, user: hashId(userId) });
    return true;
  };
}

/**
 * The `checkin` timer: asks "still safe?" when the urgent case still waits for an officer, then
 * schedules the next round. Safe to run twice: the message id and the next timer come from the
 * timer id.
 */
export function createCheckinHandler(deps: {
  cases: CaseService;
  outbox: Outbox;
  timers: Timers;
  logger: Logger;
  /** The settings of the center the case is on now (its SLA times the next question). */
  settings: (centerCode: string) => Promise<CheckinSettings>;
}): TimerHandler {
  return async (payload, timer) => {
    const p = parseCheckinPayload(payload);
    if (!p) {
      deps.logger.warn('check-in timer with an unreadable payload', { timer: timer.id });
      return;
    }
    const c = await deps.cases.get(p.caseNumber);
    const d: CheckinDecision = c ? decideCheckin(c, p, timer, await deps.settings(c.centerCode)) : { kind: 'skip', reason: 'not_found' };
    if (d.kind === 'skip') {
      deps.logger.debug('check-in skipped', { caseNumber: p.caseNumber, reason: d.reason });
      return;
    }
    // Ahead of routine messages to the same person: it is about an emergency still waiting. Silent:
    // a phone ringing unasked could give away a person hiding from an abuser.
    await deps.outbox.enqueue([
      { id: `${timer.id}:ask`, to: d.to, messages: checkinQuestionMessages(p.caseNumber, d.round), priority: 'urgent', notificationDisabled: true },
    ]);
    deps.logger.info('check-in asked', { caseNumber: p.caseNumber, round: d.round });
    if (d.next) await deps.timers.schedule(d.next);
  };
}
