import { Schema, type Connection, type Model, type SchemaDefinition } from 'mongoose';
import type { Logger } from '../log/logger';
import { safeErrorText } from './safe-error';

/**
 * A durable queue in MongoDB whose items are processed one key at a time, in `order`, by whichever
 * app instance holds that key's lease. It serves three collections:
 * - the webhook inbox (key = the event's source, order = event timestamp),
 * - the outbox (key = the recipient, order = enqueue sequence),
 * - timers (key = the timer id, nextAttemptAt = due time).
 *
 * Exactly-once rests on three things: items are inserted under deterministic `_id`s (a second insert
 * is a duplicate-key no-op), a key is leased to one instance at a time (renewed while it works, so a
 * crashed instance's keys free up after `leaseMs`), and `process` is idempotent for the rare case
 * where a lease lapsed mid-item. A failing item is retried with backoff and finally parked with its
 * error; while it waits, later items of the same key wait too, so order is never broken.
 */

export type QueueStatus = 'pending' | 'done' | 'parked' | 'cancelled';

export interface QueueItem {
  _id: string;
  key: string;
  order: number;
  status: QueueStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError?: string;
  createdAt: Date;
  doneAt?: Date;
}

interface LockDoc {
  _id: string;
  owner: string;
  leaseUntil: Date;
}

/** Thrown by `process` when retrying cannot help: the item is parked at once. */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

/** Thrown by `process` to retry after a given delay instead of the default backoff. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

export function queueSchema<T extends QueueItem>(collection: string, extra: SchemaDefinition, retentionSeconds: number) {
  const schema = new Schema<T>(
    {
      _id: { type: String, required: true },
      key: { type: String, required: true },
      order: { type: Number, required: true },
      status: { type: String, required: true, default: 'pending' },
      attempts: { type: Number, default: 0 },
      nextAttemptAt: { type: Date, required: true },
      lastError: String,
      createdAt: { type: Date, required: true },
      doneAt: Date,
      ...extra,
    } as SchemaDefinition<T>,
    { collection, versionKey: false, _id: false },
  );
  schema.index({ status: 1, nextAttemptAt: 1 });
  schema.index({ key: 1, status: 1, order: 1 });
  // Finished items (done or parked) are kept a while (redelivery dedup, inspection), then expire.
  schema.index({ doneAt: 1 }, { expireAfterSeconds: retentionSeconds });
  return schema;
}

const lockSchemas = new Map<string, Schema<LockDoc>>();
export function lockModel(conn: Connection, collection: string): Model<LockDoc> {
  const name = `Lock_${collection}`;
  if (conn.models[name]) return conn.models[name] as Model<LockDoc>;
  let schema = lockSchemas.get(collection);
  if (!schema) {
    schema = new Schema<LockDoc>(
      { _id: String, owner: String, leaseUntil: Date },
      { collection, versionKey: false, _id: false },
    );
    lockSchemas.set(collection, schema);
  }
  return conn.model<LockDoc>(name, schema);
}

/** Timings of one queue, with defaults per queue; tests shorten them. */
export interface QueueTuning {
  leaseMs?: number;
  pollMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
}

export interface KeyedQueueOptions<T extends QueueItem> {
  name: string;
  items: Model<T>;
  locks: Model<LockDoc>;
  owner: string;
  logger: Logger;
  process(item: T): Promise<void>;
  /** Called once an item is parked (e.g. to tell the person their message could not be handled). */
  onParked?(item: T): Promise<void>;
  /** Extra update applied when an item is done (e.g. drop its payload: least data kept). */
  onDoneUnset?: string[];
  leaseMs?: number;
  maxAttempts?: number;
  backoffMs?(attempts: number): number;
  pollMs?: number;
  concurrency?: number;
}

export interface KeyedQueue {
  start(): void;
  /** Stops polling and waits for the items in hand to finish. */
  stop(): Promise<void>;
  /** Asks for these keys to be drained now (after an enqueue), instead of at the next poll. */
  kick(keys: Iterable<string>): void;
  /** One poll round, for tests and tools: drains every due key and resolves when done. */
  drainOnce(): Promise<void>;
}

export const exponentialBackoff =
  (baseMs: number, capMs: number, jitter = 0.2) =>
  (attempts: number) => {
    const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(raw * (1 - jitter + Math.random() * 2 * jitter));
  };

