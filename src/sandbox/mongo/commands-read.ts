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
      input = queryRecs(coll, first.$match).map((r) => r.doc);
      rest = pipeline.slice(1);
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
