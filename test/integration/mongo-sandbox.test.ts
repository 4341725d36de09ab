// CRUD through mongoose against whatever startTestDb provides (the in-memory server, or a real
// MongoDB when TEST_MONGODB_URI is set): nothing here may depend on sandbox-only behaviour.
import mongoose, { type Connection, Schema, Types } from 'mongoose';
import { startTestDb, type TestDb } from '../helpers/mongo';

interface Reporter {
  lineUserId: string;
  name?: string;
  visits: number;
  firstSeenAt?: Date;
  tags: string[];
}

const reporterSchema = new Schema<Reporter>(
  {
    lineUserId: { type: String, required: true, unique: true },
    name: String,
    visits: { type: Number, default: 0 },
    firstSeenAt: Date,
    tags: { type: [String], default: [] },
  },
  { versionKey: false },
);

let db: TestDb;
let conn: Connection;
const Reporter = () => conn.model<Reporter>('Reporter', reporterSchema);

beforeAll(async () => {
  db = await startTestDb('mongo_sandbox');
  conn = await mongoose.createConnection(db.uri).asPromise();
  await Reporter().init();
});

afterAll(async () => {
  await conn.close();
  await db.stop();
});

beforeEach(async () => {
  await Reporter().deleteMany({});
});

const codeOf = (e: unknown): number | undefined => (e as { code?: number }).code;

it('when a document is created, then findById returns it with its ObjectId and Date intact', async () => {
  const firstSeenAt = new Date('2025-03-01T10:20:30.123Z');
  const created = await Reporter().create({ lineUserId: 'U1', name: 'Somchai', firstSeenAt });

  const found = await Reporter().findById(created._id).lean();

  expect(found?._id).toBeInstanceOf(Types.ObjectId);
  expect(found?._id.equals(created._id)).toBe(true);
  expect(found?.firstSeenAt).toEqual(firstSeenAt);
  expect(found).toMatchObject({ lineUserId: 'U1', name: 'Somchai', visits: 0, tags: [] });
});

it('when find has a filter, sort, skip, limit and projection, then only those fields of that page come back', async () => {
  await Reporter().insertMany([1, 2, 3, 4, 5].map((i) => ({ lineUserId: `U${i}`, name: `n${i}`, visits: i })));

  const page = await Reporter().find({ visits: { $gte: 2 } }, { name: 1, _id: 0 }).sort({ visits: -1 }).skip(1).limit(2).lean();

  expect(page).toEqual([{ name: 'n4' }, { name: 'n3' }]);
});

it('when updateOne changes a field, then findOne sees the change and the result counts it', async () => {
  await Reporter().create({ lineUserId: 'U1', visits: 1 });

  const res = await Reporter().updateOne({ lineUserId: 'U1' }, { $inc: { visits: 2 }, $push: { tags: 'sos' } });

  expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
  expect(await Reporter().findOne({ lineUserId: 'U1' }).lean()).toMatchObject({ visits: 3, tags: ['sos'] });
});

it('when findOneAndUpdate upserts with $setOnInsert, then the insert gets it and a later update does not', async () => {
  const at = new Date('2025-01-01T00:00:00Z');
  const update = { $inc: { visits: 1 }, $setOnInsert: { firstSeenAt: at, name: 'first' } };

  const inserted = await Reporter().findOneAndUpdate({ lineUserId: 'U9' }, update, { upsert: true, returnDocument: 'after' }).lean();
  const later = { $inc: { visits: 1 }, $setOnInsert: { firstSeenAt: new Date(), name: 'second' } };
  const updated = await Reporter().findOneAndUpdate({ lineUserId: 'U9' }, later, { upsert: true, returnDocument: 'after' }).lean();

  expect(inserted).toMatchObject({ lineUserId: 'U9', visits: 1, firstSeenAt: at, name: 'first' });
  expect(updated).toMatchObject({ lineUserId: 'U9', visits: 2, firstSeenAt: at, name: 'first' });
  expect(updated?._id.equals(inserted?._id)).toBe(true);
});

it('when updateOne upserts, then the result reports the upserted id and the document holds the filter equality', async () => {
  const res = await Reporter().updateOne({ lineUserId: 'U7' }, { $set: { name: 'x' } }, { upsert: true });

  expect(res.upsertedCount).toBe(1);
  const doc = await Reporter().findById(res.upsertedId).lean();
  expect(doc).toMatchObject({ lineUserId: 'U7', name: 'x' });
});

it('when a unique value is inserted twice, then the second insert fails with code 11000 naming the key', async () => {
  await Reporter().create({ lineUserId: 'U1' });

  const err: unknown = await Reporter()
    .create({ lineUserId: 'U1' })
    .catch((e: unknown) => e);

  expect(codeOf(err)).toBe(11000);
  expect(err).toMatchObject({ keyPattern: { lineUserId: 1 }, keyValue: { lineUserId: 'U1' } });
  expect(await Reporter().countDocuments()).toBe(1);
});

