// Dotted-path access with the three array semantics mongod uses in different places: queries
// (any element may match), index keys (one key per element) and expressions (arrays map).
import type { Document } from 'bson';
import { isPlainObject } from './bson-values';

const splitCache = new Map<string, readonly string[]>();

export function splitPath(path: string): readonly string[] {
  let parts = splitCache.get(path);
  if (parts === undefined) {
    parts = path.split('.');
    // The cache only saves repeated splitting of the few paths a workload uses.
    if (splitCache.size > 10_000) splitCache.clear();
    splitCache.set(path, parts);
  }
  return parts;
}

const isDigits = (s: string): boolean => s.length > 0 && s.length < 10 && /^\d+$/.test(s);

/**
 * Query traversal: calls `test` with every value the path reaches (an array at the end is passed
 * whole; the predicate decides about its elements) and with `undefined` where the path is missing.
 * Returns true as soon as one call does.
 */
export function anyLeaf(value: unknown, parts: readonly string[], i: number, test: (leaf: unknown) => boolean): boolean {
  if (i === parts.length) return test(value);
  if (Array.isArray(value)) {
    const part = parts[i];
    if (isDigits(part)) {
      const idx = Number(part);
      if (idx < value.length && anyLeaf(value[idx], parts, i + 1, test)) return true;
    }
    for (const el of value) {
      if (isPlainObject(el) && anyLeaf(el[part], parts, i + 1, test)) return true;
    }
    return false;
  }
  if (isPlainObject(value)) return anyLeaf(value[parts[i]], parts, i + 1, test);
  return test(undefined);
}

function collectIndexValues(value: unknown, parts: readonly string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      else for (const el of value) out.push(el);
    } else out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    const part = parts[i];
    if (isDigits(part) && Number(part) < value.length) {
      collectIndexValues(value[Number(part)], parts, i + 1, out);
      return;
    }
    for (const el of value) if (isPlainObject(el)) collectIndexValues(el[part], parts, i + 1, out);
    return;
  }
  if (isPlainObject(value)) collectIndexValues(value[parts[i]], parts, i + 1, out);
  else out.push(undefined);
}

/**
 * The values an index stores for a path: one per array element (multikey), `undefined` where
 * the path is missing. `arrays` reports whether an array was crossed (the index becomes multikey).
 */
export function indexValues(doc: Document, parts: readonly string[]): { values: unknown[]; arrays: boolean } {
  if (parts.length === 1) {
    const v: unknown = doc[parts[0]];
    if (!Array.isArray(v)) return { values: [v], arrays: false };
  }
  const out: unknown[] = [];
  collectIndexValues(doc, parts, 0, out);
  if (out.length === 0) out.push(undefined);
  return { values: out, arrays: out.length !== 1 || crossesArray(doc, parts) };
}

/** Whether the path meets an array (at its end or on the way). */
export function crossesArray(doc: Document, parts: readonly string[]): boolean {
  let cur: unknown = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) return true;
    if (!isPlainObject(cur)) return false;
    cur = cur[p];
  }
  return Array.isArray(cur);
}

/** Plain lookup (numeric parts index arrays); no array fan-out. */
export function getPath(doc: unknown, parts: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const p of parts) {
    if (Array.isArray(cur) && isDigits(p)) cur = cur[Number(p)];
    else if (isPlainObject(cur)) cur = cur[p];
    else return undefined;
  }
  return cur;
}

/** Expression semantics (`"$a.b"`): crossing an array maps the rest of the path over it. */
export function exprPath(value: unknown, parts: readonly string[], start = 0): unknown {
  let cur = value;
  for (let i = start; i < parts.length; i++) {
    if (Array.isArray(cur)) return mapPath(cur, parts, i);
    if (!isPlainObject(cur)) return undefined;
    cur = cur[parts[i]];
  }
  return cur;
}

function mapPath(arr: readonly unknown[], parts: readonly string[], i: number): unknown[] {
  const out: unknown[] = [];
  for (const el of arr) {
    if (isPlainObject(el) || Array.isArray(el)) {
      const r = exprPath(el, parts, i);
      if (r !== undefined) out.push(r);
    }
  }
  return out;
}

/** Sets a dotted path, creating intermediate objects (used to seed upserted documents). */
export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = splitPath(path);
  let cur: Document = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next: unknown = cur[parts[i]];
    if (isPlainObject(next)) cur = next;
    else {
      const created: Document = {};
      cur[parts[i]] = created;
      cur = created;
    }
  }
  cur[parts[parts.length - 1]] = value;
}
