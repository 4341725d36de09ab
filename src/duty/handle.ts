import type { Connection } from 'mongoose';
import type { EventContext, EventHandler, Message } from '../bot/context';
import { text } from '../bot/messages';
import type { Actor, CaseRecord } from '../cases/types';
import type { CaseService } from '../cases/store';
import { decideCaseAction, type CaseAction } from '../cases/decide';
import { OUTCOME_LABELS } from '../cases/vocab';
import type { CaseNumberContext } from '../cases/case-number';
import type { Config } from '../config/env';
import type { Center } from '../centers/types';
import type { CenterStore } from '../centers/store';
import { hashId } from '../log/logger';
import { DUTY_ROLE_LABELS, dutyTh } from '../strings/th/duty';
import { parseCommand, parsePostback, type DutyCommand } from './commands';
import { decideDutyInput, isPhotoWindow, PHOTO_WINDOW_MS, type DutyInput, type DutyPlan, type Pending } from './decide';
import type { OfficerPhoto } from '../evidence/handle';
import { photoAskMessage } from '../evidence/views';
import { evidenceTh } from '../strings/th/evidence';
import { redeemEnrollCode } from './enroll-codes';
import { createEnrollAttempts, decideEnrollGate, ENROLL_LOCK_MS } from './enroll-limit';
import { isTransient } from '../errors';
import type { OfficerNames } from './officer-names';
import type { GroupRegistry, PendingStore } from './store';
import type { CenterGroups } from './center-groups';
import {
  actedMessages,
  askMessages,
  caseCard,
  detailsMessage,
  detailsSentMessage,
  notFriendMessage,
  queueMessages,
  refusalMessages,
  refusalText,
  sayMessages,
  transferChoicesMessages,
} from './views';

/**
 * The "do" half of the duty feature for LINE events: reads what a decision needs (group role,
 * pending step), asks `decideDutyInput`, carries out the plan through the case service and answers
 * in the chat with `ctx.reply`. Every case change goes through `cases.act` with the event id as the
 * timeline entry id, so processing an event twice changes a case once.
 */

export interface DutyHandlerDeps {
  conn: Connection;
  cases: CaseService;
  config: Config;
  registry: GroupRegistry;
  /** Which center a group belongs to: its officers see and act on that center's cases only. */
  groups?: CenterGroups;
  pending: PendingStore;
  names: OfficerNames;
  profiles: { getProfile(userId: string): Promise<{ displayName: string }> };
  /** The centers a case can be transferred to (issue 12); absent: a single-center deployment, none. */
  centers?: Pick<CenterStore, 'list'>;
  /** Evidence (issue 14): pushes of media messages (≤ 5 each) for this officer, on signed links. */
  media?: (c: CaseRecord, officerId: string, now: Date) => Message[][];
  /** Evidence (issue 14): officers' photos to reporters; unset, `ตอบ <เลขที่>` alone says links are off. */
  photos?: OfficerPhotos;
}

export interface OfficerPhotos {
  readonly linksEnabled: boolean;
  keepOfficerPhoto(caseNumber: string, messageId: string, now: Date): Promise<OfficerPhoto>;
}

const PHOTO_MINUTES = Math.round(PHOTO_WINDOW_MS / 60_000);

const QUEUE_LIMIT = 15;

/** LINE answers 404 for a user who is not a friend of the OA (HTTPFetchError carries `status`). */
const isNotFound = (err: unknown) =>
  typeof err === 'object' && err !== null && 'status' in err && (err as { status: unknown }).status === 404;

export const errorKind = (err: unknown) => ({
  error: err instanceof Error ? err.name : typeof err,
  code: typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined,
  status: typeof err === 'object' && err !== null && 'status' in err ? String((err as { status: unknown }).status) : undefined,
});

