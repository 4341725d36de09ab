// $group and $unwind for the shapes reports use (field paths, constants, objects of paths;
// $sum/$avg/$min/$max/$first/$last/$push/$addToSet/$count). mingo's versions cost about 1 µs
// (group) and 5 µs (unwind) per document; these cost a small fraction of that, and an $unwind
// feeding a $group is fused so the unwound copies are never built. Anything not recognised
// returns null and the caller hands the stage to mingo.
import type { Document } from 'bson';
import { compareBson, isNumeric, isPlainObject, keyOf, toNumber } from './bson-values';
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

/**
 * A compiled `$group` (optionally fused with the `$unwind` before it), or null when the spec
 * needs mingo.
 */
export function compileGroup(spec: unknown, unwind: UnwindSpec | null = null): ((docs: readonly Document[]) => Document[]) | null {
  if (!isPlainObject(spec)) throw badValue('a group specification must be an object');
  if (!('_id' in spec)) throw badValue('a group specification must include an _id');
  const unwound = unwind?.field ?? null;
  const idExpr = compileExpr(spec._id, unwound);
  if (idExpr === null) return null;
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

  return (docs) => {
    const byString = new Map<string, Group>();
    const byKey = new Map<string, Group>();
    let nullGroup: Group | null = null;
    const order: Group[] = [];
    const step = (d: Document, el: unknown): void => {
      const id = idExpr(d, el);
      let g: Group | undefined;
      if (typeof id === 'string') g = byString.get(id);
      else if (id === null || id === undefined) g = nullGroup ?? undefined;
      else g = byKey.get(keyOf(id));
      if (g === undefined) {
        g = { id: id ?? null, n: 0, accs: factories.map((f) => f.make()) };
        if (typeof id === 'string') byString.set(id, g);
        else if (id === null || id === undefined) nullGroup = g;
        else byKey.set(keyOf(id), g);
        order.push(g);
      }
      g.n++;
      if (!countingOnly) for (const a of g.accs) a.add(d, el);
    };
    if (unwind === null) {
      for (const d of docs) step(d, undefined);
    } else {
      for (const d of docs) {
        const v: unknown = d[unwind.field];
        if (Array.isArray(v)) {
          if (v.length === 0) {
            if (unwind.preserve) step(d, undefined);
          } else for (const el of v) step(d, el);
        } else if (v !== undefined && v !== null) step(d, v);
        else if (unwind.preserve) step(d, undefined);
      }
    }
    const out: Document[] = [];
    for (const g of order) {
      const row: Document = { _id: g.id };
      for (let i = 0; i < names.length; i++) row[names[i]] = g.accs[i].result(g.n);
      out.push(row);
    }
    return out;
  };
}

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
