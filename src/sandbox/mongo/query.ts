// Running a filter against a collection: plan, match, sort, skip/limit. Shared by find, the
// write commands (which document(s) to change) and aggregate's leading $match.
import type { Document } from 'bson';
import type { Collection } from './collection';
import { compileFilter, filterFields } from './filter';
import type { Rec } from './index-map';
import { planQuery } from './planner';
import { FieldSet } from './raw';
import { type SortKey, sortDocs } from './sort';

export interface QueryOptions {
  sort?: readonly SortKey[];
  /** 1 / -1: insertion order (`$natural`), overrides `sort`. */
  natural?: 1 | -1 | 0;
  skip?: number;
  /** 0 = no limit. */
  limit?: number;
  /**
   * The caller does not depend on the order (no sort, no skip/limit): an index's candidates may
   * come back in insertion order, which walks the stored documents in the order they sit in
   * memory (several times faster for whatever reads them next than the index order).
   */
  anyOrder?: boolean;
}

/** Matching stored documents in result order. The caller may write afterwards (list is final). */
export function queryRecs(coll: Collection, filter: Document | undefined | null, opts: QueryOptions = {}): Rec[] {
  const matcher = compileFilter(filter);
  // A stored document still in its bytes is matched on just the fields the filter reads.
  const read = new Set<string>();
  const heads = filterFields(filter, read) ? new FieldSet(read) : null;
  const skip = opts.skip ?? 0;
  const limit = opts.limit ?? 0;
  const need = limit > 0 ? skip + limit : Number.POSITIVE_INFINITY;
  const sort = opts.natural ? [] : (opts.sort ?? []);

  let source: Iterable<Rec>;
  let sorted: boolean;
  let exact = false;
  let planCount = -1;
  if (opts.natural === -1) {
    source = [...coll.recs].reverse();
    sorted = true;
  } else if (opts.natural === 1) {
    source = coll.recs;
    sorted = true;
  } else {
    const plan = planQuery(coll, filter, sort);
    source = plan.recs;
    sorted = plan.sorted;
    exact = plan.exact === true;
    planCount = plan.count;
  }

  let out: Rec[] = [];
  let inserted = false;
  if (exact && opts.anyOrder === true && sort.length === 0 && limit === 0 && skip === 0 && planCount === coll.size) {
    // Every document matches (a report over all time): take them in insertion order, which is
    // what an order-free caller prefers anyway, without walking the index.
    out = Array.from(coll.recs);
    inserted = true;
  } else if (exact && !sorted) out = Array.from(source);
  else {
    for (const rec of source) {
      if (!exact && !matcher(rec.fields(heads))) continue;
      out.push(rec);
      if (sorted && out.length >= need) break;
    }
  }
  if (!sorted) {
    const sortHeads = new FieldSet(sort.map((k) => k.field.split('.')[0]));
    out = sortDocs(out, sort, (r) => r.fields(sortHeads));
  }
  if (skip > 0 || limit > 0) out = out.slice(skip, limit > 0 ? skip + limit : undefined);
  else if (opts.anyOrder === true && sort.length === 0 && source !== coll.recs && !inserted) out = insertionOrder(out);
  return out;
}

/**
 * For reading every match once, in no particular order or in the plan's (no sort, skip or limit):
 * the plan's candidates in the order `queryRecs` would return their matches — insertion order
 * when `anyOrder` — and whether they are known to match (else the caller tests each). Reading
 * candidates in insertion order walks stored data (and columns) sequentially.
 */
export function scanCandidates(coll: Collection, filter: Document | undefined | null, anyOrder: boolean): { recs: Iterable<Rec>; exact: boolean } {
  const plan = planQuery(coll, filter, []);
  const exact = plan.exact === true;
  if (exact && anyOrder && plan.count === coll.size) return { recs: coll.recs, exact };
  // Most of the collection anyway (a report over a long period): testing every document in
  // insertion order costs less than walking the index and putting its candidates back in order.
  if (anyOrder && plan.count * 2 > coll.size) return { recs: coll.recs, exact: false };
  const recs = Array.from(plan.recs);
  return { recs: anyOrder && plan.recs !== coll.recs ? insertionOrder(recs) : recs, exact };
}

/** Below this many documents the order makes no difference worth a pass. */
const REORDER_MIN = 1024;

/** `recs` in insertion order: a counting placement by `seq` when dense enough, else a sort. */
function insertionOrder(recs: Rec[]): Rec[] {
  if (recs.length < REORDER_MIN) return recs;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < recs.length; i++) {
    const seq = recs[i].seq;
    if (seq < min) min = seq;
    if (seq > max) max = seq;
  }
  const span = max - min + 1;
  if (span > recs.length * 4) return recs.slice().sort((a, b) => a.seq - b.seq);
  const slots = new Array<Rec | undefined>(span).fill(undefined);
  for (let i = 0; i < recs.length; i++) slots[recs[i].seq - min] = recs[i];
  const out: Rec[] = [];
  for (let i = 0; i < span; i++) {
    const r = slots[i];
    if (r !== undefined) out.push(r);
  }
  return out;
}
