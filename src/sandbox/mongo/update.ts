// Update documents: operator updates through mingo's updater (applied to a copy, so a failed
// update or a duplicate key leaves the stored document untouched), replacements, pipeline
// updates, and the checks mingo does not make ($setOnInsert, immutable _id, $inc on non-numbers).
import { type Document, ObjectId } from 'bson';
import { update as mingoUpdate } from 'mingo';
import { bsonEquals, cloneValue, formatValue, isNumeric, isPlainObject, rankOf } from './bson-values';
import { asCommandError, badValue, CommandError } from './errors';
import { isOperatorObject } from './filter';
import { getPath, setPath, splitPath } from './paths';
import type { PipelineRunner } from './aggregate';

export interface UpdateOptions {
  filter: Document | undefined;
  arrayFilters?: Document[];
  /** True on the insert branch of an upsert ($setOnInsert applies). */
  inserting: boolean;
  runPipeline: PipelineRunner;
}

export interface UpdateResult {
  doc: Document;
  changed: boolean;
}

const immutableId = (): CommandError =>
  new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");

export function applyUpdate(current: Document, u: unknown, opts: UpdateOptions): UpdateResult {
  if (Array.isArray(u)) return pipelineUpdate(current, u, opts);
  if (!isPlainObject(u)) throw badValue('Update must be an object or a pipeline');
  const keys = Object.keys(u);
  if (keys.length > 0 && keys[0].startsWith('$')) return operatorUpdate(current, u, opts);
  return replacement(current, u);
}

function replacement(current: Document, u: Document): UpdateResult {
  for (const k of Object.keys(u)) {
    if (k.startsWith('$')) throw badValue(`The dollar ($) prefixed field '${k}' in '${k}' is not allowed in a replacement`);
  }
  if ('_id' in u && current._id !== undefined && !bsonEquals(u._id, current._id)) throw immutableId();
  const { _id: _ignored, ...rest } = u;
  const next: Document = current._id !== undefined ? { _id: current._id, ...rest } : { ...u };
  return { doc: next, changed: !bsonEquals(next, current) };
}

function operatorUpdate(current: Document, u: Document, opts: UpdateOptions): UpdateResult {
  const modifier: Document = {};
  for (const op of Object.keys(u)) {
    const spec: unknown = u[op];
    if (!op.startsWith('$')) throw badValue(`Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update`);
    if (!isPlainObject(spec)) throw badValue(`Modifiers operate on fields but we found type ${typeof spec} instead`);
    if (op === '$setOnInsert') {
      if (opts.inserting) modifier.$set = { ...(modifier.$set as Document | undefined), ...spec };
      continue;
    }
    modifier[op] = op === '$set' && modifier.$set !== undefined ? { ...(modifier.$set as Document), ...spec } : { ...spec };
  }
  const newId = guardId(current, modifier);
  guardArithmetic(current, modifier);
  if (newId === undefined) {
    const fast = plainUpdate(current, modifier);
    if (fast !== null) return fast;
  }
  const next = newId === undefined ? cloneValue(current) : { _id: newId, ...cloneValue(current) };
  let changed: string[];
  try {
    changed = mingoUpdate(next, modifier, opts.arrayFilters, opts.filter, { cloneMode: 'copy' });
  } catch (e) {
    throw asCommandError(e);
  }
  return { doc: next, changed: changed.length > 0 || newId !== undefined };
}

/** The operators the plain path applies; each is applied exactly as mingo's updater does. */
const PLAIN_OPS = new Set(['$set', '$unset', '$inc', '$push']);

/**
 * The common updates (`$set`/`$unset`/`$inc`/`$push` of plain values on dotted paths through
 * sub-documents) without mingo's per-call context and without a deep copy of the document: only
 * the objects along the changed paths are copied, everything else is shared with the stored
 * version (stored documents are never mutated). Null when anything needs mingo (arrays on the
 * path, positional paths, modifiers, conflicting paths, non-number arithmetic…), which then
 * handles the whole update, so results and errors stay mingo's.
 */
