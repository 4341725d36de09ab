// $group and $unwind for the shapes reports use (field paths, constants, objects of paths;
// $sum/$avg/$min/$max/$first/$last/$push/$addToSet/$count). mingo's versions cost about 1 µs
// (group) and 5 µs (unwind) per document; these cost a small fraction of that, and an $unwind
// feeding a $group is fused so the unwound copies are never built. Anything not recognised
// returns null and the caller hands the stage to mingo.
import type { Document } from 'bson';
import { compareBson, isNumeric, isPlainObject, keyOf, Rank, rankOf, toNumber } from './bson-values';
import { badValue } from './errors';
import { exprPath, getPath, splitPath } from './paths';

/** An expression over a document and, in a fused $unwind+$group, the current array element. */
type Expr = (doc: Document, el: unknown) => unknown;

/**
 * Compiles field paths, constants and objects/arrays of those. `unwound` names the field a fused
 * $unwind replaces by its element: paths into it read from `el` instead of the document.
 */
export function compileExpr(expr: unknown, unwound: string | null = null): Expr | null {
  if (typeof expr === 'string') {
    if (expr === '$$ROOT' || expr === '$$CURRENT') return unwound === null ? (d) => d : null;
    if (expr.startsWith('$$')) return null;
    if (expr.startsWith('$')) {
      const parts = splitPath(expr.slice(1));
      if (unwound !== null && parts[0] === unwound) {
        if (parts.length === 1) return (_d, el) => el;
        const rest = parts.slice(1);
        return (_d, el) => exprPath(el, rest);
      }
      if (parts.length === 1) {
        const f = parts[0];
        return (d) => d[f];
      }
      if (parts.length === 2) {
        // `$a.b`, the common nested path: one step inline, arrays handed to the general walk.
        const [a, b] = parts;
        return (d) => {
          const v: unknown = d[a];
          if (typeof v !== 'object' || v === null) return undefined;
          if (Array.isArray(v)) return exprPath(v, parts, 1);
          return isPlainObject(v) ? (v as Document)[b] : undefined;
        };
      }
      return (d) => exprPath(d, parts);
    }
    return () => expr;
  }
  if (Array.isArray(expr)) {
    const items = expr.map((e) => compileExpr(e, unwound));
    if (items.some((f) => f === null)) return null;
    const fs = items as Expr[];
    return (d, el) => fs.map((f) => f(d, el) ?? null);
  }
  if (isPlainObject(expr)) {
    const keys = Object.keys(expr);
    if (keys.some((k) => k.startsWith('$'))) return null;
    const fields: Array<[string, Expr]> = [];
    for (const k of keys) {
      const f = compileExpr(expr[k], unwound);
      if (f === null) return null;
      fields.push([k, f]);
    }
    return (d, el) => {
      const out: Document = {};
      for (const [k, f] of fields) {
        const v = f(d, el);
        if (v !== undefined) out[k] = v;
      }
      return out;
    };
  }
  return () => expr;
}

interface Accumulator {
  add(doc: Document, el: unknown): void;
  result(count: number): unknown;
}

class SumConst implements Accumulator {
  constructor(private readonly by: number) {}
  add(): void {}
  result(count: number): number {
    return count * this.by;
  }
}
class Sum implements Accumulator {
  private total = 0;
  constructor(private readonly expr: Expr) {}
  add(d: Document, el: unknown): void {
    const v = this.expr(d, el);
    if (typeof v === 'number') this.total += v;
    else if (isNumeric(v)) this.total += toNumber(v);
  }
  result(): number {
    return this.total;
  }
}
class Avg implements Accumulator {
  private total = 0;
  private n = 0;
  constructor(private readonly expr: Expr) {}
  add(d: Document, el: unknown): void {
    const v = this.expr(d, el);
    if (isNumeric(v)) {
      this.total += toNumber(v);
      this.n++;
    }
  }
  result(): number | null {
    return this.n === 0 ? null : this.total / this.n;
  }
}
class Extreme implements Accumulator {
  private best: unknown = undefined;
  constructor(
    private readonly expr: Expr,
    private readonly sign: 1 | -1,
  ) {}
  add(d: Document, el: unknown): void {
    const v = this.expr(d, el);
    if (v === undefined || v === null) return;
    if (this.best === undefined || compareBson(v, this.best) * this.sign > 0) this.best = v;
  }
  result(): unknown {
    return this.best ?? null;
  }
}
class First implements Accumulator {
  private seen = false;
  private value: unknown = null;
  constructor(private readonly expr: Expr) {}
  add(d: Document, el: unknown): void {
    if (this.seen) return;
    this.seen = true;
    this.value = this.expr(d, el) ?? null;
  }
  result(): unknown {
    return this.value;
  }
}
class Last implements Accumulator {
  private value: unknown = null;
  constructor(private readonly expr: Expr) {}
  add(d: Document, el: unknown): void {
    this.value = this.expr(d, el) ?? null;
  }
  result(): unknown {
    return this.value;
  }
}
class Push implements Accumulator {
  private readonly out: unknown[] = [];
  constructor(private readonly expr: Expr) {}
  add(d: Document, el: unknown): void {
    const v = this.expr(d, el);
    if (v !== undefined) this.out.push(v);
  }
  result(): unknown[] {
    return this.out;
  }
}
class AddToSet implements Accumulator {
  private readonly seen = new Map<string, unknown>();
  constructor(private readonly expr: Expr) {}
  add(d: Document, el: unknown): void {
    const v = this.expr(d, el);
    if (v === undefined) return;
    const k = keyOf(v);
    if (!this.seen.has(k)) this.seen.set(k, v);
  }
  result(): unknown[] {
    return [...this.seen.values()];
  }
}

