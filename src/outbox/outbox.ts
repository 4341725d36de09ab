import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Message } from '../bot/context';
import { unstoredIndexes } from '../store/write-errors';
import { MessageLimitError } from '../line/limits';
import { LineApiError, type Messenger } from '../line/messenger';
import type { Logger } from '../log/logger';
import { createKeyedQueue, exponentialBackoff, lockModel, PermanentError, queueSchema, type KeyedQueue, type QueueItem, type QueueTuning } from '../queue/keyed-queue';
import type { Outbox, OutboxItem } from './types';

/**
 * Durable delivery. Every message the service sends is first stored here under a deterministic id,
 * then delivered per recipient in the order it was written. Pushes carry an `X-Line-Retry-Key`
 * derived from the item id, so a retry after a lost answer gets 409 from LINE instead of a second
 * copy. 429, 5xx, timeouts and network errors retry with backoff and jitter; other 4xx park the item.
 */
export interface OutboxDoc extends QueueItem {
  to?: string;
  messages?: Message[];
  replyToken?: string;
  replyTokenExpiresAt?: Date;
  retryKey: string;
  via?: 'reply' | 'push';
}

const RETENTION_SECONDS = 3 * 24 * 3600;
/** LINE accepts at most five messages per call. */
const MAX_PER_CALL = 5;

export function outboxModel(conn: Connection): Model<OutboxDoc> {
  if (conn.models.OutboxMessage) return conn.models.OutboxMessage as Model<OutboxDoc>;
  const schema = queueSchema<OutboxDoc>(
    'outbox',
    {
      to: String,
      messages: Schema.Types.Mixed,
      replyToken: String,
      replyTokenExpiresAt: Date,
      retryKey: { type: String, required: true },
      via: String,
    },
    RETENTION_SECONDS,
  );
  return conn.model<OutboxDoc>('OutboxMessage', schema);
}

/** A UUID (v4 layout) derived from the item id: the same item always retries with the same key. */
export function retryKeyFor(id: string): string {
  const h = createHash('sha256').update(id).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface DurableOutbox extends Outbox {
  readonly queue: KeyedQueue;
}

export interface OutboxOptions extends QueueTuning {
  conn: Connection;
  messenger: Messenger;
  owner: string;
  logger: Logger;
  backoffCapMs?: number;
}

let lastOrder = 0;
/** Strictly increasing within a process (microsecond-scaled clock); instances' clocks order the rest. */
const nextOrder = () => (lastOrder = Math.max(lastOrder + 1, Date.now() * 1000));

export function createOutbox(o: OutboxOptions): DurableOutbox {
  const items = outboxModel(o.conn);

  async function deliver(item: OutboxDoc): Promise<void> {
    if (!item.to || !item.messages) return;
    if (item.replyToken && item.replyTokenExpiresAt && item.replyTokenExpiresAt.getTime() > Date.now()) {
      try {
        await o.messenger.reply(item.replyToken, item.messages);
        await items.updateOne({ _id: item._id }, { $set: { via: 'reply' } });
        return;
      } catch (err) {
        // A reply token is single use: whatever happened, the next try is a push with a retry key.
        await items.updateOne({ _id: item._id }, { $unset: { replyToken: 1 } });
        if (!(err instanceof LineApiError)) {
          if (err instanceof MessageLimitError) throw new PermanentError(`message refused before sending: ${err.problems.join('; ')}`);
          throw err;
        }
      }
    }
    try {
      await o.messenger.push(item.to, item.messages, item.retryKey);
      await items.updateOne({ _id: item._id }, { $set: { via: 'push' } });
    } catch (err) {
      if (err instanceof LineApiError && !err.retryable) throw new PermanentError(err.message);
      // A message that breaks LINE's limits will never be accepted: park it (our bug, visible in logs).
      if (err instanceof MessageLimitError) throw new PermanentError(`message refused before sending: ${err.problems.join('; ')}`);
      throw err;
    }
  }

  const queue = createKeyedQueue<OutboxDoc>({
    name: 'outbox',
    items,
    locks: lockModel(o.conn, 'outbox_locks'),
    owner: o.owner,
    logger: o.logger,
    leaseMs: o.leaseMs,
    pollMs: o.pollMs,
    maxAttempts: o.maxAttempts ?? 20,
    backoffMs: exponentialBackoff(o.backoffBaseMs ?? 1000, o.backoffCapMs ?? 5 * 60_000, 0.3),
    // Delivered: the messages (personal data) are not kept.
    onDoneUnset: ['messages', 'replyToken'],
    process: deliver,
  });

  return {
    queue,
    async enqueue(batch: OutboxItem[]) {
      const now = new Date();
      const docs = batch.flatMap((it) => {
        const chunks: Message[][] = [];
        for (let i = 0; i < it.messages.length; i += MAX_PER_CALL) chunks.push(it.messages.slice(i, i + MAX_PER_CALL));
        return chunks.map((messages, i) => {
          const id = i === 0 ? it.id : `${it.id}#${i + 1}`;
          return {
            _id: id,
            key: it.to,
            order: nextOrder(),
            status: 'pending' as const,
            attempts: 0,
            nextAttemptAt: now,
            createdAt: now,
            to: it.to,
            messages,
            retryKey: retryKeyFor(id),
            ...(i === 0 && it.replyToken ? { replyToken: it.replyToken, replyTokenExpiresAt: it.replyTokenExpiresAt } : {}),
          };
        });
      });
      if (!docs.length) return;
      try {
        await items.collection.insertMany(docs as never[], { ordered: false });
      } catch (err) {
        // Duplicates are items enqueued before (a re-run of the same cause): already stored.
        if (unstoredIndexes(err, docs.length)?.length !== 0) throw err;
      }
      queue.kick(new Set(docs.map((d) => d.key)));
    },
  };
}
