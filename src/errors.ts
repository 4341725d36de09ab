/**
 * The one failure policy:
 * - A user's mistake or a refusal is an outcome of `decide`, answered in Thai: never an exception.
 * - A transient failure (database unreachable or failing over, LINE 5xx/429, a timeout, a network
 *   error) is thrown. The inbox retries the event later, so features never swallow one.
 * - Everything else that escapes is normalised here, once, for the http layer and the process-level
 *   hooks: logged without personal data, mapped to an HTTP answer that leaks nothing, and — when the
 *   process can no longer be trusted — followed by an exit so a supervisor restarts it cleanly.
 */

/** Operational failures. Mapped to HTTP only in the http layer; `expose` texts are safe to show. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 500,
    readonly expose = false,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Errors are matched by name and shape, not `instanceof`: the driver, the SDK and jest each may use their own realm or copy. */
type ErrorLike = {
  name?: unknown;
  code?: unknown;
  status?: unknown;
  retryable?: unknown;
  cause?: unknown;
  errorLabels?: unknown;
  errorLabelSet?: unknown;
  hasErrorLabel?: unknown;
  message?: unknown;
};

/** Driver and mongoose errors that mean "the database cannot be reached right now". */
const TRANSIENT_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
  'MongoServerClosedError',
  'DisconnectedError',
  'RetryLaterError',
  // fetch: AbortSignal.timeout() rejects with TimeoutError, an abort by our own timer with AbortError.
  'AbortError',
  'TimeoutError',
]);

/**
 * Server error codes after which the same command may succeed: a primary stepping down or not yet
 * elected (NotWritablePrimary and friends), shutdown, network trouble between members, time limits.
 */
const TRANSIENT_MONGO_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  50, // MaxTimeMSExpired
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

const TRANSIENT_LABELS = ['RetryableWriteError', 'ResetPool', 'TransientTransactionError', 'SystemOverloadedError'];

/** Node and undici socket-level codes. */
const TRANSIENT_SYSCALL_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

const retryableHttpStatus = (s: unknown) => typeof s === 'number' && (s === 429 || s >= 500);

function hasTransientLabel(e: ErrorLike): boolean {
  if (typeof e.hasErrorLabel === 'function') {
    const has = e.hasErrorLabel as (label: string) => boolean;
    return TRANSIENT_LABELS.some((l) => has.call(e, l));
  }
  const labels = e.errorLabels ?? e.errorLabelSet;
  const list = labels instanceof Set ? [...labels] : Array.isArray(labels) ? labels : [];
  return list.some((l) => TRANSIENT_LABELS.includes(String(l)));
}

/**
 * Whether the same operation may succeed if tried again later (so the caller should throw and let
 * the inbox, outbox or timer queue retry), as opposed to a failure that retrying cannot cure (a bad
 * request to LINE, a validation error, a duplicate key, a bug).
 */
export function isTransient(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const e = err as ErrorLike;
  if (err instanceof AppError) return err.status === 503 || err.status === 504;
  // Our LINE adapter already decided (429, 5xx, timeouts, network); PermanentError is the queue's "never".
  if (e.name === 'LineApiError' && typeof e.retryable === 'boolean') return e.retryable;
  if (e.name === 'PermanentError') return false;
  // The SDK's own error, when it reaches us unwrapped.
  if (e.name === 'HTTPFetchError') return retryableHttpStatus(e.status);
  if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return true;
  if (typeof e.code === 'number' && typeof e.name === 'string' && e.name.startsWith('Mongo') && TRANSIENT_MONGO_CODES.has(e.code)) return true;
  if (typeof e.code === 'string' && TRANSIENT_SYSCALL_CODES.has(e.code)) return true;
  if (hasTransientLabel(e)) return true;
  // undici's fetch rejects with TypeError("fetch failed") whose cause is the socket error.
  if (e.cause !== undefined) return isTransient(e.cause, depth + 1);
  return false;
}

/** Error names whose messages are ours or the driver's and carry no personal data. */
const SAFE_NAMES = new Set([
  'LineApiError',
  'PermanentError',
  'RetryLaterError',
  'AppError',
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNotConnectedError',
]);

/**
 * Text about an error that is safe to log and store. Errors of our own making and LINE API errors
 * carry no personal data; others (e.g. a validation error quoting a stored value) are reduced to
 * their name and code, because their messages may quote what a citizen wrote.
 */
