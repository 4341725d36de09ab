// The in-memory server keeps bulk-inserted documents as their BSON bytes, reads only the fields
// an index, a filter or a pipeline needs, and runs report pipelines over cached columns. Each of
// those must give exactly what the plain path gives: decoding everything, or mingo over whole
// documents. (Sandbox internals: this suite always runs against the in-memory server.)
import { Binary, type Document, Decimal128, deserialize, Double, Int32, Long, ObjectId, serialize, Timestamp, BSONRegExp } from 'bson';
import { Aggregator } from 'mingo';
import { MongoClient, type Db } from 'mongodb';
import { decodeFields, FieldSet, findId, idFirst } from '../../src/sandbox/mongo/raw';
import { DECODED_MAX } from '../../src/sandbox/mongo/rec';
import { type MongoSandbox, startMongoServer } from '../../src/sandbox/mongo/server';

/** Documents with any kind of _id (the driver's default type says ObjectId). */
type AnyDoc = { _id: number | string | number[]; [k: string]: unknown };

describe('decoding chosen fields from BSON bytes', () => {
  const doc: Document = {
    _id: new ObjectId(),
    str: 'ข้อความ',
    empty: '',
    int: new Int32(-7),
    dbl: new Double(2.5),
    long: Long.fromString('9007199254740993'),
    dec: Decimal128.fromString('1.10'),
    bool: false,
    nul: null,
    date: new Date(Date.UTC(1960, 0, 1, 12)),
    future: new Date(8.64e15),
    bin: new Binary(Buffer.from([1, 2, 3])),
    re: new BSONRegExp('^a', 'i'),
    ts: new Timestamp({ t: 5, i: 1 }),
    nested: { a: { b: { c: [1, { d: 'x' }, [2, [3, [4, [5]]]]] } }, e: null },
    arr: ['a', 1, null, { k: new Date(0) }, [], {}],
    ref: { $ref: 'coll', $id: 1 },
    mixed: [Long.fromNumber(3), 'b'],
  };
  const bytes = Buffer.from(serialize(doc));
  const whole = deserialize(bytes, { promoteLongs: false });

  it('when every field is asked for, then each value equals what bson decodes', () => {
    const got = decodeFields(bytes, 0, new FieldSet(Object.keys(doc)));

    expect(Object.keys(got)).toEqual(Object.keys(whole));
    for (const k of Object.keys(whole)) expect([k, got[k]]).toEqual([k, whole[k]]);
  });

  it('when some fields are asked for, then only those are present, missing ones absent', () => {
    const got = decodeFields(bytes, 0, new FieldSet(['date', 'nested', 'nope', 'str']));

    expect(got).toEqual({ str: whole.str, date: whole.date, nested: whole.nested });
    expect('nope' in got).toBe(false);
  });

  it('when a document has no _id or has it later, then _id is put first and the rest kept', () => {
    const noId = Buffer.from(serialize({ a: 1, b: 'x' }));
    const withNew = deserialize(Buffer.from(idFirst(noId, findId(noId))));
    expect(Object.keys(withNew)).toEqual(['_id', 'a', 'b']);
    expect(withNew._id).toBeInstanceOf(ObjectId);

    const late = Buffer.from(serialize({ a: 1, _id: 'k', b: [1] }));
    expect(deserialize(Buffer.from(idFirst(late, findId(late))))).toEqual({ _id: 'k', a: 1, b: [1] });
    const first = Buffer.from(serialize({ _id: 3, a: 1 }));
    expect(idFirst(first, findId(first))).toBe(first);
  });
});

/** An in-memory server and a driver connected to it, for the tests of one describe block. */
function serverDb(name: string): () => Db {
  let server: MongoSandbox;
  let client: MongoClient;
  let db: Db;
  beforeAll(async () => {
    server = await startMongoServer();
    client = await MongoClient.connect(server.uri);
    db = client.db(name);
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });
  return () => db;
}

