import type { EventContext, LineEvent, Message } from '../../src/bot/context';
import { silentLogger } from '../../src/log/logger';
import type { Outbox, OutboxItem } from '../../src/outbox/types';
import type { TimerHandler, TimerSpec, Timers } from '../../src/timers/types';

/**
 * In-memory stand-ins for the delivery side only (outbox, timers, the dispatcher's context), with
 * the same idempotency by id as the real ones. The database stays real in the tests that use them.
 */

export interface RecordingOutbox extends Outbox {
  items: Map<string, OutboxItem>;
  /** Every message sent to a chat, in order. */
  messagesTo(to: string): Message[];
}

export function recordingOutbox(): RecordingOutbox {
  const items = new Map<string, OutboxItem>();
  return {
    items,
    async enqueue(batch) {
      for (const i of batch) if (!items.has(i.id)) items.set(i.id, i);
    },
    messagesTo: (to) => [...items.values()].filter((i) => i.to === to).flatMap((i) => i.messages),
  };
}

export interface RecordingTimers extends Timers {
  scheduled: Map<string, TimerSpec>;
  handlers: Map<string, TimerHandler>;
  /** Runs a scheduled timer's handler as the timer worker would, at `now`. */
  fire(id: string, now?: Date): Promise<void>;
}

export function recordingTimers(): RecordingTimers {
  const scheduled = new Map<string, TimerSpec>();
  const handlers = new Map<string, TimerHandler>();
  return {
    scheduled,
    handlers,
    async schedule(t) {
      if (!scheduled.has(t.id)) scheduled.set(t.id, t);
    },
    async cancel(id) {
      scheduled.delete(id);
    },
    handle(kind, handler) {
      handlers.set(kind, handler);
    },
    async fire(id, now) {
      const t = scheduled.get(id);
      if (!t) throw new Error(`no timer ${id}`);
      const h = handlers.get(t.kind);
      if (!h) throw new Error(`no handler for ${t.kind}`);
      scheduled.delete(id);
      await h(t.payload, { id: t.id, dueAt: t.dueAt, now: now ?? t.dueAt });
    },
  };
}

type WithMeta = LineEvent & { webhookEventId: string; timestamp: number; source?: { type: string; userId?: string; groupId?: string } };

/** The context the dispatcher (src/bot/dispatch.ts) builds: reply/push ids from the event id and call order. */
export function eventContext(event: LineEvent, outbox: Outbox): EventContext {
  const e = event as WithMeta;
  const userId = e.source?.userId;
  const groupId = e.source?.groupId;
  const chatId = groupId ?? userId ?? 'nobody';
  let replies = 0;
  return {
    event,
    eventId: e.webhookEventId,
    now: new Date(e.timestamp),
    source: groupId ? { type: 'group', groupId, userId, chatId } : { type: 'user', userId, chatId },
    log: silentLogger(),
    async reply(messages) {
      await outbox.enqueue([{ id: `${e.webhookEventId}:r${replies++}`, to: chatId, messages }]);
    },
    async push(to, messages, key) {
      await outbox.enqueue([{ id: `${e.webhookEventId}:p:${key}`, to, messages }]);
    },
  };
}
