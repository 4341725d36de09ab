// Sorting as mongod does it: missing and null sort first ascending, an array sorts by its smallest
// element ascending and by its largest descending, ties keep insertion order.
import type { Document } from 'bson';
import { compareBson, isPlainObject } from './bson-values';
import { badValue } from './errors';
import { indexValues, splitPath } from './paths';

export interface SortKey {
  field: string;
  dir: 1 | -1;
}

/** Parses `{ a: 1, b: -1 }`; `$natural` is returned separately (it means insertion order). */
export function parseSort(spec: unknown): { keys: SortKey[]; natural: 1 | -1 | 0 } {
  if (spec === undefined || spec === null) return { keys: [], natural: 0 };
  if (!isPlainObject(spec)) throw badValue('sort must be an object');
  const keys: SortKey[] = [];
  let natural: 1 | -1 | 0 = 0;
  for (const [field, v] of Object.entries(spec)) {
    if (isPlainObject(v)) continue; // { $meta: "textScore" }: text search is not supported
    const n = Number(v);
    if (n !== 1 && n !== -1) throw badValue(`bad sort specification: ${field}: ${String(v)}`);
    if (field === '$natural') natural = n;
    else keys.push({ field, dir: n });
  }
  return { keys, natural };
}

function sortValue(doc: Document, parts: readonly string[], dir: 1 | -1): unknown {
  if (parts.length === 1) {
    const v: unknown = doc[parts[0]];
    if (!Array.isArray(v)) return v;
  }
  const { values } = indexValues(doc, parts);
  let best = values[0];
  for (let i = 1; i < values.length; i++) {
    const c = compareBson(values[i], best);
    if (dir === 1 ? c < 0 : c > 0) best = values[i];
  }
  return best;
}

/** The values a document sorts by, one per key. */
export function sortValues(doc: Document, keys: readonly SortKey[]): unknown[] {
  return keys.map((k) => sortValue(doc, splitPath(k.field), k.dir));
}

/** Sorts a copy of `docs` (stable), computing each sort key once. */
export function sortDocs<T>(items: readonly T[], keys: readonly SortKey[], docOf: (item: T) => Document): T[] {
  if (keys.length === 0) return items.slice();
  const parts = keys.map((k) => splitPath(k.field));
  const decorated = items.map((item, i) => ({ item, i, vals: keys.map((k, j) => sortValue(docOf(item), parts[j], k.dir)) }));
  decorated.sort((a, b) => {
    for (let j = 0; j < keys.length; j++) {
      const c = compareBson(a.vals[j], b.vals[j]);
      if (c !== 0) return c * keys[j].dir;
    }
    return a.i - b.i;
  });
  return decorated.map((d) => d.item);
}
