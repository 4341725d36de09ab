// $bucket as mongod runs it: ranges [b_i, b_i+1) (inclusive lower, exclusive upper), everything
// outside (null and missing included) in the `default` bucket, only non-empty buckets output,
// sorted by _id. Through the driver (sandbox or TEST_MONGODB_URI).
import mongoose, { type Connection } from 'mongoose';
import { startTestDb, type TestDb } from '../helpers/mongo';

let db: TestDb;
let conn: Connection;

const utc = (m: number, d: number, h = 0, min = 0, s = 0, ms = 0): Date => new Date(Date.UTC(2025, m - 1, d, h, min, s, ms));
const MAR = utc(3, 1);
const APR = utc(4, 1);
const MAY = utc(5, 1);

beforeAll(async () => {
  db = await startTestDb('mongo_bucket');
  conn = await mongoose.createConnection(db.uri).asPromise();
  await conn.collection('dated').insertMany([
    { name: 'first moment of March', createdAt: MAR },
    { name: 'last moment of March', createdAt: utc(3, 31, 23, 59, 59, 999) },
    { name: 'first moment of April', createdAt: APR },
    { name: 'mid April', createdAt: utc(4, 15, 12) },
    { name: 'first moment of May', createdAt: MAY },
    { name: 'February', createdAt: utc(2, 14) },
    { name: 'no date' },
  ]);
  await conn.collection('numbers').insertMany([
    { n: 0, w: 1 },
    { n: 9.5, w: 2 },
    { n: 10, w: 4 },
    { n: 29, w: 8 },
    { n: 30, w: 16 },
    { n: -1, w: 32 },
    { n: 'ten', w: 64 },
  ]);
});

afterAll(async () => {
  await conn.close();
  await db.stop();
});

it('when a date equals an inner boundary exactly, then $bucket puts it in the bucket that starts there', async () => {
  const rows = await conn
    .collection('dated')
    .aggregate([{ $bucket: { groupBy: '$createdAt', boundaries: [MAR, APR, MAY], default: 'other', output: { names: { $push: '$name' } } } }])
    .toArray();

  // A string default sorts below dates in BSON order, so mongod's sort on _id puts it first.
  expect(rows).toEqual([
    { _id: 'other', names: ['first moment of May', 'February', 'no date'] },
    { _id: MAR, names: ['first moment of March', 'last moment of March'] },
    { _id: APR, names: ['first moment of April', 'mid April'] },
  ]);
});

it('when numbers equal a boundary, then the lower boundary is inclusive, the upper exclusive, and values outside (or of another type) go to default', async () => {
  const rows = await conn
    .collection('numbers')
    .aggregate([{ $bucket: { groupBy: '$n', boundaries: [0, 10, 15, 20, 30], default: 'other', output: { count: { $sum: 1 }, w: { $sum: '$w' } } } }])
    .toArray();

  // [15, 20) holds nothing and is not output; 30 is the upper bound, so outside; 'ten' is not a number.
  expect(rows).toEqual([
    { _id: 0, count: 2, w: 3 },
    { _id: 10, count: 1, w: 4 },
    { _id: 20, count: 1, w: 8 },
    { _id: 'other', count: 3, w: 16 + 32 + 64 },
  ]);
});

it('when $bucket has no output, then each bucket counts its documents', async () => {
  const rows = await conn
    .collection('numbers')
    .aggregate([{ $match: { n: { $type: 'number' } } }, { $bucket: { groupBy: '$n', boundaries: [-1, 10, 31] } }])
    .toArray();

  expect(rows).toEqual([
    { _id: -1, count: 3 },
    { _id: 10, count: 3 },
  ]);
});

it('when groupBy is an expression, then its value is bucketed with the same boundary rule', async () => {
  const rows = await conn
    .collection('numbers')
    .aggregate([
      { $match: { n: { $type: 'number' } } },
      { $bucket: { groupBy: { $add: ['$n', 1] }, boundaries: [1, 11, 31], default: -100, output: { ns: { $push: '$n' } } } },
    ])
    .toArray();

  // n + 1 = 11 (n = 10) starts the second bucket; 31 (n = 30) is the upper bound; 0 (n = -1) is below.
  expect(rows).toEqual([
    { _id: -100, ns: [30, -1] },
    { _id: 1, ns: [0, 9.5] },
    { _id: 11, ns: [10, 29] },
  ]);
});

it('when a value falls outside the boundaries and there is no default, then the aggregation fails', async () => {
  await expect(conn.collection('numbers').aggregate([{ $bucket: { groupBy: '$n', boundaries: [0, 10] } }]).toArray()).rejects.toThrow(
    /no default/,
  );
});

it('when the boundaries are not ascending, or the default lies inside them, then the stage is refused', async () => {
  await expect(conn.collection('numbers').aggregate([{ $bucket: { groupBy: '$n', boundaries: [10, 0] } }]).toArray()).rejects.toThrow(
    /ascending/,
  );
  await expect(
    conn.collection('numbers').aggregate([{ $bucket: { groupBy: '$n', boundaries: [0, 10, 20], default: 10 } }]).toArray(),
  ).rejects.toThrow(/default/);
});
