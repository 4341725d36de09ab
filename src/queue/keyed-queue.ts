import { Schema, type Model, type SchemaDefinition } from 'mongoose';
import type { Logger } from '../log/logger';
import { DURABLE_WRITE, driverCollection } from '../store/connection';
import type { Liveness } from './liveness';
import { createBatchUpdater } from './group-commit';
import { createGroupedFind } from '../store/grouped-find';
import { safeErrorText } from './safe-error';

/**
 * A durable queue in MongoDB whose items are processed one key at a time, in `order`, by whichever
 * app instance holds the claim on that key's head item. It serves four collections:
 * - the webhook inbox (key = the event's source, order = event timestamp),
 * - the outbox (key = the recipient, order = enqueue sequence),
 * - timers (key = the timer id, nextAttemptAt = due time),
 * - evidence fetches (key = the case).
 *
 * Claims live on the items (`claimedBy`, `claimUntil`): no lock documents. The instance that stores
 * an item (the one that answered the webhook, or enqueued the message) inserts it already claimed by
 * itself, so in the common case nothing more is written before processing. A worker processes an
 * item only when it is the head of its key and claimed by this instance: its own, or taken with one
 * conditional update (compare-and-set on the claim it read) when the head is unclaimed, its claim
 * ran out, or its claimant is gone (see liveness.ts: taken at once, not after the claim's time). The
 * done (or parked) write clears the claim; a failed attempt releases it for whoever is first when the
 * retry is due. Since only a key's head is ever processed and a head has one claimant, order per key
 * and mutual exclusion hold as a key lock would give them, with one exception handled below: an item
 * stored ahead of a head that another instance may already be processing (an older event arriving
 * late at the other instance, an urgent message), however many items were stored ahead of it. Such a
 * head is handed to that instance, which then serves them one after the other (see `servingBehind`).
 *
 * Exactly-once rests on three things: items are inserted under deterministic `_id`s (a second insert
 * is a duplicate-key no-op), an item is processed only under this instance's claim (renewed while it
 * works; a crashed instance's claims are taken over as soon as its heartbeat stops, or at the latest
 * when they run out), and `process` is idempotent for the rare case where two instances overlapped on
 * an item (a very slow instance judged gone). A failing item is retried with backoff and finally
 * parked with its error; while it waits, later items of the same key wait too, so order is never broken.
 *
 * The head of a key is its pending item with the lowest (`rank`, `order`): `rank` 0 (urgent) goes
 * ahead of the default 1, so an urgent item overtakes routine ones queued before it for the same key.
 *
 * Once `process` succeeded, the item's outcome is recorded ("done"), and that write is retried on its
 * own: a failing bookkeeping write never makes the item run again in this process (for the outbox,
 * running again would mean sending again). The done writes of workers finishing in the same tick are
 * group-committed as one update command (group-commit.ts); each worker still learns only whether its
 * own statement was written.
 *
 * The hot reads and writes go through the driver's collection, not mongoose queries: the documents
 * are written and read as they are stored (no casting, no hydration), which is most of the CPU a
 * command costs the service.
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
  /** The instance that may process this item, until `claimUntil` (absent: anyone may claim it). */
  claimedBy?: string;
  claimUntil?: Date;
}

