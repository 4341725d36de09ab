import type { Logger } from '../log/logger';
import type { Outbox } from '../outbox/types';
import type { DirectReply } from '../outbox/outbox';
import type { WebhookEventShape } from '../line/webhook-schema';
import type { EventContext, EventHandler, EventSource, LineEvent, Message } from './context';

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
    async reply(messages: Message[]) {
      const n = replies++;
      const id = `${raw.webhookEventId}:r${n}`;
      const expiresAt = new Date(raw.timestamp + REPLY_TOKEN_TTL_MS);
      if (n === 0 && replyToken && io.keepReply && expiresAt.getTime() > Date.now()) {
        if (await io.keepReply({ id, to: source.chatId, messages, replyToken, replyTokenExpiresAt: expiresAt })) return;
      }
      await deps.outbox.enqueue([
        {
          id: `${raw.webhookEventId}:r${n}`,
          to: source.chatId,
          messages,
          ...(n === 0 && replyToken ? { replyToken, replyTokenExpiresAt: new Date(raw.timestamp + REPLY_TOKEN_TTL_MS) } : {}),
        },
      ]);
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
