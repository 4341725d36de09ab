import type { Connection } from 'mongoose';
import type { EventContext, Message, ReplyOptions } from '../bot/context';
import type { CaseRecord } from '../cases/types';
import type { CaseService } from '../cases/store';
import type { DetailsPatch } from '../cases/decide';
import { provinceData } from '../cases/geo';
import { minutesToMs, type Config } from '../config/env';
import { hashId, type Logger } from '../log/logger';
import type { Outbox } from '../outbox/types';
import type { Timers } from '../timers/types';
import { applyOpened, decide, initialState, isActive, timeoutPushes, type IntakeEvent } from './decide';
import { claims, inputOf, type Claim } from './input';
import { typedIs } from './steps';
import { TYPED_WORDS } from '../strings/th/intake';
import { mainMenuMessages, renderSay } from './views';
import { sessionCache, sessionModel, type SessionDoc } from './store';
import { driverCollection } from '../store/connection';
import { createGroupedReplace, type Keyed } from '../store/grouped-replace';
import { createGroupedFind } from '../store/grouped-find';
import type { Collection } from 'mongodb';
import type { Decision, IntakeEffect, IntakeInput, IntakeSettings, Say, SessionState } from './types';

/**
 * The "do" half of the intake: load the session, `decide`, run the effects, then save the new
 * session only if nobody saved in between. Every effect is idempotent on its own (the case by its
 * source id, follow-up entries by the event id, messages and timers by deterministic ids), so an
 * event processed twice — a redelivery, a crash before the save — does everything exactly once.
 */

export interface IntakeServiceDeps {
  conn: Connection;
  cases: CaseService;
  timers: Timers;
  outbox: Outbox;
  config: Config;
  logger: Logger;
}

/** Redeliveries come soon after the original; a short memory of applied events is enough. */
const APPLIED_MEMORY = 20;
const MAX_ATTEMPTS = 3;
/** A person has few open cases; the newest few are enough to find an urgent one. */
const OPEN_CASES_LOOKED_AT = 5;
/**
 * Sessions kept in memory per process: the people in conversation with this instance right now.
 * Beyond it the least recently used are read from MongoDB again. A session near its summary takes
 * about 3.6 KB of heap, so the bound is about 18 MB whatever the number of open conversations.
 */
export const SESSION_CACHE_ENTRIES = 5000;

export function settingsFrom(config: Config): IntakeSettings {
  return {
    timeoutMs: minutesToMs(config.SESSION_TIMEOUT_MINUTES),
    timeoutMinutes: config.SESSION_TIMEOUT_MINUTES,
    province: provinceData(config.CENTER_PROVINCE),
  };
}

function toState(d: SessionDoc): SessionState {
  return {
    userId: d.userId,
    version: d.version,
    status: d.status,
    ...(d.mode ? { mode: d.mode } : {}),
    ...(d.intakeId ? { intakeId: d.intakeId } : {}),
    ...(d.step ? { step: d.step } : {}),
    history: d.history ?? [],
    editing: !!d.editing,
    answers: { ...d.answers, attachments: d.answers?.attachments ?? [], skipped: d.answers?.skipped ?? [] },
    ...(d.caseNumber ? { caseNumber: d.caseNumber } : {}),
    ...(d.lastActivityAt ? { lastActivityAt: new Date(d.lastActivityAt) } : {}),
    ...(d.timeoutAt ? { timeoutAt: new Date(d.timeoutAt) } : {}),
    ...(d.expiredNoted ? { expiredNoted: true } : {}),
    recent: (d.recent ?? []).map((r) => ({ intakeId: r.intakeId, caseNumber: r.caseNumber })),
  };
}

/**
 * One reply per event however often its step is decided: when a save loses a race the step is
 * decided again, and a second `reply` call would be queued under the next reply id (`:r1`) beside
 * the first (`:r0`), so the person would get both. The first queued reply stands (the outbox keeps
 * the first item of an id anyway); later attempts' replies are not queued again.
 */
