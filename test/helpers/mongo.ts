// How every suite gets a database. TEST_MONGODB_URI set → that real MongoDB, with a fresh
// database per call (dropped on stop); unset → an in-memory server of our own on a free port.
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { startMongoServer } from '../../src/sandbox/mongo/server';

export interface TestDb {
  /** Connection string including the database name. */
  uri: string;
  stop(): Promise<void>;
}

/**
 * Puts a database name into a mongodb:// or mongodb+srv:// URI, keeping credentials, hosts and
 * options (string surgery: a multi-host URI is not a valid WHATWG URL). Credentials keep
 * authenticating where they did: the driver would otherwise use the new database as authSource.
 */
function withDatabase(base: string, db: string): string {
  const q = base.indexOf('?');
  const head = q === -1 ? base : base.slice(0, q);
  let options = q === -1 ? '' : base.slice(q + 1);
  const hostsStart = head.indexOf('://') + 3;
  const slash = head.indexOf('/', hostsStart);
  const hosts = slash === -1 ? head : head.slice(0, slash);
  const originalDb = slash === -1 ? '' : head.slice(slash + 1);
  if (hosts.slice(hostsStart).includes('@') && !/(^|&)authSource=/.test(options)) {
    options = [options, `authSource=${originalDb || 'admin'}`].filter(Boolean).join('&');
  }
  return `${hosts}/${db}${options ? `?${options}` : ''}`;
}

export async function startTestDb(name: string): Promise<TestDb> {
  const external = process.env.TEST_MONGODB_URI;
  if (external !== undefined && external !== '') {
    const db = `${name}_${randomUUID().slice(0, 8)}`.replace(/[^A-Za-z0-9_]/g, '_');
    const uri = withDatabase(external, db);
    return {
      uri,
      stop: async () => {
        const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
        try {
          await conn.dropDatabase();
        } finally {
          await conn.close();
        }
      },
    };
  }
  const server = await startMongoServer();
  return { uri: `${server.uri}/${name}`, stop: () => server.close() };
}
