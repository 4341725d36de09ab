// Unique indexes over bulk inserts (documents kept as BSON bytes) and later writes: duplicates
// rejected with the right writeErrors index, freed keys reusable, lookups by a unique key exact,
// at sizes that make the index's hash table grow several times. Through the driver.
import mongoose, { type Connection } from 'mongoose';
import { startTestDb, type TestDb } from '../helpers/mongo';

let db: TestDb;
let conn: Connection;
const codeOf = (e: unknown): unknown => (e as { code?: unknown }).code;
const ref = (i: number): string => `REF-${String(i).padStart(5, '0')}`;

beforeAll(async () => {
  db = await startTestDb('mongo_unique_table');
  conn = await mongoose.createConnection(db.uri).asPromise();
  await conn.collection('items').createIndex({ ref: 1 }, { unique: true });
  await conn.collection('items').insertMany(Array.from({ length: 3000 }, (_, i) => ({ ref: ref(i), n: i })), { ordered: false });
});

afterAll(async () => {
  await conn.close();
  await db.stop();
});

it('when an unordered bulk insert repeats stored and in-batch keys, then exactly those documents fail with their indexes and the rest are stored', async () => {
  const batch = Array.from({ length: 2000 }, (_, i) => ({ ref: ref(3000 + i), n: 3000 + i }));
  batch[10] = { ref: ref(42), n: -1 }; // already stored
  batch[1500] = { ref: ref(3000 + 700), n: -2 }; // repeats batch[700]
  const err: unknown = await conn
    .collection('items')
    .insertMany(batch, { ordered: false })
    .catch((e: unknown) => e);

  expect(codeOf(err)).toBe(11000);
  const writeErrors = (err as { writeErrors: Array<{ index: number }> }).writeErrors;
  expect(writeErrors.map((w) => w.index).sort((a, b) => a - b)).toEqual([10, 1500]);
  expect(await conn.collection('items').countDocuments()).toBe(3000 + 1998);
  expect(await conn.collection('items').findOne({ ref: ref(42) }, { projection: { _id: 0 } })).toEqual({ ref: ref(42), n: 42 });
});

it('when an ordered bulk insert meets a duplicate, then it stops there', async () => {
  const batch = [{ ref: 'ORD-1' }, { ref: ref(5) }, { ref: 'ORD-2' }];
  const err: unknown = await conn
    .collection('items')
    .insertMany(batch, { ordered: true })
    .catch((e: unknown) => e);

  expect((err as { writeErrors: Array<{ index: number }> }).writeErrors.map((w) => w.index)).toEqual([1]);
  expect(await conn.collection('items').countDocuments({ ref: { $in: ['ORD-1', 'ORD-2'] } })).toBe(1);
});

it('when documents are deleted, then their keys can be taken again by inserts and updates, and lookups find only live documents', async () => {
  const items = conn.collection('items');
  await items.deleteMany({ n: { $gte: 100, $lt: 1100 } });
  expect(await items.findOne({ ref: ref(500) })).toBeNull();

  await items.insertOne({ ref: ref(500), n: 5000 });
  await items.updateOne({ ref: ref(1200) }, { $set: { ref: ref(600) } });
  await expect(items.updateOne({ ref: ref(1201) }, { $set: { ref: ref(600) } })).rejects.toMatchObject({ code: 11000 });

  expect(await items.find({ ref: ref(500) }, { projection: { _id: 0 } }).toArray()).toEqual([{ ref: ref(500), n: 5000 }]);
  expect(await items.find({ ref: ref(600) }, { projection: { _id: 0 } }).toArray()).toEqual([{ ref: ref(600), n: 1200 }]);
  expect(await items.findOne({ ref: ref(1200) })).toBeNull();
  expect(await items.countDocuments({ ref: { $in: [ref(99), ref(100), ref(1099), ref(1100)] } })).toBe(2);
});

it('when large inserts arrive _id first (kept in their message buffer), then every document reads back intact after later traffic, and updates, deletes and duplicate checks work on them', async () => {
  const big = conn.collection('big');
  await big.createIndex({ ref: 1 }, { unique: true });
  const pad = 'x'.repeat(200);
  const doc = (i: number) => ({ _id: new mongoose.Types.ObjectId(), ref: `BIG-${i}`, n: i, pad: `${pad}${i}` });
  // Two messages of about 500 KB each, the second with a duplicate of the first's 7th document.
  await big.insertMany(Array.from({ length: 2000 }, (_, i) => doc(i)), { ordered: false });
  const second = Array.from({ length: 2000 }, (_, i) => doc(2000 + i));
  second[123] = { ...doc(7), _id: new mongoose.Types.ObjectId() };
  const err: unknown = await big.insertMany(second, { ordered: false }).catch((e: unknown) => e);
  expect((err as { writeErrors: Array<{ index: number }> }).writeErrors.map((w) => w.index)).toEqual([123]);
  // Unrelated traffic that reuses socket and pool buffers.
  for (let i = 0; i < 50; i++) await conn.collection('other').insertOne({ i, pad });

  const all = await big.find({}, { projection: { _id: 0 } }).sort({ n: 1 }).toArray();
  expect(all).toHaveLength(3999);
  expect(all.every((d) => d.pad === `${pad}${d.n}` && d.ref === `BIG-${d.n}`)).toBe(true);

  await big.updateOne({ ref: 'BIG-10' }, { $set: { ref: 'BIG-10b' } });
  await big.deleteOne({ ref: 'BIG-11' });
  await big.insertOne({ ref: 'BIG-11', n: -11 });
  await expect(big.insertOne({ ref: 'BIG-10b' })).rejects.toMatchObject({ code: 11000 });
  expect(await big.findOne({ ref: 'BIG-10b' }, { projection: { _id: 0, n: 1 } })).toEqual({ n: 10 });
  expect(await big.findOne({ ref: 'BIG-11' }, { projection: { _id: 0, n: 1 } })).toEqual({ n: -11 });
  expect(await big.findOne({ ref: 'BIG-10' })).toBeNull();
});