export function safeErrorText(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) {
    if (SAFE_NAMES.has(err.name)) return `${err.name}: ${err.message}`.slice(0, 300);
    const code = (err as { code?: unknown }).code;
    return code !== undefined ? `${err.name} (code ${String(code)})` : err.name;
  }
  return 'non-error thrown';
}

/** What the service makes of an error that reached the edge (a request or the process). */
export interface NormalisedError {
  /** HTTP status to answer with. */
  status: number;
  /** The only thing the caller is told: a stable machine code, never a message. */
  code: string;
  transient: boolean;
  /**
   * Whether the error is a known kind of operational failure (the process is still sound).
   * False for bugs (TypeError, ReferenceError…) and for things thrown that are not errors.
   */
  operational: boolean;
  /** Safe to log: no personal data (see safeErrorText). */
  text: string;
}

/** body-parser / http-errors failures of a request the client got wrong. */
const CLIENT_ERROR_TYPES: Record<string, [number, string]> = {
  'entity.too.large': [413, 'too_large'],
  'entity.parse.failed': [400, 'bad_json'],
  'encoding.unsupported': [415, 'unsupported_media_type'],
  'charset.unsupported': [415, 'unsupported_media_type'],
  'request.aborted': [400, 'aborted'],
};

const PROGRAMMER_ERRORS = new Set(['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError', 'EvalError', 'URIError', 'AssertionError']);

/** The one mapping from an error to an answer and a log line (used by the http layer and the process hooks). */
export function normaliseError(err: unknown): NormalisedError {
  const text = safeErrorText(err);
  const transient = isTransient(err);
  if (err instanceof AppError) return { status: err.status, code: err.code, transient, operational: true, text };
  const e = (typeof err === 'object' && err !== null ? err : {}) as { type?: unknown; status?: unknown; expose?: unknown };
  const clientType = typeof e.type === 'string' ? CLIENT_ERROR_TYPES[e.type] : undefined;
  if (clientType) return { status: clientType[0], code: clientType[1], transient: false, operational: true, text };
  // http-errors marks a client's mistake with `expose`; a LINE or driver error with a 4xx status is ours, not the caller's.
  if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, code: 'bad_request', transient: false, operational: true, text };
  }
  // Two client mistakes express reports without `expose`: an address whose %-escapes do not decode
  // (the router's URIError, status 400) and a file the static middleware does not have (404 ENOENT).
  if (err instanceof URIError && e.status === 400) return { status: 400, code: 'bad_request', transient: false, operational: true, text };
  if (e.status === 404 && (e as { code?: unknown }).code === 'ENOENT') return { status: 404, code: 'not_found', transient: false, operational: true, text };
  if (transient) return { status: 503, code: 'unavailable', transient, operational: true, text };
  const name = err instanceof Error ? err.name : undefined;
  // A fetch that failed on TypeError("fetch failed") is the network, not a bug: isTransient saw its cause.
  const operational = name !== undefined && !PROGRAMMER_ERRORS.has(name);
  return { status: 500, code: 'internal', transient, operational, text };
}

/** The least a process hook needs: a logger (the service's winston logger fits) and a way to exit. */
export interface ProcessErrorDeps {
  logger: { error(message: string, meta: Record<string, unknown>): unknown };
  exit(code: number): void;
}

/**
 * Handles an error that escaped to the process (`uncaughtException`, `unhandledRejection`).
 * An uncaught exception leaves the process in an unknown state, and so does a rejection that is
 * not a known operational failure: both are logged and the process exits with 1 (every piece of
 * work is leased and idempotent, so a restart loses nothing). A stray operational rejection (a
 * database blip in a fire-and-forget call) is logged and the service carries on.
 */
export function handleProcessError(kind: 'uncaughtException' | 'unhandledRejection', err: unknown, deps: ProcessErrorDeps): NormalisedError {
  const n = normaliseError(err);
  const fatal = kind === 'uncaughtException' || !n.operational;
  deps.logger.error(fatal ? 'fatal error: exiting' : 'unhandled operational error', {
    kind,
    error: n.text,
    transient: n.transient,
    operational: n.operational,
  });
  if (fatal) deps.exit(1);
  return n;
}
