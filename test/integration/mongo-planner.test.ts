// The sandbox's index planner, checked in-process: whatever index it picks, the answer must equal
// a full scan's; and the lookups that keep the server fast must actually use their index.
// (Sandbox internals only: nothing here talks to TEST_MONGODB_URI.)
import type { Document } from 'bson';
import { ObjectId } from 'bson';
import { Query } from 'mingo';
import { Collection } from '../../src/sandbox/mongo/collection';
import { compileFilter } from '../../src/sandbox/mongo/filter';
import { planQuery } from '../../src/sandbox/mongo/planner';
import { queryRecs } from '../../src/sandbox/mongo/query';
import { parseSort, sortDocs, sortValues } from '../../src/sandbox/mongo/sort';

/** A small deterministic PRNG so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STATUSES = ['new', 'open', 'closed'];
const TAGS = ['a', 'b', 'c', 'd'];

function makeCollection(n: number, rand: () => number): Collection {
  const coll = new Collection('t', 'cases');
  coll.addIndex({ key: { status: 1, createdAt: -1 }, name: 'status_1_createdAt_-1' });
  coll.addIndex({ key: { createdAt: 1 }, name: 'createdAt_1' });
  coll.addIndex({ key: { tags: 1 }, name: 'tags_1' });
  coll.addIndex({ key: { code: 1 }, name: 'code_1', unique: true, sparse: true });
  coll.addIndex({ key: { score: -1 }, name: 'score_-1' });
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  for (let i = 0; i < n; i++) {
    const doc: Document = { _id: new ObjectId(), n: i };
    if (rand() < 0.9) doc.status = pick(STATUSES);
    if (rand() < 0.85) doc.createdAt = new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 30) * 86_400_000);
    if (rand() < 0.7) doc.tags = TAGS.filter(() => rand() < 0.4);
    if (rand() < 0.5) doc.code = `c${i}`;
    const r = rand();
    doc.score = r < 0.1 ? null : r < 0.2 ? 'text' : r < 0.3 ? undefined : r < 0.4 ? [Math.floor(rand() * 20), Math.floor(rand() * 20)] : Math.floor(rand() * 20);
    if (doc.score === undefined) delete doc.score;
    coll.insert(doc);
  }
  return coll;
}

function randomFilter(rand: () => number): Document {
  const day = (d: number): Date => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000);
  const parts: Document[] = [
    { status: STATUSES[Math.floor(rand() * 3)] },
    { status: { $in: ['new', 'closed'] } },
    { createdAt: { $gte: day(Math.floor(rand() * 30)) } },
    { createdAt: { $gte: day(5), $lt: day(5 + Math.floor(rand() * 20)) } },
    { tags: TAGS[Math.floor(rand() * 4)] },
    { tags: { $in: ['a', 'd'] } },
    { code: `c${Math.floor(rand() * 200)}` },
    { score: { $gt: Math.floor(rand() * 20) } },
    { score: { $lte: 10 } },
    { score: { $gt: 5, $lt: 9 } },
    { n: { $lt: Math.floor(rand() * 200) } },
  ];
  const out: Document = {};
  for (const p of parts) if (rand() < 0.3) Object.assign(out, p);
  return out;
}

const SORTS: Document[] = [{}, { createdAt: -1 }, { createdAt: 1 }, { status: 1, createdAt: -1 }, { score: -1 }, { score: 1, n: -1 }, { n: 1 }];

it('when random filters and sorts run through the planner, then results equal a full scan in the same order', () => {
  const rand = rng(42);
  const coll = makeCollection(400, rand);
  const byN = new Map([...coll.recs].map((r) => [r.doc.n as number, r.doc]));
  for (let q = 0; q < 400; q++) {
    const filter = randomFilter(rand);
    const { keys } = parseSort(SORTS[Math.floor(rand() * SORTS.length)]);
    const limit = rand() < 0.5 ? 0 : 1 + Math.floor(rand() * 10);
    const matcher = compileFilter(filter);
    const scanned = sortDocs(
      [...coll.recs].filter((r) => matcher(r.doc)),
      keys,
      (r) => r.doc,
    ).map((r) => r.doc.n as number);
    const expected = limit > 0 ? scanned.slice(0, limit) : scanned;

    const planned = queryRecs(coll, filter, { sort: keys, limit }).map((r) => r.doc.n as number);

    // Without a sort, which documents fill a limit depends on the plan (as on mongod); ties
    // (equal sort keys) may come in another order: compare sort keys position by position.
    if (keys.length === 0) {
      expect(planned).toHaveLength(expected.length);
      expect(planned.every((n) => scanned.includes(n))).toBe(true);
      if (limit === 0) expect([...planned].sort()).toEqual([...expected].sort());
    } else {
      const keyOfN = (n: number): string => {
        const doc = byN.get(n) ?? {};
        return JSON.stringify(sortValues(doc, keys).map((v) => v ?? null));
      };
      expect(planned.map(keyOfN)).toEqual(expected.map(keyOfN));
      if (limit === 0) expect([...planned].sort()).toEqual([...expected].sort());
    }
  }
});

it('when the compiled filter and mingo judge the same random filters, then they agree', () => {
  const rand = rng(11);
  const coll = makeCollection(300, rand);
  const mismatches: Document[] = [];
  for (let q = 0; q < 200; q++) {
    const filter = randomFilter(rand);
    const mingo = new Query(filter);
    const ours = compileFilter(filter);
    for (const rec of coll.recs) if (ours(rec.doc) !== mingo.test(rec.doc)) mismatches.push({ filter, doc: rec.doc });
  }
  expect(mismatches.slice(0, 3)).toEqual([]);
});

it('when an array holds values on both sides of a range, then the multikey index still finds the document', () => {
  const coll = new Collection('t', 'multikey');
  coll.addIndex({ key: { a: 1 }, name: 'a_1' });
  coll.insert({ k: 'spans', a: [1, 20] });
  coll.insert({ k: 'inside', a: [7] });
  coll.insert({ k: 'outside', a: [30] });

  expect(queryRecs(coll, { a: { $gt: 5, $lt: 9 } }).map((r) => r.doc.k).sort()).toEqual(['inside', 'spans']);
});

it('when documents are updated and removed, then index lookups stay consistent with a scan', () => {
  const rand = rng(7);
  const coll = makeCollection(300, rand);
  for (const rec of [...coll.recs]) {
    if (rand() < 0.3) coll.remove(rec);
    else if (rand() < 0.5) coll.replace(rec, { ...rec.doc, status: 'open', tags: ['b'], createdAt: new Date(Date.UTC(2025, 1, 1)) });
  }
  for (const filter of [{ status: 'open' }, { tags: 'b' }, { createdAt: { $gte: new Date(Date.UTC(2025, 0, 20)) } }, { status: 'new', createdAt: { $lt: new Date(Date.UTC(2025, 0, 10)) } }]) {
    const matcher = compileFilter(filter);
    const expected = [...coll.recs].filter((r) => matcher(r.doc)).map((r) => r.doc.n as number);
    expect(queryRecs(coll, filter).map((r) => r.doc.n as number).sort()).toEqual(expected.sort());
  }
});

it('when a filter pins indexed fields, then the plan reads only the matching index entries', () => {
  const coll = makeCollection(2000, rng(3));
  const someId = [...coll.recs][1234].doc._id as ObjectId;

  expect(planQuery(coll, { _id: someId })).toMatchObject({ index: '_id_', count: 1 });
  expect(planQuery(coll, { code: 'c10' }).index).toBe('code_1');
  expect(planQuery(coll, { status: 'open', createdAt: { $gte: new Date(Date.UTC(2025, 0, 29)) } }).index).toBe('status_1_createdAt_-1');
  const range = planQuery(coll, { createdAt: { $gte: new Date(Date.UTC(2025, 0, 29)), $lt: new Date(Date.UTC(2025, 0, 30)) } });
  expect(range.index).toBe('createdAt_1');
  expect(range.count).toBeLessThan(200);
  expect(planQuery(coll, {}, parseSort({ createdAt: -1 }).keys)).toMatchObject({ index: 'createdAt_1', sorted: true });
  expect(planQuery(coll, { status: 'open' }, parseSort({ createdAt: -1 }).keys)).toMatchObject({ index: 'status_1_createdAt_-1', sorted: true });
});

it('when an unique index is added over existing duplicates, then it is refused with code 11000', () => {
  const coll = new Collection('t', 'dups');
  coll.insert({ k: 1 });
  coll.insert({ k: 1 });

  expect(() => coll.addIndex({ key: { k: 1 }, name: 'k_1', unique: true })).toThrow(expect.objectContaining({ code: 11000 }));
  expect(coll.indexes.has('k_1')).toBe(false);
});

it('when TTL expiry runs, then only documents whose date has passed are removed', () => {
  const coll = new Collection('t', 'ttl');
  coll.addIndex({ key: { at: 1 }, name: 'at_1', expireAfterSeconds: 60 });
  const now = Date.UTC(2025, 0, 1, 12);
  coll.insert({ k: 'old', at: new Date(now - 61_000) });
  coll.insert({ k: 'edge', at: new Date(now - 59_000) });
  coll.insert({ k: 'no-date', at: 'soon' });
  coll.insert({ k: 'missing' });

  expect(coll.expire(now)).toBe(1);
  expect([...coll.recs].map((r) => r.doc.k)).toEqual(['edge', 'no-date', 'missing']);
});

/** Cases as the admin API lists them: many share a createdAt; a few have none or a non-date. */
function keysetCollection(n: number, rand: () => number): Collection {
  const coll = new Collection('t', 'keyset');
  coll.addIndex({ key: { createdAt: -1, _id: -1 }, name: 'createdAt_-1__id_-1' });
  coll.addIndex({ key: { createdAt: 1 }, name: 'createdAt_1' });
  coll.addIndex({ key: { status: 1, createdAt: 1 }, name: 'status_1_createdAt_1' });
  for (let i = 0; i < n; i++) {
    const doc: Document = { _id: new ObjectId(), n: i, status: STATUSES[Math.floor(rand() * 3)] };
    const r = rand();
    if (r < 0.9) doc.createdAt = new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 40) * 3_600_000);
    else if (r < 0.95) doc.createdAt = 'pending';
    coll.insert(doc);
  }
  return coll;
}

