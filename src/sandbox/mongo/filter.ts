// Query filters. The common shapes (equality, comparisons, $in/$nin, $exists, $ne, $regex,
// $size, $and/$or/$nor) are compiled to closures with mongod's array and type-bracketing rules:
// mingo's Query is several times slower per document, which decides whether a 100k-document
// report stays under a second. Anything else falls back to mingo for the whole filter.
import type { Document } from 'bson';
import { Query } from 'mingo';
import { compareBson, isPlainObject, keyOf, Rank, rankOf, toNumber } from './bson-values';
import { CommandError } from './errors';
import { anyLeaf, splitPath } from './paths';

export type Matcher = (doc: Document) => boolean;
type LeafTest = (leaf: unknown) => boolean;

/** Thrown inside the compiler when a filter needs mingo; never escapes this module. */
class Unsupported extends Error {}

const matchAll: Matcher = () => true;

export function compileFilter(filter: Document | undefined | null): Matcher {
  if (filter === undefined || filter === null) return matchAll;
  if (!isPlainObject(filter)) throw new CommandError(2, 'BadValue', 'filter must be an object');
  if (Object.keys(filter).length === 0) return matchAll;
  try {
    return compileDoc(filter);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
  }
  try {
    const q = new Query(filter);
    return (doc) => q.test(doc);
  } catch (e) {
    throw new CommandError(2, 'BadValue', e instanceof Error ? e.message : String(e));
  }
}

/** The filter compiled here (never by mingo), or null when it needs mingo. */
export function nativeFilter(filter: Document | undefined | null): Matcher | null {
  if (filter === undefined || filter === null || Object.keys(filter).length === 0) return matchAll;
  try {
    return compileDoc(filter);
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

/**
 * Adds to `out` the top-level fields a filter reads; false when it may read others (`$expr`,
 * `$where`, `$jsonSchema`, …): a matcher then needs the whole document.
 */
export function filterFields(filter: unknown, out: Set<string>): boolean {
  if (filter === undefined || filter === null) return true;
  if (!isPlainObject(filter)) return false;
  for (const key of Object.keys(filter)) {
    const v: unknown = filter[key];
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(v) || !v.every((sub) => filterFields(sub, out))) return false;
    } else if (key === '$comment') {
      continue;
    } else if (key.startsWith('$')) {
      return false;
    } else out.add(splitPath(key)[0]);
  }
  return true;
}

function compileDoc(filter: Document): Matcher {
  const preds: Matcher[] = [];
  for (const key of Object.keys(filter)) {
    const v: unknown = filter[key];
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(v) || v.length === 0) throw new CommandError(2, 'BadValue', `${key} must be a nonempty array`);
      const subs = v.map((s: unknown) => {
        if (!isPlainObject(s)) throw new CommandError(2, 'BadValue', `${key} entries need to be full objects`);
        return compileDoc(s);
      });
      if (key === '$and') preds.push((d) => subs.every((m) => m(d)));
      else if (key === '$or') preds.push((d) => subs.some((m) => m(d)));
      else preds.push((d) => !subs.some((m) => m(d)));
    } else if (key === '$comment') {
      continue;
    } else if (key.startsWith('$')) {
      throw new Unsupported(key);
    } else {
      preds.push(compileField(key, v));
    }
  }
  if (preds.length === 1) return preds[0];
  return (d) => {
    for (const p of preds) if (!p(d)) return false;
    return true;
  };
}

export const isOperatorObject = (v: unknown): v is Document => {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys[0].startsWith('$');
};