it('when an update would duplicate a unique value, then it fails with 11000 and changes nothing', async () => {
  await Reporter().create([{ lineUserId: 'U1' }, { lineUserId: 'U2', name: 'two' }]);

  const err: unknown = await Reporter()
    .updateOne({ lineUserId: 'U2' }, { $set: { lineUserId: 'U1' } })
    .catch((e: unknown) => e);

  expect(codeOf(err)).toBe(11000);
  expect(await Reporter().findOne({ name: 'two' }).lean()).toMatchObject({ lineUserId: 'U2' });
});

it('when an upsert inserts a duplicate unique value, then it fails with code 11000', async () => {
  await Reporter().create({ lineUserId: 'U1', name: 'a' });

  const err: unknown = await Reporter()
    .findOneAndUpdate({ name: 'b' }, { $set: { lineUserId: 'U1' } }, { upsert: true })
    .catch((e: unknown) => e);

  expect(codeOf(err)).toBe(11000);
  expect(await Reporter().countDocuments()).toBe(1);
});

it('when insertMany is unordered and some documents are duplicates, then the rest are inserted and the duplicates reported', async () => {
  await Reporter().create({ lineUserId: 'U2' });
  const batch = ['U1', 'U2', 'U3', 'U3', 'U4'].map((lineUserId) => ({ lineUserId }));

  const err: unknown = await Reporter()
    .insertMany(batch, { ordered: false })
    .catch((e: unknown) => e);

  expect(codeOf(err)).toBe(11000);
  const writeErrors = (err as { writeErrors: Array<{ index: number; code?: number; err?: { code?: number } }> }).writeErrors;
  expect(writeErrors.map((w) => w.index).sort()).toEqual([1, 3]);
  const ids = (await Reporter().find().sort({ lineUserId: 1 }).lean()).map((r) => r.lineUserId);
  expect(ids).toEqual(['U1', 'U2', 'U3', 'U4']);
});

it('when insertMany is ordered and hits a duplicate, then it stops there', async () => {
  await Reporter().create({ lineUserId: 'U2' });

  const err: unknown = await Reporter()
    .insertMany(['U1', 'U2', 'U3'].map((lineUserId) => ({ lineUserId })))
    .catch((e: unknown) => e);

  expect(codeOf(err)).toBe(11000);
  expect((await Reporter().find().lean()).map((r) => r.lineUserId).sort()).toEqual(['U1', 'U2']);
});

it('when a query matches more documents than one batch holds, then the cursor delivers all of them', async () => {
  await Reporter().insertMany(Array.from({ length: 350 }, (_, i) => ({ lineUserId: `U${String(i).padStart(3, '0')}`, visits: i })));

  const all = await Reporter().find({}, { lineUserId: 1 }).sort({ visits: 1 }).lean();
  const streamed: string[] = [];
  for await (const r of Reporter().find().batchSize(50).cursor()) streamed.push(r.lineUserId);

  expect(all).toHaveLength(350);
  expect(all[0].lineUserId).toBe('U000');
  expect(all[349].lineUserId).toBe('U349');
  expect(new Set(streamed).size).toBe(350);
});

it('when a cursor is closed early, then later queries still work', async () => {
  await Reporter().insertMany(Array.from({ length: 150 }, (_, i) => ({ lineUserId: `U${i}` })));

  const cursor = Reporter().find().batchSize(10).cursor();
  await cursor.next();
  await cursor.close();

  expect(await Reporter().countDocuments()).toBe(150);
});

it('when deleteOne and deleteMany run, then they remove one and all matches respectively', async () => {
  await Reporter().insertMany(['U1', 'U2', 'U3', 'U4'].map((lineUserId, i) => ({ lineUserId, visits: i % 2 })));

  const one = await Reporter().deleteOne({ visits: 0 });
  const many = await Reporter().deleteMany({ visits: 1 });

  expect(one.deletedCount).toBe(1);
  expect(many.deletedCount).toBe(2);
  expect((await Reporter().find().lean()).map((r) => r.lineUserId)).toEqual(['U3']);
});

it('when findOneAndDelete runs with a sort, then it removes and returns the first document in that order', async () => {
  await Reporter().insertMany([3, 1, 2].map((visits) => ({ lineUserId: `U${visits}`, visits })));

  const removed = await Reporter().findOneAndDelete({}, { sort: { visits: 1 } }).lean();

  expect(removed?.lineUserId).toBe('U1');
  expect(await Reporter().countDocuments()).toBe(2);
});

it('when an unique index exists on a second database of the same server, then the databases do not share documents', async () => {
  const other = conn.useDb(`${conn.name}_other`);
  const OtherReporter = other.model<Reporter>('Reporter', reporterSchema);
  await OtherReporter.init();
  await Reporter().create({ lineUserId: 'U1' });

  await OtherReporter.create({ lineUserId: 'U1' });

  expect(await OtherReporter.countDocuments()).toBe(1);
  await other.dropDatabase();
});
