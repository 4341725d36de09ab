import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Message } from '../bot/context';
import { DURABLE_WRITE, driverCollection } from '../store/connection';
import { unstoredIndexes } from '../store/write-errors';
import { MessageLimitError } from '../line/limits';
import { LineApiError, type Messenger } from '../line/messenger';
import type { Logger } from '../log/logger';
import { createKeyedQueue, WORKER_SLOTS, exponentialBackoff, PermanentError, queueSchema, type KeyedQueue, type ProcessOutcome, type QueueItem, type QueueTuning } from '../queue/keyed-queue';
import type { Liveness } from '../queue/liveness';
import type { Outbox, OutboxItem } from './types';

/**
 * Durable delivery. Every message the service sends is first stored here under a deterministic id,
 * then delivered per recipient in the order it was written (urgent items ahead of routine ones of
 * the same recipient). Pushes carry an `X-Line-Retry-Key` derived from the item id, so a retry after
 * a lost answer gets 409 from LINE instead of a second copy. 429, 5xx, timeouts and network errors
 * retry with backoff and jitter (quick at first: LINE's 429 is short); other 4xx park the item.
 * How a reply whose outcome is unknown is settled: see `settleFailedReply`, the one place deciding it.
 */
export interface OutboxDoc extends QueueItem {
  to?: string;
  messages?: Message[];
  replyToken?: string;
  replyTokenExpiresAt?: Date;
  /** Set just before each reply is sent: a later attempt knows an earlier one may have used the token. */
  replyTriedAt?: Date;
  retryKey: string;
  via?: 'reply' | 'push';
  notificationDisabled?: boolean;
}

const RETENTION_SECONDS = 3 * 24 * 3600;
/** LINE accepts at most five messages per call. */
const MAX_PER_CALL = 5;
/**
 * How long a reply may take before its outcome counts as unknown. LINE usually answers well under a
 * second; waiting long here is what keeps a slow answer from turning into a retry (and a possible
 * second copy). The service passes max(LINE_TIMEOUT_MS, this).
 */
export const REPLY_TIMEOUT_MS = 20_000;
/** A retry key is valid 24 h at LINE: retrying a push later than that could deliver it twice. */
const MAX_AGE_MS = 23 * 3600_000;

/** urgent items go ahead of routine ones within a recipient (the queue serves lower ranks first). */
const RANK = { urgent: 0, routine: 1 } as const;

/** LINE group ids start with C, room ids with R, user ids with U. */
const isGroupChat = (to: string) => !to.startsWith('U');

/**
 * Backoff per recipient. The first retries come quickly (LINE's 429 is per channel and short); the
 * ceiling is low for groups and rooms, where one recipient carries every case's card and every
 * officer's answer, so a failing message never holds a duty group for more than `groupCapMs`.
 */
export function outboxBackoff(baseMs: number, userCapMs: number, groupCapMs: number) {
  const user = exponentialBackoff(baseMs, userCapMs, 0.3);
  const group = exponentialBackoff(baseMs, groupCapMs, 0.3);
  return (attempts: number, item: { key: string }) => (isGroupChat(item.key) ? group(attempts) : user(attempts));
}