function plainUpdate(current: Document, modifier: Document): UpdateResult | null {
  const ops = Object.keys(modifier);
  const steps: Array<{ op: string; parts: readonly string[]; value: unknown }> = [];
  for (const op of ops) {
    if (!PLAIN_OPS.has(op)) return null;
    const spec = modifier[op] as Document;
    for (const path of Object.keys(spec)) {
      if (path.length === 0 || path.includes('$')) return null;
      const parts = splitPath(path);
      if (parts.some((p) => p.length === 0 || p === '__proto__' || /^\d/.test(p))) return null;
      steps.push({ op, parts, value: spec[path] });
    }
  }
  if (steps.length === 0 || steps.length > 64) return null;
  // Two paths where one is (a prefix of) the other: mongod refuses, mingo decides; leave it to mingo.
  for (let i = 0; i < steps.length; i++) {
    for (let j = i + 1; j < steps.length; j++) if (isPrefix(steps[i].parts, steps[j].parts) || isPrefix(steps[j].parts, steps[i].parts)) return null;
  }
  // Check every step before changing anything: a fallback must start from the untouched document.
  for (const st of steps) {
    let cur: unknown = current;
    for (let i = 0; i < st.parts.length - 1; i++) {
      cur = (cur as Document)[st.parts[i]];
      if (cur === undefined) break;
      if (!isPlainObject(cur)) return null;
    }
    const leaf: unknown = isPlainObject(cur) ? (cur as Document)[st.parts[st.parts.length - 1]] : undefined;
    if (st.op === '$inc' && (typeof st.value !== 'number' || (leaf !== undefined && typeof leaf !== 'number'))) return null;
    if (st.op === '$push' && (!(leaf === undefined || Array.isArray(leaf)) || (isPlainObject(st.value) && Object.keys(st.value).some((k) => k.startsWith('$'))))) return null;
    if (st.op === '$set' && st.value === undefined) return null;
  }
  const next: Document = { ...current };
  // Objects of `next` already copied (safe to write into); the root is.
  const own = new Set<Document>([next]);
  let changed = false;
  for (const st of steps) {
    const last = st.parts.length - 1;
    // Walk down, copying each object on the way the first time it is written through.
    let parent: Document | null = next;
    for (let i = 0; i < last && parent !== null; i++) {
      const key = st.parts[i];
      const child: unknown = parent[key];
      if (child === undefined) {
        if (st.op === '$unset') {
          parent = null;
          break;
        }
        const created: Document = {};
        parent[key] = created;
        own.add(created);
        parent = created;
      } else {
        let obj = child as Document;
        if (!own.has(obj)) {
          obj = { ...obj };
          parent[key] = obj;
          own.add(obj);
        }
        parent = obj;
      }
    }
    if (parent === null) continue;
    const key = st.parts[last];
    const prev: unknown = parent[key];
    switch (st.op) {
      case '$set':
        if (mingoEqual(prev, st.value)) break;
        parent[key] = cloneValue(st.value);
        changed = true;
        break;
      case '$unset':
        if (!Object.prototype.hasOwnProperty.call(parent, key)) break;
        delete parent[key];
        changed ||= prev !== undefined;
        break;
      case '$inc': {
        const sum = ((prev as number | undefined) || 0) + (st.value as number);
        parent[key] = sum;
        changed ||= sum !== prev;
        break;
      }
      case '$push':
        parent[key] = prev === undefined ? [cloneValue(st.value)] : [...(prev as unknown[]), cloneValue(st.value)];
        changed = true;
        break;
    }
  }
  return { doc: changed ? next : current, changed };
}

/**
 * mingo's `isEqual`, which decides whether its `$set` changed a field (and so `nModified`); the
 * plain path must judge the same way. (mingo/util is not importable under this tsconfig's
 * module resolution.)
 */
function mingoEqual(a: unknown, b: unknown): boolean {
  if (a === b || Object.is(a, b)) return true;
  if (a === null || b === null || typeof a !== typeof b || typeof a !== 'object') return false;
  const x = a as Document;
  const y = b as Document;
  if (x.constructor !== y.constructor) return false;
  if (a instanceof Date) return b instanceof Date && +a === +b;
  if (a instanceof RegExp) return b instanceof RegExp && a.source === b.source && a.flags === b.flags;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => mingoEqual(v, b[i]));
  if (x.constructor !== Object && x.toString !== Object.prototype.toString) return String(x) === String(y);
  const ka = Object.keys(x);
  if (ka.length !== Object.keys(y).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(y, k) && mingoEqual(x[k], y[k]));
}

