// Chooses how to find candidate documents for a filter: a hash lookup when an index's fields are
// all pinned by equality, a sorted range when a prefix is pinned and/or the next field is bounded,
// an index-ordered scan when that saves a sort, else the whole collection. The filter's matcher
// always re-checks candidates, so a plan only has to return a superset of the matches.
import type { Document } from 'bson';
import { Rank, rankOf } from './bson-values';
import type { Collection } from './collection';
import { extractConditions, extractKeysets, type FieldCondition, type Keyset } from './filter';
import { type BoundValue, type IndexMap, type Rec, type SortedEntries, TypeEdge } from './index-map';
import type { SortKey } from './sort';

export interface Plan {
  /** Candidates, a superset of the matching documents, each once. */
  recs: Iterable<Rec>;
  /** True when `recs` already come in the requested sort order. */
  sorted: boolean;
  /** Upper bound of candidates (for choosing between plans). */
  count: number;
  /** Which index was used, for tests and diagnostics. */
  index: string | null;
  /**
   * True when every candidate is known to match the whole filter (a range on one field of an
   * index that holds exactly the values the filter compares): the matcher need not re-check.
   */
  exact?: boolean;
}

const MAX_COMBOS = 256;
/** Above this many documents for one key, read the sorted entries instead of the hash set. */
const HASH_MAX = 64;
/** A plan that still has to sort counts this many times its size. */
const SORT_PENALTY = 3;

export function planQuery(coll: Collection, filter: Document | undefined | null, sort: readonly SortKey[] = []): Plan {
  const conds = extractConditions(filter);
  let best: Plan = { recs: coll.recs, sorted: sort.length === 0, count: coll.size, index: null };
  let bestCost = cost(best, sort);
  const only = soleRange(filter);
  const keysets = extractKeysets(filter);
  for (const ix of coll.indexes.values()) {
    if (!ix.complete) continue;
    const candidate = planIndex(coll, ix, conds, sort, only, keysets);
    if (candidate === null) continue;
    const c = cost(candidate, sort);
    if (c < bestCost) {
      best = candidate;
      bestCost = c;
    }
    // At most one candidate (an _id or unique lookup, listed first): nothing can beat it, and
    // looking further would build sorted entries of other indexes for nothing.
    if (bestCost <= 1) break;
  }
  return best;
}

const cost = (p: Plan, sort: readonly SortKey[]): number => (sort.length > 0 && !p.sorted ? p.count * SORT_PENALTY : p.count) + (p.index === null ? 1 : 0);

interface SoleRange {
  field: string;
  lower: boolean;
  upper: boolean;
}

/**
 * A filter that is nothing but one range on one field (`{f: {$gte: a, $lt: b}}`, at most one
 * lower and one upper bound), else null.
 */
function soleRange(filter: Document | undefined | null): SoleRange | null {
  if (filter === undefined || filter === null) return null;
  let field: string | null = null;
  for (const key in filter) {
    if (field !== null || key.startsWith('$')) return null;
    field = key;
  }
  if (field === null) return null;
  const cond: unknown = filter[field];
  if (typeof cond !== 'object' || cond === null || Object.getPrototypeOf(cond) !== Object.prototype) return null;
  let lower = 0;
  let upper = 0;
  for (const op in cond) {
    if (op === '$gt' || op === '$gte') lower++;
    else if (op === '$lt' || op === '$lte') upper++;
    else return null;
  }
  return lower <= 1 && upper <= 1 && lower + upper > 0 ? { field, lower: lower === 1, upper: upper === 1 } : null;
}

/**
 * Whether an index range answers a filter exactly: the filter is only this range on the index's
 * first field, the index is not multikey (each document has one value there, the one the
 * matcher reads), and both bounds are used as given. Numbers need a real lower bound: the
 * matcher never lets NaN satisfy a comparison, while NaN sorts at the bottom of the numbers.
 */
function isExactRange(ix: IndexMap, only: SoleRange | null, c: FieldCondition | undefined, range: Range | null): boolean {
  if (only === null || range === null || c === undefined || ix.multikey || ix.fields[0] !== only.field) return false;
  // Every bound of the filter was understood by the planner, and the range uses each as given.
  if (only.lower !== (c.lo !== undefined) || only.upper !== (c.hi !== undefined)) return false;
  if ((c.lo !== undefined && range.lo !== c.lo.value) || (c.hi !== undefined && range.hi !== c.hi.value)) return false;
  const rank = rankOf(c.lo !== undefined ? c.lo.value : c.hi?.value);
  if (rank === Rank.Date || rank === Rank.String) return true;
  if (rank !== Rank.Number || c.lo === undefined) return false;
  const lo = c.lo.value;
  const hi = c.hi?.value;
  return typeof lo === 'number' && !Number.isNaN(lo) && (hi === undefined || (typeof hi === 'number' && !Number.isNaN(hi)));
}