export function outboxModel(conn: Connection): Model<OutboxDoc> {
  if (conn.models.OutboxMessage) return conn.models.OutboxMessage as Model<OutboxDoc>;
  const schema = queueSchema<OutboxDoc>(
    'outbox',
    {
      to: String,
      messages: Schema.Types.Mixed,
      replyToken: String,
      replyTokenExpiresAt: Date,
      replyTriedAt: Date,
      retryKey: { type: String, required: true },
      via: String,
      notificationDisabled: Boolean,
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

/** A chat's reply that the inbox worker sends itself once the step is decided (no outbox round). */
export interface DirectReply {
  id: string;
  to: string;
  messages: Message[];
  replyToken: string;
  replyTokenExpiresAt: Date;
}

export interface DurableOutbox extends Outbox {
  readonly queue: KeyedQueue;
  /**
   * Holds a reply for the inbox worker to send after the step (`release`, `sendReply`). False when
   * this instance still has messages for that chat in hand (the reply must not overtake them).
   * While held, any message enqueued to the same chat first enqueues the held reply, so the order
   * the feature produced is kept.
   */
  hold(reply: DirectReply): boolean;
  /** The held reply, if it is still held (not enqueued meanwhile); it is held no more. */
  release(id: string): DirectReply | undefined;
  /**
   * Sends a released reply now. Any failure hands it to the outbox with what is known about the
   * token (`settleFailedReply` decides there, as for every reply); throws only if that enqueue fails.
   */
  sendReply(reply: DirectReply): Promise<'sent' | 'queued'>;
}

export interface OutboxOptions extends QueueTuning {
  conn: Connection;
  messenger: Messenger;
  owner: string;
  logger: Logger;
  liveness?: Liveness;
  /** Ceiling of the backoff for 1:1 chats (and for groups, if `groupBackoffCapMs` is not given). */
  backoffCapMs?: number;
  groupBackoffCapMs?: number;
  replyTimeoutMs?: number;
}

/** What to do after a reply failed. */
type ReplyVerdict = 'delivered' | 'retry-reply' | 'push' | 'park';

/**
 * The one place that decides what a failed reply means. A reply token is single use; an earlier
 * attempt of ours (`triedBefore`: timed out, lost its answer, or ran just before a crash) may have
 * used it. While the token is fresh, sending the same reply again settles an unknown outcome exactly:
 * 200 means the earlier one had not landed; "Invalid reply token" means it had (the token is spent).
 * - 200 ............................................. delivered (by reply)
 * - 400 "Invalid reply token", tried before ......... delivered by the earlier attempt: nothing more
 * - 400 "Invalid reply token", first try ............ the token was never usable: push (nothing went out)
 * - timeout, network error, 5xx ..................... unknown: retry the reply with the same token soon
 * - 429 ............................................. not processed: retry the reply soon
 * - any other 4xx ................................... the reply surely failed: push
 * - token expired after an unknown outcome .......... cannot be settled any more: push (a second copy
 *   is possible, and is the price of never losing a message; it needs LINE to be slower than
 *   REPLY_TIMEOUT_MS and then unusable until the token's end)
 */
export function settleFailedReply(err: unknown, triedBefore: boolean): ReplyVerdict {
  if (err instanceof MessageLimitError) return 'park';
  if (!(err instanceof LineApiError)) throw err;
  if (err.kind !== 'http') return 'retry-reply';
  if (err.status === 400 && err.lineMessage === 'Invalid reply token') return triedBefore ? 'delivered' : 'push';
  if (err.status === 429 || (err.status ?? 0) >= 500) return 'retry-reply';
  return 'push';
}

let lastOrder = 0;
/** Strictly increasing within a process (microsecond-scaled clock); instances' clocks order the rest. */
const nextOrder = () => (lastOrder = Math.max(lastOrder + 1, Date.now() * 1000));

export function createOutbox(o: OutboxOptions): DurableOutbox {
  const items = outboxModel(o.conn);
  const log = o.logger.child({ queue: 'outbox' });

  const replyTimeoutMs = o.replyTimeoutMs ?? REPLY_TIMEOUT_MS;
  const limitRefused = (err: MessageLimitError) => new PermanentError(`message refused before sending: ${err.problems.join('; ')}`);

  async function deliver(item: OutboxDoc): Promise<ProcessOutcome> {
    if (!item.to || !item.messages) return;
    const fresh = !!item.replyToken && !!item.replyTokenExpiresAt && item.replyTokenExpiresAt.getTime() > Date.now();
    const triedBefore = item.replyTriedAt !== undefined;
    if (item.replyToken && fresh) {
      // Written before the send: after a crash right after it, the next attempt knows the token may be spent.
      await driverCollection(items).updateOne({ _id: item._id }, { $set: { replyTriedAt: new Date() } }, { writeConcern: DURABLE_WRITE });
      try {
        await o.messenger.reply(item.replyToken, item.messages, { timeoutMs: replyTimeoutMs });
        return { set: { via: 'reply' } };
      } catch (err) {
        const verdict = settleFailedReply(err, triedBefore);
        if (verdict === 'delivered') {
          log.info('reply token spent by an earlier attempt: counted as delivered', { item: item._id });
          return { set: { via: 'reply' } };
        }
        if (verdict === 'park') throw limitRefused(err as MessageLimitError);
        if (verdict === 'retry-reply') {
          // 429: LINE did not take it, so this try did not spend the token.
          if (err instanceof LineApiError && err.status === 429 && !triedBefore) {
            await driverCollection(items).updateOne({ _id: item._id }, { $unset: { replyTriedAt: 1 } }, { writeConcern: DURABLE_WRITE });
          }
          throw err;
        }
        // 'push': this message goes by push from now on, also in later attempts (which must not read
        // the token's "Invalid reply token" as spent by this one).
        await driverCollection(items).updateOne({ _id: item._id }, { $unset: { replyToken: 1 } }, { writeConcern: DURABLE_WRITE });
      }
    }
    try {
      await o.messenger.push(item.to, item.messages, item.retryKey, item.notificationDisabled ? { notificationDisabled: true } : undefined);
      return { set: { via: 'push' } };
    } catch (err) {
      if (err instanceof LineApiError && !err.retryable) throw new PermanentError(err.message);
      // A message that breaks LINE's limits will never be accepted: park it (our bug, visible in logs).
      if (err instanceof MessageLimitError) throw limitRefused(err);
      throw err;
    }
  }

  /** Held replies by chat (the inbox serialises a chat's events, so one at a time per chat). */
  const held = new Map<string, DirectReply>();

  const queue = createKeyedQueue<OutboxDoc>({
    name: 'outbox',
    items,
    owner: o.owner,
    logger: o.logger,
    liveness: o.liveness,
    leaseMs: o.leaseMs,
    concurrency: o.concurrency ?? WORKER_SLOTS.outbox,
    pollMs: o.pollMs,
    // Without a configured limit, only age parks a failing message (LINE down for hours loses nothing).
    maxAttempts: o.maxAttempts ?? Number.POSITIVE_INFINITY,
    maxAgeMs: MAX_AGE_MS,
    backoffMs: outboxBackoff(o.backoffBaseMs ?? 250, o.backoffCapMs ?? 60_000, o.groupBackoffCapMs ?? o.backoffCapMs ?? 10_000),
    // Delivered: the messages (personal data) are not kept.
    onDoneUnset: ['messages', 'replyToken'],
    process: deliver,
  });

  const asItem = (r: DirectReply, replyTriedAt?: Date): OutboxItem => ({
    id: r.id,
    to: r.to,
    messages: r.messages,
    replyToken: r.replyToken,
    replyTokenExpiresAt: r.replyTokenExpiresAt,
    ...(replyTriedAt ? { replyTriedAt } : {}),
  });

  async function enqueue(input: OutboxItem[]): Promise<void> {
    // A held reply to a chat goes ahead of anything else enqueued to that chat meanwhile.
    const batch: OutboxItem[] = [];
    for (const it of input) {
      const h = held.get(it.to);
      if (h) {
        held.delete(it.to);
        if (h.id !== it.id) batch.push(asItem(h));
      }
      batch.push(it);
    }
    {
      const now = new Date();
      // Stored already claimed by this instance: its worker delivers them without a claiming write.
      const claim = queue.claimFields();
      const docs = batch.flatMap((it) => {
        const chunks: Message[][] = [];
        for (let i = 0; i < it.messages.length; i += MAX_PER_CALL) chunks.push(it.messages.slice(i, i + MAX_PER_CALL));
        return chunks.map((messages, i) => {
          const id = i === 0 ? it.id : `${it.id}#${i + 1}`;
          return {
            _id: id,
            key: it.to,
            order: nextOrder(),
            rank: it.priority === 'urgent' ? RANK.urgent : RANK.routine,
            status: 'pending' as const,
            attempts: 0,
            nextAttemptAt: now,
            createdAt: now,
            to: it.to,
            messages,
            retryKey: retryKeyFor(id),
            ...(it.notificationDisabled ? { notificationDisabled: true } : {}),
            ...(i === 0 && it.replyToken ? { replyToken: it.replyToken, replyTokenExpiresAt: it.replyTokenExpiresAt } : {}),
            ...(i === 0 && it.replyToken && it.replyTriedAt ? { replyTriedAt: it.replyTriedAt } : {}),
            ...claim,
          };
        });
      });
      if (!docs.length) return;
      try {
        await driverCollection(items).insertMany(docs as never[], { ordered: false, writeConcern: DURABLE_WRITE });
      } catch (err) {
        // Duplicates are items enqueued before (a re-run of the same cause): already stored.
        if (unstoredIndexes(err, docs.length)?.length !== 0) throw err;
      }
      queue.kick(new Set(docs.map((d) => d.key)));
    }
  }

  return {
    queue,
    enqueue,
    hold(reply) {
      if (held.has(reply.to) || queue.busy(reply.to)) return false;
      held.set(reply.to, reply);
      return true;
    },
    release(id) {
      for (const [to, r] of held) {
        if (r.id !== id) continue;
        held.delete(to);
        return r;
      }
      return undefined;
    },
    async sendReply(reply) {
      try {
        await o.messenger.reply(reply.replyToken, reply.messages, { timeoutMs: replyTimeoutMs });
        return 'sent';
      } catch (err) {
        // The same verdicts as the outbox's own first try; the outbox then carries them out.
        let verdict: ReplyVerdict;
        try {
          verdict = settleFailedReply(err, false);
        } catch {
          verdict = 'retry-reply'; // not a LINE answer: whether it went out is unknown
        }
        const status = err instanceof LineApiError ? err.status : undefined;
        log.warn('direct reply failed; handed to the outbox', { item: reply.id, verdict, status });
        if (verdict === 'push') {
          await enqueue([{ id: reply.id, to: reply.to, messages: reply.messages }]);
        } else {
          // 'retry-reply' after a timeout, network error or 5xx: the token may be spent; after 429 or
          // a refusal before sending ('park', which the outbox's own try reaches again): it is not.
          const unknown = verdict === 'retry-reply' && status !== 429;
          await enqueue([asItem(reply, unknown ? new Date() : undefined)]);
        }
        return 'queued';
      }
    },
  };
}

/**
 * A reply kept with an inbox item whose processing may have been cut short after it (a crash, a
 * lost record): it may have gone out, so the outbox settles it as tried before (`settleFailedReply`).
 */
export function triedReply(r: DirectReply): OutboxItem {
  return { id: r.id, to: r.to, messages: r.messages, replyToken: r.replyToken, replyTokenExpiresAt: new Date(r.replyTokenExpiresAt), replyTriedAt: new Date() };
}
