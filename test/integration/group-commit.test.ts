import type { Connection, Model } from 'mongoose';
import type { Collection, Document } from 'mongodb';
import { createBatchUpdater } from '../../src/queue/group-commit';
import { createKeyedQueue, queueSchema, type QueueItem } from '../../src/queue/keyed-queue';
import { connectMongo, driverCollection } from '../../src/store/connection';
import { startTestDb, type TestDb } from '../helpers/mongo';
import { testLogger, waitFor } from '../helpers/service';

let db: TestDb;
let conn: Connection;
/** The update commands sent that mark something done, by how many statements each carried (driver command monitoring). */
let updates: Array<{ coll: string; statements: number }> = [];
/** The find commands sent: collection and filter. */
let finds: Array<{ coll: string; filter: unknown }> = [];
type Statement = { u?: { $set?: { status?: unknown } } };

beforeAll(async () => {
  db = await startTestDb('group_commit');
  conn = await connectMongo(db.uri, { monitorCommands: true });
  conn.getClient().on('commandStarted', (e) => {
    const stmts = e.command.updates as Statement[] | undefined;
    if (e.commandName === 'update' && stmts?.some((st) => st.u?.$set?.status === 'done')) updates.push({ coll: String(e.command.update), statements: stmts.length });
    if (e.commandName === 'find') finds.push({ coll: String(e.command.find), filter: e.command.filter });
  });
});
afterAll(async () => {
  await conn.close();
  await db.stop();
});
beforeEach(() => {
  updates = [];
  finds = [];
});
afterEach(() => jest.restoreAllMocks());

const collection = (name: string) => conn.db!.collection<Document>(name);
const docs = (name: string) => collection(name).find({}, { sort: { _id: 1 } }).toArray();

describe('group commit of single-document updates', () => {
  it('when several callers write in the same tick, then their statements go as one update command and each document is written', async () => {
    const c = collection('gc_one');
    await c.insertMany(['a', 'b', 'c', 'd', 'e'].map((id) => ({ _id: id as never, status: 'pending' })));
    const write = createBatchUpdater(() => c);
    updates = [];
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => write({ _id: id, status: 'pending' }, { $set: { status: 'done' } })));
    expect(updates).toEqual([{ coll: 'gc_one', statements: 5 }]);
    expect((await docs('gc_one')).map((d) => d.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
  });

  it('when a caller writes alone, then it is one update command with its one statement', async () => {
    const c = collection('gc_alone');
    await c.insertOne({ _id: 'a' as never, status: 'pending' });
    const write = createBatchUpdater(() => c);
    updates = [];
    await write({ _id: 'a', status: 'pending' }, { $set: { status: 'done' } });
    expect(updates).toEqual([{ coll: 'gc_alone', statements: 1 }]);
    expect((await docs('gc_alone')).map((d) => d.status)).toEqual(['done']);
  });

  it('when one statement of a grouped command fails, then only its caller gets the error and its document is unchanged; the others are written', async () => {
    const c = collection('gc_partial');
    await c.insertMany([
      { _id: 'a' as never, status: 'pending', n: 1 },
      { _id: 'b' as never, status: 'pending', n: 'not a number' },
      { _id: 'c' as never, status: 'pending', n: 1 },
    ]);
    const write = createBatchUpdater(() => c);
    updates = [];
    const results = await Promise.allSettled(['a', 'b', 'c'].map((id) => write({ _id: id, status: 'pending' }, { $set: { status: 'done' }, $inc: { n: 1 } })));
    expect(updates).toEqual([{ coll: 'gc_partial', statements: 3 }]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await docs('gc_partial')).map((d) => [d._id, d.status, d.n])).toEqual([
      ['a', 'done', 2],
      ['b', 'pending', 'not a number'],
      ['c', 'done', 2],
    ]);
  });

  it('when a grouped command fails as a whole, then every waiting caller gets the error and no document is marked done', async () => {
    const c = collection('gc_down');
    await c.insertMany(['a', 'b', 'c'].map((id) => ({ _id: id as never, status: 'pending' })));
    jest.spyOn(c, 'bulkWrite').mockRejectedValue(new Error('connection reset'));
    const write = createBatchUpdater(() => c);
    const results = await Promise.allSettled(['a', 'b', 'c'].map((id) => write({ _id: id, status: 'pending' }, { $set: { status: 'done' } })));
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual(['Error: connection reset', 'Error: connection reset', 'Error: connection reset']);
    expect((await docs('gc_down')).map((d) => d.status)).toEqual(['pending', 'pending', 'pending']);
  });
});

/**
 * The queue's grouped writes go through `fault`, given the real write and the call's number (from 0):
 * a database that fails in a chosen way, while the rest goes through.
 */
function faultyBulkWrite(items: Model<QueueItem>, fault: (write: () => Promise<unknown>, call: number) => Promise<unknown>) {
  const raw = driverCollection(items) as unknown as Collection<Document>;
  const original = raw.bulkWrite.bind(raw);
  let calls = 0;
  jest.spyOn(raw, 'bulkWrite').mockImplementation(((...args: Parameters<typeof raw.bulkWrite>) => fault(() => original(...args), calls++)) as typeof raw.bulkWrite);
  return { raw, calls: () => calls };
}