function compileField(path: string, cond: unknown): Matcher {
  const parts = splitPath(path);
  const dotted = parts.length > 1;
  const tests: Array<{ test: LeafTest; negate: boolean }> = [];
  if (isOperatorObject(cond)) {
    const ops = cond;
    for (const op of Object.keys(ops)) {
      const arg: unknown = ops[op];
      switch (op) {
        case '$eq':
          tests.push({ test: eqTest(arg, dotted), negate: false });
          break;
        case '$ne':
          tests.push({ test: eqTest(arg, dotted), negate: true });
          break;
        case '$gt':
        case '$gte':
        case '$lt':
        case '$lte':
          tests.push({ test: cmpTest(op, arg), negate: false });
          break;
        case '$in':
          tests.push({ test: inTest(arg, dotted), negate: false });
          break;
        case '$nin':
          tests.push({ test: inTest(arg, dotted), negate: true });
          break;
        case '$exists':
          tests.push({ test: (leaf) => leaf !== undefined, negate: !arg });
          break;
        case '$regex':
          tests.push({ test: regexTest(toRegExp(arg, ops.$options)), negate: false });
          break;
        case '$options':
          if (!('$regex' in ops)) throw new CommandError(2, 'BadValue', '$options needs a $regex');
          break;
        case '$size':
          if (typeof arg !== 'number') throw new Unsupported(op);
          tests.push({ test: (leaf) => Array.isArray(leaf) && leaf.length === arg, negate: false });
          break;
        default:
          throw new Unsupported(op);
      }
    }
  } else {
    tests.push({ test: eqTest(cond, dotted), negate: false });
  }
  if (!dotted) {
    // A top-level field is one leaf: no traversal needed.
    const field = parts[0];
    if (tests.length === 1) {
      const { test, negate } = tests[0];
      return negate ? (doc) => !test(doc[field]) : (doc) => test(doc[field]);
    }
    return (doc) => {
      const v: unknown = doc[field];
      for (const t of tests) if (t.test(v) === t.negate) return false;
      return true;
    };
  }
  const run = (doc: Document, t: { test: LeafTest; negate: boolean }): boolean => anyLeaf(doc, parts, 0, t.test) !== t.negate;
  if (tests.length === 1) {
    const t = tests[0];
    return (doc) => run(doc, t);
  }
  return (doc) => {
    for (const t of tests) if (!run(doc, t)) return false;
    return true;
  };
}

function toRegExp(pattern: unknown, options: unknown): RegExp {
  const flags = typeof options === 'string' ? options.replace(/[^imsu]/g, '') : '';
  if (pattern instanceof RegExp) return flags ? new RegExp(pattern.source, flags) : pattern;
  if (typeof pattern !== 'string') throw new Unsupported('$regex');
  return new RegExp(pattern, flags);
}

function regexTest(re: RegExp): LeafTest {
  const one = (v: unknown): boolean => typeof v === 'string' && re.test(v);
  return (leaf) => one(leaf) || (Array.isArray(leaf) && leaf.some(one));
}

/** Equality: a leaf matches if it equals the value or is an array with an equal element. */
function eqTest(value: unknown, dotted: boolean): LeafTest {
  if (value instanceof RegExp) return regexTest(value);
  if (typeof value === 'string') {
    return (leaf) => leaf === value || (Array.isArray(leaf) && leaf.includes(value));
  }
  if (typeof value === 'number' && !Number.isNaN(value)) {
    const one = (v: unknown): boolean => v === value || (typeof v === 'object' && v !== null && rankOf(v) === Rank.Number && toNumber(v) === value);
    return (leaf) => one(leaf) || (Array.isArray(leaf) && leaf.some(one));
  }
  if (typeof value === 'boolean') {
    return (leaf) => leaf === value || (Array.isArray(leaf) && leaf.includes(value));
  }
  if (value === null || value === undefined) {
    // Null through arrays of sub-documents has corner cases mingo already gets right.
    if (dotted) throw new Unsupported('null');
    return (leaf) => leaf === null || leaf === undefined || (Array.isArray(leaf) && leaf.includes(null));
  }
  if (isOperatorObject(value)) throw new Unsupported('operator in value');
  const rank = rankOf(value);
  const one = (v: unknown): boolean => rankOf(v) === rank && compareBson(v, value) === 0;
  return (leaf) => one(leaf) || (Array.isArray(leaf) && leaf.some(one));
}