function planIndex(
  coll: Collection,
  ix: IndexMap,
  conds: Map<string, FieldCondition>,
  sort: readonly SortKey[],
  only: SoleRange | null,
  keysets: readonly Keyset[],
): Plan | null {
  let combos: unknown[][] = [[]];
  let k = 0;
  const pinned = new Set<string>();
  for (; k < ix.fields.length; k++) {
    const points = conds.get(ix.fields[k])?.points;
    if (points === undefined || combos.length * points.length > MAX_COMBOS) break;
    const next: unknown[][] = [];
    for (const c of combos) for (const p of points) next.push([...c, p]);
    combos = next;
    if (points.length === 1) pinned.add(ix.fields[k]);
  }

  // Every field pinned and few documents: hash lookups, no sorted structure needed. Many
  // documents under one key (e.g. a status) are better read from the sorted entries, which come
  // in insertion order and stop early under a limit.
  if (k === ix.fields.length) {
    let count = 0;
    for (const c of combos) count += ix.lookupCount(c, coll.recs);
    if (count <= HASH_MAX || combos.length > 1) {
      return {
        recs: lookupAll(ix, combos, coll.recs),
        sorted: sort.length === 0 || count <= 1 || remainingSort(sort, pinned).length === 0,
        count,
        index: ix.name,
      };
    }
  }

  const range = k < ix.fields.length ? rangeOf(conds.get(ix.fields[k]), ix.multikey) : null;
  const order = combos.length === 1 && !ix.multikey ? sortOrder(ix, k, pinned, sort) : 0;
  const keyset = combos.length === 1 ? keysetBounds(ix, k, combos[0], keysets) : null;
  if (k === 0 && range === null && keyset === null) {
    // Nothing to narrow by: only worth it as an ordered scan that saves sorting everything.
    if (order === 0 || ix.sparse || sort.length === 0) return null;
    const list = ix.entries(coll.recs);
    return { recs: list.recs(0, list.length, order), sorted: true, count: list.length, index: ix.name };
  }

  const list = ix.entries(coll.recs);
  const spans: Array<[number, number]> = [];
  let count = 0;
  for (const prefix of combos) {
    let low: BoundValue[] = prefix;
    let high: BoundValue[] = prefix;
    let lowIn = true;
    let highIn = true;
    if (range !== null) {
      const asc = ix.dirs[k] === 1;
      low = [...prefix, asc ? range.lo : range.hi];
      high = [...prefix, asc ? range.hi : range.lo];
      lowIn = asc ? range.loIn : range.hiIn;
      highIn = asc ? range.hiIn : range.loIn;
    }
    let span = ix.range(list, low, lowIn, high, highIn);
    if (keyset !== null) {
      // Both are spans of the same list: the documents meeting both lie in their overlap.
      const ks = ix.range(list, keyset.low, keyset.lowIn, keyset.high, keyset.highIn);
      const start = Math.max(span[0], ks[0]);
      span = [start, Math.max(start, Math.min(span[1], ks[1]))];
    }
    spans.push(span);
    count += span[1] - span[0];
  }
  return {
    recs: scan(list, spans, order === 0 ? 1 : order, ix.multikey || combos.length > 1),
    sorted: sort.length === 0 || order !== 0,
    count,
    index: ix.name,
    exact: k === 0 && isExactRange(ix, only, conds.get(ix.fields[0]), range),
  };
}

interface Bounds {
  low: BoundValue[];
  lowIn: boolean;
  high: BoundValue[];
  highIn: boolean;
}

/**
 * The index span of a keyset condition on the fields right after the pinned prefix: (a, b) < (x, y)
 * is one contiguous span when every field's index direction puts the tuples on the same side of
 * the bound. The far end stops at the first field's type edge (comparisons bracket by type).
 * Each document has one entry (not multikey), so the overlap with a range span is still a
 * superset of the matches.
 */
