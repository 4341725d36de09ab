// find / getMore / killCursors / aggregate / distinct / count.
import type { Document } from 'bson';
import { runPipeline, type PipelineContext } from './aggregate';
import { compareBson, isPlainObject, keyOf } from './bson-values';
import { type CommandHandler, collectionName, numberArg, type ServerState } from './context';
import { badValue, CommandError } from './errors';
import { indexValues, splitPath } from './paths';
import { compileProjection } from './projection';
import { queryRecs } from './query';
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
    if (coll !== undefined && isPlainObject(first) && isPlainObject(first.$match) && Object.keys(first).length === 1) {
      // Filter first (through an index when one fits); later stages only see the matches.
      rest = pipeline.slice(1);
      input = queryRecs(coll, first.$match, { anyOrder: orderInsensitive(rest) }).map((r) => r.doc);
    } else if (coll !== undefined) {
      input = [...coll.recs].map((r) => r.doc);
    }
  } else if (target !== 1) {
    throw badValue('aggregate needs a collection name or 1');
  }
  const docs = runPipeline(input, rest, ctx, true);
  const stored = typeof target === 'string' && rest.every((st) => isPlainObject(st) && PASS_THROUGH.has(Object.keys(st)[0]));
  return s.cursors.first(ns, docs, stored, batchSize);
};

const distinct: CommandHandler = (cmd, db, s) => {
  const name = collectionName(cmd);
  const key: unknown = cmd.key;
  if (typeof key !== 'string' || key.length === 0) throw badValue('distinct needs a key');
  const coll = s.storage.get(db, name);
  if (coll === undefined) return { values: [], ok: 1 };
  const parts = splitPath(key);
  const seen = new Map<string, unknown>();
  for (const rec of queryRecs(coll, cmd.query as Document | undefined)) {
    for (const v of indexValues(rec.doc, parts).values) {
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