describe('the keyed queue\'s done writes', () => {
  /** A queue on its own collection whose items of different keys all finish in the same tick. */
  async function queueOf(name: string, ids: string[]) {
    const items = conn.model<QueueItem>(`GC_${name}`, queueSchema<QueueItem>(`gc_${name}`, {}, 3600));
    await items.init();
    const now = new Date();
    await items.collection.insertMany(ids.map((id) => ({ _id: id, key: `K-${id}`, order: 1, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now })) as never[]);
    const served: string[] = [];
    let open: () => void = () => undefined;
    const all = new Promise<void>((r) => {
      open = r;
    });
    const queue = createKeyedQueue<QueueItem>({
      name,
      items,
      owner: `owner-${name}`,
      logger: testLogger(),
      pollMs: 60_000,
      concurrency: ids.length,
      process: async (item) => {
        served.push(item._id);
        if (served.length === ids.length) open();
        await all;
      },
    });
    return { items, queue, served };
  }

  it('when several workers finish in the same tick, then their done writes go as one update command', async () => {
    const ids = ['q1', 'q2', 'q3', 'q4'];
    const { items, queue, served } = await queueOf('grouped', ids);
    updates = [];
    queue.start();
    queue.kick(ids.map((id) => `K-${id}`));
    await waitFor(async () => (await items.countDocuments({ status: 'done' })) === ids.length, 'all done');
    expect(served.sort()).toEqual(ids);
    expect(updates.filter((u) => u.coll === 'gc_grouped')).toEqual([{ coll: 'gc_grouped', statements: 4 }]);
    await queue.stop();
  });

  it('when several keys are kicked at once, then their heads are read in one find, and when their workers move on together, the next heads too', async () => {
    const ids = ['h1', 'h2', 'h3', 'h4'];
    const { items, queue, served } = await queueOf('heads', ids);
    // A second item behind each head: the workers, finishing in the same tick, read the next heads together.
    const now = new Date();
    await items.collection.insertMany(ids.map((id) => ({ _id: `${id}-b`, key: `K-${id}`, order: 2, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now })) as never[]);
    finds = [];
    queue.start();
    queue.kick(ids.map((id) => `K-${id}`));
    await waitFor(async () => (await items.countDocuments({ status: 'done' })) === 2 * ids.length, 'all done');
    await queue.stop();
    expect(served.sort()).toEqual([...ids, ...ids.map((id) => `${id}-b`)].sort());
    // The first heads (each read with the item behind it: all its key has, so no further look for
    // an instance serving one of them), then the second ones: one find each, for all four keys.
    const all = { key: { $in: ids.map((id) => `K-${id}`) }, status: 'pending' };
    expect(finds.filter((f) => f.coll === 'gc_heads')).toEqual([
      { coll: 'gc_heads', filter: all },
      { coll: 'gc_heads', filter: all },
    ]);
  });

  it('when the grouped done write fails and its outcome is unknown, then each item is still processed once and ends done', async () => {
    const ids = ['f1', 'f2', 'f3'];
    const { items, queue, served } = await queueOf('failing', ids);
    // The first grouped write reaches the database and then the connection drops: it was applied,
    // but the workers only see an error. Their retries match nothing, and nothing runs twice.
    const failing = faultyBulkWrite(items, async (write, call) => {
      const r = await write();
      if (call === 0) throw new Error('connection reset');
      return r;
    });
    queue.start();
    queue.kick(ids.map((id) => `K-${id}`));
    await waitFor(async () => (await items.countDocuments({ status: 'done' })) === ids.length, 'all done');
    await waitFor(() => updates.filter((u) => u.coll === 'gc_failing').length >= 2, 'the retried records');
    await queue.stop();
    expect(failing.calls()).toBeGreaterThanOrEqual(1);
    expect(served.sort()).toEqual(ids);
    expect((await items.find({}).lean()).map((d) => d.attempts)).toEqual([1, 1, 1]);
  });

  it('when the grouped done write fails before reaching the database, then no item is marked done until a retry writes it, and none is processed again', async () => {
    const ids = ['g1', 'g2', 'g3'];
    const { items, queue, served } = await queueOf('down', ids);
    let refused = 0;
    let release: () => void = () => undefined;
    const up = new Promise<void>((r) => {
      release = r;
    });
    const { raw } = faultyBulkWrite(items, async (write, call) => {
      if (call === 0) {
        refused++;
        throw new Error('database unavailable');
      }
      await up;
      return write();
    });
    const originalOne = raw.updateOne.bind(raw);
    // A lone retry goes as updateOne: the database is down for it too until released.
    jest.spyOn(raw, 'updateOne').mockImplementation((async (...args: Parameters<typeof raw.updateOne>) => {
      if ((args[1] as Statement['u'])?.$set?.status === 'done') await up;
      return originalOne(...args);
    }) as typeof raw.updateOne);
    queue.start();
    queue.kick(ids.map((id) => `K-${id}`));
    await waitFor(() => refused === 1 && served.length === ids.length, 'the first grouped write refused');
    expect(await items.countDocuments({ status: 'done' })).toBe(0);
    release();
    await waitFor(async () => (await items.countDocuments({ status: 'done' })) === ids.length, 'all done');
    await queue.stop();
    expect(served.sort()).toEqual(ids);
  });
});
