import { createHash, randomBytes } from 'node:crypto';
import winston from 'winston';
import { currentContext } from './context';

/**
 * JSON lines to stdout. Personal data never enters a log: no message text, names, phone numbers,
 * coordinates, addresses or bodies. LINE ids appear only through `hashId`.
 */
export type Logger = winston.Logger;

const withContext = winston.format((info) => Object.assign(info, currentContext(), info));

/** LINE user, group and room ids: a letter and 32 hex digits. */
const LINE_ID = /\b[UCR][0-9a-f]{32}\b/g;
const redactText = (s: string) => s.replace(LINE_ID, (id) => `${id[0]}#${hashId(id)}`);
function redactValue(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return redactText(v);
  if (depth > 3 || !v || typeof v !== 'object' || v instanceof Date) return v;
  if (Array.isArray(v)) return v.map((x) => redactValue(x, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactValue(x, depth + 1)]));
}
/**
 * A safety net under the rule that ids are logged only through `hashId`. Every raw LINE id that
 * reaches a log line anyway (inside a queue item id, an error text) is replaced by its hash.
 */
const redactLineIds = winston.format((info) => {
  for (const key of Object.keys(info)) info[key] = redactValue(info[key], 0);
  return info;
});

export function createLogger(level = 'info', opts: { silent?: boolean } = {}): Logger {
  return winston.createLogger({
    level,
    silent: opts.silent,
    format: winston.format.combine(
      withContext(),
      winston.format.timestamp(),
      winston.format.errors({ stack: true }),
      redactLineIds(),
      winston.format.json(),
    ),
    transports: [new winston.transports.Console()],
  });
}

let salt = randomBytes(16).toString('hex');
/** Sets the salt used by hashId (from LOG_SALT) so hashes correlate across restarts. */
export const setHashSalt = (s: string | undefined) => {
  if (s) salt = s;
};
/** A salted, truncated hash of a LINE user/group id: correlates log lines without revealing the id. */
export const hashId = (id: string | undefined): string | undefined =>
  id === undefined ? undefined : createHash('sha256').update(salt).update(id).digest('hex').slice(0, 16);

/** A logger that writes nothing, for tests and tools. */
export const silentLogger = (): Logger => createLogger('error', { silent: true });
