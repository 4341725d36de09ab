/**
 * Contract 6 (failure policy): a failure the next attempt may not meet — the database unreachable or
 * stepping down, LINE answering 5xx or 429 or not at all, the network — is thrown so the inbox
 * retries the event; only refusals and user mistakes are answered in the chat. This local copy keeps
 * the duty feature correct until src/errors.ts exports the shared `isTransient` (house helper).
 */

const TRANSIENT_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoWriteConcernError',
  'AbortError',
  'TimeoutError',
  'FetchError',
]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);
// mongod's "not primary", "interrupted at shutdown", "host unreachable" and similar retryable codes.
const TRANSIENT_MONGO_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

const field = (err: object, key: string): unknown => (key in err ? (err as Record<string, unknown>)[key] : undefined);

export function isTransient(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const name = field(err, 'name');
  if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return true;
  const status = field(err, 'status') ?? field(err, 'statusCode');
  if (typeof status === 'number' && (status >= 500 || status === 429)) return true;
  const code = field(err, 'code');
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  if (typeof code === 'number' && TRANSIENT_MONGO_CODES.has(code)) return true;
  const labels = field(err, 'errorLabelSet') ?? field(err, 'errorLabels');
  if (labels instanceof Set && (labels.has('RetryableWriteError') || labels.has('TransientTransactionError'))) return true;
  if (Array.isArray(labels) && labels.some((l) => l === 'RetryableWriteError' || l === 'TransientTransactionError')) return true;
  const cause = field(err, 'cause');
  return cause !== undefined && cause !== err && isTransient(cause);
}
