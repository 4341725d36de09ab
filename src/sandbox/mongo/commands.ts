// Command dispatch: one table of handlers; anything else is CommandNotFound, as on mongod.
import type { Document } from 'bson';
import { adminCommands } from './commands-admin';
import { readCommands } from './commands-read';
import { writeCommands } from './commands-write';
import type { CommandHandler, CommandReply, Connection, ServerState } from './context';
import { asCommandError, CommandError, commandNotFound } from './errors';

const handlers = new Map<string, CommandHandler>(Object.entries({ ...adminCommands, ...readCommands, ...writeCommands }));

export function runCommand(body: Document, db: string, state: ServerState, conn: Connection): CommandReply {
  const name = Object.keys(body)[0] ?? '';
  try {
    // A standalone mongod refuses every statement of a transaction (and retryable-write numbers):
    // the product must stay correct without multi-document transactions.
    if (body.txnNumber !== undefined || body.startTransaction !== undefined) {
      throw new CommandError(20, 'IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
    }
    const handler = handlers.get(name);
    if (handler === undefined) throw commandNotFound(name);
    return handler(body, db, state, conn);
  } catch (e) {
    return asCommandError(e).toReply();
  }
}