describe('documents stored as bytes, through the driver', () => {
  const dbOf = serverDb('compact');
  let db: Db;
  beforeAll(() => {
    db = dbOf();
  });

  it('when documents are inserted in bulk or one by one, then they read back the same', async () => {
    const make = (i: number): AnyDoc => ({ _id: i, name: `n${i}`, tags: ['a', i], at: new Date(i * 1000), sub: { x: i % 3 === 0 ? null : i } });
    await db.collection<AnyDoc>('bulk').insertMany([0, 1, 2, 3].map(make));
    for (const i of [0, 1, 2, 3]) await db.collection<AnyDoc>('single').insertOne(make(i));

    const bulk = await db.collection<AnyDoc>('bulk').find({ 'sub.x': { $gt: 0 } }).sort({ name: -1 }).toArray();
    const single = await db.collection<AnyDoc>('single').find({ 'sub.x': { $gt: 0 } }).sort({ name: -1 }).toArray();
    expect(bulk).toEqual(single);
    expect(bulk.map((d) => d._id)).toEqual([2, 1]);
  });

  it('when a bulk insert holds a duplicate key or an array _id, then those fail as on mongod and the rest are stored', async () => {
    const coll = db.collection<AnyDoc>('uniq');
    await coll.createIndex({ code: 1 }, { unique: true });
    await coll.createIndex({ kind: 1 }, { unique: true, partialFilterExpression: { live: true } });

    const err = await coll
      .insertMany(
        [
          { _id: 1, code: 'a', kind: 'k', live: true },
          { _id: 2, code: 'a' },
          { _id: [3], code: 'c' },
          { _id: 4, code: 'd', kind: 'k', live: false },
          { _id: 5, code: 'e', kind: 'k', live: true },
        ],
        { ordered: false },
      )
      .catch((e: unknown) => e as { writeErrors: Array<{ index: number; code: number; err: { keyValue?: unknown } }> });

    const failures = (err as { writeErrors: Array<{ index: number; code: number }> }).writeErrors.map((w) => [w.index, w.code]);
    expect(failures).toEqual([
      [1, 11000],
      [2, 2],
      [4, 11000],
    ]);
    expect((await coll.find().toArray()).map((d) => d._id)).toEqual([1, 4]);
  });

  it('when a bulk insert brings arrays into an index not yet read, then the index knows it is multikey', async () => {
    const coll = db.collection<AnyDoc>('multikey');
    await coll.createIndex({ tags: 1 });
    await coll.createIndex({ 'sub.k': 1 });
    await coll.insertMany([
      { _id: 1, tags: ['m', 'a'], sub: [{ k: 3 }, { k: 1 }] },
      { _id: 2, tags: 'b', sub: { k: 2 } },
      { _id: 3, tags: ['z', 'c'], sub: { k: 0 } },
    ]);

    // An index-ordered scan of a multikey index would meet a document once per element.
    expect((await coll.find().sort({ tags: 1 }).toArray()).map((d) => d._id)).toEqual([1, 2, 3]);
    expect((await coll.find().sort({ 'sub.k': 1 }).toArray()).map((d) => d._id)).toEqual([3, 1, 2]);
  });

  it('when more documents are read than stay decoded, then updates and reads of evicted ones stay right', async () => {
    const coll = db.collection<AnyDoc>('many');
    const n = DECODED_MAX + 500;
    for (let i = 0; i < n; i += 5000) {
      await coll.insertMany(Array.from({ length: Math.min(5000, n - i) }, (_, j) => ({ _id: i + j, v: i + j, s: `s${(i + j) % 7}` })));
    }
    await coll.updateOne({ _id: 0 }, { $set: { v: -1, added: [1, 2] } });
    // Reads every document: the first ones leave the decoded cache (the updated one is encoded).
    expect(await coll.countDocuments({ s: 's3' })).toBe(Math.ceil((n - 3) / 7));
    expect((await coll.find({}).toArray()).length).toBe(n);

    expect(await coll.findOne({ _id: 0 })).toEqual({ _id: 0, v: -1, s: 's0', added: [1, 2] });
    expect(await coll.findOne({ _id: n - 1 })).toEqual({ _id: n - 1, v: n - 1, s: `s${(n - 1) % 7}` });
    await coll.createIndex({ v: 1 });
    expect((await coll.find({ v: { $lt: 2 } }).toArray()).map((d) => d._id)).toEqual([0, 1]);
  });
});

