// The TCP server: one FrameReader per socket, commands run synchronously in arrival order (as a
// single mongod connection does), replies written back in the matching wire format.
import { deserialize } from 'bson';
import net from 'node:net';
import { runCommand } from './commands';
import type { Connection, ServerState } from './context';
import { CursorRegistry } from './cursors';
import { CommandError } from './errors';
import { Storage } from './storage';
import { encodeOpMsg, encodeOpReply, FrameReader, OP_QUERY, parseMessage } from './wire';

export interface MongoSandbox {
  uri: string;
  port: number;
  close(): Promise<void>;
}

export interface MongoServerOptions {
  port?: number;
  host?: string;
  /** See StorageOptions.ttlCapSeconds: bounds how long TTL-indexed documents stay in memory. */
  ttlCapSeconds?: Readonly<Record<string, number>>;
}

/** mongod's TTL monitor runs every 60 s; once a second keeps tests short and memory bounded. */
const HOUSEKEEPING_MS = 1000;

export async function startMongoServer(opts: MongoServerOptions = {}): Promise<MongoSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const sockets = new Set<net.Socket>();
  let boundPort = 0;
  const state: ServerState = {
    storage: new Storage({ ttlCapSeconds: opts.ttlCapSeconds }),
    cursors: new CursorRegistry(),
    startedAt: Date.now(),
    port: () => boundPort,
    openConnections: 0,
    totalConnections: 0,
  };
  let nextConnectionId = 1;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    state.openConnections++;
    state.totalConnections++;
    socket.setNoDelay(true);
    const conn: Connection = { id: nextConnectionId++, remote: `${socket.remoteAddress ?? ''}:${socket.remotePort ?? 0}` };
    const reader = new FrameReader();
    socket.on('data', (chunk: Buffer) => {
      try {
        const frames = reader.push(chunk);
        if (frames.length > 1) socket.cork();
        for (const frame of frames) {
          const reply = handleFrame(frame, state, conn);
          if (reply !== null) socket.write(reply);
        }
        if (frames.length > 1) socket.uncork();
      } catch {
        // A malformed stream cannot be resynchronised; mongod drops the connection too.
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      state.openConnections--;
    });
  });

  const housekeeping = setInterval(() => {
    const now = Date.now();
    state.storage.expire(now);
    state.cursors.sweep(now);
  }, HOUSEKEEPING_MS);
  housekeeping.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  boundPort = typeof address === 'object' && address !== null ? address.port : 0;

  let closing: Promise<void> | null = null;
  return {
    uri: `mongodb://${host}:${boundPort}`,
    port: boundPort,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(housekeeping);
        server.close(() => resolve());
        // Destroying open sockets is what makes clients see the server as down.
        for (const s of sockets) s.destroy();
        state.cursors.clear();
        state.storage.clear();
      });
      return closing;
    },
  };
}

function handleFrame(frame: Buffer, state: ServerState, conn: Connection): Buffer | null {
  const req = parseMessage(frame);
  const reply = runCommand(req.body, req.db, state, conn);
  if (req.moreToCome) return null;
  try {
    if (req.opCode === OP_QUERY) return encodeOpReply(req.requestId, reply instanceof Uint8Array ? deserialize(reply) : reply);
    return encodeOpMsg(req.requestId, reply);
  } catch (e) {
    // A reply that cannot be serialised (over 16 MiB) is the command's failure, not the stream's.
    const err = new CommandError(10334, 'BSONObjectTooLarge', e instanceof Error ? e.message : String(e));
    return req.opCode === OP_QUERY ? encodeOpReply(req.requestId, err.toReply()) : encodeOpMsg(req.requestId, err.toReply());
  }
}