/** A claim as stored on an item; `claimFields()` gives one to insert items already claimed. */
export interface Claim {
  claimedBy: string;
  claimUntil: Date;
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
      claimedBy: String,
      claimUntil: Date,
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

/** Timings of one queue, with defaults per queue; tests shorten them. */
export interface QueueTuning {
  /** How long a claim holds without renewal (a live instance renews the items in its hands). */
  leaseMs?: number;
  pollMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  /** Keys drained at once by this queue; see WORKER_SLOTS for how the queues share the pool. */
  concurrency?: number;
}

/**
 * Keys drained at once per queue. Together they stay below the connection pool (MAX_POOL_SIZE in
 * store/connection.ts), so a webhook's insert — the write the 200 waits for — never queues behind
 * workers for a connection. With fair scheduling a slot is handed on after each item when other
 * keys wait. The inbox has 40: its workers' head reads, session saves and done writes are grouped
 * per tick, so more conversations in flight make fewer, larger commands (idle machine, 50 reporters,
 * 30 s: 2.1 commands per step and 382-390 steps/s with 40; 2.6 and 333-358 with 20; 4.1-4.2 and
 * 236-238 with 10 before the reads were grouped; 200 reporters: level between 20 and 40).
 */
export const WORKER_SLOTS = { inbox: 40, outbox: 8, timers: 2 } as const;

/** What `process` may ask to be recorded with "done", in the same write (e.g. how it was delivered). */
export type ProcessOutcome = void | { set?: Record<string, unknown> };

export interface KeyedQueueOptions<T extends QueueItem> {
  name: string;
  items: Model<T>;
  owner: string;
  logger: Logger;
  process(item: T): Promise<ProcessOutcome>;
  /** Knows when another owner is gone, to take over its claims before they run out. */
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
  /** See NEW_KEY_HEAD_START_MS (0, the default: plain arrival order). */
  newKeyHeadStartMs?: number;
}

export interface KeyedQueue {
  start(): void;
  /** Stops polling, waits for the items in hand to finish, and releases this instance's other claims. */
  stop(): Promise<void>;
  /** Asks for these keys to be drained now (after an enqueue), instead of at the next poll. */
  kick(keys: Iterable<string>): void;
  /** Whether this instance has work of this key in hand (draining, waiting for a slot, or backing off). */
  busy(key: string): boolean;
  /**
   * The claim to insert new items with, so that this instance processes them without a claiming
   * write; undefined while the queue is not running (a tool, a stopped instance: anyone may take them).
   */
  claimFields(): Claim | undefined;
  /**
   * Stops at once without releasing anything, as a killed process would: no more polls, renewals or
   * items; claims stay until another instance takes them over. For fault tests and tools.
   */
  halt(): void;
}

/** The order in which a key's items are served. */
const HEAD_SORT = { rank: 1, order: 1, _id: 1 } as const;
/**
 * Items a head read takes: the head and up to three behind it, so that a key with a short backlog
 * (a duty group's cards under a surge) needs no second read to see whether another instance serves
 * one of them (see `servingBehind`).
 */
const HEAD_READ = 4;
/**
 * How far ahead of the keys being served again a key not served lately may go in the line for a slot
 * (see createWaitingLine). 0: plain arrival order. Measured on the conversation bench (50 and 200
 * reporters, idle machine): a 1 s head start answered first messages sooner (p50 71-95 ms against
 * 272-334 ms) but every conversation's next step later, so step p95 went from 384-429 to 577-701 ms,
 * steps/s from 236-285 to 186-216, and at 200 reporters the first-step p50 did not improve
 * (1,100 vs 1,075 ms) while the step p99 grew (2,906 vs 1,806 ms). Arrival order serves the
 * flood best; the option stays for a deployment whose traffic is mostly first messages.
 */
export const NEW_KEY_HEAD_START_MS = 0;
/** A key served within this long counts as being served again (its conversation is going on). */
const RECENTLY_SERVED_MS = 60_000;
/** Keys remembered as recently served at most (the oldest are forgotten first): bounded memory. */
const RECENTLY_SERVED_MAX = 20_000;

/**
 * The keys waiting for a slot, in two lines, each in arrival order: keys not served lately (new
 * conversations) and keys served within RECENTLY_SERVED_MS (going on). The next key is the head of
 * the new line unless the head of the other arrived more than `headStartMs` before it: new keys get
 * a head start, and no key waits behind new ones that arrived more than `headStartMs` after it, so a
 * flood of new keys cannot starve the conversations going on.
 */
export function createWaitingLine(headStartMs: number, now: () => number = Date.now) {
  const fresh = new Map<string, number>();
  const goingOn = new Map<string, number>();
  const recent = new Map<string, number>();
  const forgetOld = (t: number) => {
    for (const [k, at] of recent) {
      if (recent.size <= RECENTLY_SERVED_MAX && t - at < RECENTLY_SERVED_MS) break;
      recent.delete(k);
    }
  };
  const first = (m: Map<string, number>) => m.entries().next().value as [string, number] | undefined;
  return {
    get size() {
      return fresh.size + goingOn.size;
    },
    has: (key: string) => fresh.has(key) || goingOn.has(key),
    /** Puts a key in line (a key already in line keeps its place). */
    add(key: string) {
      if (fresh.has(key) || goingOn.has(key)) return;
      const t = now();
      const at = recent.get(key);
      (at !== undefined && t - at < RECENTLY_SERVED_MS ? goingOn : fresh).set(key, t);
    },
    /** Notes that an item of this key was just served. */
    served(key: string) {
      const t = now();
      recent.delete(key); // re-inserted at the end: the map stays in order of last service
      recent.set(key, t);
      forgetOld(t);
    },
    /** Removes and returns the next key to serve. */
    take(): string | undefined {
      const f = first(fresh);
      const a = first(goingOn);
      const pick = f && (!a || f[1] - headStartMs <= a[1]) ? f : a;
      if (!pick) return undefined;
      (pick === f ? fresh : goingOn).delete(pick[0]);
      return pick[0];
    },
    clear() {
      fresh.clear();
      goingOn.clear();
    },
  };
}

/** Waits between tries of the bookkeeping write after a successful `process`. */
const RECORD_RETRY_MS = [50, 200, 800];
/** Due keys a poll kicks at most, out of at most this many due heads read (in one batch). */
const POLL_KEYS = 500;
const POLL_HEADS = 2000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const CLEAR_CLAIM = { claimedBy: 1, claimUntil: 1 } as const;

export const exponentialBackoff =
  (baseMs: number, capMs: number, jitter = 0.2) =>
  (attempts: number) => {
    const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(raw * (1 - jitter + Math.random() * 2 * jitter));
  };

/** A claim still holding at `now` (ms). */
const holds = (item: QueueItem, now: number) => !!item.claimedBy && !!item.claimUntil && item.claimUntil.getTime() > now;

/** An item being processed here since `since`, claimed until `until`; `lost` once another instance took it. */
interface InHand {
  id: string;
  since: number;
  until: number;
  lost: boolean;
}

export function createKeyedQueue<T extends QueueItem>(o: KeyedQueueOptions<T>): KeyedQueue {
  const leaseMs = o.leaseMs ?? 30_000;
  const maxAttempts = o.maxAttempts ?? 5;
  const maxAgeMs = o.maxAgeMs ?? Number.POSITIVE_INFINITY;
  const backoff = o.backoffMs ?? exponentialBackoff(250, 4000);
  const pollMs = o.pollMs ?? 500;
  const concurrency = o.concurrency ?? 16;
  // At most every 2 s: a live but slow owner whose item was taken over (its heartbeat looked stopped)
  // learns it soon and stops draining; short items finish before their first renewal anyway.
  const renewMs = Math.max(100, Math.min(leaseMs / 3, 2000));
  const log = o.logger.child({ queue: o.name });

  const coll = () => driverCollection(o.items);

  const draining = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const wakeTimers = new Map<string, NodeJS.Timeout>();
  /** Items processed here whose "done" could not be written yet: recorded, never processed again. */
  const unrecorded = new Map<string, Record<string, unknown>>();
  const waiting = createWaitingLine(o.newKeyHeadStartMs ?? NEW_KEY_HEAD_START_MS);
  const inHand = new Map<string, InHand>();
  let pollTimer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  let started = false;
  let halted = false;

  const gone = (owner: string) => (o.liveness ? o.liveness.isGone(owner) : Promise.resolve(false));

  /**
   * Moves the claim of `item` from the one read (`item.claimedBy`/`claimUntil`, or none) to `to`:
   * compare-and-set, so it fails when anyone changed the claim since it was read.
   */
  async function setClaim(item: T, to: string): Promise<number | undefined> {
    const filter: Record<string, unknown> = { _id: item._id, status: 'pending', claimedBy: item.claimedBy ?? null };
    if (item.claimedBy) filter.claimUntil = item.claimUntil;
    const until = Date.now() + leaseMs;
    const r = await coll().updateOne(filter as never, { $set: { claimedBy: to, claimUntil: new Date(until) } } as never);
    return r.modifiedCount === 1 ? until : undefined;
  }

  /**
   * The instance that may be serving an item of this key behind `head`: an item claimed by another
   * instance (claim holding) and stored before the head may be in that instance's hands (it was the
   * head until this one and maybe others were stored ahead of it, e.g. older events arriving late
   * here, an urgent message). Stored after the head, it cannot have been the head: it waits, as every
   * item behind a head does. `behind` are the items right after the head (read with it, up to
   * HEAD_READ - 1 of them): when they are all the key has, they are the whole answer; when there may
   * be more, the one in the other's hands may be further back, and one more read looks at the rest
   * of the key. A key with up to HEAD_READ items (the common case) costs nothing here.
   */
  async function servingBehind(head: T, behind: readonly T[], now: number): Promise<string | undefined> {
    if (!behind.length) return undefined;
    const storedBefore = (i: T) => i.createdAt.getTime() < head.createdAt.getTime();
    const served = behind.find((b) => b.claimedBy && b.claimedBy !== o.owner && holds(b, now) && storedBefore(b));
    if (served) return served.claimedBy;
    if (behind.length < HEAD_READ - 1) return undefined;
    const [other] = (await coll()
      .find(
        {
          key: head.key,
          status: 'pending',
          _id: { $ne: head._id },
          claimedBy: { $nin: [null, o.owner] },
          claimUntil: { $gt: new Date(now) },
          createdAt: { $lt: head.createdAt },
        } as never,
        { sort: { createdAt: 1 }, limit: 1, projection: { claimedBy: 1 } },
      )
      .toArray()) as unknown as Array<Pick<T, 'claimedBy'>>;
    return other?.claimedBy ?? undefined;
  }

  /**
   * Whether this instance may process `head` now, claiming it if need be. `behind` are the items after it.
   * - claimed by another instance that is alive and within its claim: that instance serves it;
   * - an item behind it may be in another live instance's hands (see `servingBehind`): the head is
   *   handed to that instance, which serves them one after the other, instead of running beside it;
   * - otherwise it is ours: already claimed by us for long enough, or claimed now.
   * Returns until when our claim holds, or undefined when this instance must leave the key.
   */
  async function mayProcess(head: T, behind: readonly T[]): Promise<number | undefined> {
    const now = Date.now();
    const ours = head.claimedBy === o.owner;
    if (!ours && holds(head, now) && !(await gone(head.claimedBy!))) return undefined;
    const other = await servingBehind(head, behind, now);
    if (other && !(await gone(other))) {
      if (await setClaim(head, other)) log.info('handed a head to the instance serving an item behind it', { item: head._id });
      return undefined;
    }
    if (ours && head.claimUntil && head.claimUntil.getTime() - now > leaseMs / 2) return head.claimUntil.getTime();
    const taken = await setClaim(head, o.owner);
    if (taken && head.claimedBy && !ours && holds(head, now)) log.warn('took over an item from a gone instance', { item: head._id, gone: head.claimedBy });
    return taken;
  }

  /**
   * Renews the claims of the items in hand for a tick or more, or whose claim would run out within two
   * ticks; one timer per queue, and an item done within a tick costs no renewal. A renewal that finds
   * the claim taken tells a live but slow instance (judged gone) to stop draining that key.
   */
  async function renewAll(): Promise<void> {
    for (const h of inHand.values()) {
      const now = Date.now();
      if (h.lost || (now - h.since < renewMs && h.until - now > 2 * renewMs)) continue;
      try {
        const until = Date.now() + leaseMs;
        const r = await coll().updateOne({ _id: h.id, status: 'pending', claimedBy: o.owner } as never, { $set: { claimUntil: new Date(until) } } as never);
        if (r.matchedCount !== 1) h.lost = true;
        else h.until = until;
      } catch {
        // The next tick tries again; the claim lasts leaseMs, three ticks at least.
      }
    }
  }

  /**
   * The "done" writes of this queue's workers, group-committed: those of one tick go as one update
   * command. Nothing here looks at what a done write matched (a second run of an item, after a
   * takeover, finds it done and matches nothing, which is fine), so the command's totals are enough;
   * a statement that failed is reported to its own caller, by its index.
   */
  const writeDone = createBatchUpdater(() => coll() as never);

  /**
   * A key's head and the items behind it (HEAD_READ in all), grouped: the workers that move on together after their
   * grouped done writes read their next keys' heads in one find.
   */
  const readHead = createGroupedFind(() => coll() as never, { field: 'key', filter: { status: 'pending' }, sort: HEAD_SORT, perKey: HEAD_READ });

  /** Records a finished item, retrying the write a few times; false if it still could not be written. */
  async function record(item: T, update: Record<string, unknown>): Promise<boolean> {
    for (let i = 0; ; i++) {
      try {
        await writeDone({ _id: item._id, status: 'pending' }, update);
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

  /** Processes one item under our claim; false if its outcome could not be recorded. */
  async function runOne(item: T, hand: InHand): Promise<boolean> {
    let outcome: ProcessOutcome;
    inHand.set(item._id, hand);
    try {
      outcome = await o.process(item);
    } catch (err) {
      inHand.delete(item._id);
      await recordFailure(item, err);
      return true;
    }
    inHand.delete(item._id);
    const set: Record<string, unknown> = { status: 'done', doneAt: new Date(), attempts: item.attempts + 1, ...(outcome?.set ?? {}) };
    const unset: Record<string, 1> = { ...CLEAR_CLAIM };
    if (o.onDoneUnset) for (const f of o.onDoneUnset) unset[f] = 1;
    return record(item, { $set: set, $unset: unset });
  }

  async function recordFailure(item: T, err: unknown): Promise<void> {
    const attempts = item.attempts + 1;
    const lastError = safeErrorText(err);
    const tooOld = Date.now() - new Date(item.createdAt).getTime() >= maxAgeMs;
    if (err instanceof PermanentError || attempts >= maxAttempts || tooOld) {
      log.error('item parked', { item: item._id, attempts, error: lastError });
      await coll().updateOne(
        { _id: item._id, status: 'pending' } as never,
        { $set: { status: 'parked', attempts, lastError, doneAt: new Date() }, $unset: CLEAR_CLAIM } as never,
        { writeConcern: DURABLE_WRITE },
      );
      await o.onParked?.(item).catch((e: unknown) => log.error('onParked failed', { item: item._id, error: safeErrorText(e) }));
    } else {
      const delay = err instanceof RetryLaterError ? err.delayMs : backoff(attempts, item);
      log.warn('item failed; will retry', { item: item._id, attempts, delayMs: delay, error: lastError });
      // The claim is released: whichever instance first finds the retry due takes it.
      await coll().updateOne(
        { _id: item._id, status: 'pending' } as never,
        { $set: { attempts, lastError, nextAttemptAt: new Date(Date.now() + delay) }, $unset: CLEAR_CLAIM } as never,
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
    while (!stopping) {
      // Whatever is enqueued for this key from now on kicks it again, and is seen by this find.
      again.delete(key);
      // The head and what is behind it, in one read: a key with one item needs no second look.
      const [head, ...behind] = (await readHead(key)) as unknown as T[];
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
      // Another instance's head (it serves it; if it dies, a poll here takes it over).
      const until = await mayProcess(head, behind);
      if (until === undefined) break;
      const hand: InHand = { id: head._id, since: Date.now(), until, lost: false };
      const recorded = await runOne(head, hand);
      waiting.served(key);
      if (!recorded) {
        wakeAt(key, new Date(Date.now() + 1000));
        break;
      }
      // Taken over meanwhile (this instance was judged gone): the key is another's now.
      if (hand.lost) break;
      // No second look unless something was behind the head or was kicked meanwhile: most keys hold
      // one item (a chat's one event, one reply); an item another instance enqueued meanwhile is
      // found by the next poll.
      if (!behind.length && !again.has(key)) break;
      // Fair: when other keys wait for a slot, this one gives its slot up and gets in line again
      // (a fast chat is never drained for its whole conversation while new ones wait; see
      // createWaitingLine for the order of the line).
      if (waiting.size) {
        again.add(key);
        break;
      }
    }
  }

  function startDrain(key: string) {
    if (draining.has(key)) {
      again.add(key); // new work arrived while this key was being drained: go round once more
      return;
    }
    if (draining.size >= concurrency) {
      waiting.add(key);
      return;
    }
    const p = drainKey(key)
      .catch((err: unknown) => {
        log.error('drain failed', { error: safeErrorText(err) });
      })
      .finally(() => {
        draining.delete(key);
        if (stopping) return;
        // The next in line (see createWaitingLine); this one, if it has more, queues behind those waiting.
        const next = waiting.take();
        if (next !== undefined) startDrain(next);
        if (again.delete(key)) startDrain(key);
      });
    draining.set(key, p);
  }

  function kick(keys: Iterable<string>) {
    // Not started (a tool, a benchmark of the ingest path, a test's "crashed" instance): stored only.
    if (stopping || !started) return;
    for (const k of keys) startDrain(k);
  }

  /**
   * A poll's due keys. A key being drained here is left alone: its due head is most likely the item
   * in hand, and going round again would cost a find for nothing; anything really new for it is due
   * again at the next poll, after this drain.
   */
  function kickDue(keys: Iterable<string>) {
    if (stopping || !started) return;
    for (const k of keys) if (!draining.has(k) && !waiting.has(k)) startDrain(k);
  }

  /**
   * Keys whose head is due and may be ours, longest-waiting first. Only the head counts: a key whose
   * head backs off is not due even when later items are (they wait behind it), so it is neither read
   * on every poll nor allowed to crowd keys that can move out of the window. A head another live
   * instance holds a claim on is that instance's to serve (left out, unless its claimant is gone).
   * Two steps, so that a poll costs in proportion to the due items (index on status +
   * nextAttemptAt), not to everything pending (e.g. thousands of session timers due later): the keys
   * with any due item, then their heads.
   */
  async function dueKeys(): Promise<string[]> {
    const now = new Date();
    const candidates = await o.items.aggregate<{ _id: string }>([
      { $match: { status: 'pending', nextAttemptAt: { $lte: now } } },
      { $group: { _id: '$key' } },
    ], { batchSize: POLL_HEADS });
    if (!candidates.length) return [];
    const rows = await o.items.aggregate<{ _id: string; by: string | null; until: Date | null }>([
      { $match: { status: 'pending', key: { $in: candidates.map((c) => c._id) } } },
      { $sort: { key: 1, ...HEAD_SORT } },
      { $group: { _id: '$key', dueAt: { $first: '$nextAttemptAt' }, by: { $first: '$claimedBy' }, until: { $first: '$claimUntil' } } },
      { $match: { dueAt: { $lte: now } } },
      { $sort: { dueAt: 1 } },
      { $limit: POLL_HEADS },
    ], { batchSize: POLL_HEADS });
    const keys: string[] = [];
    for (const r of rows) {
      if (keys.length >= POLL_KEYS) break;
      const othersValid = r.by && r.by !== o.owner && r.until && new Date(r.until).getTime() > now.getTime();
      if (othersValid && !(await gone(r.by!))) continue;
      keys.push(r._id);
    }
    return keys;
  }

  async function poll() {
    try {
      kickDue(await dueKeys());
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
    clearInterval(renewTimer);
    for (const t of wakeTimers.values()) clearTimeout(t);
    wakeTimers.clear();
    waiting.clear();
  }

  return {
    start() {
      if (started) return;
      started = true;
      stopping = false;
      halted = false;
      renewTimer = setInterval(() => void renewAll(), renewMs);
      renewTimer.unref();
      void poll().finally(schedulePoll);
    },
    async stop() {
      const wasRunning = started;
      stopTimers();
      await Promise.allSettled([...draining.values()]);
      // Items stored here but not served: anyone may take them at once (the heartbeat goes too).
      if (wasRunning) {
        await coll()
          .updateMany({ status: 'pending', claimedBy: o.owner } as never, { $unset: CLEAR_CLAIM } as never)
          .catch((err: unknown) => log.warn('could not release claims', { error: safeErrorText(err) }));
      }
    },
    kick,
    busy: (key) => draining.has(key) || waiting.has(key) || wakeTimers.has(key) || again.has(key),
    claimFields: () => (started && !stopping ? { claimedBy: o.owner, claimUntil: new Date(Date.now() + leaseMs) } : undefined),
    halt() {
      halted = true;
      stopTimers();
    },
  };
}
