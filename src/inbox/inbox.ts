import { Schema, type Connection, type Model } from 'mongoose';
import type { Logger } from '../log/logger';
import type { Liveness } from '../queue/liveness';
import { runWithContext } from '../log/context';
import { createKeyedQueue, WORKER_SLOTS, exponentialBackoff, queueSchema, type KeyedQueue, type QueueItem, type QueueTuning } from '../queue/keyed-queue';
import { sourceKey, type WebhookEventShape } from '../line/webhook-schema';
import { createBatchInserter } from './batch-inserter';
import type { EventIO } from '../bot/dispatch';
import { DURABLE_WRITE, driverCollection } from '../store/connection';
import { triedReply, type DirectReply, type DurableOutbox } from '../outbox/outbox';

/**
 * The durable webhook inbox. `store` returns only once every event of a request is in MongoDB
 * (a redelivered event is a duplicate `_id` and counts as stored); the HTTP layer answers 200 only
 * then. Processing runs afterwards through the keyed queue: per source in timestamp order.
 */
export interface InboxItem extends QueueItem {
  event?: WebhookEventShape;
  redelivery?: boolean;
  /** The event's reply, kept here before the worker sends it itself (see `replies`; not for `holdReply`). */
  reply?: DirectReply;
}

const RETENTION_SECONDS = 7 * 24 * 3600;

export function inboxModel(conn: Connection): Model<InboxItem> {
  if (conn.models.InboxEvent) return conn.models.InboxEvent as Model<InboxItem>;
  const schema = queueSchema<InboxItem>('inbox_events', { event: Schema.Types.Mixed, redelivery: Boolean, reply: Schema.Types.Mixed }, RETENTION_SECONDS);
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
  handle(event: WebhookEventShape, io?: EventIO): Promise<void>;
  /**
   * When given, an event's first reply is sent by this worker right after the step is decided
   * instead of through an outbox round: kept with the inbox item first (one write), sent, and
   * cleared by the item's "done" write. A run cut short after keeping it hands it to the outbox as
   * possibly sent, where `settleFailedReply` settles it with the same token. A reply the feature's
   * own save recorded (`holdReply`) is not written here: the feature's re-run hands it over instead.
   */
  replies?: Pick<DurableOutbox, 'enqueue' | 'hold' | 'release' | 'sendReply'>;
  /** The event could not be processed after every retry: tell whoever sent it. */
  onGiveUp?(event: WebhookEventShape): Promise<void>;
}

export function createInbox(o: InboxOptions): Inbox {
  const items = inboxModel(o.conn);
  const insert = createBatchInserter(items);
  const queue = createKeyedQueue<InboxItem>({
    name: 'inbox',
    items,
    owner: o.owner,
    logger: o.logger,
    liveness: o.liveness,
    leaseMs: o.leaseMs,
    concurrency: o.concurrency ?? WORKER_SLOTS.inbox,
    pollMs: o.pollMs,
    maxAttempts: o.maxAttempts ?? 5,
    backoffMs: exponentialBackoff(o.backoffBaseMs ?? 250, 4000),
    // Once processed, the event body (what a citizen wrote) is not kept; its id stays for dedup.
    onDoneUnset: ['event', 'reply'],
    onParked: async (item) => {
      if (item.event && o.onGiveUp) await o.onGiveUp(item.event);
    },
    process: (item) => runWithContext({ webhookEventId: item._id }, () => processItem(item)),
  });

  async function processItem(item: InboxItem): Promise<void> {
    if (!item.event) return;
    const out = o.replies;
    if (!out) return o.handle(item.event);
    // An earlier run kept this reply and was cut short: it may have gone out; the outbox settles it.
    if (item.reply) await out.enqueue([triedReply(item.reply)]);
    let kept: string | undefined;
    const later: Array<Promise<unknown>> = [];
    const afterReply = (work: Promise<unknown>) => {
      // Awaited below; until then (or if the step throws first) a rejection is not unhandled.
      work.catch(() => undefined);
      later.push(work);
    };
    const io: EventIO = item.reply
      ? { afterReply }
      : {
          afterReply,
          keepReply: async (r) => {
            if (!out.hold(r)) return false;
            try {
              const w = await driverCollection(items).updateOne({ _id: item._id, status: 'pending' }, { $set: { reply: r } }, { writeConcern: DURABLE_WRITE });
              if (w.matchedCount !== 1) {
                out.release(r.id);
                return false;
              }
            } catch (err) {
              out.release(r.id);
              throw err;
            }
            kept = r.id;
            return true;
          },
          // Recorded by the feature's own save already: held in memory, no write (a re-run sends it
          // from the feature's record as possibly sent, see `ReplyOptions`).
          holdReply: (r) => {
            if (!out.hold(r)) return false;
            kept = r.id;
            return true;
          },
        };
    try {
      await o.handle(item.event, io);
    } catch (err) {
      // Not sent: the retry finds it kept and hands it to the outbox.
      if (kept) out.release(kept);
      throw err;
    }
    // Released only now, after the step was decided and saved; undefined if it was enqueued meanwhile.
    const reply = kept ? out.release(kept) : undefined;
    if (reply) await out.sendReply(reply);
    // The event is done (its item marked so) only once this work finished too.
    await Promise.all(later);
  }

  return {
    queue,
    async store(events) {
      const now = new Date();
      // Stored already claimed by this instance: its worker takes them without a claiming write.
      const claim = queue.claimFields();
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
        ...claim,
      }));
      await insert(docs);
      queue.kick(new Set(docs.map((d) => d.key)));
    },
  };
}