function keysetBounds(ix: IndexMap, k: number, prefix: readonly unknown[], keysets: readonly Keyset[]): Bounds | null {
  // On a multikey index one document has several entries: the entry inside the keyset span and
  // the one inside a range span may differ, so their overlap could miss it.
  if (ix.multikey) return null;
  for (const ks of keysets) {
    if (k + ks.fields.length > ix.fields.length) continue;
    if (!ks.fields.every((f, i) => ix.fields[k + i] === f)) continue;
    // "After" the bound in index order: above it on an ascending field, below it on a descending one.
    const after = ks.above[0] === (ix.dirs[k] === 1);
    if (!ks.fields.every((_f, i) => (ks.above[i] === (ix.dirs[k + i] === 1)) === after)) continue;
    const bound = [...prefix, ...ks.values];
    const rank = rankOf(ks.values[0]);
    if (after) return { low: bound, lowIn: ks.inclusive, high: [...prefix, new TypeEdge(rank, ix.dirs[k] === 1 ? 1 : -1)], highIn: true };
    return { low: [...prefix, new TypeEdge(rank, ix.dirs[k] === 1 ? -1 : 1)], lowIn: true, high: bound, highIn: ks.inclusive };
  }
  return null;
}

interface Range {
  lo: BoundValue;
  hi: BoundValue;
  loIn: boolean;
  hiIn: boolean;
}

/**
 * Both bounds within one canonical type; a missing bound becomes that type's edge. On a multikey
 * index only one bound may be used: `{a: {$gt: 5, $lt: 9}}` matches `a: [1, 20]` (each bound
 * met by a different element) although no element lies between them — mongod does the same.
 */
function rangeOf(c: FieldCondition | undefined, multikey: boolean): Range | null {
  if (c === undefined || (c.lo === undefined && c.hi === undefined)) return null;
  const rank = rankOf(c.lo !== undefined ? c.lo.value : c.hi?.value);
  if (c.lo !== undefined && c.hi !== undefined && rankOf(c.hi.value) !== rank) return null;
  const hi = multikey && c.lo !== undefined ? undefined : c.hi;
  return {
    lo: c.lo !== undefined ? c.lo.value : new TypeEdge(rank, -1),
    hi: hi !== undefined ? hi.value : new TypeEdge(rank, 1),
    loIn: c.lo !== undefined ? c.lo.inclusive : true,
    hiIn: hi !== undefined ? hi.inclusive : true,
  };
}

const remainingSort = (sort: readonly SortKey[], pinned: Set<string>): SortKey[] => sort.filter((s) => !pinned.has(s.field));

/** 1 if scanning the index forward from field `k` yields the sort order, -1 if backward, else 0. */
function sortOrder(ix: IndexMap, k: number, pinned: Set<string>, sort: readonly SortKey[]): 1 | -1 | 0 {
  const rest = remainingSort(sort, pinned);
  if (rest.length === 0) return 1;
  if (ix.multikey || k + rest.length > ix.fields.length) return 0;
  let dir: 1 | -1 | 0 = 0;
  for (let i = 0; i < rest.length; i++) {
    if (ix.fields[k + i] !== rest[i].field) return 0;
    const d = ix.dirs[k + i] === rest[i].dir ? 1 : -1;
    if (dir !== 0 && d !== dir) return 0;
    dir = d;
  }
  return dir;
}

function lookupAll(ix: IndexMap, combos: unknown[][], recs: Iterable<Rec>): Rec[] {
  if (combos.length === 1) return ix.lookup(combos[0], recs);
  const seen = new Set<Rec>();
  for (const c of combos) for (const r of ix.lookup(c, recs)) seen.add(r);
  return [...seen];
}

function* scan(list: SortedEntries, spans: ReadonlyArray<[number, number]>, dir: 1 | -1, dedupe: boolean): Generator<Rec> {
  // Callers consume a plan completely before they write, so the live list is safe to walk.
  if (spans.length === 1 && !dedupe) {
    yield* list.recs(spans[0][0], spans[0][1], dir);
    return;
  }
  const seen = dedupe ? new Set<Rec>() : null;
  const ordered = dir === 1 ? spans : [...spans].reverse();
  for (const [start, end] of ordered) {
    for (const rec of list.recs(start, end, dir)) {
      if (seen !== null) {
        if (seen.has(rec)) continue;
        seen.add(rec);
      }
      yield rec;
    }
  }
}