const keysetAfter = (doc: Document): Document => ({
  $or: [{ createdAt: { $lt: doc.createdAt } }, { createdAt: doc.createdAt, _id: { $lt: doc._id } }],
});

it('when pages follow a keyset $or on (createdAt, _id), then each page equals a full scan and the plan reads only entries after the position', () => {
  const rand = rng(5);
  const coll = keysetCollection(1500, rand);
  const { keys } = parseSort({ createdAt: -1, _id: -1 });
  const dated = [...coll.recs].filter((r) => r.doc.createdAt instanceof Date);
  for (let q = 0; q < 80; q++) {
    const at = dated[Math.floor(rand() * dated.length)].doc;
    const parts: Document[] = [keysetAfter(at)];
    if (rand() < 0.4) parts.push({ status: STATUSES[Math.floor(rand() * 3)] });
    if (rand() < 0.4) parts.push({ createdAt: { $gte: new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 20) * 3_600_000) } });
    const filter = parts.length === 1 ? parts[0] : { $and: parts };
    const matcher = new Query(filter);
    const expected = sortDocs(
      [...coll.recs].filter((r) => matcher.test(r.doc)),
      keys,
      (r) => r.doc,
    )
      .slice(0, 20)
      .map((r) => r.doc.n as number);

    const page = queryRecs(coll, filter, { sort: keys, limit: 20 }).map((r) => r.doc.n as number);

    expect(page).toEqual(expected);
  }
  // The last page of all: only the entries past the position are candidates, already in order.
  const sortedAll = sortDocs(dated, keys, (r) => r.doc);
  const nearEnd = sortedAll[sortedAll.length - 5].doc;
  const plan = planQuery(coll, { $and: [keysetAfter(nearEnd)] }, keys);
  expect(plan).toMatchObject({ index: 'createdAt_-1__id_-1', sorted: true });
  expect(plan.count).toBe(4);
});

