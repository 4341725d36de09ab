import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import type { Readable } from 'node:stream';
import { assertMessages } from './limits';

/**
 * The one adapter for talking to LINE. Every message list is checked against LINE's limits before it
 * leaves; every call is bounded by `timeoutMs`; every failure becomes a LineApiError that says whether
 * retrying can help. Errors carry status and LINE's request id, never request bodies or message text.
 */

export type Message = messagingApi.Message;

export interface Messenger {
  /**
   * Reply with a webhook event's token (single use, about 1 minute). `timeoutMs` overrides the
   * messenger's timeout for this call (the outbox waits longer for replies, see outbox.ts).
   */
  reply(replyToken: string, messages: Message[], opts?: { timeoutMs?: number }): Promise<void>;
  /**
   * Push with `retryKey` (a UUID; reuse it for every retry of the same logical send). A 409 from LINE
   * means an earlier attempt with this key was accepted: push then resolves as delivered.
   * `notificationDisabled`: LINE delivers without sound or vibration (a person who may be hiding).
   */
  push(to: string, messages: Message[], retryKey: string, opts?: { notificationDisabled?: boolean }): Promise<void>;
  getProfile(userId: string): Promise<{ displayName: string }>;
  getGroupMemberProfile(groupId: string, userId: string): Promise<{ displayName: string }>;
  getMessageContent(messageId: string): Promise<{ contentType: string; data: Buffer }>;
}

export type LineApiErrorKind = 'http' | 'timeout' | 'network';

export interface LineErrorDetail {
  message?: string;
  property?: string;
}

export class LineApiError extends Error {
  /** 429, 5xx, timeouts and network failures: the same call may succeed later. */
  readonly retryable: boolean;
  readonly status?: number;
  /** LINE's `x-line-request-id`, for support requests and log correlation. */
  readonly requestId?: string;
  /** LINE's own error text (e.g. "Invalid reply token") and per-property details. */
  readonly lineMessage?: string;
  readonly details?: LineErrorDetail[];

  constructor(
    readonly operation: string,
    readonly kind: LineApiErrorKind,
    info: { status?: number; requestId?: string; lineMessage?: string; details?: LineErrorDetail[]; cause?: unknown; timeoutMs?: number } = {},
  ) {
    super(describe(operation, kind, info), info.cause === undefined ? undefined : { cause: info.cause });
    this.name = 'LineApiError';
    this.status = info.status;
    this.requestId = info.requestId;
    this.lineMessage = info.lineMessage;
    this.details = info.details;
    this.retryable = kind !== 'http' || info.status === 429 || (info.status ?? 0) >= 500;
  }
}

function describe(operation: string, kind: LineApiErrorKind, info: { status?: number; requestId?: string; lineMessage?: string; timeoutMs?: number }) {
  const id = info.requestId ? ` [x-line-request-id ${info.requestId}]` : '';
  if (kind === 'timeout') return `LINE ${operation} timed out after ${info.timeoutMs} ms`;
  if (kind === 'network') return `LINE ${operation} failed: network error`;
  return `LINE ${operation} failed: HTTP ${info.status}${info.lineMessage ? ` (${info.lineMessage})` : ''}${id}`;
}

/** LINE's error body is `{ message, details? }`; anything else is ignored rather than echoed. */
function parseErrorBody(body: string): { lineMessage?: string; details?: LineErrorDetail[] } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { message, details } = parsed as { message?: unknown; details?: unknown };
    return {
      lineMessage: typeof message === 'string' ? message.slice(0, 200) : undefined,
      details: Array.isArray(details)
        ? (details as unknown[]).slice(0, 20).map((d) => {
            const { message: m, property: p } = (typeof d === 'object' && d !== null ? d : {}) as { message?: unknown; property?: unknown };
            return { message: typeof m === 'string' ? m : undefined, property: typeof p === 'string' ? p : undefined };
          })
        : undefined,
    };
  } catch {
    return {};
  }
}

function toLineApiError(operation: string, err: unknown): unknown {
  if (err instanceof LineApiError) return err;
  if (err instanceof HTTPFetchError) {
    return new LineApiError(operation, 'http', {
      status: err.status,
      requestId: err.headers.get('x-line-request-id') ?? undefined,
      ...parseErrorBody(err.body),
    });
  }
  // undici's fetch rejects with TypeError("fetch failed") for refused/reset connections and DNS errors.
  // Checked by name: the error comes from Node's realm, where `instanceof TypeError` can be false (jest).
  const e = err as { name?: unknown; cause?: unknown } | null;
  if (typeof e === 'object' && e?.name === 'TypeError') return new LineApiError(operation, 'network', { cause: e.cause ?? e });
  return err;
}

export interface MessengerOptions {
  channelAccessToken: string;
  apiBaseUrl: string;
  dataApiBaseUrl: string;
  timeoutMs: number;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export function createMessenger(opts: MessengerOptions): Messenger {
  const api = new messagingApi.MessagingApiClient({ channelAccessToken: opts.channelAccessToken, baseURL: opts.apiBaseUrl });
  const blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: opts.channelAccessToken, baseURL: opts.dataApiBaseUrl });

  /**
   * SDK 11.0.0 calls the global fetch without a signal and offers no way to pass one or a custom
   * fetch, so the timeout races the call instead of aborting it. What a late answer can do:
   * - push: LINE may still deliver; the caller's retry with the same retry key then gets 409, which
   *   push treats as delivered, so the user sees the message once.
   * - reply: LINE may still deliver; a retry with the same token gets 400 "Invalid reply token".
   * - reads: the late result is dropped. A late rejection is swallowed here, never unhandled.
   */
  async function call<T>(operation: string, run: () => Promise<T>, timeoutMs = opts.timeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const pending = run();
    pending.catch(() => undefined);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LineApiError(operation, 'timeout', { timeoutMs })), timeoutMs);
    });
    try {
      return await Promise.race([pending, timeout]);
    } catch (err) {
      throw toLineApiError(operation, err);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async reply(replyToken, messages, o) {
      assertMessages(messages);
      await call('reply', () => api.replyMessage({ replyToken, messages }), o?.timeoutMs ?? opts.timeoutMs);
    },

    async push(to, messages, retryKey, o) {
      assertMessages(messages);
      try {
        await call('push', () => api.pushMessage({ to, messages, ...(o?.notificationDisabled ? { notificationDisabled: true } : {}) }, retryKey));
      } catch (err) {
        // LINE: "a request with this retry key was already accepted" — the message is out, once.
        if (err instanceof LineApiError && err.kind === 'http' && err.status === 409) return;
        throw err;
      }
    },

    async getProfile(userId) {
      const p = await call('getProfile', () => api.getProfile(userId));
      return { displayName: p.displayName };
    },

    async getGroupMemberProfile(groupId, userId) {
      const p = await call('getGroupMemberProfile', () => api.getGroupMemberProfile(groupId, userId));
      return { displayName: p.displayName };
    },

    async getMessageContent(messageId) {
      return call('getMessageContent', async () => {
        const res = await blob.getMessageContentWithHttpInfo(messageId);
        const data = await readAll(res.body);
        return { contentType: res.httpResponse.headers.get('content-type') ?? 'application/octet-stream', data };
      });
    },
  };
}
