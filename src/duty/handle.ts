import type { Connection } from 'mongoose';
import type { EventContext, EventHandler, Message } from '../bot/context';
import { text } from '../bot/messages';
import type { Actor } from '../cases/types';
import type { CaseService } from '../cases/store';
import { decideCaseAction, type CaseAction } from '../cases/decide';
import { OUTCOME_LABELS } from '../cases/vocab';
import type { Config } from '../config/env';
import { hashId } from '../log/logger';
import { DUTY_ROLE_LABELS, dutyTh } from '../strings/th/duty';
import { parseCommand, parsePostback, type DutyCommand } from './commands';
import { decideDutyInput, type DutyInput, type DutyPlan, type Pending } from './decide';
import { redeemEnrollCode } from './enroll-codes';
import type { OfficerNames } from './officer-names';
import type { GroupRegistry, PendingStore } from './store';
import {
  actedMessages,
  askMessages,
  caseCard,
  detailsMessage,
  detailsSentMessage,
  notFriendMessage,
  queueMessages,
  refusalText,
  sayMessages,
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
  pending: PendingStore;
  names: OfficerNames;
  profiles: { getProfile(userId: string): Promise<{ displayName: string }> };
}

const QUEUE_LIMIT = 15;

/** LINE answers 404 for a user who is not a friend of the OA (HTTPFetchError carries `status`). */
const isNotFound = (err: unknown) =>
  typeof err === 'object' && err !== null && 'status' in err && (err as { status: unknown }).status === 404;

export const errorKind = (err: unknown) => ({
  error: err instanceof Error ? err.name : typeof err,
  code: typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined,
  status: typeof err === 'object' && err !== null && 'status' in err ? String((err as { status: unknown }).status) : undefined,
});

function commandOf(ctx: EventContext, centerCode: string): { command?: DutyCommand; dutyPostback: boolean; text?: string } {
  const e = ctx.event;
  if (e.type === 'postback') {
    const data = e.postback.data;
    return data.startsWith('d:') ? { command: parsePostback(data, centerCode), dutyPostback: true } : { dutyPostback: false };
  }
  if (e.type === 'message' && e.message.type === 'text') {
    return { command: parseCommand(e.message.text, centerCode), dutyPostback: false, text: e.message.text };
  }
  return { dutyPostback: false };
}