const isPrefix = (a: readonly string[], b: readonly string[]): boolean => a.length <= b.length && a.every((p, i) => p === b[i]);

/**
 * `$set: { _id: <same value> }` is a no-op mongod accepts, and an upsert may set the `_id` of the
 * document it inserts (returned, since mingo refuses every `_id` path); anything else is code 66.
 */
function guardId(current: Document, modifier: Document): unknown {
  let newId: unknown;
  for (const op of Object.keys(modifier)) {
    const spec = modifier[op] as Document;
    for (const path of Object.keys(spec)) {
      if (path !== '_id' && !path.startsWith('_id.')) continue;
      if (op === '$set' && path === '_id' && (current._id === undefined || bsonEquals(spec[path], current._id))) {
        if (current._id === undefined) newId = spec[path];
        delete spec[path];
        continue;
      }
      throw immutableId();
    }
    if (Object.keys(spec).length === 0) delete modifier[op];
  }
  return newId;
}

function guardArithmetic(current: Document, modifier: Document): void {
  for (const op of ['$inc', '$mul'] as const) {
    const spec = modifier[op] as Document | undefined;
    if (spec === undefined) continue;
    for (const [path, by] of Object.entries(spec)) {
      const verb = op === '$inc' ? 'increment' : 'multiply';
      if (!isNumeric(by)) {
        throw new CommandError(14, 'TypeMismatch', `Cannot ${verb} with non-numeric argument: {${path}: ${formatValue(by)}}`);
      }
      if (path.includes('$')) continue; // positional targets are checked by the updater itself
      const value = getPath(current, splitPath(path));
      if (value !== undefined && value !== null && !isNumeric(value)) {
        throw new CommandError(
          14,
          'TypeMismatch',
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${formatValue(current._id)}} has the field '${path}' of non-numeric type ${typeName(value)}`,
        );
      }
    }
  }
}

function typeName(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (isPlainObject(v)) return 'object';
  return `type ${rankOf(v)}`;
}

function pipelineUpdate(current: Document, stages: unknown[], opts: UpdateOptions): UpdateResult {
  if (!stages.every(isPlainObject)) throw badValue('pipeline stages must be objects');
  const out = opts.runPipeline([cloneValue(current)], stages);
  if (out.length !== 1) throw badValue('update pipeline must produce exactly one document');
  const next = out[0];
  if (current._id !== undefined && !bsonEquals(next._id, current._id)) throw immutableId();
  return { doc: next, changed: !bsonEquals(next, current) };
}

/** The document an upsert starts from: the filter's equality conditions (mongod does the same). */
export function upsertSeed(filter: Document | undefined): Document {
  const seed: Document = {};
  const visit = (f: unknown): void => {
    if (!isPlainObject(f)) return;
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) v.forEach(visit);
      else if (k.startsWith('$')) continue;
      else if (isOperatorObject(v)) {
        if ('$eq' in v) setPath(seed, k, cloneValue(v.$eq));
      } else if (!(v instanceof RegExp)) setPath(seed, k, cloneValue(v));
    }
  };
  visit(filter);
  return seed;
}

/** Builds the document an upsert inserts: seed, then the update (with $setOnInsert), then `_id`. */
export function upsertDocument(filter: Document | undefined, u: unknown, runPipeline: PipelineRunner): Document {
  const seed = upsertSeed(filter);
  let doc: Document;
  if (isPlainObject(u) && !Object.keys(u).some((k) => k.startsWith('$'))) {
    const { _id, ...rest } = u;
    doc = _id !== undefined ? { _id, ...rest } : seed._id !== undefined ? { _id: seed._id, ...rest } : { ...rest };
  } else {
    doc = applyUpdate(seed, u, { filter: undefined, inserting: true, runPipeline }).doc;
  }
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  return doc;
}
