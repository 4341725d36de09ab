import type { Connection } from 'mongoose';
import type { Collection, Document } from 'mongodb';
import { connectMongo } from '../../src/store/connection';
import { createGroupedFind } from '../../src/store/grouped-find';
import { startTestDb, type TestDb } from '../helpers/mongo';

// Reads of concurrent callers in one tick (the queue's workers reading their next keys' heads, the
// first messages of new conversations reading their sessions) go as one find command; each caller
// gets what its own find would have returned.

let db: TestDb;
let conn: Connection;
/** The filters of the find commands sent (driver command monitoring). */
let finds: Document[] = [];

beforeAll(async () => {
  db = await startTestDb('grouped_find');
  conn = await connectMongo(db.uri, { monitorCommands: true });
  conn.getClient().on('commandStarted', (e) => {
    if (e.commandName === 'find') finds.push(e.command.filter as Document);
  });
});
afterAll(async () => {
  await conn.close();
  await db.stop();
});
beforeEach(() => {
  finds = [];
});

/** String ids, as the sessions and queue items have. */
type Doc = { _id: string } & Document;
const collection = (name: string) => conn.db!.collection<Doc>(name);
const asDocuments = (c: Collection<Doc>) => c as unknown as Collection<Document>;
/** Queue-like items: `n` pending items of `key` in order 1..n, and one done item ahead of them. */
const itemsOf = (key: string, n: number) => [
  { _id: `${key}-done`, key, status: 'done', order: 0 },
  ...Array.from({ length: n }, (_, i) => ({ _id: `${key}-${i + 1}`, key, status: 'pending', order: i + 1 })),
];
const heads = (c: Collection<Doc>) => createGroupedFind(() => asDocuments(c), { field: 'key', filter: { status: 'pending' }, sort: { order: 1 }, perKey: 2 });
const ids = (docs: Document[]) => docs.map((d) => d._id);

it('when several keys are read in the same tick, then it is one find, and each caller gets its own first items in order', async () => {
  const c = collection('gf_heads');
  // Stored out of order, so the answer's order is the sort's, not the insertion's.
  await c.insertMany([...itemsOf('k3', 3).reverse(), ...itemsOf('k1', 1), ...itemsOf('k2', 2).reverse()]);
  const read = heads(c);
  finds = [];
  const got = await Promise.all(['k2', 'k1', 'k3', 'nobody'].map(read));
  expect(got.map(ids)).toEqual([['k2-1', 'k2-2'], ['k1-1'], ['k3-1', 'k3-2'], []]);
  expect(finds).toHaveLength(1);
  expect(finds[0]).toEqual({ status: 'pending', key: { $in: ['k2', 'k1', 'k3', 'nobody'] } });
});

it('when one key is read alone, then it is the plain find of that key', async () => {
  const c = collection('gf_alone');
  await c.insertMany(itemsOf('solo', 3));
  const got = await heads(c)('solo');
  expect(ids(got)).toEqual(['solo-1', 'solo-2']);
  expect(finds).toEqual([{ status: 'pending', key: 'solo' }]);
});

it('when one key holds so many items that the group’s answer comes back full, then the keys it crowded out are read on their own and get theirs', async () => {
  const c = collection('gf_full');
  // "a-many" sorts first and fills the whole bounded answer (2 per key asked: 6) by itself.
  await c.insertMany([...itemsOf('a-many', 10), ...itemsOf('b', 2), ...itemsOf('c', 1)]);
  const read = heads(c);
  finds = [];
  const got = await Promise.all(['a-many', 'b', 'c'].map(read));
  expect(got.map(ids)).toEqual([['a-many-1', 'a-many-2'], ['b-1', 'b-2'], ['c-1']]);
  expect(finds.slice(1)).toEqual(expect.arrayContaining([{ status: 'pending', key: 'b' }, { status: 'pending', key: 'c' }]));
  expect(finds).toHaveLength(3);
});

it('when two callers read the same key in one tick, then each gets the same items as its own copies', async () => {
  const c = collection('gf_same');
  await c.insertMany([...itemsOf('twice', 1), ...itemsOf('other', 1)]);
  const read = heads(c);
  const [a, b, other] = await Promise.all([read('twice'), read('twice'), read('other')]);
  expect(ids(a!)).toEqual(['twice-1']);
  expect(b).toEqual(a);
  expect(b![0]).not.toBe(a![0]);
  expect(ids(other!)).toEqual(['other-1']);
});

it('when the group’s find fails, then every caller of the group gets the error', async () => {
  const c = collection('gf_fail');
  const read = heads(c);
  const find = jest.spyOn(c, 'find').mockImplementationOnce(() => {
    throw new Error('connection reset');
  });
  const got = await Promise.allSettled(['x', 'y'].map(read));
  expect(got.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  find.mockRestore();
  // The next tick's group reads again.
  await expect(read('x')).resolves.toEqual([]);
});

it('when sessions are read by id in one tick, then it is one find by $in and a missing one is empty', async () => {
  const c = collection('gf_sessions');
  await c.insertMany([
    { _id: 'U1', version: 3 },
    { _id: 'U2', version: 1 },
  ]);
  const read = createGroupedFind(() => asDocuments(c), { field: '_id', perKey: 1 });
  finds = [];
  const got = await Promise.all(['U2', 'U-new', 'U1'].map(read));
  expect(got).toEqual([[{ _id: 'U2', version: 1 }], [], [{ _id: 'U1', version: 3 }]]);
  expect(finds).toEqual([{ _id: { $in: ['U2', 'U-new', 'U1'] } }]);
});