export function createKeyedQueue<T extends QueueItem>(o: KeyedQueueOptions<T>): KeyedQueue {
  const leaseMs = o.leaseMs ?? 30_000;
  const maxAttempts = o.maxAttempts ?? 5;
  const backoff = o.backoffMs ?? exponentialBackoff(250, 4000);
  const pollMs = o.pollMs ?? 500;
  const concurrency = o.concurrency ?? 16;
  const log = o.logger.child({ queue: o.name });

  const draining = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const wakeTimers = new Map<string, NodeJS.Timeout>();
  let waiting: string[] = [];
  let pollTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  let started = false;

  async function acquire(key: string): Promise<boolean> {
    const now = new Date();
    try {
      await o.locks.updateOne(
        { _id: key, $or: [{ leaseUntil: { $lt: now } }, { owner: o.owner }] },
        { $set: { owner: o.owner, leaseUntil: new Date(now.getTime() + leaseMs) } },
        { upsert: true },
      );
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false; // another instance holds it
      throw err;
    }
  }

  const renew = (key: string) =>
    o.locks.updateOne({ _id: key, owner: o.owner }, { $set: { leaseUntil: new Date(Date.now() + leaseMs) } });

  async function runOne(item: T): Promise<void> {
    try {
      await o.process(item);
      const update: Record<string, unknown> = { $set: { status: 'done', doneAt: new Date(), attempts: item.attempts + 1 } };
      if (o.onDoneUnset?.length) update.$unset = Object.fromEntries(o.onDoneUnset.map((f) => [f, 1]));
      await o.items.updateOne({ _id: item._id, status: 'pending' }, update);
    } catch (err) {
      const attempts = item.attempts + 1;
      const lastError = safeErrorText(err);
      if (err instanceof PermanentError || attempts >= maxAttempts) {
        log.error('item parked', { item: item._id, attempts, error: lastError });
        await o.items.updateOne({ _id: item._id, status: 'pending' }, { $set: { status: 'parked', attempts, lastError, doneAt: new Date() } });
        await o.onParked?.(item).catch((e: unknown) => log.error('onParked failed', { item: item._id, error: safeErrorText(e) }));
      } else {
        const delay = err instanceof RetryLaterError ? err.delayMs : backoff(attempts);
        log.warn('item failed; will retry', { item: item._id, attempts, delayMs: delay, error: lastError });
        await o.items.updateOne(
          { _id: item._id, status: 'pending' },
          { $set: { attempts, lastError, nextAttemptAt: new Date(Date.now() + delay) } },
        );
      }
    }
  }

  function wakeAt(key: string, at: Date) {
    if (wakeTimers.has(key) || stopping) return;
    const t = setTimeout(
      () => {
        wakeTimers.delete(key);
        kick([key]);
      },
      Math.max(0, at.getTime() - Date.now()) + 5,
    );
    t.unref();
    wakeTimers.set(key, t);
  }

  async function drainKey(key: string): Promise<void> {
    if (!(await acquire(key))) return;
    const renewal = setInterval(() => void renew(key).catch(() => undefined), Math.max(100, leaseMs / 3));
    renewal.unref();
    try {
      while (!stopping) {
        const head = await o.items
          .findOne({ key, status: 'pending' })
          .sort({ order: 1, _id: 1 })
          .lean<T>();
        if (!head) break;
        if (head.nextAttemptAt.getTime() > Date.now()) {
          wakeAt(key, head.nextAttemptAt);
          break;
        }
        await runOne(head);
      }
    } finally {
      clearInterval(renewal);
      await o.locks.deleteOne({ _id: key, owner: o.owner }).catch(() => undefined);
    }
  }

  function startDrain(key: string) {
    if (draining.has(key)) {
      again.add(key); // new work arrived while this key was being drained: go round once more
      return;
    }
    if (draining.size >= concurrency) {
      if (!waiting.includes(key)) waiting.push(key);
      return;
    }
    const p = drainKey(key)
      .catch((err: unknown) => {
        log.error('drain failed', { error: safeErrorText(err) });
      })
      .finally(() => {
        draining.delete(key);
        if (stopping) return;
        if (again.delete(key)) startDrain(key);
        const next = waiting.shift();
        if (next) startDrain(next);
      });
    draining.set(key, p);
  }

  function kick(keys: Iterable<string>) {
    // Not started (a tool, a benchmark of the ingest path, a test's "crashed" instance): stored only.
    if (stopping || !started) return;
    for (const k of keys) startDrain(k);
  }

  async function dueKeys(): Promise<string[]> {
    const rows = await o.items.aggregate<{ _id: string }>([
      { $match: { status: 'pending', nextAttemptAt: { $lte: new Date() } } },
      { $group: { _id: '$key' } },
      { $limit: 500 },
    ]);
    return rows.map((r) => r._id);
  }

  async function poll() {
    try {
      kick(await dueKeys());
    } catch (err) {
      log.warn('poll failed', { error: safeErrorText(err) });
    }
  }

  function schedulePoll() {
    if (stopping) return;
    pollTimer = setTimeout(() => {
      void poll().finally(schedulePoll);
    }, pollMs);
    pollTimer.unref();
  }

  return {
    start() {
      if (started) return;
      started = true;
      stopping = false;
      void poll().finally(schedulePoll);
    },
    async stop() {
      stopping = true;
      started = false;
      clearTimeout(pollTimer);
      for (const t of wakeTimers.values()) clearTimeout(t);
      wakeTimers.clear();
      waiting = [];
      await Promise.allSettled([...draining.values()]);
    },
    kick,
    async drainOnce() {
      const keys = await dueKeys();
      const before = stopping;
      stopping = false;
      try {
        for (const k of keys) await drainKey(k);
      } finally {
        stopping = before;
      }
    },
  };
}
