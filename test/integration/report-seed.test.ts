import net from 'node:net';
import mongoose, { type Connection } from 'mongoose';
import { createCaseReporting } from '../../src/cases/store';
import { demoCases } from '../../src/reports/demo-data';
import { seedCases } from '../../src/reports/seed';
import { startMongoServer, type MongoSandbox } from '../../src/sandbox/mongo/server';

/**
 * Seeding through a TCP proxy that can cut the connection when an `insert` command passes: the
 * driver then sees a real network error in the middle of the bulk insert, as on a flaky link.
 */

const INSERT_COMMAND = Buffer.from('\x02insert\x00', 'latin1');

interface CuttingProxy {
  port: number;
  /** While true, a connection carrying an insert command is destroyed before it reaches the server. */
  cutInserts: boolean;
  close(): Promise<void>;
}

async function cuttingProxy(target: number): Promise<CuttingProxy> {
  const sockets = new Set<net.Socket>();
  const state = { cutInserts: false };
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.on('data', (chunk: Buffer) => {
      if (state.cutInserts && chunk.includes(INSERT_COMMAND)) {
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get cutInserts() {
      return state.cutInserts;
    },
    set cutInserts(v: boolean) {
      state.cutInserts = v;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('seeding prepared cases', () => {
  let sandbox: MongoSandbox;
  let proxy: CuttingProxy;
  let conn: Connection;

  beforeAll(async () => {
    sandbox = await startMongoServer();
    proxy = await cuttingProxy(sandbox.port);
    conn = await mongoose
      .createConnection(`mongodb://127.0.0.1:${proxy.port}/report_seed`, { serverSelectionTimeoutMS: 3000, bufferCommands: false })
      .asPromise();
    await createCaseReporting(conn).init();
  });
  afterAll(async () => {
    await conn.close();
    await proxy.close();
    await sandbox.close();
  });

  it('when the connection drops during the insert, then seeding fails with the error instead of reporting the cases as skipped', async () => {
    proxy.cutInserts = true;
    try {
      await expect(seedCases(conn, demoCases().slice(0, 10))).rejects.toThrow();
    } finally {
      proxy.cutInserts = false;
    }
    // Nothing was stored, and a later seed (the link back) stores all of them.
    expect(await seedCases(conn, demoCases().slice(0, 10))).toEqual({ inserted: 10, skipped: 0 });
  });

  it('when some cases are already stored, then they are skipped and the others inserted', async () => {
    expect(await seedCases(conn, demoCases().slice(0, 15))).toEqual({ inserted: 5, skipped: 10 });
  });

  it('when a prepared case is invalid, then seeding fails instead of silently leaving it out', async () => {
    const bad = { ...demoCases()[20]!, channel: 'fax' as never };
    await expect(seedCases(conn, [bad])).rejects.toThrow();
  });
});