/** A follow-up answer refused by a closed case, as the person's words (nothing they sent is lost). */
function infoFromPatch(p: DetailsPatch): { text?: string; attachments?: DetailsPatch['attachments']; location?: DetailsPatch['location'] } | undefined {
  if (p.attachments?.length) return { attachments: p.attachments };
  if (p.location) return { location: p.location };
  if (p.details) return { text: p.details };
  if (p.phone) return { text: p.phone };
  return undefined;
}

function replyOnce(ctx: EventContext): (messages: Message[], opts?: ReplyOptions) => Promise<void> {
  let queued = false;
  return async (messages, opts) => {
    if (queued) return;
    await ctx.reply(messages, opts);
    queued = true;
  };
}

/** The reply's words when the decision's only effects are its reply (and a timer); undefined otherwise. */
function replyOnly(d: Decision): Say[] | undefined {
  if (!d.effects.every((e) => e.kind === 'reply' || e.kind === 'schedule')) return undefined;
  return d.effects.flatMap((e) => (e.kind === 'reply' ? e.say : []));
}

export function createIntakeService(deps: IntakeServiceDeps) {
  const Session = sessionModel(deps.conn);
  const settings = settingsFrom(deps.config);
  const { cases, timers, outbox, logger } = deps;

  const cache = sessionCache(SESSION_CACHE_ENTRIES);
  const replaceSession = createGroupedReplace(() => driverCollection(Session) as unknown as Collection<Keyed>);
  // Grouped with the reads of other conversations in the same tick (a flood's first messages).
  const findSession = createGroupedFind(() => driverCollection(Session) as unknown as Collection, { field: '_id', perKey: 1 });

  /** The stored session as MongoDB has it now (and remembered for the next step). */
  async function load(userId: string): Promise<SessionDoc | null> {
    const [doc = null] = (await findSession(userId)) as SessionDoc[];
    cache.set(userId, doc);
    return doc;
  }

  /**
   * Saves `next` if the stored session is still the one decided on. False on a lost race (the cache
   * entry is dropped: it was stale). `lastReply`: the reply queued only after this save.
   */
  async function save(stored: SessionDoc | null, next: SessionState, eventId: string, now: Date, lastReply?: SessionDoc['lastReply']): Promise<boolean> {
    const applied = [...(stored?.appliedEventIds ?? []), eventId].slice(-APPLIED_MEMORY);
    const doc: SessionDoc = { ...next, _id: next.userId, appliedEventIds: applied, updatedAt: now, savedAt: new Date(), ...(lastReply ? { lastReply } : {}) };
    // Through the driver, not mongoose: the session is written on every step, and casting the whole
    // document through the schema was a tenth of a step's CPU. The state is typed already, and the
    // cached copy (what the next step decides on) is this same uncast document. Grouped with the
    // saves of other conversations in the same tick; two first messages of a new user racing to
    // create the document: the loser re-decides.
    const won = await replaceSession({
      filter: { _id: next.userId, version: stored ? stored.version : 0 },
      doc,
      upsert: !stored,
      isOurs: (d) => d.version === doc.version && Array.isArray(d.appliedEventIds) && d.appliedEventIds.includes(eventId),
    });
    if (won) cache.set(next.userId, doc);
    else cache.delete(next.userId);
    return won;
  }

  /** What `decide` needs to know besides the session: the open SOS case's status during its follow-ups. */
  async function facts(s: SessionState, input: IntakeInput, now: Date): Promise<Pick<IntakeEvent, 'caseStatus' | 'openUrgentCase'>> {
    if (s.status === 'active' && s.mode === 'sos' && s.caseNumber) {
      const c = await cases.get(s.caseNumber);
      return c ? { caseStatus: c.status } : {};
    }
    // An event that may open an SOS case: a pin with nothing going on, or the answer to the pin question.
    const sosAsked =
      (input.kind === 'postback' && input.action.type === 'sos') || (input.kind === 'text' && typedIs(input.text, TYPED_WORDS.sos));
    const mayOpen = isActive(s, now, settings.timeoutMs)
      ? (s.mode === 'sos' && s.step === 'sosPin') || (s.mode === 'report' && sosAsked)
      : input.kind === 'location';
    if (!mayOpen) return {};
    const open = (await cases.openCasesOfReporter(s.userId, OPEN_CASES_LOOKED_AT)).find((c) => c.urgent);
    return open ? { openUrgentCase: open.caseNumber } : {};
  }

  const render = (say: Parameters<typeof renderSay>[0], state: SessionState, opened?: CaseRecord): Message[] =>
    renderSay(say, {
      state,
      province: settings.province,
      centerName: deps.config.CENTER_NAME,
      timeoutMinutes: settings.timeoutMinutes,
      opened,
    });

  /** Runs one decision's effects in order; returns the state to save (with the case number if one opened). */
  async function runEffects(
    prev: SessionState,
    decision: ReturnType<typeof decide>,
    now: Date,
    reply: ((messages: Message[]) => Promise<void>) | undefined,
    later?: Array<Promise<unknown>>,
    existingCase?: (sourceId: string) => Promise<CaseRecord | null | undefined> | undefined,
  ): Promise<SessionState> {
    let state = decision.state;
    let opened: CaseRecord | undefined;
    const reporter = { kind: 'reporter' as const, id: prev.userId };
    for (const e of decision.effects) {
      switch (e.kind) {
        case 'openCase': {
          // With `later`, the new case's duty card is written while the answer goes out, not before it.
          const existing = existingCase?.(e.sourceId);
          const r = await cases.open(e.draft, { sourceId: e.sourceId, actor: reporter, now, deferNotify: !!later, ...(existing ? { existing } : {}) });
          if (r.notified) later?.push(r.notified);
          opened = r.case;
          state = applyOpened(state, r.case.caseNumber);
          logger.info('intake opened case', {
            caseNumber: r.case.caseNumber,
            created: r.created,
            sos: r.case.sos,
            user: hashId(prev.userId),
          });
          break;
        }
        case 'updateCase': {
          const caseNumber = state.caseNumber ?? prev.caseNumber;
          if (!caseNumber) break;
          const r = await cases.act(caseNumber, { type: 'update_details', patch: e.patch }, reporter, { entryId: e.entryId, now });
          if (r.ok || r.case) opened = r.case;
          // A case closed meanwhile keeps its record; the answer goes in as the person's words instead.
          if (!r.ok) {
            logger.warn('intake follow-up not applied', { caseNumber, reason: r.reason });
            const info = infoFromPatch(e.patch);
            if (info) await cases.act(caseNumber, { type: 'reporter_info', ...info }, reporter, { entryId: e.entryId, now });
          }
          break;
        }
        case 'addInfo': {
          const caseNumber = e.caseNumber ?? state.caseNumber ?? prev.caseNumber;
          if (!caseNumber) break;
          const { kind: _k, entryId, caseNumber: _c, ...info } = e;
          const r = await cases.act(caseNumber, { type: 'reporter_info', ...info }, reporter, { entryId, now });
          if (r.ok || r.case) opened = r.case;
          if (!r.ok) logger.warn('intake reporter info not applied', { caseNumber, reason: r.reason });
          break;
        }
        case 'reply':
          if (reply) await reply(render(e.say, state, opened));
          break;
        case 'push':
          await outbox.enqueue([{ id: e.id, to: prev.userId, messages: render(e.say, state, opened) }]);
          break;
        case 'schedule':
          await timers.schedule(e.timer);
          break;
      }
    }
    return state;
  }

  /**
   * Takes the event if the claim fits, and processes it exactly once. False when the event is not
   * this handler's (the router then asks the next one).
   *
   * Two orders, by what the decision does. A step whose only effects are its reply (and a new
   * conversation's timer) saves first and queues the reply once the save won, so it may be decided on
   * the cached session: a stale one loses the save and nothing was sent; a crash between the save and
   * the reply is healed by `lastReply` when the event runs again. A step that writes to a case is
   * decided on the session read from MongoDB and runs its effects before the save (every one is
   * idempotent by its id), so a crash before the save re-runs them to the same result.
   */
  async function handle(ctx: EventContext, claim: Claim): Promise<boolean> {
    const userId = ctx.source.type === 'user' ? ctx.source.userId : undefined;
    if (!userId) return false;
    const input = inputOf(ctx.event);
    if (!input) return false;
    const ev: IntakeEvent = { eventId: ctx.eventId, input };
    const reply = replyOnce(ctx);
    /** Read from MongoDB from now on (the cache was stale, or the decision writes to a case). */
    let fresh = false;
    /** Effects beyond a timer ran: the event is this handler's whatever the session says now. */
    let taken = false;
    /** A new case's listeners, handed to the inbox worker to finish after the reply went out. */
    const later: Array<Promise<unknown>> | undefined = ctx.afterReply ? [] : undefined;
    /**
     * The case a decision on the cached session would open, read beside the session's fresh read
     * (ยืนยัน: one round trip less before the answer). Used once, by the next decision opening that
     * same source: a decision after a lost save reads again (its own run may have opened it since).
     */
    let prefetched: { sourceId: string; read: Promise<CaseRecord | null | undefined> } | undefined;
    const existingCase = (sourceId: string) => {
      const p = prefetched?.sourceId === sourceId ? prefetched.read : undefined;
      prefetched = undefined;
      return p;
    };
    try {
      // One more pass than attempts: a decision on the cached session may ask for a read once.
      for (let attempt = 0, pass = 0; attempt < MAX_ATTEMPTS && pass <= MAX_ATTEMPTS; pass++) {
        const cached = fresh ? undefined : cache.get(userId);
        const fromCache = cached !== undefined;
        const stored = fromCache ? cached : await load(userId);
        // Applied first: a redelivered event whose decision ended the conversation would otherwise
        // no longer be claimed and fall through to other features (the updates feature would attach
        // the same words to the case a second time).
        if (stored?.appliedEventIds.includes(ctx.eventId)) {
          // Whether its reply still has to go out is the database's word, not this process's memory.
          if (fromCache) {
            fresh = true;
            continue;
          }
          // The run that saved it may have sent it before it was cut short: the outbox settles which.
          if (stored.lastReply?.eventId === ctx.eventId) await reply(render(stored.lastReply.say, toState(stored)), { maybeSent: true });
          return true;
        }
        const prev = stored ? toState(stored) : initialState(userId);
        if (!taken && !claims(claim, prev, input, ctx.now, settings)) return false;

        const decision = decide(prev, { ...ev, ...(await facts(prev, input, ctx.now)) }, ctx.now, settings);
        const say = replyOnly(decision);
        if (!say && fromCache) {
          const opens = decision.effects.find((e) => e.kind === 'openCase');
          // A failed read is no answer: open then reads for itself.
          if (opens) prefetched = { sourceId: opens.sourceId, read: cases.bySource(opens.sourceId).catch(() => undefined) };
          fresh = true;
          continue;
        }
        let next: SessionState;
        if (say) {
          next = await runEffects(prev, { ...decision, effects: decision.effects.filter((e) => e.kind === 'schedule') }, ctx.now, undefined);
        } else {
          next = await runEffects(prev, decision, ctx.now, reply, later, existingCase);
          taken = true;
        }
        const lastReply = say?.length ? { eventId: ctx.eventId, say } : undefined;
        if (await save(stored, next, ctx.eventId, ctx.now, lastReply)) {
          // The save just recorded it (`lastReply`): the inbox needs no record of its own.
          if (say?.length) await reply(render(say, next), { kept: true });
          logger.debug('intake step', { user: hashId(userId), step: next.step, status: next.status, input: input.kind });
          return true;
        }
        // Someone else saved first. The dispatcher serialises a user's events, so this is a
        // redelivery racing its original (then the applied check above ends it), a second instance or
        // an idle timer, or this process's cached session was stale; deciding again on the session
        // read from MongoDB keeps the conversation consistent.
        fresh = true;
        attempt++;
        logger.warn('intake session changed while deciding; deciding again', { user: hashId(userId), attempt, cached: fromCache });
      }
      throw new Error('intake: session kept changing while deciding');
    } finally {
      // Also after a throw: the work runs on, and the worker must not leave it unobserved.
      if (later?.length) ctx.afterReply?.(Promise.all(later));
    }
  }

  /** Anything from a 1:1 user that nobody else took: the main menu. Nothing to store. */
  async function fallback(ctx: EventContext): Promise<boolean> {
    if (ctx.source.type !== 'user') return false;
    // A user who blocked the bot cannot be answered.
    if (ctx.event.type !== 'unfollow') await ctx.reply(mainMenuMessages());
    return true;
  }

  /**
   * The idle timer (one per active session, see `idleTimer` in decide.ts): ends the conversation and
   * tells the person if it has been idle for the timeout at the timer's due time; if they answered
   * since, schedules the next one from their last activity (before the save that records it, so the
   * recorded timer always exists). The conditional save comes before the note is queued, and the note
   * only if it won: a message that arrived just before the deadline and saved first means the
   * conversation goes on, so no "expired" note. A lost save is decided again: the step that won may
   * rely on this timer to re-arm.
   */
  async function onTimeout(payload: Record<string, unknown>, timer: { id: string; dueAt: Date; now: Date }): Promise<void> {
    const userId = typeof payload.userId === 'string' ? payload.userId : undefined;
    if (!userId) return;
    // Timers scheduled per version before an upgrade carry it; they fire as they always did.
    const version = typeof payload.version === 'number' ? payload.version : undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await load(userId);
      if (!stored) return;
      if (stored.appliedEventIds.includes(timer.id)) {
        // Saved by an earlier run that stopped before queueing the note; nothing happened since
        // (its save is still the last), so queue it now under the same id.
        if (stored.status === 'expired' && stored.appliedEventIds.at(-1) === timer.id) await pushAll(timeoutPushes(toState(stored), timer.id), toState(stored));
        return;
      }
      if (version !== undefined && stored.version !== version) return;
      const prev = toState(stored);
      const input: IntakeInput = version === undefined ? { kind: 'timeout', dueAt: new Date(timer.dueAt) } : { kind: 'timeout' };
      const decision = decide(prev, { eventId: timer.id, input }, timer.now, settings);
      if (!decision.effects.length) return;
      const pushes = decision.effects.filter((e) => e.kind === 'push');
      const rest = { ...decision, effects: decision.effects.filter((e) => e.kind !== 'push') };
      const next = await runEffects(prev, rest, timer.now, undefined);
      // Re-armed, the step's reply may still be owed after a crash; expired, it is not.
      if (await save(stored, next, timer.id, timer.now, next.status === 'active' ? stored.lastReply : undefined)) {
        await pushAll(pushes, next);
        return;
      }
      logger.warn('intake session changed while its idle timer ran; deciding again', { user: hashId(userId), attempt });
    }
    throw new Error('intake: session kept changing while its idle timer ran');
  }

  async function pushAll(effects: IntakeEffect[], state: SessionState): Promise<void> {
    for (const e of effects) {
      if (e.kind !== 'push') continue;
      await outbox.enqueue([{ id: e.id, to: state.userId, messages: render(e.say, state), ...(e.silent ? { notificationDisabled: true } : {}) }]);
    }
  }

  return { handle, fallback, onTimeout, settings, model: Session };
}

export type IntakeService = ReturnType<typeof createIntakeService>;
