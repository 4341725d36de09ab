import type { Logger } from '../log/logger';
import type { Outbox } from '../outbox/types';
import type { DirectReply } from '../outbox/outbox';
import type { WebhookEventShape } from '../line/webhook-schema';
import type { EventContext, EventHandler, EventSource, LineEvent, Message, ReplyOptions } from './context';

/** LINE says a reply token lives about a minute; past this we push instead. */
const REPLY_TOKEN_TTL_MS = 50_000;

function flattenSource(e: WebhookEventShape): EventSource | undefined {
  const s = e.source;
  if (!s) return undefined;
  if (s.type === 'user') return { type: 'user', userId: s.userId, chatId: s.userId };
  if (s.type === 'group') return { type: 'group', groupId: s.groupId, userId: s.userId, chatId: s.groupId };
  return { type: 'room', roomId: s.roomId, userId: s.userId, chatId: s.roomId };
}

/**
 * The context a feature gets for one event. Replies and pushes get ids from the event id and the
 * order of calls, so processing the event again enqueues the same ids and the outbox sends nothing
 * twice. Undefined for an event without a source (nothing to answer, no one to attribute it to).
 */
/** What the inbox worker offers the event being processed. */
export interface EventIO {
  /**
   * Keeps the event's first reply to be sent by the worker itself once the step is decided (one
   * write instead of an outbox round). False: it goes through the outbox like every other message.
   */
  keepReply?(reply: DirectReply): Promise<boolean>;
  /**
   * The same for a reply the feature's own save already recorded (`ReplyOptions.kept`): held in
   * memory only, nothing written. False: it goes through the outbox.
   */
  holdReply?(reply: DirectReply): boolean;
  /** Work to wait for after the reply went out and before the event is done (`EventContext.afterReply`). */
  afterReply?(work: Promise<unknown>): void;
}

export function eventContext(raw: WebhookEventShape, deps: { outbox: Outbox; logger: Logger }, io: EventIO = {}): EventContext | undefined {
  const source = flattenSource(raw);
  if (!source) return undefined;
  let replies = 0;
  const replyToken = typeof raw.replyToken === 'string' ? raw.replyToken : undefined;
  return {
    event: raw as unknown as LineEvent,
    eventId: raw.webhookEventId,
    now: new Date(raw.timestamp),
    source,
    log: deps.logger,
    ...(io.afterReply ? { afterReply: io.afterReply } : {}),
    async reply(messages: Message[], opts: ReplyOptions = {}) {
      const n = replies++;
      const id = `${raw.webhookEventId}:r${n}`;
      const expiresAt = new Date(raw.timestamp + REPLY_TOKEN_TTL_MS);
      const token = n === 0 && replyToken ? { replyToken, replyTokenExpiresAt: expiresAt } : undefined;
      if (token && opts.maybeSent) {
        // Possibly sent by an earlier run: the outbox settles it with the same token (or pushes it
        // once the token is past use; an item of this id enqueued before makes this a no-op).
        await deps.outbox.enqueue([{ id, to: source.chatId, messages, ...token, replyTriedAt: new Date() }]);
        return;
      }
      if (token && expiresAt.getTime() > Date.now()) {
        const direct: DirectReply = { id, to: source.chatId, messages, ...token };
        if (opts.kept && io.holdReply) {
          if (io.holdReply(direct)) return;
        } else if (io.keepReply && (await io.keepReply(direct))) return;
      }
      await deps.outbox.enqueue([{ id, to: source.chatId, messages, ...(token ?? {}) }]);
    },
    async push(to: string, messages: Message[], key: string) {
      await deps.outbox.enqueue([{ id: `${raw.webhookEventId}:p:${key}`, to, messages }]);
    },
  };
}

/** Hands each stored webhook event, as an EventContext, to the router. */
export function createDispatcher(deps: { outbox: Outbox; route: EventHandler; logger: Logger }) {
  return async function dispatch(raw: WebhookEventShape, io?: EventIO): Promise<void> {
    const ctx = eventContext(raw, deps, io);
    if (ctx) await deps.route(ctx);
  };
}