/** Comparisons only match values of the same canonical type (mongod's type bracketing). */
function cmpTest(op: string, value: unknown): LeafTest {
  if (value === null || value === undefined || Array.isArray(value) || isPlainObject(value)) throw new Unsupported(op);
  if (value instanceof RegExp) throw new Unsupported(op);
  const rank = rankOf(value);
  if (rank === Rank.MinKey || rank === Rank.MaxKey) throw new Unsupported(op);
  let ok: (c: number) => boolean;
  if (op === '$gt') ok = (c) => c > 0;
  else if (op === '$gte') ok = (c) => c >= 0;
  else if (op === '$lt') ok = (c) => c < 0;
  else ok = (c) => c <= 0;
  let one: LeafTest;
  if (value instanceof Date) {
    const t = value.getTime();
    one = (v) => v instanceof Date && ok(v.getTime() - t);
  } else if (typeof value === 'number') {
    one = (v) => (typeof v === 'number' ? !Number.isNaN(v) && ok(v - value) : rankOf(v) === Rank.Number && ok(compareBson(v, value)));
  } else {
    one = (v) => rankOf(v) === rank && ok(compareBson(v, value));
  }
  return (leaf) => one(leaf) || (Array.isArray(leaf) && leaf.some(one));
}

function inTest(values: unknown, dotted: boolean): LeafTest {
  if (!Array.isArray(values)) throw new CommandError(2, 'BadValue', '$in needs an array');
  const keys = new Set<string>();
  const others: LeafTest[] = [];
  let hasNull = false;
  for (const v of values) {
    if (v instanceof RegExp) others.push(regexTest(v));
    else if (v === null) hasNull = true;
    else if (isOperatorObject(v)) throw new CommandError(2, 'BadValue', 'cannot nest $ under $in');
    else keys.add(keyOf(v));
  }
  if (hasNull && dotted) throw new Unsupported('null in $in');
  const one = (v: unknown): boolean => keys.has(keyOf(v));
  return (leaf) => {
    if (leaf === null || leaf === undefined) return hasNull;
    if (one(leaf)) return true;
    if (Array.isArray(leaf)) {
      for (const el of leaf) if (one(el) || (hasNull && el === null)) return true;
    }
    for (const t of others) if (t(leaf)) return true;
    return false;
  };
}

/** What the planner may use from a filter: per top-level path, its equality points and range. */
export interface FieldCondition {
  /** Equality values (one for `$eq`/plain value, several for `$in`); undefined when none. */
  points?: unknown[];
  lo?: { value: unknown; inclusive: boolean };
  hi?: { value: unknown; inclusive: boolean };
}

const indexablePoint = (v: unknown): boolean =>
  v !== null && v !== undefined && !Array.isArray(v) && !(v instanceof RegExp) && !isOperatorObject(v);

/**
 * Conditions an index can narrow by: only conjunctive ones (top level and `$and`), and only
 * values an index answers exactly (no null, arrays or regexes). The matcher always re-checks.
 */
export function extractConditions(filter: Document | undefined | null, out = new Map<string, FieldCondition>()): Map<string, FieldCondition> {
  if (!isPlainObject(filter)) return out;
  for (const key of Object.keys(filter)) {
    const v: unknown = filter[key];
    if (key === '$and' && Array.isArray(v)) {
      for (const sub of v) extractConditions(sub as Document, out);
      continue;
    }
    if (key.startsWith('$')) continue;
    const c: FieldCondition = out.get(key) ?? {};
    if (isOperatorObject(v)) {
      for (const op of Object.keys(v)) {
        const arg: unknown = v[op];
        if (op === '$eq' && indexablePoint(arg)) c.points = [arg];
        else if (op === '$in' && Array.isArray(arg) && arg.length <= 256 && arg.every(indexablePoint)) c.points = arg;
        else if ((op === '$gt' || op === '$gte') && indexablePoint(arg) && !isPlainObject(arg)) c.lo = { value: arg, inclusive: op === '$gte' };
        else if ((op === '$lt' || op === '$lte') && indexablePoint(arg) && !isPlainObject(arg)) c.hi = { value: arg, inclusive: op === '$lte' };
      }
    } else if (indexablePoint(v)) {
      c.points = [v];
    }
    if (c.points !== undefined || c.lo !== undefined || c.hi !== undefined) out.set(key, c);
  }
  return out;
}

