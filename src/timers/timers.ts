import { Schema, type Connection, type Model } from 'mongoose';
import type { Logger } from '../log/logger';
import type { Liveness } from '../queue/liveness';
import { runWithContext } from '../log/context';
import { createKeyedQueue, WORKER_SLOTS, exponentialBackoff, PermanentError, queueSchema, type KeyedQueue, type QueueItem, type QueueTuning } from '../queue/keyed-queue';
import type { TimerHandler, Timers, TimerSpec } from './types';

/**
 * Durable timers on the keyed queue: a timer is an item whose key is its own id and whose
 * `nextAttemptAt` is its due time. Scheduling the same id twice keeps the first; the lease makes
 * one instance fire it; a restart finds it still pending in MongoDB.
 */
export interface TimerDoc extends QueueItem {
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

const RETENTION_SECONDS = 30 * 24 * 3600;

export function timerModel(conn: Connection): Model<TimerDoc> {
  if (conn.models.Timer) return conn.models.Timer as Model<TimerDoc>;
  const schema = queueSchema<TimerDoc>(
    'timers',
    { kind: { type: String, required: true }, dueAt: { type: Date, required: true }, payload: Schema.Types.Mixed },
    RETENTION_SECONDS,
  );
  return conn.model<TimerDoc>('Timer', schema);
}

export interface DurableTimers extends Timers {
  readonly queue: KeyedQueue;
}

export interface TimersOptions extends QueueTuning {
  conn: Connection;
  owner: string;
  logger: Logger;
  liveness?: Liveness;
}

export function createTimers(o: TimersOptions): DurableTimers {
  const items = timerModel(o.conn);
  const handlers = new Map<string, TimerHandler>();

  const queue = createKeyedQueue<TimerDoc>({
    name: 'timers',
    items,
    owner: o.owner,
    logger: o.logger,
    liveness: o.liveness,
    leaseMs: o.leaseMs,
    concurrency: o.concurrency ?? WORKER_SLOTS.timers,
    pollMs: o.pollMs ?? 500,
    maxAttempts: o.maxAttempts ?? 8,
    backoffMs: exponentialBackoff(o.backoffBaseMs ?? 1000, 60_000),
    process: async (t) => {
      const handler = handlers.get(t.kind);
      if (!handler) throw new PermanentError(`no handler for timer kind ${t.kind}`);
      await runWithContext({ job: t.kind }, () => handler(t.payload ?? {}, { id: t._id, dueAt: t.dueAt, now: new Date() }));
    },
  });

  return {
    queue,
    async schedule(t: TimerSpec) {
      const now = new Date();
      await items
        .updateOne(
        { _id: t.id },
        {
          $setOnInsert: {
            key: t.id,
            order: t.dueAt.getTime(),
            status: 'pending',
            attempts: 0,
            nextAttemptAt: t.dueAt,
            createdAt: now,
            kind: t.kind,
            dueAt: t.dueAt,
            payload: t.payload,
          },
        },
          { upsert: true },
        )
        .catch((err: unknown) => {
          // Two instances scheduling the same timer at once: the other one's insert won.
          if ((err as { code?: number }).code !== 11000) throw err;
        });
      if (t.dueAt.getTime() <= Date.now()) queue.kick([t.id]);
    },
    async cancel(id: string) {
      await items.updateOne({ _id: id, status: 'pending' }, { $set: { status: 'cancelled', doneAt: new Date() } });
    },
    handle(kind: string, handler: TimerHandler) {
      handlers.set(kind, handler);
    },
  };
}
