import type { EventContext, EventHandler, LineEvent } from '../bot/context';
import { postbackFeature } from '../bot/postbacks';
import type { Actor } from '../cases/types';
import type { CaseService } from '../cases/store';
import { hashId } from '../log/logger';
import {
  activePending,
  decide,
  factsNeeded,
  interpret,
  type Facts,
  type FactsNeeded,
  type ReporterInput,
  type Timeouts,
} from './decide';
import type { ReporterStateStore } from './store';
import { CAROUSEL_MAX, refusalMessages, WHICH_CASE_MAX } from './views';

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
  // Stickers and locations are not ours: intake answers pins, and a sticker says nothing to forward.
  return undefined;
}

export interface ReporterHandlerDeps {
  cases: CaseService;
  store: ReporterStateStore;
  timeouts: Timeouts;
}

export function createReporterHandler(deps: ReporterHandlerDeps): EventHandler {
  async function loadFacts(need: FactsNeeded, userId: string): Promise<Facts> {
    switch (need.kind) {
      case 'none':
        return {};
      case 'case':
        return { case: await deps.cases.get(need.caseNumber) };
      case 'tracking':
        return { tracking: await deps.cases.casesOfReporter(userId, CAROUSEL_MAX) };
      case 'latest_closed':
        return { case: await deps.cases.latestClosedOfReporter(userId) };
      case 'open_cases': {
        const open = await deps.cases.openCasesOfReporter(userId, WHICH_CASE_MAX);
        return { openCases: open.map((c) => c.caseNumber) };
      }
    }
  }

  return async (ctx: EventContext): Promise<boolean> => {
    const userId = ctx.source.type === 'user' ? ctx.source.userId : undefined;
    if (!userId) return false;
    const input = readInput(ctx.event);
    if (!input) return false;
    if (input.kind === 'postback' && postbackFeature(input.data) !== 'updates') return false;

    const state = await deps.store.load(userId);
    if (state.recentEventIds.includes(ctx.eventId)) return true;
    const pending = activePending(state.pending, ctx.now, deps.timeouts);
    const intent = interpret(input, pending);
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
      const r = await deps.cases.act(a.caseNumber, a.action, actor, { entryId: `${ctx.eventId}:${a.key}`, now: ctx.now });
      if (!r.ok) {
        ctx.log.info('reporter action refused', {
          caseNumber: a.caseNumber,
          action: a.action.type,
          reason: r.reason,
          user: hashId(userId),
        });
        reply = refusalMessages(a.action.type, r.reason, a.caseNumber);
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
