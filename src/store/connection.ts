import mongoose, { type Connection } from 'mongoose';

/**
 * One mongoose connection per app instance (never the global default, so tests can run two
 * instances side by side). Commands are not buffered: when the database is down a write fails fast
 * and the webhook answers 503, so LINE redelivers instead of us pretending to have stored it.
 */
export async function connectMongo(uri: string, opts: { serverSelectionTimeoutMS?: number } = {}): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    bufferCommands: false,
    autoIndex: true,
    autoCreate: true,
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 5000,
    maxPoolSize: 20,
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
