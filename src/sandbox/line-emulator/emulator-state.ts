import type { messagingApi, webhook } from '@line/bot-sdk';
import { newReplyToken } from './ids';

/** Everything the emulated LINE platform remembers. Plain in-memory data; the routes decide behaviour. */

export interface Delivery {
  to: string;
  via: 'reply' | 'push';
  messages: messagingApi.Message[];
  retryKey?: string;
  /** The push or reply asked LINE to deliver without sound or vibration. */
  notificationDisabled?: boolean;
  at: Date;
  /** The x-line-request-id LINE answered with. */
  requestId: string;
}

/**
 * Which calls a fault targets: an endpoint name — push, reply, profile (profile and group member),
 * content, group, richmenu, loading — or a request path prefix starting with "/".
 */
export type FaultPath = 'push' | 'reply' | 'profile' | 'content' | (string & {});

export interface Fault {
  path: FaultPath;
  /** How many matching calls it affects (default 1). */
  times?: number;
  /** Answer with this status instead of handling the call (default 500 when neither delayMs nor acceptThenFail). */
  status?: number;
  /** Hold the call this long before handling it (to drive client timeouts). */
  delayMs?: number;
  /** Handle the call (record the delivery, accept the retry key), then answer `status ?? 500`. */
  acceptThenFail?: boolean;
  /**
   * Handle the call at once, but hold the answer this long (LINE did the work; its answer is late).
   * Alone it slows the answer only; with `status` or `acceptThenFail` the late answer is that failure.
   */
  answerDelayMs?: number;
  /**
   * Affect each matching call with this probability (0..1) instead of every one, drawn from a
   * generator seeded with `seed` (default 1), so a run is repeatable. `times` still bounds the uses.
   */
  rate?: number;
  seed?: number;
}

/** One line of a chat as the browser page shows it: what users sent (webhook events) and what the bot sent. */
export type TranscriptItem =
  | { seq: number; at: string; chatId: string; direction: 'in'; event: webhook.Event; note?: string }
  | { seq: number; at: string; chatId: string; direction: 'out'; via: 'reply' | 'push'; message: messagingApi.Message; silent?: true };

export interface RichMenu {
  richMenuId: string;
  definition: Record<string, unknown>;
  image?: { contentType: string; size: number; data: Buffer };
}

interface Accepted {
  requestId: string;
  at: number;
  sentMessages: Array<{ id: string; quoteToken: string }>;
}

/** mulberry32: a tiny deterministic generator, so fault runs repeat exactly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RETRY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** The page only needs recent history; a long-running sandbox must not grow without bound. */
export const TRANSCRIPT_LIMIT = 5000;
/**
 * Deliveries kept for `deliveries()` (tests and the bench read them; a test harness resets the
 * emulator long before this): a sandbox left running for days keeps the newest ones only.
 */
export const DELIVERIES_LIMIT = 20_000;
/** Unused reply tokens and accepted retry keys past their lifetime are dropped once per this many new ones. */
const PRUNE_EVERY = 1000;

/**
 * The last `limit` items in arrival order, each push O(1): once full, the newest overwrites the
 * oldest. (Trimming an array at its front moved all 5,000 items on every message.)
 */
class Ring<T> {
  private items: T[] = [];
  /** Index of the oldest item once the ring is full; 0 before. */
  private head = 0;

  constructor(private readonly limit: number) {}

  push(item: T): void {
    if (this.items.length < this.limit) this.items.push(item);
    else {
      this.items[this.head] = item;
      this.head = (this.head + 1) % this.limit;
    }
  }

