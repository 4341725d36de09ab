import { Schema, type Connection, type Model, type SchemaDefinition } from 'mongoose';
import type { Logger } from '../log/logger';
import { DURABLE_WRITE } from '../store/connection';
import type { Liveness } from './liveness';
import { safeErrorText } from './safe-error';

/**
 * A durable queue in MongoDB whose items are processed one key at a time, in `order`, by whichever
 * app instance holds that key's lease. It serves three collections:
 * - the webhook inbox (key = the event's source, order = event timestamp),
 * - the outbox (key = the recipient, order = enqueue sequence),
 * - timers (key = the timer id, nextAttemptAt = due time).
 *
 * Exactly-once rests on three things: items are inserted under deterministic `_id`s (a second insert
 * is a duplicate-key no-op), a key is leased to one instance at a time (renewed while it works; a
 * crashed instance's keys are taken over as soon as its heartbeat stops, see liveness.ts, or at the
 * latest when the lease runs out), and `process` is idempotent for the rare case where two instances
 * overlapped on an item. A failing item is retried with backoff and finally parked with its error;
 * while it waits, later items of the same key wait too, so order is never broken.
 *
 * The head of a key is its pending item with the lowest (`rank`, `order`): `rank` 0 (urgent) goes
 * ahead of the default 1, so an urgent item overtakes routine ones queued before it for the same key.
 *
 * Once `process` succeeded, the item's outcome is recorded ("done"), and that write is retried on its
 * own: a failing bookkeeping write never makes the item run again in this process (for the outbox,
 * running again would mean sending again).
 */

export type QueueStatus = 'pending' | 'done' | 'parked' | 'cancelled';