type AccumulatorFactory = { counting: boolean; make: () => Accumulator };

function compileAccumulator(spec: unknown, unwound: string | null): AccumulatorFactory | null {
  if (!isPlainObject(spec)) return null;
  const ops = Object.keys(spec);
  if (ops.length !== 1) return null;
  const op = ops[0];
  const arg: unknown = spec[op];
  if (op === '$count') return { counting: true, make: () => new SumConst(1) };
  if (op === '$sum' && typeof arg === 'number') return { counting: true, make: () => new SumConst(arg) };
  const expr = compileExpr(arg, unwound);
  if (expr === null) return null;
  const make = (): Accumulator | null => {
    switch (op) {
      case '$sum':
        return new Sum(expr);
      case '$avg':
        return new Avg(expr);
      case '$min':
        return new Extreme(expr, -1);
      case '$max':
        return new Extreme(expr, 1);
      case '$first':
        return new First(expr);
      case '$last':
        return new Last(expr);
      case '$push':
        return new Push(expr);
      case '$addToSet':
        return new AddToSet(expr);
      default:
        return null;
    }
  };
  if (make() === null) return null;
  return { counting: false, make: make as () => Accumulator };
}

interface Group {
  id: unknown;
  n: number;
  accs: Accumulator[];
}

export interface UnwindSpec {
  field: string;
  preserve: boolean;
}

/** Stands for a missing field among the parts of a compound `_id` (where it differs from null). */
const MISSING = Symbol('missing');

/**
 * Map keys with the equality of `keyOf` (numeric type equivalence included): strings, booleans
 * and numbers are their own key (a Map already treats -0 as 0 and NaN as NaN); other numeric
 * types become the number they equal; anything else becomes one token object per canonical
 * string, so it can never collide with a primitive key.
 */
class GroupKeys {
  private readonly tokens = new Map<string, object>();

  key(v: unknown): unknown {
    switch (typeof v) {
      case 'string':
      case 'number':
      case 'boolean':
        return v;
      case 'undefined':
        return null;
      default:
        break;
    }
    if (v === null) return null;
    const k = keyOf(v);
    // keyOf renders every number that equals a double as `#<double>`, whatever its BSON type.
    if (k.charCodeAt(0) === 35 /* # */ && k.charCodeAt(1) !== 76 /* L */) return toNumber(v);
    if (k.charCodeAt(0) === 115 /* s */ && rankOf(v) === Rank.String) return String(v);
    let token = this.tokens.get(k);
    if (token === undefined) {
      token = {};
      this.tokens.set(k, token);
    }
    return token;
  }
}

/** `_id: {a: <expr>, b: <expr>, …}`: its fields, so groups can be found without building the object. */
function compoundId(spec: unknown, unwound: string | null): { names: string[]; exprs: Expr[] } | null {
  if (!isPlainObject(spec)) return null;
  const names = Object.keys(spec);
  if (names.length < 2 || names.some((k) => k.startsWith('$'))) return null;
  const exprs: Expr[] = [];
  for (const k of names) {
    const f = compileExpr(spec[k], unwound);
    if (f === null) return null;
    exprs.push(f);
  }
  return { names, exprs };
}

/**
 * A compiled `$group` (optionally fused with the `$unwind` before it), or null when the spec
 * needs mingo.
 */
export function compileGroup(spec: unknown, unwind: UnwindSpec | null = null): ((docs: readonly Document[]) => Document[]) | null {
  const g = compileGroupStream(spec, unwind);
  if (g === null) return null;
  return (docs) =>
    runGroupStreams([g], (visit) => {
      for (let i = 0; i < docs.length; i++) visit(docs[i]);
    })[0];
}

/** One pass of a compiled group: documents go in one by one (never kept), rows come out. */
export interface GroupState {
  visit(doc: Document): void;
  result(): Document[];
}

