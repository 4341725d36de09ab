// $bucket, as mongod defines it: a $group whose _id is the lower boundary of the range the groupBy
// value falls in — ranges [b_i, b_i+1), inclusive lower and exclusive upper, compared in mongod's
// canonical BSON order — or the `default` for anything outside them (null and missing included),
// then a sort on that _id. Only buckets that received documents are output. mingo's own $bucket
// puts a value equal to an inner boundary into the bucket below it and outputs empty buckets.
import type { Document } from 'bson';
import { compareBson, isPlainObject, rankOf } from './bson-values';
import { CommandError } from './errors';
import { compileExpr, compileGroup } from './group';

/** Runs one pipeline stage through mingo (the caller's, so options stay in one place). */
export type MingoStage = (docs: Document[], stage: Document) => Document[];

const bucketError = (code: number, message: string): CommandError => new CommandError(code, `Location${code}`, message);

const OPTIONS = new Set(['groupBy', 'boundaries', 'default', 'output']);

const isExpressionObject = (v: unknown): boolean => isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$'));

export function compileBucket(spec: unknown, mingo: MingoStage): (docs: Document[]) => Document[] {
  if (!isPlainObject(spec)) throw bucketError(40201, 'Argument to $bucket stage must be an object');
  for (const k of Object.keys(spec)) if (!OPTIONS.has(k)) throw bucketError(40197, `Unrecognized option to $bucket: ${k}.`);
  const { groupBy, boundaries, output } = spec;
  const hasDefault = 'default' in spec;
  const fallback: unknown = spec.default;
  if (groupBy === undefined || boundaries === undefined) throw bucketError(40198, "$bucket requires 'groupBy' and 'boundaries' to be specified.");
  if (!((typeof groupBy === 'string' && groupBy.startsWith('$')) || isPlainObject(groupBy))) {
    throw bucketError(40202, "The $bucket 'groupBy' field must be defined as a $-prefixed path or an expression object");
  }
  if (!Array.isArray(boundaries)) throw bucketError(40200, "The $bucket 'boundaries' field must be an array");
  const bounds: unknown[] = boundaries;
  if (bounds.length < 2) throw bucketError(40192, `The $bucket 'boundaries' field must have at least 2 values, but found ${bounds.length} value(s).`);
  for (let i = 0; i < bounds.length; i++) {
    const b = bounds[i];
    if (b === undefined || isExpressionObject(b)) throw bucketError(40191, "The $bucket 'boundaries' field must be an array of constant values");
    if (i === 0) continue;
    // All numeric types are one canonical type, as on mongod.
    if (rankOf(b) !== rankOf(bounds[0])) throw bucketError(40193, "All values in the 'boundaries' option to $bucket must have the same type.");
    if (compareBson(bounds[i - 1], b) >= 0) throw bucketError(40194, "The 'boundaries' option to $bucket must be sorted in ascending order");
  }
  const last = bounds.length - 1;
  if (hasDefault && rankOf(fallback) === rankOf(bounds[0]) && compareBson(fallback, bounds[0]) >= 0 && compareBson(fallback, bounds[last]) < 0) {
    throw bucketError(40199, "The $bucket 'default' field must be less than the lowest boundary or greater than or equal to the highest boundary.");
  }
  if (output !== undefined && !isPlainObject(output)) throw bucketError(40196, "The $bucket 'output' field must be an object");
  const accumulators: Document = output ?? { count: { $sum: 1 } };
  if ('_id' in accumulators) throw bucketError(40234, "The $bucket 'output' field must not contain '_id'");
  const groupSpec: Document = { _id: null, ...accumulators };
  const group = compileGroup(groupSpec) ?? ((docs: readonly Document[]) => mingo([...docs], { $group: groupSpec }));
  const key = compileExpr(groupBy);

  /** Index of the bucket `v` falls in: the last boundary <= v below the highest one; -1 outside. */
  const bucketOf = (v: unknown): number => {
    if (compareBson(v, bounds[0]) < 0 || compareBson(v, bounds[last]) >= 0) return -1;
    let lo = 0;
    let hi = last - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (compareBson(bounds[mid], v) <= 0) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  return (docs) => {
    const values: unknown[] =
      key !== null ? docs.map((d) => key(d, undefined)) : mingo(docs, { $project: { _id: 0, k: groupBy } }).map((d) => (d as Document).k);
    const members: Document[][] = bounds.map(() => []);
    const outside: Document[] = [];
    for (let i = 0; i < docs.length; i++) {
      // Missing and null sort below every boundary but MinKey: they go to the default too.
      const v = values[i] ?? null;
      const b = bucketOf(v);
      if (b >= 0) members[b].push(docs[i]);
      else if (hasDefault) outside.push(docs[i]);
      else throw new CommandError(40066, 'Location40066', '$switch could not find a matching branch for an input, and no default was specified.');
    }
    const out: Document[] = [];
    const emit = (id: unknown, ds: Document[]): void => {
      if (ds.length === 0) return;
      const [row] = group(ds);
      const result: Document = { _id: id };
      for (const k of Object.keys(row)) if (k !== '_id') result[k] = row[k];
      out.push(result);
    };
    for (let i = 0; i < last; i++) emit(bounds[i], members[i]);
    emit(fallback, outside);
    // mongod sorts the groups by _id: a default below the boundaries (or of a lower type) comes first.
    return out.sort((a, b) => compareBson(a._id, b._id));
  };
}
