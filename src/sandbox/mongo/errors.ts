// Server-side errors carry mongod's code and codeName so the driver raises the same
// MongoServerError (and mongoose the same duplicate-key handling) as against a real server.
import type { Document } from 'bson';
import { formatValue } from './bson-values';

export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Document = {},
  ) {
    super(message);
  }

  /** The fields a write error or a failed command reply carries. */
  toDocument(): Document {
    return { code: this.code, codeName: this.codeName, errmsg: this.message, ...this.extra };
  }

  toReply(): Document {
    return { ok: 0, ...this.toDocument() };
  }
}

export function duplicateKeyError(ns: string, indexName: string, keyPattern: Document, keyValue: Document): CommandError {
  const shown = Object.entries(keyValue)
    .map(([k, v]) => `${k}: ${formatValue(v)}`)
    .join(', ');
  const message = `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: { ${shown} }`;
  return new CommandError(11000, 'DuplicateKey', message, { keyPattern, keyValue });
}

export const commandNotFound = (name: string): CommandError =>
  new CommandError(59, 'CommandNotFound', `no such command: '${name}'`);

export const badValue = (message: string): CommandError => new CommandError(2, 'BadValue', message);

export const namespaceNotFound = (ns: string): CommandError => new CommandError(26, 'NamespaceNotFound', `ns does not exist: ${ns}`);

/** Any thrown value as a command error (mingo throws plain Errors for bad expressions). */
export function asCommandError(e: unknown): CommandError {
  if (e instanceof CommandError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (/immutable field '_id'/.test(message)) return new CommandError(66, 'ImmutableField', message);
  return new CommandError(2, 'BadValue', message);
}
