// Running a filter against a collection: plan, match, sort, skip/limit. Shared by find, the
// write commands (which document(s) to change) and aggregate's leading $match.
import type { Document } from 'bson';
import type { Collection } from './collection';
import { compileFilter } from './filter';
import type { Rec } from './index-map';
import { planQuery } from './planner';
import { type SortKey, sortDocs } from './sort';

export interface QueryOptions {
  sort?: readonly SortKey[];
  /** 1 / -1: insertion order (`$natural`), overrides `sort`. */
  natural?: 1 | -1 | 0;
  skip?: number;
  /** 0 = no limit. */
  limit?: number;
}

/** Matching stored documents in result order. The caller may write afterwards (list is final). */
export function queryRecs(coll: Collection, filter: Document | undefined | null, opts: QueryOptions = {}): Rec[] {
  const matcher = compileFilter(filter);
  const skip = opts.skip ?? 0;
  const limit = opts.limit ?? 0;
  const need = limit > 0 ? skip + limit : Number.POSITIVE_INFINITY;
  const sort = opts.natural ? [] : (opts.sort ?? []);

  let source: Iterable<Rec>;
  let sorted: boolean;
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
  }

  let out: Rec[] = [];
  for (const rec of source) {
    if (!matcher(rec.doc)) continue;
    out.push(rec);
    if (sorted && out.length >= need) break;
  }
  if (!sorted) out = sortDocs(out, sort, (r) => r.doc);
  if (skip > 0 || limit > 0) out = out.slice(skip, limit > 0 ? skip + limit : undefined);
  return out;
}
