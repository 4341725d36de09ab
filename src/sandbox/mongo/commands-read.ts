// find / getMore / killCursors / aggregate / distinct / count.
import type { Document } from 'bson';
import { pipelineFields, runPipeline, type PipelineContext } from './aggregate';
import { compareBson, isPlainObject, keyOf } from './bson-values';
import { type CommandHandler, collectionName, numberArg, type ServerState } from './context';
import { badValue, CommandError } from './errors';
import type { Rec } from './index-map';
import { indexValues, splitPath } from './paths';
import { compileProjection } from './projection';
import type { Collection } from './collection';
import { filterFields, nativeFilter } from './filter';
import { compileGroupStream, fusableUnwind, type GroupStream, runGroupStreams } from './group';
import { queryRecs, scanCandidates } from './query';
import { FieldSet } from './raw';
import { parseSort } from './sort';

const find: CommandHandler = (cmd, db, s) => {
  const name = collectionName(cmd);
  const ns = `${db}.${name}`;
  let limit = numberArg(cmd.limit, 0) ?? 0;
  let singleBatch = cmd.singleBatch === true;
  if (limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const batchSize = numberArg(cmd.batchSize, undefined);
  const filter = cmd.filter as Document | undefined;
  if (filter !== undefined && !isPlainObject(filter)) throw badValue('filter must be an object');
  const { keys, natural } = parseSort(cmd.sort);
  const project = compileProjection(cmd.projection, filter);
  const coll = s.storage.get(db, name);
  if (coll === undefined) return s.cursors.first(ns, [], true, batchSize, singleBatch);
  const recs = queryRecs(coll, filter, { sort: keys, natural, skip: numberArg(cmd.skip, 0), limit });
  const docs = project === null ? recs.map((r) => r.doc) : recs.map((r) => project(r.doc));
  return s.cursors.first(ns, docs, project === null, batchSize, singleBatch);
};

const getMore: CommandHandler = (cmd, db, s) => {
  const coll: unknown = cmd.collection;
  if (typeof coll !== 'string') throw badValue('getMore needs a collection');
  return s.cursors.more(cmd.getMore, `${db}.${coll}`, numberArg(cmd.batchSize, undefined));
};

const killCursors: CommandHandler = (cmd, _db, s) => {
  const ids: unknown = cmd.cursors;
  if (!Array.isArray(ids)) throw badValue('killCursors needs an array of cursor ids');
  const { killed, notFound } = s.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

export function pipelineContext(s: ServerState, db: string): PipelineContext {
  return {
    resolve: (name) => {
      const c = s.storage.get(db, name);
      return c === undefined ? [] : [...c.recs].map((r) => r.doc);
    },
  };
}

/** Stages that keep the relative order of what they pass on and never look across documents. */
const PER_DOCUMENT = new Set(['$match', '$unwind', '$project', '$addFields', '$set', '$unset']);
/**
 * $group accumulators whose results do not depend on the order of the documents. A $sum or $avg
 * of values is left out: adding doubles in another order can change the last bits.
 */
const ORDERLESS_ACCUMULATORS = new Set(['$min', '$max', '$count', '$addToSet']);

/**
 * Whether a pipeline's results cannot depend on the order of its input (mongod guarantees no
 * order for $group's output): the leading $match may then hand documents over in any order.
 */
export function orderInsensitive(pipeline: readonly unknown[]): boolean {
  for (const stage of pipeline) {
    if (!isPlainObject(stage)) return false;
    const names = Object.keys(stage);
    if (names.length !== 1) return false;
    const name = names[0];
    const spec: unknown = stage[name];
    if (PER_DOCUMENT.has(name)) continue;
    if (name === '$count') return true;
    if (name === '$group') {
      if (!isPlainObject(spec)) return false;
      return Object.keys(spec).every((k) => {
        if (k === '_id') return true;
        const acc: unknown = spec[k];
        if (!isPlainObject(acc) || Object.keys(acc).length !== 1) return false;
        const op = Object.keys(acc)[0];
        return ORDERLESS_ACCUMULATORS.has(op) || (op === '$sum' && typeof acc.$sum === 'number');
      });
    }
    if (name === '$facet') {
      return isPlainObject(spec) && Object.values(spec).every((sub) => Array.isArray(sub) && orderInsensitive(sub));
    }
    return false;
  }
  return false;
}

/** Stages after which results are still the stored documents themselves (encoding cacheable). */
const PASS_THROUGH = new Set(['$match', '$sort', '$limit', '$skip']);

const aggregate: CommandHandler = (cmd, db, s) => {
  if (cmd.explain === true) throw new CommandError(2, 'BadValue', 'explain is not supported by the in-memory MongoDB sandbox');
  const pipeline: unknown = cmd.pipeline;
  if (!Array.isArray(pipeline)) throw badValue("'pipeline' option must be specified as an array");
  const target: unknown = cmd.aggregate;
  const cursorSpec = isPlainObject(cmd.cursor) ? cmd.cursor : {};
  const batchSize = numberArg(cursorSpec.batchSize, undefined);
  const ctx = pipelineContext(s, db);

  let input: Document[] = [];
  let rest: unknown[] = pipeline;
  let ns = `${db}.$cmd.aggregate`;
  if (typeof target === 'string') {
    ns = `${db}.${target}`;
    const coll = s.storage.get(db, target);
    const first: unknown = pipeline[0];
    const leadingMatch = coll !== undefined && isPlainObject(first) && isPlainObject(first.$match) && Object.keys(first).length === 1;
    if (leadingMatch) rest = pipeline.slice(1);
    // Documents still in their bytes are decoded only as far as the rest of the pipeline reads.
    const read = new Set<string>();
    const heads = pipelineFields(rest, read) ? new FieldSet(read) : null;
    const streamed = coll !== undefined && heads !== null ? streamReport(coll, leadingMatch ? (first as Document).$match : {}, rest, read) : null;
    if (streamed !== null) return s.cursors.first(ns, streamed, false, batchSize);
    if (coll !== undefined && leadingMatch) {
      // Filter first (through an index when one fits); later stages only see the matches.
      input = queryRecs(coll, first.$match as Document, { anyOrder: orderInsensitive(rest) }).map((r) => r.fields(heads));
    } else if (coll !== undefined) {
      input = [...coll.recs].map((r) => r.fields(heads));
    }
  } else if (target !== 1) {
    throw badValue('aggregate needs a collection name or 1');
  }
  const docs = runPipeline(input, rest, ctx, true);
  const stored = typeof target === 'string' && rest.every((st) => isPlainObject(st) && PASS_THROUGH.has(Object.keys(st)[0]));
  return s.cursors.first(ns, docs, stored, batchSize);
};

/**
 * A function that fills one reused object with a record's values from the columns. Generated
 * per field list: each `row["name"] = …` is then a store of a fixed property (one map
 * transition, inline-cached), where a loop over the names does a keyed lookup per field and
 * costs several times more per document. The names only ever appear as JSON string literals.
 */
function rowFiller(names: readonly string[], columns: readonly unknown[][]): (rec: Rec) => Document {
  const body = [
    'const row = {};',
    ...names.map((_n, i) => `const c${i} = cols[${i}];`),
    ...names.map((n) => `row[${JSON.stringify(n)}] = undefined;`),
    'return (rec) => {',
    '  const slot = rec.slot;',
    ...names.map((n, i) => `  row[${JSON.stringify(n)}] = c${i}[slot];`),
    '  return row;',
    '};',
  ].join('\n');
  const make = new Function('cols', body) as (cols: readonly unknown[][]) => (rec: Rec) => Document;
  return make(columns);
}

/** A `$group`, or an `$unwind` the `$group` after it absorbs, as a group stream; else null. */
function groupStage(sub: readonly unknown[]): GroupStream | null {
  const stage = (i: number, name: string): unknown => {
    const st: unknown = sub[i];
    return isPlainObject(st) && Object.keys(st).length === 1 && name in st ? st[name] : undefined;
  };
  if (sub.length === 1 && stage(0, '$group') !== undefined) return compileGroupStream(stage(0, '$group'));
  if (sub.length === 2 && stage(0, '$unwind') !== undefined && stage(1, '$group') !== undefined) {
    const unwind = fusableUnwind(stage(0, '$unwind'));
    return unwind === null ? null : compileGroupStream(stage(1, '$group'), unwind);
  }
  return null;
}

/**
 * A report's pipeline — `$match` then `$group`s (alone, after an `$unwind`, or side by side in
 * a `$facet`) — over stored documents, in one pass that reads the fields it needs from the
 * collection's columns into one reused object: no document is decoded, copied or kept, and the
 * answers are those of the general path. Null when the pipeline has another shape.
 */
function streamReport(coll: Collection, match: unknown, rest: readonly unknown[], read: ReadonlySet<string>): Document[] | null {
  if (!isPlainObject(match)) return null;
  let groups: GroupStream[] = [];
  let build: (rows: Document[][]) => Document[];
  const only: unknown = rest[0];
  if (rest.length === 1 && isPlainObject(only) && Object.keys(only).length === 1 && isPlainObject(only.$facet)) {
    const facet = only.$facet;
    const names = Object.keys(facet);
    for (const name of names) {
      const sub: unknown = facet[name];
      const g = Array.isArray(sub) ? groupStage(sub) : null;
      if (g === null) return null;
      groups.push(g);
    }
    if (groups.length === 0) return null;
    build = (rows) => {
      const out: Document = {};
      names.forEach((n, i) => (out[n] = rows[i]));
      return [out];
    };
  } else {
    const g = groupStage(rest);
    if (g === null) return null;
    groups = [g];
    build = (rows) => rows[0];
  }
  // The reused object must look to the filter exactly like the document: only the filters
  // compiled here are known to treat a missing field and an undefined one alike.
  const matcher = nativeFilter(match);
  const matchRead = new Set<string>();
  if (matcher === null || !filterFields(match, matchRead)) return null;
  const names = [...new Set([...matchRead, ...read])];
  const { columns } = coll.columnsFor(names);
  const view = rowFiller(names, columns);
  const { recs, exact } = scanCandidates(coll, match, orderInsensitive(rest));
  return build(
    runGroupStreams(groups, (visit) => {
      for (const rec of recs) {
        const row = view(rec);
        if (exact || matcher(row)) visit(row);
      }
    }),
  );
}

const distinct: CommandHandler = (cmd, db, s) => {
  const name = collectionName(cmd);
  const key: unknown = cmd.key;
  if (typeof key !== 'string' || key.length === 0) throw badValue('distinct needs a key');
  const coll = s.storage.get(db, name);
  if (coll === undefined) return { values: [], ok: 1 };
  const parts = splitPath(key);
  const heads = new FieldSet([parts[0]]);
  const seen = new Map<string, unknown>();
  for (const rec of queryRecs(coll, cmd.query as Document | undefined)) {
    for (const v of indexValues(rec.fields(heads), parts).values) {
      if (v === undefined) continue;
      const k = keyOf(v);
      if (!seen.has(k)) seen.set(k, v);
    }
  }
  return { values: [...seen.values()].sort(compareBson), ok: 1 };
};

const count: CommandHandler = (cmd, db, s) => {
  const name = collectionName(cmd);
  const coll = s.storage.get(db, name);
  if (coll === undefined) return { n: 0, ok: 1 };
  const query = cmd.query as Document | undefined;
  const skip = numberArg(cmd.skip, 0) ?? 0;
  const limit = Math.abs(numberArg(cmd.limit, 0) ?? 0);
  if (query === undefined || Object.keys(query).length === 0) {
    const n = Math.max(0, coll.size - skip);
    return { n: limit > 0 ? Math.min(n, limit) : n, ok: 1 };
  }
  return { n: queryRecs(coll, query, { skip, limit }).length, ok: 1 };
};

export const readCommands: Record<string, CommandHandler> = { find, getMore, killCursors, aggregate, distinct, count };
