import { Schema, type Connection, type Model } from 'mongoose';
import type { Logger } from '../log/logger';
import type { Liveness } from '../queue/liveness';
import { runWithContext } from '../log/context';
import { createGroupCommit } from '../queue/group-commit';
import { DURABLE_WRITE, driverCollection } from '../store/connection';
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
const DUPLICATE_KEY = 11000;

/**
 * The timer's document, written only when its id is new: scheduling an id again (a redelivered
 * event, a re-run after a crash) changes nothing, whatever its payload or due time.
 */
function insertOnly(t: TimerSpec, now: Date): { $setOnInsert: Omit<TimerDoc, '_id'> } {
  return {
    $setOnInsert: {
      key: t.id,
      order: t.dueAt.getTime(),
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: t.dueAt,
      createdAt: now,
      kind: t.kind,
      dueAt: t.dueAt,
      payload: t.payload,
    },
  };
}

interface UpsertFailure {
  writeErrors?: Array<{ index?: unknown; code?: unknown }>;
  result?: { getWriteConcernError?(): unknown };
}

/**
 * The schedules of a failed grouped upsert that are not stored: those its write errors name, except a
 * duplicate key (another instance inserted the same timer first: it exists, which is all a schedule
 * promises). Without write errors (a network error) or with a write-concern error, null: every
 * caller fails and retries, which is safe because an upsert of an existing id changes nothing.
 */
export function unscheduledIndexes(err: unknown): number[] | null {
  const e = err as UpsertFailure;
  if (!Array.isArray(e.writeErrors) || !e.writeErrors.length) return null;
  if (e.result?.getWriteConcernError?.()) return null;
  if (!e.writeErrors.every((w) => typeof w.index === 'number')) return null;
  return e.writeErrors.filter((w) => w.code !== DUPLICATE_KEY).map((w) => w.index as number);
}

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

  const insertTimers = createGroupCommit<TimerSpec>({
    write: async (specs) => {
      const coll = driverCollection(items);
      const now = new Date();
      if (specs.length === 1) {
        try {
          await coll.updateOne({ _id: specs[0]!.id }, insertOnly(specs[0]!, now), { upsert: true, writeConcern: DURABLE_WRITE, ignoreUndefined: true });
        } catch (err) {
          // Two instances scheduling the same timer at once: the other one's insert won.
          if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
        }
        return;
      }
      await coll.bulkWrite(
        specs.map((t) => ({ updateOne: { filter: { _id: t.id }, update: insertOnly(t, now), upsert: true } })),
        { ordered: false, writeConcern: DURABLE_WRITE, ignoreUndefined: true },
      );
    },
    failed: unscheduledIndexes,
  });

  return {
    queue,
    async schedule(t: TimerSpec) {
      // Grouped with the schedules of other conversations in the same tick (one update command);
      // settles only once this timer is stored, and rejects when it may not be (the caller retries).
      await insertTimers([t]);
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
