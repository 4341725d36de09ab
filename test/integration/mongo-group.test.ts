// The sandbox's own $group (the report "cube": a compound _id of few values per field, coded
// through per-field dictionaries, with a fallback for fields of many values) must give what
// mingo's $group gives. (Sandbox internals only: nothing here talks to TEST_MONGODB_URI.)
import { type Document, Long } from 'bson';
import { Aggregator } from 'mingo';
import { compileGroup } from '../../src/sandbox/mongo/group';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const canonical = (rows: Document[]): string[] => rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (v instanceof Long ? v.toNumber() : v))).sort();

function docs(n: number, rand: () => number, wide: boolean): Document[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  return Array.from({ length: n }, (_, i) => {
    const d: Document = { i, sex: pick(['female', 'male', null, undefined]), urgent: pick([true, false]), loc: { code: pick(['5401', '5402', '5403']) } };
    if (d.sex === undefined) delete d.sex;
    d.num = pick([1, 2, 3, 2.5]);
    // A field with more values than one dictionary code holds (2^8 with six fields).
    d.many = wide ? `v${Math.floor(rand() * 400)}` : pick(['a', 'b']);
    d.status = pick(['new', 'acknowledged', 'closed']);
    return d;
  });
}

const cubeSpec = {
  _id: { sex: '$sex', urgent: '$urgent', code: '$loc.code', num: '$num', many: '$many', status: '$status' },
  n: { $sum: 1 },
  first: { $first: '$i' },
};

it.each([
  ['few values per field (dictionary codes)', false],
  ['one field with hundreds of values (fallback)', true],
])('when a compound _id groups documents with %s, then the groups equal mingo’s', (_name, wide) => {
  const input = docs(3000, rng(wide ? 2 : 1), wide);
  const ours = compileGroup(cubeSpec);
  expect(ours).not.toBeNull();

  const expected = new Aggregator([{ $group: cubeSpec }]).run(input) as Document[];
  const actual = ours!(input);

  expect(actual.length).toBe(expected.length);
  expect(canonical(actual)).toEqual(canonical(expected));
});

it('when an int64 and a double hold the same number, then they fall in one group (as on mongod, unlike mingo)', () => {
  const g = compileGroup({ _id: { a: '$a', b: '$b' }, n: { $sum: 1 } })!;

  expect(g([{ a: 'x', b: 2 }, { a: 'x', b: Long.fromNumber(2) }])).toEqual([{ _id: { a: 'x', b: 2 }, n: 2 }]);
});

it('when groups are formed, then they come out in order of first appearance with the first document’s values', () => {
  const g = compileGroup({ _id: { a: '$a', b: '$b' }, n: { $sum: 1 } })!;

  const out = g([{ a: 'x', b: 1 }, { a: 'y' }, { a: 'x', b: 1.0 }, { a: 'y', b: null }]);

  expect(out).toEqual([
    { _id: { a: 'x', b: 1 }, n: 2 },
    { _id: { a: 'y' }, n: 1 },
    { _id: { a: 'y', b: null }, n: 1 },
  ]);
});
