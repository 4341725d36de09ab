// Aggregations and counts as the reports run them, through mongoose (sandbox or TEST_MONGODB_URI).
import mongoose, { type Connection, Schema } from 'mongoose';
import { startTestDb, type TestDb } from '../helpers/mongo';

interface CaseRow {
  caseNumber: string;
  sex?: string;
  district?: string;
  channel: string;
  problemTypes: string[];
  urgent: boolean;
  createdAt: Date;
}

const caseSchema = new Schema<CaseRow>(
  {
    caseNumber: { type: String, required: true, unique: true },
    sex: String,
    district: String,
    channel: { type: String, required: true },
    problemTypes: { type: [String], default: [] },
    urgent: { type: Boolean, default: false },
    createdAt: { type: Date, required: true, index: true },
  },
  { versionKey: false },
);

let db: TestDb;
let conn: Connection;
const Case = () => conn.model<CaseRow>('Case', caseSchema);
const day = (d: number): Date => new Date(Date.UTC(2025, 0, d, 3));

beforeAll(async () => {
  db = await startTestDb('mongo_aggregate');
  conn = await mongoose.createConnection(db.uri).asPromise();
  await Case().init();
  await Case().insertMany([
    { caseNumber: 'C1', sex: 'female', district: 'Bang Rak', channel: 'line', problemTypes: ['violence', 'housing'], createdAt: day(1) },
    { caseNumber: 'C2', sex: 'male', district: 'Bang Rak', channel: 'phone', problemTypes: ['housing'], createdAt: day(2) },
    { caseNumber: 'C3', sex: 'female', district: 'Sathon', channel: 'line', problemTypes: ['violence'], urgent: true, createdAt: day(3) },
    { caseNumber: 'C4', district: 'Sathon', channel: 'line', problemTypes: [], createdAt: day(4) },
    { caseNumber: 'C5', sex: 'female', channel: 'web', problemTypes: ['health'], createdAt: day(20) },
  ]);
});

afterAll(async () => {
  await conn.close();
  await db.stop();
});

it('when a report pipeline runs $match on a date range and $facet of $group/$unwind, then each facet counts the period', async () => {
  const [report] = await Case().aggregate<{
    bySex: Array<{ _id: string | null; n: number }>;
    byProblem: Array<{ _id: string; n: number }>;
    total: Array<{ n: number }>;
  }>([
    { $match: { createdAt: { $gte: day(1), $lt: day(10) } } },
    {
      $facet: {
        bySex: [{ $group: { _id: '$sex', n: { $sum: 1 } } }, { $sort: { n: -1, _id: 1 } }],
        byProblem: [{ $unwind: '$problemTypes' }, { $group: { _id: '$problemTypes', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
        total: [{ $count: 'n' }],
      },
    },
  ]);

  expect(report.bySex).toEqual([
    { _id: 'female', n: 2 },
    { _id: null, n: 1 },
    { _id: 'male', n: 1 },
  ]);
  expect(report.byProblem).toEqual([
    { _id: 'housing', n: 2 },
    { _id: 'violence', n: 2 },
  ]);
  expect(report.total).toEqual([{ n: 4 }]);
});

it('when a pipeline groups by several fields and sorts, then groups carry compound ids in order', async () => {
  const rows = await Case().aggregate([
    { $match: { district: { $exists: true } } },
    { $group: { _id: { district: '$district', channel: '$channel' }, n: { $sum: 1 }, first: { $min: '$createdAt' } } },
    { $sort: { '_id.district': 1, '_id.channel': 1 } },
  ]);

  expect(rows).toEqual([
    { _id: { district: 'Bang Rak', channel: 'line' }, n: 1, first: day(1) },
    { _id: { district: 'Bang Rak', channel: 'phone' }, n: 1, first: day(2) },
    { _id: { district: 'Sathon', channel: 'line' }, n: 2, first: day(3) },
  ]);
});

it('when $count has no matching documents, then the pipeline returns no document at all', async () => {
  const rows = await Case().aggregate([{ $match: { channel: 'fax' } }, { $count: 'n' }]);

  expect(rows).toEqual([]);
});

it('when a pipeline adds fields, then the stored documents are not changed by it', async () => {
  await Case().aggregate([{ $match: { caseNumber: 'C1' } }, { $set: { channel: 'changed', extra: 1 } }]);

  const stored = await Case().findOne({ caseNumber: 'C1' }).lean();

  expect(stored).toMatchObject({ channel: 'line' });
  expect(stored).not.toHaveProperty('extra');
});

it('when countDocuments and estimatedDocumentCount run, then they count matches and the collection', async () => {
  expect(await Case().countDocuments({ channel: 'line' })).toBe(3);
  expect(await Case().countDocuments({ urgent: true, createdAt: { $lt: day(10) } })).toBe(1);
  expect(await Case().countDocuments({ channel: 'fax' })).toBe(0);
  expect(await Case().estimatedDocumentCount()).toBe(5);
});

it('when distinct runs over an array field, then each element value is listed once', async () => {
  const values = await Case().distinct('problemTypes', { createdAt: { $lt: day(10) } });

  expect([...values].sort()).toEqual(['housing', 'violence']);
});

it('when find sorts on a field some documents lack, then those come first ascending and last descending', async () => {
  const asc = await Case().find({}, { caseNumber: 1 }).sort({ sex: 1, caseNumber: 1 }).lean();
  const desc = await Case().find({}, { caseNumber: 1 }).sort({ sex: -1, caseNumber: 1 }).lean();

  expect(asc.map((c) => c.caseNumber)).toEqual(['C4', 'C1', 'C3', 'C5', 'C2']);
  expect(desc.map((c) => c.caseNumber)).toEqual(['C2', 'C1', 'C3', 'C5', 'C4']);
});

it('when find uses a date range with sort and limit, then it returns the latest matching documents', async () => {
  const latest = await Case()
    .find({ createdAt: { $gte: day(2), $lt: day(30) } })
    .sort({ createdAt: -1 })
    .limit(2)
    .lean();

  expect(latest.map((c) => c.caseNumber)).toEqual(['C5', 'C4']);
});

it('when $in, $or and $regex filters are combined, then only documents matching all parts are found', async () => {
  const found = await Case()
    .find({ channel: { $in: ['line', 'web'] }, $or: [{ district: /^Sat/ }, { sex: 'male' }, { problemTypes: 'health' }] })
    .sort({ caseNumber: 1 })
    .lean();

  expect(found.map((c) => c.caseNumber)).toEqual(['C3', 'C4', 'C5']);
});