export function createDutyHandlers(deps: DutyHandlerDeps): { handleGroupEvent: EventHandler; handleUserEvent: EventHandler } {
  const { cases, config, registry, pending, names } = deps;
  const example = `${config.CENTER_CODE}-2569-0001`;

  const officer = async (chatId: string, userId: string): Promise<Actor> => ({
    kind: 'officer',
    id: userId,
    name: await names.get(chatId, userId),
  });

  async function act(ctx: EventContext, caseNumber: string, action: CaseAction, userId: string, entryId = ctx.eventId): Promise<Message[]> {
    const actor = await officer(ctx.source.chatId, userId);
    const r = await cases.act(caseNumber, action, actor, { entryId, now: ctx.now });
    if (!r.ok) {
      ctx.log.info('duty action refused', { caseNumber, action: action.type, reason: r.reason });
      return [text(refusalText(r.reason, caseNumber, action, r.case))];
    }
    ctx.log.info('duty action', { caseNumber, action: action.type, officer: hashId(userId), duplicate: r.duplicate });
    return actedMessages(r.case, r.entry, actor.name ?? dutyTh.officerFallbackName);
  }

  async function queue(): Promise<Message[]> {
    const { cases: open, total } = await cases.openQueue(QUEUE_LIMIT);
    return queueMessages(open, total);
  }

  async function details(ctx: EventContext, caseNumber: string, userId: string): Promise<Message[]> {
    const c = await cases.get(caseNumber);
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
    // The access log: who saw the reporter's contact details, and when.
    await act(ctx, caseNumber, { type: 'details_viewed' }, userId);
    return [detailsSentMessage(caseNumber)];
  }

  /** Asks for what a step still needs, unless the case's state already rules the step out. */
  async function ask(ctx: EventContext, plan: Extract<DutyPlan, { kind: 'ask' }>): Promise<Message[]> {
    const c = await cases.get(plan.caseNumber);
    if (!c) return [text(refusalText('not_found', plan.caseNumber, { type: 'note', text: '' }))];
    const probe: CaseAction =
      plan.question === 'agency'
        ? { type: 'refer', agency: '-' }
        : plan.question === 'types'
          ? { type: 'note', text: '-' }
          : { type: 'close', outcome: 'resolved', note: '-' };
    const verdict = decideCaseAction(c, probe, { kind: 'officer', id: plan.userId }, ctx.now, 'probe');
    const refusal = !verdict.ok ? verdict.reason : plan.question === 'types' && c.status === 'closed' ? 'closed' : undefined;
    if (refusal) {
      await pending.clear(ctx.source.chatId, plan.userId);
      return [text(refusalText(refusal, plan.caseNumber, probe, c))];
    }
    if (plan.pending) await pending.set(ctx.source.chatId, plan.userId, plan.pending, ctx.now);
    const outcome = plan.pending?.outcome;
    return askMessages(plan.question, c, outcome ? OUTCOME_LABELS[outcome] : undefined);
  }

  async function enroll(ctx: EventContext, code: string): Promise<Message[]> {
    const chatId = ctx.source.chatId;
    if ([config.DUTY_GROUP_ID, config.DUTY_NIGHT_GROUP_ID, config.ESCALATION_GROUP_ID].includes(chatId)) {
      return [text(dutyTh.registration.configured)];
    }
    const role = await redeemEnrollCode(deps.conn, { code, groupId: chatId, eventId: ctx.eventId, now: ctx.now });
    if (!role) {
      ctx.log.warn('duty group enrollment refused', { group: hashId(chatId) });
      return [text(dutyTh.registration.badCode)];
    }
    await registry.register(chatId, role, ctx.now);
    ctx.log.info('duty group registered', { group: hashId(chatId), role });
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
        return sayMessages(plan.say, example);
      case 'enroll':
        return enroll(ctx, plan.code);
      case 'queue':
        return queue();
      case 'show': {
        const c = await cases.get(plan.caseNumber);
        return c
          ? [caseCard(c, { detail: config.GROUP_CARD_DETAIL })]
          : [text(refusalText('not_found', plan.caseNumber, { type: 'details_viewed' }))];
      }
      case 'details':
        return details(ctx, plan.caseNumber, plan.userId);
      case 'ask':
        return ask(ctx, plan);
      case 'act': {
        const messages = await act(ctx, plan.caseNumber, plan.action, plan.userId);
        // The step is over whether it went through or was refused (e.g. someone else closed the case).
        if (plan.clearPending || hadPending) await pending.clear(chatId, plan.userId);
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
    const role = await registry.roleOf(chatId);
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
    const { command, dutyPostback, text: typed } = commandOf(ctx, config.CENTER_CODE);
    const userId = ctx.source.userId;
    // Only a plain message can finish a pending step, so look one up only then.
    const hadPending =
      role && userId && !command && typed !== undefined ? await pending.get(chatId, userId, ctx.now) : undefined;
    const withPending =
      role && userId && command?.kind === 'close' ? await pending.get(chatId, userId, ctx.now) : hadPending;
    return run(
      ctx,
      { where: 'group', dutyGroup: !!role, userId, dutyPostback, command, text: typed, pending: withPending },
      withPending,
    );
  };

  const handleUserEvent: EventHandler = async (ctx) => {
    if (ctx.source.type !== 'user') return false;
    const { command, dutyPostback } = commandOf(ctx, config.CENTER_CODE);
    if (!command && !dutyPostback) return false;
    return run(ctx, { where: 'user', dutyGroup: false, userId: ctx.source.userId, dutyPostback, command });
  };

  return { handleGroupEvent, handleUserEvent };
}