function commandOf(ctx: EventContext, numbers: CaseNumberContext | undefined): { command?: DutyCommand; dutyPostback: boolean; text?: string } {
  const e = ctx.event;
  if (e.type === 'postback') {
    const data = e.postback.data;
    return data.startsWith('d:') ? { command: parsePostback(data), dutyPostback: true } : { dutyPostback: false };
  }
  if (e.type === 'message' && e.message.type === 'text') {
    return { command: parseCommand(e.message.text, numbers), dutyPostback: false, text: e.message.text };
  }
  return { dutyPostback: false };
}

export function createDutyHandlers(deps: DutyHandlerDeps): { handleGroupEvent: EventHandler; handleUserEvent: EventHandler } {
  const { cases, config, registry, pending, names } = deps;
  const example = `${config.CENTER_CODE}-2569-0001`;
  const detail = config.GROUP_CARD_DETAIL;
  const numbersAt = (now: Date): CaseNumberContext => ({ centerCode: config.CENTER_CODE, now });
  const attempts = createEnrollAttempts(deps.conn);

  /** The cases one group's event may touch: its center's (another center's case reads as not found). */
  type GroupCases = Pick<CaseService, 'get' | 'act' | 'openQueue'>;
  const scoped = new WeakMap<EventContext, GroupCases>();
  const casesOf = (ctx: EventContext): GroupCases => scoped.get(ctx) ?? cases;
  async function scopeCases(ctx: EventContext, center: Center): Promise<GroupCases> {
    const scope = await deps.groups!.scopeOf(center);
    const mine = (c: CaseRecord | null) => (c && ('code' in scope ? c.centerCode === scope.code : !scope.notIn.includes(c.centerCode)) ? c : null);
    const view: GroupCases = {
      get: async (n) => mine(await cases.get(n)),
      act: async (n, action, actor, opts) => ((await view.get(n)) ? cases.act(n, action, actor, opts) : { ok: false, reason: 'not_found' }),
      openQueue: (limit) => cases.openQueue(limit, scope),
    };
    scoped.set(ctx, view);
    return view;
  }

  const officer = async (chatId: string, userId: string): Promise<Actor> => ({
    kind: 'officer',
    id: userId,
    name: await names.get(chatId, userId),
  });

  async function act(ctx: EventContext, caseNumber: string, action: CaseAction, userId: string, entryId = ctx.eventId): Promise<Message[]> {
    return (await actOutcome(ctx, caseNumber, action, userId, entryId)).messages;
  }

  /** The answer to an action, and the case as it stands when the action went through. */
  async function actOutcome(
    ctx: EventContext,
    caseNumber: string,
    action: CaseAction,
    userId: string,
    entryId = ctx.eventId,
  ): Promise<{ messages: Message[]; done?: CaseRecord }> {
    const actor = await officer(ctx.source.chatId, userId);
    const r = await casesOf(ctx).act(caseNumber, action, actor, { entryId, now: ctx.now });
    if (!r.ok) {
      ctx.log.info('duty action refused', { caseNumber, action: action.type, reason: r.reason });
      return { messages: refusalMessages(r.reason, caseNumber, action, r.case) };
    }
    ctx.log.info('duty action', { caseNumber, action: action.type, officer: hashId(userId), duplicate: r.duplicate });
    return { messages: actedMessages(r.case, r.entry, actor.name ?? dutyTh.officerFallbackName, detail), done: r.case };
  }

  /** A photo window can carry a photo to this case's reporter: media links on, and a reporter on LINE. */
  const photoRefusal = (c: CaseRecord): string | undefined =>
    !deps.photos?.linksEnabled ? evidenceTh.photo.noLinks : !c.reporterUserId ? evidenceTh.photo.noReporter(c.caseNumber) : undefined;

  async function photoWindow(ctx: EventContext, caseNumber: string, userId: string): Promise<Message[]> {
    const c = await casesOf(ctx).get(caseNumber);
    if (!c) return [text(refusalText('not_found', caseNumber, { type: 'relay', text: '' }))];
    const refusal = photoRefusal(c);
    if (refusal) return [text(refusal)];
    await pending.set(ctx.source.chatId, userId, { kind: 'relay_photo', caseNumber }, ctx.now);
    return [photoAskMessage(caseNumber, PHOTO_MINUTES, false)];
  }

  /**
   * The photo of an open window: stored as the case's evidence (file id = the LINE message id), then a
   * public 'relay' entry keyed by this event, which the reporter hears about with the image. A
   * redelivered event finds the file and the entry and adds neither again.
   */
  async function photo(ctx: EventContext, plan: Extract<DutyPlan, { kind: 'photo' }>): Promise<Message[]> {
    const chatId = ctx.source.chatId;
    const P = evidenceTh.photo;
    if (!deps.photos?.linksEnabled) {
      await pending.clear(chatId, plan.userId);
      return [text(P.noLinks)];
    }
    // The group's reach first (its center's cases): another center's case is not found, nothing is fetched.
    const notFound = () => [text(refusalText('not_found', plan.caseNumber, { type: 'relay', text: '' }))];
    if (!(await casesOf(ctx).get(plan.caseNumber))) {
      await pending.clear(chatId, plan.userId);
      return notFound();
    }
    const kept = await deps.photos.keepOfficerPhoto(plan.caseNumber, plan.messageId, ctx.now);
    if (!kept.ok) {
      ctx.log.info('duty photo not kept', { caseNumber: plan.caseNumber, reason: kept.reason });
      // A photo LINE lost or one too large: the window stays open for another one.
      if (kept.reason === 'gone') return [text(P.gone)];
      if (kept.reason === 'file_too_large') return [text(P.tooLarge(config.EVIDENCE_MAX_FILE_MB))];
      await pending.clear(chatId, plan.userId);
      return kept.reason === 'case_full' ? [text(P.caseFull(plan.caseNumber))] : notFound();
    }
    const action: CaseAction = { type: 'relay', text: '', attachments: [kept.attachment], ...(plan.after ? { after: true } : {}) };
    const r = await actOutcome(ctx, plan.caseNumber, action, plan.userId);
    await pending.clear(chatId, plan.userId);
    if (!r.done) return r.messages;
    return [text(plan.after ? P.afterSent(plan.caseNumber) : P.relayed(plan.caseNumber))];
  }

  /**
   * Contract 1: the copy closes as a duplicate of the case that carries on, then that case notes the
   * merge. Two documents, no transaction: each write is keyed by this event, so a retry after a
   * failure between them finds the first done and completes the second.
   */
  async function merge(ctx: EventContext, plan: Extract<DutyPlan, { kind: 'merge' }>): Promise<{ messages: Message[]; attempted: boolean }> {
    // A wrong main case keeps the step open: the officer's next message may name the right one.
    const cases = casesOf(ctx);
    const main = await cases.get(plan.into);
    if (!main) return { messages: [text(refusalText('not_found', plan.into, { type: 'merge', into: plan.into }))], attempted: false };
    if (main.status === 'closed') {
      const words = main.mergedInto ? dutyTh.refusal.merged(plan.into, main.mergedInto) : dutyTh.refusal.mergeTargetClosed(plan.into);
      return { messages: [text(words)], attempted: false };
    }
    const actor = await officer(ctx.source.chatId, plan.userId);
    const opts = { entryId: ctx.eventId, now: ctx.now };
    const r = await cases.act(plan.caseNumber, { type: 'merge', into: plan.into }, actor, opts);
    if (!r.ok) {
      ctx.log.info('duty merge refused', { caseNumber: plan.caseNumber, into: plan.into, reason: r.reason });
      return { messages: refusalMessages(r.reason, plan.caseNumber, { type: 'merge', into: plan.into }, r.case), attempted: true };
    }
    const m = await cases.act(plan.into, { type: 'merged_from', from: plan.caseNumber }, actor, { ...opts, entryId: `${ctx.eventId}:merged_from` });
    ctx.log.info('duty merge', { caseNumber: plan.caseNumber, into: plan.into, officer: hashId(plan.userId), duplicate: r.duplicate });
    const name = actor.name ?? dutyTh.officerFallbackName;
    return { messages: [...actedMessages(r.case, r.entry, name, detail), caseCard(m.ok ? m.case : main, { detail })], attempted: true };
  }

  async function queue(ctx: EventContext): Promise<Message[]> {
    const { cases: open, total } = await casesOf(ctx).openQueue(QUEUE_LIMIT);
    return queueMessages(open, total);
  }

  async function details(ctx: EventContext, caseNumber: string, userId: string): Promise<Message[]> {
    const c = await casesOf(ctx).get(caseNumber);
    if (!c) return [text(refusalText('not_found', caseNumber, { type: 'details_viewed' }))];
    if (config.GROUP_CARD_DETAIL === 'full') {
      // The group already sees phone and details on the card: answer there.
      await act(ctx, caseNumber, { type: 'details_viewed' }, userId);
      return [detailsMessage(c)];
    }
    try {
      await deps.profiles.getProfile(userId);
    } catch (err) {
      if (isNotFound(err)) return [notFriendMessage(caseNumber, userId)];
      throw err;
    }
    await ctx.push(userId, [detailsMessage(c)], 'details');
    // The evidence itself, privately too: images, voice and video on links signed for this officer.
    const media = deps.media?.(c, userId, ctx.now) ?? [];
    for (const [i, batch] of media.entries()) await ctx.push(userId, batch, `details-media-${i}`);
    // The access log: who saw the reporter's contact details, and when.
    await act(ctx, caseNumber, { type: 'details_viewed' }, userId);
    return [detailsSentMessage(caseNumber)];
  }

  /** Asks for what a step still needs, unless the case's state already rules the step out. */
  async function ask(ctx: EventContext, plan: Extract<DutyPlan, { kind: 'ask' }>): Promise<Message[]> {
    const c = await casesOf(ctx).get(plan.caseNumber);
    if (!c) {
      if (plan.pending) await pending.clear(ctx.source.chatId, plan.userId);
      return [text(refusalText('not_found', plan.caseNumber, { type: 'note', text: '' }))];
    }
    const probe: CaseAction =
      plan.question === 'agency'
        ? { type: 'refer', agency: '-' }
        : plan.question === 'types'
          ? { type: 'note', text: '-' }
          : plan.question === 'into'
            ? { type: 'merge', into: '-' }
            : { type: 'close', outcome: 'resolved', note: '-' };
    const verdict = decideCaseAction(c, probe, { kind: 'officer', id: plan.userId }, ctx.now, 'probe');
    const refusal = !verdict.ok ? verdict.reason : plan.question === 'types' && c.status === 'closed' ? 'closed' : undefined;
    if (refusal) {
      await pending.clear(ctx.source.chatId, plan.userId);
      return refusalMessages(refusal, plan.caseNumber, probe, c);
    }
    if (plan.pending) await pending.set(ctx.source.chatId, plan.userId, plan.pending, ctx.now);
    const outcome = plan.pending?.kind === 'close' ? plan.pending.outcome : undefined;
    return askMessages(plan.question, c, outcome ? OUTCOME_LABELS[outcome] : undefined);
  }

  /**
   * Transfer (issue 12): checked against the centers before anything is written, so a mistyped code
   * or the case's own center gets a friendly answer (with the valid choices) and changes nothing.
   */
  async function transfer(ctx: EventContext, plan: Extract<DutyPlan, { kind: 'transfer' | 'transfer_choices' }>): Promise<Message[]> {
    const c = await casesOf(ctx).get(plan.caseNumber);
    if (!c) return [text(refusalText('not_found', plan.caseNumber, { type: 'note', text: '' }))];
    if (c.status === 'closed') return refusalMessages('closed', plan.caseNumber, { type: 'note', text: '' }, c);
    const centers = (await deps.centers?.list()) ?? [];
    const others = centers.filter((x) => x.code !== c.centerCode);
    if (!others.length) return [text(dutyTh.transfer.noOtherCenter(plan.caseNumber))];
    if (plan.kind === 'transfer_choices') return transferChoicesMessages(plan.caseNumber, others, plan.page);
    const target = centers.find((x) => x.code === plan.to.trim().toUpperCase());
    if (!target) return transferChoicesMessages(plan.caseNumber, others, 1, dutyTh.transfer.unknownCenter(plan.to, plan.caseNumber));
    if (target.code === c.centerCode) return [text(dutyTh.transfer.sameCenter(plan.caseNumber, target.name, target.code))];
    return act(ctx, plan.caseNumber, { type: 'transfer', to: target.code, from: c.centerCode, toName: target.name }, plan.userId);
  }

  async function enroll(ctx: EventContext, code: string): Promise<Message[]> {
    const chatId = ctx.source.chatId;
    if ([config.DUTY_GROUP_ID, config.DUTY_NIGHT_GROUP_ID, config.ESCALATION_GROUP_ID].includes(chatId)) {
      return [text(dutyTh.registration.configured)];
    }
    if (deps.groups?.configuredRole(await deps.groups.centerOfChat(chatId), chatId)) return [text(dutyTh.registration.configured)];
    // Guessing codes is slowed down per group: after repeated failures the group is locked out for a
    // while, told so once, and codes are not even tried until the lockout ends.
    const gate = decideEnrollGate(await attempts.get(chatId), ctx.eventId, ctx.now);
    if (gate !== 'open') {
      ctx.log.warn('duty group enrollment locked', { group: hashId(chatId), answered: gate === 'locked_answer' });
      return gate === 'locked_answer' ? [text(dutyTh.registration.locked(Math.round(ENROLL_LOCK_MS / 60_000)))] : [];
    }
    const granted = await redeemEnrollCode(deps.conn, { code, groupId: chatId, eventId: ctx.eventId, now: ctx.now });
    if (!granted) {
      const locked = await attempts.fail(chatId, ctx.eventId, ctx.now);
      ctx.log.warn('duty group enrollment refused', { group: hashId(chatId), locked });
      return [text(locked ? dutyTh.registration.locked(Math.round(ENROLL_LOCK_MS / 60_000)) : dutyTh.registration.badCode)];
    }
    await attempts.clear(chatId);
    const { role, centerCode } = granted;
    // The code named the center the group serves (absent: the home center).
    await registry.register(chatId, role, ctx.now, centerCode);
    ctx.log.info('duty group registered', { group: hashId(chatId), role, center: centerCode ?? config.CENTER_CODE });
    return [text(dutyTh.registration.registered(DUTY_ROLE_LABELS[role]))];
  }

  async function carryOut(ctx: EventContext, plan: DutyPlan, hadPending: Pending | undefined): Promise<Message[]> {
    const chatId = ctx.source.chatId;
    switch (plan.kind) {
      case 'pass':
      case 'ignore':
        return [];
      case 'say':
        if (plan.clearPending && ctx.source.userId) await pending.clear(chatId, ctx.source.userId);
        if (plan.pending && ctx.source.userId) await pending.set(chatId, ctx.source.userId, plan.pending, ctx.now);
        return sayMessages(plan.say, example);
      case 'enroll':
        return enroll(ctx, plan.code);
      case 'queue':
        return queue(ctx);
      case 'show': {
        const c = await casesOf(ctx).get(plan.caseNumber);
        return c ? [caseCard(c, { detail })] : [text(refusalText('not_found', plan.caseNumber, { type: 'details_viewed' }))];
      }
      case 'details':
        return details(ctx, plan.caseNumber, plan.userId);
      case 'ask':
        return ask(ctx, plan);
      case 'transfer':
      case 'transfer_choices':
        return transfer(ctx, plan);
      case 'act': {
        const { messages, done } = await actOutcome(ctx, plan.caseNumber, plan.action, plan.userId);
        // The step is over whether it went through or was refused (e.g. someone else closed the case).
        if (plan.clearPending || hadPending) await pending.clear(chatId, plan.userId);
        // A close opens the "after" photo window when the photo can reach the reporter.
        if (done && plan.next && isPhotoWindow(plan.next) && !photoRefusal(done)) {
          await pending.set(chatId, plan.userId, plan.next, ctx.now);
          return [...messages, photoAskMessage(plan.caseNumber, PHOTO_MINUTES, true)];
        }
        return messages;
      }
      case 'photo_window':
        return photoWindow(ctx, plan.caseNumber, plan.userId);
      case 'photo':
        return photo(ctx, plan);
      case 'merge': {
        const { messages, attempted } = await merge(ctx, plan);
        if (attempted && (plan.clearPending || hadPending)) await pending.clear(chatId, plan.userId);
        return messages;
      }
    }
  }

  async function run(ctx: EventContext, input: DutyInput, hadPending?: Pending): Promise<boolean> {
    const plan = decideDutyInput(input);
    if (plan.kind === 'pass') return false;
    try {
      const messages = await carryOut(ctx, plan, hadPending);
      if (messages.length) await ctx.reply(messages);
    } catch (err) {
      // Contract 6: a database or LINE hiccup is not the officer's problem. Thrown, the event goes back
      // to the inbox and is retried; every effect is keyed by the event id, so the retry changes the
      // case once and answers once. Only what a retry cannot fix is answered here.
      if (isTransient(err)) {
        ctx.log.warn('duty event failed transiently; the inbox retries it', { plan: plan.kind, ...errorKind(err) });
        throw err;
      }
      // Error messages can quote document values (personal data): log the kind of failure only.
      ctx.log.error('duty event failed', { plan: plan.kind, ...errorKind(err) });
      await ctx.reply([text(dutyTh.refusal.failed)]);
    }
    return true;
  }

  const handleGroupEvent: EventHandler = async (ctx) => {
    if (ctx.source.type === 'user') return false;
    const chatId = ctx.source.chatId;
    const e = ctx.event;
    if (e.type === 'leave') {
      if (await registry.remove(chatId)) ctx.log.info('duty group left; registration removed', { group: hashId(chatId) });
      return true;
    }
    const center = await deps.groups?.centerOfChat(chatId);
    const role = (await registry.roleOf(chatId)) ?? deps.groups?.configuredRole(center, chatId);
    if (e.type === 'join') {
      await ctx.reply([
        role
          ? text(dutyTh.registration.joinedRegistered(DUTY_ROLE_LABELS[role]))
          : text(`${dutyTh.registration.joinedUnregistered(config.CENTER_NAME)}\n\n${dutyTh.registration.howTo}`),
      ]);
      return true;
    }
    if (e.type === 'memberJoined') {
      if (role) await ctx.reply([text(dutyTh.registration.memberWelcome)]);
      return true;
    }
    // Short numbers ("2") and the group's reach are its center's.
    if (center) await scopeCases(ctx, center);
    const numbers: CaseNumberContext = center ? { centerCode: center.code, now: ctx.now } : numbersAt(ctx.now);
    const { command, dutyPostback, text: typed } = commandOf(ctx, numbers);
    const image = e.type === 'message' && e.message.type === 'image' ? e.message.id : undefined;
    const userId = ctx.source.userId;
    // A plain message can finish a pending step; a close/refer/merge command may complete one.
    const steps = new Set<DutyCommand['kind']>(['close', 'refer', 'merge']);
    const lookUp = role && userId && ((!command && (typed !== undefined || image)) || (command && steps.has(command.kind)));
    const withPending = lookUp ? await pending.get(chatId, userId, ctx.now) : undefined;
    const hadPending = !command ? withPending : undefined;
    return run(
      ctx,
      { where: 'group', dutyGroup: !!role, userId, dutyPostback, command, text: typed, image, pending: withPending, numbers },
      hadPending,
    );
  };

  const handleUserEvent: EventHandler = async (ctx) => {
    if (ctx.source.type !== 'user') return false;
    // Short numbers are for officers in their groups; in a 1:1 chat "ตอบ 2" is a citizen's answer.
    const { command, dutyPostback } = commandOf(ctx, undefined);
    if (!command && !dutyPostback) return false;
    return run(ctx, { where: 'user', dutyGroup: false, userId: ctx.source.userId, dutyPostback, command });
  };

  return { handleGroupEvent, handleUserEvent };
}
