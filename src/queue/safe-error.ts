import { AppError } from '../errors';

/**
 * Text about an error that is safe to log and store. Errors of our own making and LINE API errors
 * carry no personal data; others (e.g. a validation error quoting a stored value) are reduced to
 * their name and code, because their messages may quote what a citizen wrote.
 */
const SAFE_NAMES = new Set(['LineApiError', 'PermanentError', 'RetryLaterError', 'AppError', 'MongoServerSelectionError', 'MongoNetworkError', 'MongoNotConnectedError']);

export function safeErrorText(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) {
    if (SAFE_NAMES.has(err.name)) return `${err.name}: ${err.message}`.slice(0, 300);
    const code = (err as { code?: unknown }).code;
    return code !== undefined ? `${err.name} (code ${String(code)})` : err.name;
  }
  return 'non-error thrown';
}
