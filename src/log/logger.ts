import { createHash, randomBytes } from 'node:crypto';
import winston from 'winston';
import { currentContext } from './context';

/**
 * JSON lines to stdout. Personal data never enters a log: no message text, names, phone numbers,
 * coordinates, addresses or bodies. LINE ids appear only through `hashId`.
 */
export type Logger = winston.Logger;

const withContext = winston.format((info) => Object.assign(info, currentContext(), info));

export function createLogger(level = 'info', opts: { silent?: boolean } = {}): Logger {
  return winston.createLogger({
    level,
    silent: opts.silent,
    format: winston.format.combine(
      withContext(),
      winston.format.timestamp(),
      winston.format.errors({ stack: true }),
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