export interface GroupStream {
  /** A fresh pass; `dictionary` asks for the dictionary-coded compound _id (may throw TOO_MANY_VALUES). */
  start(dictionary: boolean): GroupState;
}

/**
 * Runs several compiled groups over the same documents in one pass of `source` (which calls
 * `visit` once per document, and may be called again): the dictionary-coded pass first, and if
 * some compound _id has too many values for it, once more without.
 */
export function runGroupStreams(groups: readonly GroupStream[], source: (visit: (doc: Document) => void) => void): Document[][] {
  const pass = (dictionary: boolean): Document[][] => {
    const states = groups.map((g) => g.start(dictionary));
    if (states.length === 1) source(states[0].visit);
    else
      source((d) => {
        for (let i = 0; i < states.length; i++) states[i].visit(d);
      });
    return states.map((st) => st.result());
  };
  try {
    return pass(true);
  } catch (e) {
    if (e !== TOO_MANY_VALUES) throw e;
    // Accumulators are pure over the documents: starting again from scratch is safe.
    return pass(false);
  }
}

/**
 * A compiled `$group` (optionally fused with the `$unwind` before it) as a stream, or null when
 * the spec needs mingo. Documents visited are read, never kept: the caller may reuse one object.
 */
export function compileGroupStream(spec: unknown, unwind: UnwindSpec | null = null): GroupStream | null {
  if (!isPlainObject(spec)) throw badValue('a group specification must be an object');
  if (!('_id' in spec)) throw badValue('a group specification must include an _id');
  const unwound = unwind?.field ?? null;
  const idExpr = compileExpr(spec._id, unwound);
  if (idExpr === null) return null;
  const compound = compoundId(spec._id, unwound);
  const names: string[] = [];
  const factories: AccumulatorFactory[] = [];
  for (const name of Object.keys(spec)) {
    if (name === '_id') continue;
    const acc = compileAccumulator(spec[name], unwound);
    if (acc === null) return null;
    names.push(name);
    factories.push(acc);
  }
  // Counting-only groups ($sum: 1, $count) need no per-document accumulator calls at all.
  const countingOnly = factories.every((f) => f.counting);
  const newGroup = (id: unknown): Group => ({ id, n: 0, accs: countingOnly ? [] : factories.map((f) => f.make()) });
  // Bits of the combined group code per field of a compound _id (see below), if it fits a double.
  const bits = compound === null ? 0 : Math.floor(52 / compound.exprs.length);

  const start = (wanted: boolean): GroupState => {
    const dictionary = wanted && compound !== null && bits >= 4;
    const keys = new GroupKeys();
    const order: Group[] = [];
    let find: (d: Document, el: unknown) => Group;
    if (compound === null) {
      // One value: null and missing group together, as on mongod.
      const groups = new Map<unknown, Group>();
      find = (d, el) => {
        const id = idExpr(d, el);
        const k = keys.key(id);
        let g = groups.get(k);
        if (g === undefined) {
          g = newGroup(id ?? null);
          groups.set(k, g);
          order.push(g);
        }
        return g;
      };
    } else if (dictionary) {
      // A compound _id of few distinct values per field (the usual report "cube"): each field's
      // value gets a small number from that field's own dictionary, and the numbers lead down a
      // tree of small arrays to the group, so a document costs one lookup per field in a tiny,
      // cache-resident map plus one array index per field (no hashing of a combined code). A
      // field with more values than `radix` restarts the group below.
      const { names: fields, exprs } = compound;
      const dicts = exprs.map(() => new Map<unknown, number>());
      const radix = 2 ** bits;
      const last = exprs.length - 1;
      const root: unknown[] = [];
      const code = (d: Document, el: unknown, i: number): number => {
        const v = exprs[i](d, el);
        const k = v === undefined ? MISSING : typeof v === 'string' || typeof v === 'boolean' ? v : keys.key(v);
        const dict = dicts[i];
        let n = dict.get(k);
        if (n === undefined) {
          n = dict.size;
          if (n >= radix) throw TOO_MANY_VALUES;
          dict.set(k, n);
        }
        return n;
      };
      find = (d, el) => {
        let node = root;
        for (let i = 0; i < last; i++) {
          const n = code(d, el, i);
          let next = node[n] as unknown[] | undefined;
          if (next === undefined) {
            next = [];
            node[n] = next;
          }
          node = next;
        }
        const n = code(d, el, last);
        let g = node[n] as Group | undefined;
        if (g === undefined) {
          const id: Document = {};
          for (let i = 0; i < exprs.length; i++) {
            const v = exprs[i](d, el);
            if (v !== undefined) id[fields[i]] = v;
          }
          g = newGroup(id);
          node[n] = g;
          order.push(g);
        }
        return g;
      };
    } else {
      // An object of values: one nested map level per field, the object built once per group.
      // A missing field is left out of the object, so it differs from null here.
      const { names: fields, exprs } = compound;
      const last = exprs.length - 1;
      const root = new Map<unknown, unknown>();
      const vals: unknown[] = new Array<unknown>(exprs.length);
      find = (d, el) => {
        let level = root;
        for (let i = 0; i < last; i++) {
          const v = exprs[i](d, el);
          vals[i] = v;
          const k = v === undefined ? MISSING : keys.key(v);
          let next = level.get(k) as Map<unknown, unknown> | undefined;
          if (next === undefined) {
            next = new Map<unknown, unknown>();
            level.set(k, next);
          }
          level = next;
        }
        const v = exprs[last](d, el);
        const k = v === undefined ? MISSING : keys.key(v);
        let g = level.get(k) as Group | undefined;
        if (g === undefined) {
          vals[last] = v;
          const id: Document = {};
          for (let i = 0; i <= last; i++) if (vals[i] !== undefined) id[fields[i]] = vals[i];
          g = newGroup(id);
          level.set(k, g);
          order.push(g);
        }
        return g;
      };
    }
    const step = countingOnly
      ? (d: Document, el: unknown): void => {
          find(d, el).n++;
        }
      : (d: Document, el: unknown): void => {
          const g = find(d, el);
          g.n++;
          for (const a of g.accs) a.add(d, el);
        };
    let visit: (d: Document) => void;
    if (unwind === null) visit = (d) => step(d, undefined);
    else {
      const field = unwind.field;
      const preserve = unwind.preserve;
      visit = (d) => {
        const v: unknown = d[field];
        if (Array.isArray(v)) {
          if (v.length === 0) {
            if (preserve) step(d, undefined);
          } else for (const el of v) step(d, el);
        } else if (v !== undefined && v !== null) step(d, v);
        else if (preserve) step(d, undefined);
      };
    }
    const result = (): Document[] => {
      const out: Document[] = [];
      for (const g of order) {
        const row: Document = { _id: g.id };
        for (let i = 0; i < names.length; i++) row[names[i]] = countingOnly ? factories[i].make().result(g.n) : g.accs[i].result(g.n);
        out.push(row);
      }
      return out;
    };
    return { visit, result };
  };
  return { start };
}