  /** The items, oldest first, that pass `keep`. */
  filter(keep: (item: T) => boolean): T[] {
    const out: T[] = [];
    const n = this.items.length;
    for (let i = 0; i < n; i++) {
      const item = this.items[(this.head + i) % n] as T;
      if (keep(item)) out.push(item);
    }
    return out;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

export class EmulatorState {
  readonly profiles = new Map<string, string>();
  readonly groups = new Map<string, { name: string; members: Map<string, string> }>();
  readonly contents = new Map<string, { contentType: string; data: Buffer }>();
  readonly richMenus = new Map<string, RichMenu>();
  readonly userRichMenus = new Map<string, string>();
  defaultRichMenuId: string | undefined;

  private tokens = new Map<string, { to: string; issuedAt: number }>();
  private accepted = new Map<string, Accepted>();
  private faults: Array<Fault & { remaining: number; draw?: () => number }> = [];
  private delivered = new Ring<Delivery>(DELIVERIES_LIMIT);
  private sincePrune = 0;
  private transcript = new Ring<TranscriptItem>(TRANSCRIPT_LIMIT);
  private seq = 0;
  private listeners = new Set<(d: Delivery) => void>();

  constructor(
    readonly now: () => number,
    private readonly replyTokenTtlMs: number,
  ) {}

  issueReplyToken(to: string): string {
    const token = newReplyToken();
    this.tokens.set(token, { to, issuedAt: this.now() });
    this.pruneNowAndThen();
    return token;
  }

  /** What the emulator holds that a long run could pile up (for tests of its bounds). */
  held(): { replyTokens: number; retryKeys: number; deliveries: number } {
    return { replyTokens: this.tokens.size, retryKeys: this.accepted.size, deliveries: this.delivered.filter(() => true).length };
  }

  /** A token LINE would no longer take and a retry key past its day are never asked for again. */
  private pruneNowAndThen(): void {
    if (++this.sincePrune < PRUNE_EVERY) return;
    this.sincePrune = 0;
    const now = this.now();
    for (const [token, t] of this.tokens) if (now - t.issuedAt >= this.replyTokenTtlMs) this.tokens.delete(token);
    for (const [key, a] of this.accepted) if (now - a.at >= RETRY_KEY_TTL_MS) this.accepted.delete(key);
  }

  /** The chat a token answers into, if it is unused and younger than the TTL. */
  replyTarget(token: string): string | undefined {
    const t = this.tokens.get(token);
    return t && this.now() - t.issuedAt < this.replyTokenTtlMs ? t.to : undefined;
  }

  consumeReplyToken(token: string): void {
    this.tokens.delete(token);
  }

  acceptedRetryKey(key: string): Accepted | undefined {
    const a = this.accepted.get(key);
    return a && this.now() - a.at < RETRY_KEY_TTL_MS ? a : undefined;
  }

  acceptRetryKey(key: string, a: Omit<Accepted, 'at'>): void {
    this.accepted.set(key, { ...a, at: this.now() });
    this.pruneNowAndThen();
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1, ...(fault.rate !== undefined ? { draw: seededRandom(fault.seed ?? 1) } : {}) });
  }

  /** Takes one use of the first fault matching this endpoint or path (and, with a rate, drawn). */
  takeFault(route: string, path: string): Fault | undefined {
    const f = this.faults.find(
      (x) =>
        x.remaining > 0 &&
        (x.path === route || (x.path.startsWith('/') && path.startsWith(x.path))) &&
        (x.draw === undefined || x.draw() < (x.rate ?? 1)),
    );
    if (!f) return undefined;
    f.remaining -= 1;
    this.faults = this.faults.filter((x) => x.remaining > 0);
    return f;
  }

  record(d: Delivery): void {
    this.delivered.push(d);
    for (const message of d.messages) {
      this.transcript.push({ seq: ++this.seq, at: this.stamp(), chatId: d.to, direction: 'out', via: d.via, message, ...(d.notificationDisabled ? { silent: true as const } : {}) });
    }
    for (const listener of [...this.listeners]) listener(d);
  }

  /** `note` is what LINE would show for an event that carries no text, e.g. a postback's displayText. */
  logInbound(chatId: string, event: webhook.Event, note?: string): void {
    this.transcript.push({ seq: ++this.seq, at: this.stamp(), chatId, direction: 'in', event, ...(note ? { note } : {}) });
  }

  private stamp = () => new Date(this.now()).toISOString();

  deliveries(to?: string): Delivery[] {
    return this.delivered.filter((d) => to === undefined || d.to === to);
  }

  chat(chatId: string, afterSeq = 0): TranscriptItem[] {
    return this.transcript.filter((t) => t.chatId === chatId && t.seq > afterSeq);
  }

  chatIds(): string[] {
    return [...new Set(this.transcript.filter(() => true).map((t) => t.chatId))];
  }

  onDelivery(listener: (d: Delivery) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets deliveries, faults, tokens and accepted retry keys; keeps profiles, groups and content. */
  reset(): void {
    this.delivered.clear();
    this.transcript.clear();
    this.faults = [];
    this.tokens.clear();
    this.accepted.clear();
  }
}
