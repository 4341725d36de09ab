import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { connectMongo } from '../../src/store/connection';
import { createGroupedReplace, type Keyed } from '../../src/store/grouped-replace';
import { startTestDb, type TestDb } from '../helpers/mongo';

// Conditional replacements (the intake session's save: won or lost on its version) of concurrent
// callers in one tick go as one update command; each caller still learns whether its own save won.

let db: TestDb;
let conn: Connection;
/** Update commands sent, by how many statements each carried (driver command monitoring). */
let updates: number[] = [];
let finds = 0;

beforeAll(async () => {
  db = await startTestDb('grouped_replace');
  conn = await connectMongo(db.uri, { monitorCommands: true });
  conn.getClient().on('commandStarted', (e) => {
    if (e.commandName === 'update') updates.push((e.command.updates as unknown[]).length);
    if (e.commandName === 'find') finds += 1;
  });
});
afterAll(async () => {
  await conn.close();
  await db.stop();
});
beforeEach(() => {
  updates = [];
  finds = 0;
});

const collection = (name: string) => conn.db!.collection<Keyed>(name) as Collection<Keyed>;
/** A save of `id` decided on version `from`, applying event `ev`. */
const saveOf = (id: string, from: number, ev: string, exists = true) => ({
  filter: { _id: id, version: from },
  doc: { _id: id, version: from + 1, applied: [ev] },
  upsert: !exists,
  isOurs: (d: Keyed) => d.version === from + 1 && Array.isArray(d.applied) && d.applied.includes(ev),
});

it('when several conversations save in the same tick, then it is one update command and every save wins', async () => {
  const c = collection('gr_all');
  await c.insertMany(['a', 'b', 'c'].map((id) => ({ _id: id, version: 1, applied: [] })));
  const replace = createGroupedReplace(() => c);
  updates = [];
  const won = await Promise.all([...['a', 'b', 'c'].map((id) => replace(saveOf(id, 1, `e-${id}`))), replace(saveOf('new', 0, 'e-new', false))]);
  expect(won).toEqual([true, true, true, true]);
  expect(updates).toEqual([4]);
  expect(finds).toBe(0);
  expect((await c.find({}, { sort: { _id: 1 } }).toArray()).map((d) => [d._id, d.version])).toEqual([
    ['a', 2],
    ['b', 2],
    ['c', 2],
    ['new', 1],
  ]);
});

it('when one save in the group was decided on a stale version, then only it loses (read back to tell), and its document keeps the other writer', async () => {
  const c = collection('gr_stale');
  await c.insertMany([
    { _id: 'a', version: 1, applied: [] },
    // Someone else saved b already: version 2 with their event.
    { _id: 'b', version: 2, applied: ['other'] },
  ]);
  const replace = createGroupedReplace(() => c);
  const won = await Promise.all([replace(saveOf('a', 1, 'e-a')), replace(saveOf('b', 1, 'e-b'))]);
  expect(won).toEqual([true, false]);
  expect(finds).toBe(1);
  expect(await c.findOne({ _id: 'b' })).toMatchObject({ version: 2, applied: ['other'] });
});

it('when two first messages race to create the same session, then one creation wins and the other loses on the duplicate key; the rest of the group wins', async () => {
  const c = collection('gr_race');
  await c.insertOne({ _id: 'a', version: 1, applied: [] });
  const replace = createGroupedReplace(() => c);
  const won = await Promise.all([replace(saveOf('new', 0, 'first', false)), replace(saveOf('new', 0, 'second', false)), replace(saveOf('a', 1, 'e-a'))]);
  expect(won.filter(Boolean)).toHaveLength(2);
  expect(won[2]).toBe(true);
  const stored = await c.findOne({ _id: 'new' });
  // The one that reads as won is the one stored.
  expect(stored?.applied).toEqual([won[0] ? 'first' : 'second']);
});

it('when a save is alone in its tick, then it is the plain conditional replace it would have been', async () => {
  const c = collection('gr_alone');
  await c.insertOne({ _id: 'a', version: 3, applied: [] });
  const replace = createGroupedReplace(() => c);
  expect(await replace(saveOf('a', 3, 'e-a'))).toBe(true);
  expect(await replace(saveOf('a', 3, 'e-again'))).toBe(false);
  expect(await replace(saveOf('x', 0, 'e-x', false))).toBe(true);
  expect(await replace(saveOf('x', 0, 'e-x2', false))).toBe(false);
  expect(updates).toEqual([1, 1, 1, 1]);
});

it('when the grouped command fails as a whole, then every caller gets the error and nothing reads as saved', async () => {
  const c = collection('gr_fail');
  await c.insertMany(['a', 'b'].map((id) => ({ _id: id, version: 1, applied: [] })));
  const broken = { bulkWrite: () => Promise.reject(new Error('connection reset')) } as unknown as Collection<Keyed>;
  const replace = createGroupedReplace(() => broken);
  const results = await Promise.allSettled([replace(saveOf('a', 1, 'e-a')), replace(saveOf('b', 1, 'e-b'))]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  expect((await c.find({}).toArray()).map((d) => d.version)).toEqual([1, 1]);
});
