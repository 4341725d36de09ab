// What every command handler gets: the server's state and the calling connection.
import type { Document } from 'bson';
import type { CursorRegistry } from './cursors';
import { badValue } from './errors';
import type { Storage } from './storage';
import { toNumber, isNumeric } from './bson-values';

export interface ServerState {
  readonly storage: Storage;
  readonly cursors: CursorRegistry;
  readonly startedAt: number;
  readonly port: () => number;
  openConnections: number;
  totalConnections: number;
}

export interface Connection {
  readonly id: number;
  readonly remote: string;
}

/** A command's reply: a document, or BSON bytes already assembled (cursor batches). */
export type CommandReply = Document | Buffer;

export type CommandHandler = (cmd: Document, db: string, state: ServerState, conn: Connection) => CommandReply;

/** The collection name a command names in its first field. */
export function collectionName(cmd: Document): string {
  const name = Object.keys(cmd)[0];
  const value: unknown = cmd[name];
  if (typeof value !== 'string') throw badValue(`collection name has invalid type ${typeof value}`);
  return value;
}

/** A numeric command argument (the driver may send int32, double or int64). */
export function numberArg(v: unknown, fallback: number | undefined): number | undefined {
  if (v === undefined || v === null) return fallback;
  if (!isNumeric(v)) throw badValue(`expected a number, got ${typeof v}`);
  return toNumber(v);
}

export function docsArg(v: unknown, name: string): Document[] {
  if (!Array.isArray(v)) throw badValue(`${name} must be an array`);
  return v as Document[];
}