/**
 * A lexicographic tuple comparison written as an `$or`, the shape keyset pagination sends:
 * `{ $or: [{ a: { $lt: x } }, { a: x, b: { $lt: y } }] }` means (a, b) < (x, y). Branch j pins the
 * first j fields to the earlier branches' values and compares the next one; all comparisons but
 * the last are strict (else the set is not one contiguous index range).
 */
export interface Keyset {
  fields: string[];
  values: unknown[];
  /** Per field: true for $gt/$gte (the tuple lies above the values), false for $lt/$lte. */
  above: boolean[];
  /** Whether the last comparison includes equality ($gte / $lte). */
  inclusive: boolean;
}

const RANGE_OPS = new Set(['$lt', '$lte', '$gt', '$gte']);

function keysetOf(branches: unknown): Keyset | null {
  if (!Array.isArray(branches) || branches.length === 0 || branches.length > 8) return null;
  const byLength: Array<Document | undefined> = [];
  for (const b of branches) {
    if (!isPlainObject(b)) return null;
    const n = Object.keys(b).length;
    if (n < 1 || n > branches.length || byLength[n - 1] !== undefined) return null;
    byLength[n - 1] = b;
  }
  const fields: string[] = [];
  const values: unknown[] = [];
  const above: boolean[] = [];
  let inclusive = false;
  for (let j = 0; j < branches.length; j++) {
    const b = byLength[j] as Document;
    // The fields pinned by equality must be exactly the earlier branches' fields and values.
    let rangeField: string | null = null;
    for (const key of Object.keys(b)) {
      if (key.startsWith('$')) return null;
      const i = fields.indexOf(key);
      if (i >= 0) {
        const v: unknown = b[key];
        const eq = isOperatorObject(v) ? (Object.keys(v).length === 1 ? v.$eq : undefined) : v;
        if (!indexablePoint(eq) || isPlainObject(eq) || keyOf(eq) !== keyOf(values[i]) || rankOf(eq) !== rankOf(values[i])) return null;
      } else if (rangeField === null) rangeField = key;
      else return null;
    }
    if (rangeField === null) return null;
    const cond: unknown = b[rangeField];
    if (!isOperatorObject(cond)) return null;
    const ops = Object.keys(cond);
    if (ops.length !== 1 || !RANGE_OPS.has(ops[0])) return null;
    const value: unknown = cond[ops[0]];
    if (!indexablePoint(value) || isPlainObject(value)) return null;
    const inc = ops[0] === '$lte' || ops[0] === '$gte';
    if (j < branches.length - 1 && inc) return null;
    fields.push(rangeField);
    values.push(value);
    above.push(ops[0] === '$gt' || ops[0] === '$gte');
    inclusive = inc;
  }
  return { fields, values, above, inclusive };
}

/** Keyset conditions that hold for every match (a top-level `$or`, or one inside a top-level `$and`). */
export function extractKeysets(filter: Document | undefined | null, out: Keyset[] = []): Keyset[] {
  if (!isPlainObject(filter)) return out;
  for (const key of Object.keys(filter)) {
    const v: unknown = filter[key];
    if (key === '$and' && Array.isArray(v)) for (const sub of v) extractKeysets(sub as Document, out);
    else if (key === '$or') {
      const k = keysetOf(v);
      if (k !== null) out.push(k);
    }
  }
  return out;
}
