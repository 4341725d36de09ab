// The sandbox's plain update path ($set/$unset/$inc/$push without mingo) must give exactly what
// mingo's updater gives — same document, same field order, same "changed" verdict — and must
// never touch the stored document. (Sandbox internals only: nothing here talks to TEST_MONGODB_URI.)
import { type Document, ObjectId } from 'bson';
import { update as mingoUpdate } from 'mingo';
import { cloneValue } from '../../src/sandbox/mongo/bson-values';
import { applyUpdate } from '../../src/sandbox/mongo/update';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const noPipeline = (): Document[] => {
  throw new Error('no pipeline here');
};
const opts = { filter: {}, inserting: false, runPipeline: noPipeline };

/** Field order matters to mongod (and to what the driver returns): compare it too. */
const shape = (v: unknown): unknown => JSON.stringify(v, (_k, x: unknown) => (x instanceof ObjectId ? `oid:${x.toHexString()}` : x));

const FIELDS = ['status', 'count', 'meta', 'tags', 'note', 'meta.a', 'meta.b', 'meta.deep.x', 'fresh', 'fresh.y', 'tags.0', 'list'];
const VALUES: unknown[] = [1, 2, 0, -1, 2.5, 'new', 'open', null, true, new Date(Date.UTC(2025, 0, 1)), { a: 1 }, { a: 1, b: 2 }, [1, 2], [], new ObjectId('65a000000000000000000001')];

function randomDoc(rand: () => number): Document {
  const doc: Document = { _id: new ObjectId('65a0000000000000000000ff') };
  if (rand() < 0.7) doc.status = rand() < 0.5 ? 'new' : 'open';
  if (rand() < 0.6) doc.count = rand() < 0.8 ? Math.floor(rand() * 5) : 'many';
  if (rand() < 0.6) doc.meta = rand() < 0.8 ? { a: 1, deep: { x: 'y' } } : rand() < 0.5 ? null : 7;
  if (rand() < 0.6) doc.tags = rand() < 0.8 ? ['a', 'b'] : 'a';
  if (rand() < 0.3) doc.list = [{ k: 1 }];
  return doc;
}

function randomUpdate(rand: () => number): Document {
  const ops = ['$set', '$unset', '$inc', '$push'];
  const u: Document = {};
  const n = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) {
    const op = ops[Math.floor(rand() * ops.length)];
    const spec: Document = (u[op] as Document | undefined) ?? {};
    const field = FIELDS[Math.floor(rand() * FIELDS.length)];
    if (op === '$unset') spec[field] = '';
    else if (op === '$inc') spec[field] = rand() < 0.9 ? [1, -2, 0, 0.5][Math.floor(rand() * 4)] : 'x';
    else spec[field] = cloneValue(VALUES[Math.floor(rand() * VALUES.length)]);
    u[op] = spec;
  }
  return u;
}

it('when random plain updates are applied, then the document and the changed flag equal mingo’s, and the stored document is untouched', () => {
  const rand = rng(2025);
  let compared = 0;
  for (let q = 0; q < 3000; q++) {
    const doc = randomDoc(rand);
    const u = randomUpdate(rand);
    const frozen = shape(doc);
    let expected: { doc: string; changed: boolean } | { error: true };
    try {
      const copy = cloneValue(doc);
      const fields = mingoUpdate(copy, cloneValue(u), undefined, {}, { cloneMode: 'copy' });
      expected = { doc: String(shape(copy)), changed: fields.length > 0 };
    } catch {
      expected = { error: true };
    }
    let actual: { doc: string; changed: boolean } | { error: true };
    try {
      const r = applyUpdate(doc, u, opts);
      actual = { doc: String(shape(r.doc)), changed: r.changed };
    } catch {
      actual = { error: true };
    }

    // The sandbox adds checks mingo lacks ($inc on a non-number is TypeMismatch): then only an error is expected.
    if ('error' in actual) continue;
    compared++;
    expect({ u, before: frozen, ...actual }).toEqual({ u, before: frozen, ...expected });
    expect(shape(doc)).toBe(frozen);
  }
  expect(compared).toBeGreaterThan(1500);
});

it('when a $set writes into a sub-document, then the stored version keeps its own sub-document', () => {
  const stored: Document = { _id: 1, meta: { a: 1, deep: { x: 'y' } }, other: { keep: true } };

  const r = applyUpdate(stored, { $set: { 'meta.deep.x': 'z' }, $inc: { 'meta.n': 1 } }, opts);

  expect(r).toEqual({ doc: { _id: 1, meta: { a: 1, deep: { x: 'z' }, n: 1 }, other: { keep: true } }, changed: true });
  expect(stored).toEqual({ _id: 1, meta: { a: 1, deep: { x: 'y' } }, other: { keep: true } });
});

it('when a $set gives a field the value it already has, then nothing is reported changed', () => {
  const stored: Document = { _id: 1, status: 'new', at: new Date(5), tags: ['a'] };

  expect(applyUpdate(stored, { $set: { status: 'new', at: new Date(5), tags: ['a'] } }, opts).changed).toBe(false);
});