describe('report pipelines over columns', () => {
  const dbOf = serverDb('columns');
  let db: Db;
  beforeAll(() => {
    db = dbOf();
  });

  function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }

  /** Cases with every awkward value a field can hold: missing, null, arrays, dates, nested paths. */
  function cases(n: number, seed: number, from: number): AnyDoc[] {
    const rand = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    return Array.from({ length: n }, (_, i) => {
      const d: AnyDoc = {
        _id: from + i,
        createdAt: new Date(Date.UTC(2024, 0, 1) + Math.floor(rand() * 400) * 86_400_000),
        sex: pick(['male', 'female', null, ['male'], 'MISSING']),
        urgent: pick([true, false, null]),
        location: pick([{ districtCode: '5401', province: 'แพร่' }, { districtCode: '5402' }, { province: 'แพร่' }, null, [{ districtCode: '5403' }, { districtCode: '5401' }], 'MISSING']),
        channel: pick(['hotline_1300', 'line', 7, 'MISSING']),
        status: pick(['new', 'closed', 'referred']),
        outcome: pick(['duplicate', 'resolved', null, 'MISSING']),
        centerCode: pick(['PHR', 'BKK']),
        problemTypes: pick([['income'], ['income', 'rights'], [], null, 'health', 'MISSING', [['nested']]]),
        day: new Date(Date.UTC(2024, 0, 1 + Math.floor(rand() * 3))),
      };
      for (const k of Object.keys(d)) if (d[k] === 'MISSING') delete d[k];
      return d;
    });
  }

  const range = { $gte: new Date(Date.UTC(2024, 1, 1)), $lt: new Date(Date.UTC(2024, 11, 1)) };
  const cube = { sex: '$sex', urgent: '$urgent', district: '$location.districtCode', channel: '$channel', status: '$status' };
  const pipelines: Array<[string, Document[]]> = [
    [
      'the summary report ($match, $facet of a cube and an $unwind → $group)',
      [
        { $match: { createdAt: range, outcome: { $ne: 'duplicate' }, centerCode: 'PHR' } },
        {
          $facet: {
            cube: [{ $group: { _id: cube, n: { $sum: 1 } } }],
            problemType: [{ $unwind: { path: '$problemTypes', preserveNullAndEmptyArrays: true } }, { $group: { _id: '$problemTypes', n: { $sum: 1 } } }],
          },
        },
      ],
    ],
    ['a $group with order-dependent accumulators', [{ $match: { status: { $in: ['new', 'closed'] } } }, { $group: { _id: '$day', first: { $first: '$_id' }, last: { $last: '$sex' }, ids: { $push: '$_id' }, n: { $sum: 1 } } }]],
    ['an $unwind then $group without a $match', [{ $unwind: '$problemTypes' }, { $group: { _id: '$problemTypes', days: { $addToSet: '$day' }, max: { $max: '$createdAt' } } }]],
  ];

  /** The same pipeline kept off the column path (a no-op stage), and mingo over whole documents. */
  async function references(name: string, pipeline: Document[]): Promise<{ general: Document[]; mingo: Document[] }> {
    const withNoop = [pipeline[0], { $skip: 0 }, ...pipeline.slice(1)];
    const general = await db.collection<AnyDoc>(name).aggregate(withNoop).toArray();
    const all = await db.collection<AnyDoc>(name).find().sort({ _id: 1 }).toArray();
    const mingo = new Aggregator(pipeline).run(all) as Document[];
    return { general, mingo };
  }

  /** Rows compared without regard to their order (mongod promises none for $group). */
  const canonical = (rows: Document[]): unknown => {
    const sortRows = (v: unknown): unknown =>
      Array.isArray(v) && v.every((r) => typeof r === 'object' && r !== null && '_id' in r) ? v.map((r) => JSON.stringify(r)).sort() : v;
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, sortRows(v)])));
  };

  it.each(pipelines)('when %s runs over stored cases, then it equals the general path and mingo, before and after writes', async (_label, pipeline) => {
    const name = `cases_${pipelines.findIndex((p) => p[1] === pipeline)}`;
    const coll = db.collection<AnyDoc>(name);
    await coll.createIndex({ createdAt: 1 });
    await coll.insertMany(cases(3000, 11, 0), { ordered: false });

    const first = await coll.aggregate(pipeline).toArray();
    const ref = await references(name, pipeline);
    const ordered = pipeline.some((st) => '$group' in st && JSON.stringify(st).includes('$first'));
    if (ordered) expect(first).toEqual(ref.general);
    expect(canonical(first)).toEqual(canonical(ref.general));
    expect(canonical(first)).toEqual(canonical(ref.mingo));

    // Columns are now cached: every kind of write must keep them right.
    await coll.updateMany({ status: 'new' }, { $set: { sex: 'female', 'location.districtCode': '5408' }, $unset: { problemTypes: '' } });
    await coll.deleteMany({ channel: 7 });
    await coll.insertMany(cases(500, 12, 10_000));
    await coll.insertOne({ _id: 'one', createdAt: new Date(Date.UTC(2024, 5, 1)), centerCode: 'PHR', status: 'new', day: new Date(0) });
    await coll.replaceOne({ _id: 5 }, { createdAt: new Date(Date.UTC(2024, 5, 2)), centerCode: 'PHR', sex: ['x', 'y'], problemTypes: ['z'], status: 'closed', day: new Date(1) });

    const second = await coll.aggregate(pipeline).toArray();
    const ref2 = await references(name, pipeline);
    expect(canonical(second)).not.toEqual(canonical(first));
    if (ordered) expect(second).toEqual(ref2.general);
    expect(canonical(second)).toEqual(canonical(ref2.general));
    expect(canonical(second)).toEqual(canonical(ref2.mingo));
  });

  it('when a pipeline needs whole documents ($$ROOT, $expr), then it still answers from them', async () => {
    const coll = db.collection<AnyDoc>('whole');
    await coll.insertMany(cases(200, 5, 0));
    const all = await coll.find().sort({ _id: 1 }).toArray();

    const root = [{ $match: { status: 'new' } }, { $group: { _id: '$status', docs: { $push: '$$ROOT' } } }];
    const expr = [{ $match: { $expr: { $eq: ['$status', 'closed'] } } }, { $group: { _id: null, n: { $sum: 1 } } }];

    expect(await coll.aggregate(root).toArray()).toEqual(new Aggregator(root).run(all));
    expect(await coll.aggregate(expr).toArray()).toEqual(new Aggregator(expr).run(all));
  });
});