export interface QueueItem {
  _id: string;
  key: string;
  order: number;
  /** 0 goes ahead of 1 within a key; absent counts as ahead of both (inbox, timers never set it). */
  rank?: number;
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
      rank: Number,
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
  // The head of a key, and the heads of all keys (dueKeys sorts pending items by key, rank, order).
  schema.index({ status: 1, key: 1, rank: 1, order: 1 });
  schema.index({ key: 1, status: 1, rank: 1, order: 1 });
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

/** What `process` may ask to be recorded with "done", in the same write (e.g. how it was delivered). */
export type ProcessOutcome = void | { set?: Record<string, unknown> };

export interface KeyedQueueOptions<T extends QueueItem> {
  name: string;
  items: Model<T>;
  locks: Model<LockDoc>;
  owner: string;
  logger: Logger;
  process(item: T): Promise<ProcessOutcome>;
  /** Knows when another owner is gone, to take over its keys before their lease runs out. */
  liveness?: Liveness;
  /** Called once an item is parked (e.g. to tell the person their message could not be handled). */
  onParked?(item: T): Promise<void>;
  /** Extra update applied when an item is done (e.g. drop its payload: least data kept). */
  onDoneUnset?: string[];
  leaseMs?: number;
  maxAttempts?: number;
  /** Park an item that still fails this long after it was created (whatever its attempts). */
  maxAgeMs?: number;
  backoffMs?(attempts: number, item: T): number;
  pollMs?: number;
  concurrency?: number;
}

export interface KeyedQueue {
  start(): void;
  /** Stops polling and waits for the items in hand to finish. */
  stop(): Promise<void>;
  /** Asks for these keys to be drained now (after an enqueue), instead of at the next poll. */
  kick(keys: Iterable<string>): void;
  /**
   * Stops at once without releasing anything, as a killed process would: no more polls, renewals or
   * items; locks stay until another instance takes them over. For fault tests and tools.
   */
  halt(): void;
}

/** The order in which a key's items are served. */
const HEAD_SORT = { rank: 1, order: 1, _id: 1 } as const;
/** Waits between tries of the bookkeeping write after a successful `process`. */
const RECORD_RETRY_MS = [50, 200, 800];
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const exponentialBackoff =
  (baseMs: number, capMs: number, jitter = 0.2) =>
  (attempts: number) => {
    const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(raw * (1 - jitter + Math.random() * 2 * jitter));
  };

export function createKeyedQueue<T extends QueueItem>(o: KeyedQueueOptions<T>): KeyedQueue {
  const leaseMs = o.leaseMs ?? 30_000;
  const maxAttempts = o.maxAttempts ?? 5;
  const maxAgeMs = o.maxAgeMs ?? Number.POSITIVE_INFINITY;
  const backoff = o.backoffMs ?? exponentialBackoff(250, 4000);
  const pollMs = o.pollMs ?? 500;
  const concurrency = o.concurrency ?? 16;
  const log = o.logger.child({ queue: o.name });

  const draining = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const wakeTimers = new Map<string, NodeJS.Timeout>();
  /** Items processed here whose "done" could not be written yet: recorded, never processed again. */
  const unrecorded = new Map<string, Record<string, unknown>>();
  let waiting: string[] = [];
  let pollTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  let started = false;
  let halted = false;
  const renewals = new Set<NodeJS.Timeout>();

  const newLease = () => new Date(Date.now() + leaseMs);

  async function acquire(key: string): Promise<boolean> {
    const now = new Date();
    try {
      await o.locks.updateOne(
        { _id: key, $or: [{ leaseUntil: { $lt: now } }, { owner: o.owner }] },
        { $set: { owner: o.owner, leaseUntil: newLease() } },
        { upsert: true },
      );
      return true;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    // Another instance holds the key. If it is gone (killed, frozen, cut off), take the key over now
    // rather than after its lease: the update only matches while that same owner still holds it.
    if (!o.liveness) return false;
    const lock = await o.locks.findById(key).lean<LockDoc>();
    if (!lock || lock.owner === o.owner || !(await o.liveness.isGone(lock.owner))) return false;
    const taken = await o.locks.updateOne({ _id: key, owner: lock.owner }, { $set: { owner: o.owner, leaseUntil: newLease() } });
    if (taken.modifiedCount === 1) log.warn('took over a key from a gone instance', { gone: lock.owner });
    return taken.modifiedCount === 1;
  }

  /** False once another instance has taken the key over: this one must stop draining it. */
  const renew = async (key: string): Promise<boolean> =>
    (await o.locks.updateOne({ _id: key, owner: o.owner }, { $set: { leaseUntil: newLease() } })).matchedCount === 1;

  /** Records a finished item, retrying the write a few times; false if it still could not be written. */
  async function record(item: T, update: Record<string, unknown>): Promise<boolean> {
    for (let i = 0; ; i++) {
      try {
        await o.items.updateOne({ _id: item._id, status: 'pending' }, update, { writeConcern: DURABLE_WRITE });
        unrecorded.delete(item._id);
        return true;
      } catch (err) {
        if (i >= RECORD_RETRY_MS.length || halted) {
          // Kept in memory: the next round records it instead of processing the item again.
          unrecorded.set(item._id, update);
          log.error('could not record a finished item; will retry the record only', { item: item._id, error: safeErrorText(err) });
          return false;
        }
        await sleep(RECORD_RETRY_MS[i]);
      }
    }
  }

  async function runOne(item: T): Promise<boolean> {
    let outcome: ProcessOutcome;
    try {
      outcome = await o.process(item);
    } catch (err) {
      await recordFailure(item, err);
      return true;
    }
    const set: Record<string, unknown> = { status: 'done', doneAt: new Date(), attempts: item.attempts + 1, ...(outcome?.set ?? {}) };
    const update: Record<string, unknown> = { $set: set };
    if (o.onDoneUnset?.length) update.$unset = Object.fromEntries(o.onDoneUnset.map((f) => [f, 1]));
    return record(item, update);
  }

  async function recordFailure(item: T, err: unknown): Promise<void> {
    const attempts = item.attempts + 1;
    const lastError = safeErrorText(err);
    const tooOld = Date.now() - new Date(item.createdAt).getTime() >= maxAgeMs;
    if (err instanceof PermanentError || attempts >= maxAttempts || tooOld) {
      log.error('item parked', { item: item._id, attempts, error: lastError });
      await o.items.updateOne(
        { _id: item._id, status: 'pending' },
        { $set: { status: 'parked', attempts, lastError, doneAt: new Date() } },
        { writeConcern: DURABLE_WRITE },
      );
      await o.onParked?.(item).catch((e: unknown) => log.error('onParked failed', { item: item._id, error: safeErrorText(e) }));
    } else {
      const delay = err instanceof RetryLaterError ? err.delayMs : backoff(attempts, item);
      log.warn('item failed; will retry', { item: item._id, attempts, delayMs: delay, error: lastError });
      await o.items.updateOne(
        { _id: item._id, status: 'pending' },
        { $set: { attempts, lastError, nextAttemptAt: new Date(Date.now() + delay) } },
        { writeConcern: DURABLE_WRITE },
      );
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
    let lost = false;
    const renewal = setInterval(
      () =>
        void renew(key)
          .then((held) => {
            if (!held) lost = true;
          })
          .catch(() => undefined),
      // At most every 2 s: a live but slow owner whose key was taken over (its heartbeat looked
      // stopped) learns it soon and stops; short drains finish before the first renewal anyway.
      Math.max(100, Math.min(leaseMs / 3, 2000)),
    );
    renewal.unref();
    renewals.add(renewal);
    try {
      while (!stopping && !lost) {
        const head = await o.items.findOne({ key, status: 'pending' }).sort(HEAD_SORT).lean<T>();
        if (!head) break;
        const pendingRecord = unrecorded.get(head._id);
        if (pendingRecord) {
          if (!(await record(head, pendingRecord))) {
            wakeAt(key, new Date(Date.now() + 1000));
            break;
          }
          continue;
        }
        if (head.nextAttemptAt.getTime() > Date.now()) {
          wakeAt(key, head.nextAttemptAt);
          break;
        }
        if (!(await runOne(head))) {
          wakeAt(key, new Date(Date.now() + 1000));
          break;
        }
      }
    } finally {
      clearInterval(renewal);
      renewals.delete(renewal);
      // A halted (killed) instance releases nothing; a key taken over is not ours to release.
      if (!halted && !lost) await o.locks.deleteOne({ _id: key, owner: o.owner }).catch(() => undefined);
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

  /**
   * Keys whose head is due, longest-waiting first. Only the head counts: a key whose head backs off
   * is not due even when later items are (they wait behind it), so it is neither re-locked on every
   * poll nor allowed to crowd keys that can move out of the window. Two steps, so that a poll costs
   * in proportion to the due items (index on status + nextAttemptAt), not to everything pending
   * (e.g. thousands of session timers due later): the keys with any due item, then their heads.
   */
  async function dueKeys(): Promise<string[]> {
    const now = new Date();
    const candidates = await o.items.aggregate<{ _id: string }>([
      { $match: { status: 'pending', nextAttemptAt: { $lte: now } } },
      { $group: { _id: '$key' } },
    ]);
    if (!candidates.length) return [];
    const rows = await o.items.aggregate<{ _id: string }>([
      { $match: { status: 'pending', key: { $in: candidates.map((c) => c._id) } } },
      { $sort: { key: 1, ...HEAD_SORT } },
      { $group: { _id: '$key', dueAt: { $first: '$nextAttemptAt' } } },
      { $match: { dueAt: { $lte: now } } },
      { $sort: { dueAt: 1 } },
      { $limit: 500 },
      { $project: { _id: 1 } },
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

  function stopTimers() {
    stopping = true;
    started = false;
    clearTimeout(pollTimer);
    for (const t of wakeTimers.values()) clearTimeout(t);
    wakeTimers.clear();
    waiting = [];
  }

  return {
    start() {
      if (started) return;
      started = true;
      stopping = false;
      halted = false;
      void poll().finally(schedulePoll);
    },
    async stop() {
      stopTimers();
      await Promise.allSettled([...draining.values()]);
    },
    kick,
    halt() {
      halted = true;
      stopTimers();
      for (const r of renewals) clearInterval(r);
      renewals.clear();
    },
  };
}
