// The server-side rules tests tend to trip on: error codes, index options, value types, TTL and
// transactions. Shared between the sandbox and a real MongoDB (TEST_MONGODB_URI).
import mongoose, { type Connection, Schema, Types } from 'mongoose';
import { startTestDb, type TestDb } from '../helpers/mongo';

let db: TestDb;
let conn: Connection;

beforeAll(async () => {
  db = await startTestDb('mongo_semantics');
  conn = await mongoose.createConnection(db.uri).asPromise();
});

afterAll(async () => {
  await conn.close();
  await db.stop();
});

const codeOf = (e: unknown): number | undefined => {
  const err = e as { code?: number; originalError?: { code?: number } };
  return err.originalError?.code ?? err.code;
};

it('when BigInt (int64) and Decimal128 values are stored, then they come back exactly', async () => {
  const Amount = conn.model(
    'Amount',
    new Schema({ big: BigInt, money: Schema.Types.Decimal128, at: Date }, { versionKey: false }),
  );
  const big = 9_007_199_254_740_993n; // 2^53 + 1: not representable as a double
  const at = new Date('2025-05-05T05:05:05.555Z');
  const created = await Amount.create({ big, money: Types.Decimal128.fromString('1234.5678'), at });

  const found = await Amount.findById(created._id);

  expect(found?.get('big')).toBe(big);
  expect(String(found?.get('money'))).toBe('1234.5678');
  expect(found?.get('at')).toEqual(at);
});

it('when $inc targets a string field, then the update fails with code 14 (TypeMismatch)', async () => {
  const coll = conn.collection('typed');
  await coll.insertOne({ _id: new Types.ObjectId(), name: 'text' });

  const err: unknown = await coll.updateOne({ name: 'text' }, { $inc: { name: 1 } }).catch((e: unknown) => e);

  expect(codeOf(err)).toBe(14);
});

it('when an update changes _id, then it fails with code 66 (ImmutableField)', async () => {
  const coll = conn.collection('immutable');
  const _id = new Types.ObjectId();
  await coll.insertOne({ _id, n: 1 });

  const err: unknown = await coll.updateOne({ _id }, { $set: { _id: new Types.ObjectId() } }).catch((e: unknown) => e);

  expect(codeOf(err)).toBe(66);
  expect(await coll.countDocuments({ _id })).toBe(1);
});

it('when an update uses the positional $ and arrayFilters, then only the matching array elements change', async () => {
  const coll = conn.collection('positional');
  const _id = new Types.ObjectId();
  await coll.insertOne({ _id, steps: [{ k: 'a', done: false }, { k: 'b', done: false }, { k: 'c', done: false }] });

  await coll.updateOne({ _id, 'steps.k': 'b' }, { $set: { 'steps.$.done': true } });
  await coll.updateOne({ _id }, { $set: { 'steps.$[s].note': 'x' } }, { arrayFilters: [{ 's.k': { $in: ['a', 'c'] } }] });

  expect((await coll.findOne({ _id }))?.steps).toEqual([
    { k: 'a', done: false, note: 'x' },
    { k: 'b', done: true },
    { k: 'c', done: false, note: 'x' },
  ]);
});

it('when a compound unique index exists, then only the same combination is a duplicate', async () => {
  const Shift = conn.model('Shift', new Schema({ group: String, day: String, officer: String }).index({ group: 1, day: 1 }, { unique: true }));
  await Shift.init();
  await Shift.create({ group: 'g1', day: 'mon', officer: 'a' });
  await Shift.create({ group: 'g1', day: 'tue', officer: 'b' });

  const err: unknown = await Shift.create({ group: 'g1', day: 'mon', officer: 'c' }).catch((e: unknown) => e);

  expect(codeOf(err)).toBe(11000);
  expect(err).toMatchObject({ keyValue: { group: 'g1', day: 'mon' } });
});

it('when a unique index is sparse or partial, then documents outside it never collide', async () => {
  const Contact = conn.model(
    'Contact',
    new Schema({ phone: String, email: String, active: Boolean })
      .index({ phone: 1 }, { unique: true, sparse: true })
      .index({ email: 1 }, { unique: true, partialFilterExpression: { active: true } }),
  );
  await Contact.init();

  await Contact.create([{ email: 'a@x', active: false }, { email: 'a@x', active: false }, { email: 'a@x', active: true }]);
  const err: unknown = await Contact.create({ email: 'a@x', active: true, phone: '1' }).catch((e: unknown) => e);

  expect(codeOf(err)).toBe(11000);
  expect(await Contact.countDocuments()).toBe(3);
});

it('when syncIndexes runs after the schema changed, then listIndexes shows exactly the new indexes', async () => {
  const name = 'Synced';
  const first = conn.model(name, new Schema({ a: String, b: String }).index({ a: 1 }), 'synced');
  await first.init();
  conn.deleteModel(name);
  const second = conn.model(name, new Schema({ a: String, b: String }).index({ b: 1 }, { unique: true }), 'synced');

  await second.syncIndexes();

  const keys = (await second.listIndexes()).map((ix: { key: Record<string, number> }) => Object.keys(ix.key).join(','));
  expect(keys.sort()).toEqual(['_id', 'b']);
});

it('when a TTL index expires documents, then they disappear while fresh ones stay', async () => {
  const Session = conn.model('Session', new Schema({ key: String, expiresAt: { type: Date, index: { expireAfterSeconds: 0 } } }));
  await Session.init();
  await Session.create([
    { key: 'old', expiresAt: new Date(Date.now() - 1000) },
    { key: 'fresh', expiresAt: new Date(Date.now() + 3_600_000) },
  ]);

  // mongod's TTL monitor runs every 60 s, the sandbox's every second: poll with a generous bound.
  const deadline = Date.now() + 150_000;
  while ((await Session.countDocuments({ key: 'old' })) > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
  }

  expect(await Session.countDocuments({ key: 'old' })).toBe(0);
  expect(await Session.countDocuments({ key: 'fresh' })).toBe(1);
}, 180_000);

it('when a multi-document transaction is attempted on a standalone server, then it is rejected with code 20 and nothing is written', async () => {
  // A replica set (possible behind TEST_MONGODB_URI) supports transactions: nothing to check there.
  const hello = await conn.db?.admin().command({ hello: 1 });
  if (hello?.setName !== undefined || hello?.msg === 'isdbgrid') return;
  const Ledger = conn.model('Ledger', new Schema({ entry: String }));
  await Ledger.init();
  const session = await conn.startSession();

  const err: unknown = await session
    .withTransaction(async () => {
      await Ledger.create([{ entry: 'in-transaction' }], { session });
    })
    .catch((e: unknown) => e);
  await session.endSession();

  expect(codeOf(err)).toBe(20);
  expect(await Ledger.countDocuments()).toBe(0);
});
