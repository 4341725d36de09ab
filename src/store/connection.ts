import mongoose, { type Connection, type Model, type mongo } from 'mongoose';

/**
 * "Stored" means it survives a failover: acknowledged by a majority of the replica set and written
 * to their journals. MongoDB's implicit default is majority only on a replica set without arbiters,
 * so it is set here explicitly, as the connection's default for every write (inbox, cases, outbox,
 * timers, locks) and again at the writes the promises rest on (the inbox insert before the 200, the
 * outbox's bookkeeping). On a standalone server `majority` means that one server, and `j` its journal:
 * a crash of its disk still loses the last writes (see the README's deployment section).
 * `wtimeoutMS` bounds the wait when a majority is unreachable: the write then fails (the webhook
 * answers 503 and LINE redelivers; queue items retry), it never hangs.
 */
export const DURABLE_WRITE = Object.freeze({ w: 'majority' as const, j: true, wtimeoutMS: 10_000 });

/** Connections per instance: above the queues' WORKER_SLOTS together (50), leaving room for webhooks and the API. */
export const MAX_POOL_SIZE = 64;

/**
 * One mongoose connection per app instance (never the global default, so tests can run two
 * instances side by side). Commands are not buffered: when the database is down a write fails fast
 * and the webhook answers 503, so LINE redelivers instead of us pretending to have stored it.
 */
export async function connectMongo(
  uri: string,
  opts: { serverSelectionTimeoutMS?: number; monitorCommands?: boolean } = {},
): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    writeConcern: { w: DURABLE_WRITE.w, journal: DURABLE_WRITE.j, wtimeoutMS: DURABLE_WRITE.wtimeoutMS },
    // Tests and benchmarks count and inspect the commands sent (command monitoring of the driver).
    monitorCommands: opts.monitorCommands ?? false,
    bufferCommands: false,
    autoIndex: true,
    autoCreate: true,
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 5000,
    maxPoolSize: MAX_POOL_SIZE,
  });
  await conn.asPromise();
  return conn;
}

/** Creates the collections and indexes of every model registered on the connection. */
export async function initModels(conn: Connection): Promise<void> {
  await Promise.all(Object.values(conn.models).map((m) => m.init()));
}

export async function pingMongo(conn: Connection, timeoutMs = 1000): Promise<boolean> {
  const db = conn.db;
  if (!db || conn.readyState !== 1) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.admin().command({ ping: 1 }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('ping timeout')), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

const driverCollections = new WeakMap<Model<never>, mongo.Collection<never>>();
/**
 * The driver's own collection behind a model: reads and writes without mongoose's query layer (no
 * casting, no hydration). Before the connection is open, mongoose's collection (the same methods).
 */
export function driverCollection<T extends { _id: string }>(model: Model<T>): mongo.Collection<T> {
  const key = model as unknown as Model<never>;
  const known = driverCollections.get(key);
  if (known) return known as unknown as mongo.Collection<T>;
  const db = model.db.db;
  if (!db) return model.collection as unknown as mongo.Collection<T>;
  const c = db.collection<T>(model.collection.collectionName);
  driverCollections.set(key, c as unknown as mongo.Collection<never>);
  return c;
}

