// The unique indexes' hash table: a multimap from 32-bit key hashes to records, in typed arrays.
import { hashKey, KeyTable } from '../../src/sandbox/mongo/index-map';
import { Rec } from '../../src/sandbox/mongo/rec';

const rec = (n: number): Rec => new Rec(n, { _id: n });
const any = (): boolean => true;

it('when records share a hash, then each is found under it and a removal takes out only that record', () => {
  const t = new KeyTable();
  const [a, b, c] = [rec(1), rec(2), rec(3)];
  t.add(7, a);
  t.add(7, b);
  t.add(8, c);
  expect(t.all(7, any)).toEqual([a, b]);
  expect(t.find(7, (r) => r === b)).toBe(b);

  t.remove(7, a);
  expect(t.all(7, any)).toEqual([b]);
  expect(t.find(8, any)).toBe(c);
  expect(t.size).toBe(2);
});

it('when the same record is added twice under one hash, then it is held once', () => {
  const t = new KeyTable();
  const a = rec(1);
  t.add(5, a);
  t.add(5, a);
  expect(t.all(5, any)).toEqual([a]);
  expect(t.size).toBe(1);
});

it('when a removed slot sits inside a probe chain, then records beyond it are still found, and the slot is reused', () => {
  const t = new KeyTable();
  // Hashes 3, 3+16, 3+32 all start probing at slot 3 of the initial 16-slot table.
  const [a, b, c, d] = [rec(1), rec(2), rec(3), rec(4)];
  t.add(3, a);
  t.add(19, b);
  t.add(35, c);
  t.remove(19, b);
  expect(t.find(35, any)).toBe(c);
  expect(t.find(19, any)).toBeUndefined();
  t.add(51, d);
  expect(t.find(51, any)).toBe(d);
  expect(t.find(3, any)).toBe(a);
  expect(t.size).toBe(3);
});

it('when many records are added and half removed, then the table grows and every remaining record is found under its hash', () => {
  const t = new KeyTable();
  const recs = Array.from({ length: 5000 }, (_, i) => rec(i));
  recs.forEach((r, i) => t.add(hashKey(`s${i}`), r));
  for (let i = 0; i < recs.length; i += 2) t.remove(hashKey(`s${i}`), recs[i]);
  // Re-adding after removals goes through deleted slots and rebuilds without losing entries.
  for (let i = 0; i < recs.length; i += 4) t.add(hashKey(`s${i}`), recs[i]);
  expect(t.size).toBe(2500 + 1250);
  for (let i = 0; i < recs.length; i++) {
    const present = i % 2 === 1 || i % 4 === 0;
    expect(t.find(hashKey(`s${i}`), (r) => r === recs[i])).toBe(present ? recs[i] : undefined);
  }
});

it('when cleared, then nothing is found', () => {
  const t = new KeyTable();
  t.add(1, rec(1));
  t.clear();
  expect(t.find(1, any)).toBeUndefined();
  expect(t.size).toBe(0);
});
