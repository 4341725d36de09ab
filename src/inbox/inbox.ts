import { Schema, type Connection, type Model } from 'mongoose';
import type { Logger } from '../log/logger';
import type { Liveness } from '../queue/liveness';
import { runWithContext } from '../log/context';
import { createKeyedQueue, exponentialBackoff, lockModel, queueSchema, type KeyedQueue, type QueueItem, type QueueTuning } from '../queue/keyed-queue';
import { sourceKey, type WebhookEventShape } from '../line/webhook-schema';
import { createBatchInserter } from './batch-inserter';

/**
 * The durable webhook inbox. `store` returns only once every event of a request is in MongoDB
 * (a redelivered event is a duplicate `_id` and counts as stored); the HTTP layer answers 200 only
 * then. Processing runs afterwards through the keyed queue: per source in timestamp order.
 */
export interface InboxItem extends QueueItem {
  event?: WebhookEventShape;
  redelivery?: boolean;
}

const RETENTION_SECONDS = 7 * 24 * 3600;

export function inboxModel(conn: Connection): Model<InboxItem> {
  if (conn.models.InboxEvent) return conn.models.InboxEvent as Model<InboxItem>;
  const schema = queueSchema<InboxItem>('inbox_events', { event: Schema.Types.Mixed, redelivery: Boolean }, RETENTION_SECONDS);
  return conn.model<InboxItem>('InboxEvent', schema);
}

export interface Inbox {
  store(events: WebhookEventShape[]): Promise<void>;
  readonly queue: KeyedQueue;
}

export interface InboxOptions extends QueueTuning {
  conn: Connection;
  owner: string;
  logger: Logger;
  liveness?: Liveness;
  handle(event: WebhookEventShape): Promise<void>;
  /** The event could not be processed after every retry: tell whoever sent it. */
  onGiveUp?(event: WebhookEventShape): Promise<void>;
}

export function createInbox(o: InboxOptions): Inbox {
  const items = inboxModel(o.conn);
  const insert = createBatchInserter(items);
  const queue = createKeyedQueue<InboxItem>({
    name: 'inbox',
    items,
    locks: lockModel(o.conn, 'inbox_locks'),
    owner: o.owner,
    logger: o.logger,
    liveness: o.liveness,
    leaseMs: o.leaseMs,
    pollMs: o.pollMs,
    maxAttempts: o.maxAttempts ?? 5,
    backoffMs: exponentialBackoff(o.backoffBaseMs ?? 250, 4000),
    // Once processed, the event body (what a citizen wrote) is not kept; its id stays for dedup.
    onDoneUnset: ['event'],
    onParked: async (item) => {
      if (item.event && o.onGiveUp) await o.onGiveUp(item.event);
    },
    process: (item) =>
      runWithContext({ webhookEventId: item._id }, () => {
        if (!item.event) return Promise.resolve();
        return o.handle(item.event);
      }),
  });

  return {
    queue,
    async store(events) {
      const now = new Date();
      const docs = events.map((e) => ({
        _id: e.webhookEventId,
        key: sourceKey(e),
        order: e.timestamp,
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        event: e,
        redelivery: e.deliveryContext?.isRedelivery ?? false,
      }));
      await insert(docs);
      queue.kick(new Set(docs.map((d) => d.key)));
    },
  };
}