it('when a keyset $or runs the other way or on an index of the wrong shape, then results still equal a full scan', () => {
  const rand = rng(9);
  const coll = keysetCollection(800, rand);
  coll.addIndex({ key: { createdAt: 1, _id: -1 }, name: 'createdAt_1__id_-1' });
  const dated = [...coll.recs].filter((r) => r.doc.createdAt instanceof Date);
  const shapes: Array<(d: Document) => Document> = [
    (d) => ({ $or: [{ createdAt: { $gt: d.createdAt } }, { createdAt: d.createdAt, _id: { $gt: d._id } }] }),
    (d) => ({ $or: [{ createdAt: d.createdAt, _id: { $gte: d._id } }, { createdAt: { $gt: d.createdAt } }] }),
    (d) => ({ $or: [{ createdAt: { $lt: d.createdAt } }, { createdAt: d.createdAt, _id: { $gt: d._id } }] }),
    (d) => ({ $or: [{ createdAt: { $lte: d.createdAt } }, { createdAt: d.createdAt, _id: { $lt: d._id } }] }),
    (d) => ({ $or: [{ createdAt: { $lt: d.createdAt } }, { status: 'new', _id: { $lt: d._id } }] }),
  ];
  const sorts = [{ createdAt: 1, _id: 1 }, { createdAt: -1, _id: -1 }, { createdAt: 1, _id: -1 }, {}];
  for (let q = 0; q < 80; q++) {
    const filter = shapes[q % shapes.length](dated[Math.floor(rand() * dated.length)].doc);
    const { keys } = parseSort(sorts[Math.floor(rand() * sorts.length)]);
    const matcher = new Query(filter);
    const scanned = sortDocs(
      [...coll.recs].filter((r) => matcher.test(r.doc)),
      keys,
      (r) => r.doc,
    ).map((r) => r.doc.n as number);

    const planned = queryRecs(coll, filter, { sort: keys }).map((r) => r.doc.n as number);

    if (keys.length === 0) expect([...planned].sort()).toEqual([...scanned].sort());
    else expect(planned).toEqual(scanned);
  }
});