/** Thrown (and caught) when a compound _id field has too many values for the dictionary codes. */
const TOO_MANY_VALUES = new Error('too many values for the dictionary-coded group');

interface ParsedUnwind {
  parts: readonly string[];
  indexField: string | null;
  preserve: boolean;
}

function parseUnwind(spec: unknown): ParsedUnwind {
  const opts: Document = typeof spec === 'string' ? { path: spec } : isPlainObject(spec) ? spec : {};
  const path: unknown = opts.path;
  if (typeof path !== 'string' || !path.startsWith('$') || path.startsWith('$$')) {
    throw badValue('$unwind requires a path starting with $');
  }
  return {
    parts: splitPath(path.slice(1)),
    indexField: typeof opts.includeArrayIndex === 'string' ? opts.includeArrayIndex : null,
    preserve: opts.preserveNullAndEmptyArrays === true,
  };
}

/** The $unwind a following $group can absorb: a top-level field, no array index requested. */
export function fusableUnwind(spec: unknown): UnwindSpec | null {
  const u = parseUnwind(spec);
  if (u.parts.length !== 1 || u.indexField !== null) return null;
  return { field: u.parts[0], preserve: u.preserve };
}

/** A compiled `$unwind`; copies only the objects along the unwound path. */
export function compileUnwind(spec: unknown): (docs: readonly Document[]) => Document[] {
  const { parts, indexField, preserve } = parseUnwind(spec);
  const withIndex = (d: Document, i: number | null): Document => (indexField === null ? d : { ...d, [indexField]: i });
  return (docs) => {
    const out: Document[] = [];
    for (const d of docs) {
      const v = getPath(d, parts);
      if (Array.isArray(v)) {
        if (v.length === 0) {
          if (preserve) out.push(withIndex(replaceAt(d, parts, 0, undefined), null));
          continue;
        }
        for (let i = 0; i < v.length; i++) out.push(withIndex(replaceAt(d, parts, 0, v[i]), i));
      } else if (v === undefined || v === null) {
        if (preserve) out.push(withIndex(d, null));
      } else {
        out.push(withIndex(d, null));
      }
    }
    return out;
  };
}

/** A shallow copy of `doc` with the value at `parts` replaced (removed when undefined). */
function replaceAt(doc: Document, parts: readonly string[], i: number, value: unknown): Document {
  const copy: Document = { ...doc };
  const key = parts[i];
  if (i === parts.length - 1) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  }
  const child: unknown = doc[key];
  copy[key] = isPlainObject(child) ? replaceAt(child, parts, i + 1, value) : child;
  return copy;
}
