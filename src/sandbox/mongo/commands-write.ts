// insert / update / delete / findAndModify, with mongod's batch semantics: each statement's
// failure becomes a writeError carrying its index; ordered batches stop at the first one.
import type { Document } from 'bson';
import { runPipeline } from './aggregate';
import { isPlainObject } from './bson-values';
import type { Collection } from './collection';
import { pipelineContext } from './commands-read';
import { type CommandHandler, collectionName, docsArg, numberArg, type ServerState } from './context';
import { asCommandError, badValue, CommandError } from './errors';
import type { Rec } from './index-map';
import { compileProjection } from './projection';
import { queryRecs } from './query';
import { parseSort } from './sort';
import { applyUpdate, upsertDocument } from './update';

interface WriteError {
  index: number;
  code: number;
  errmsg: string;
  [extra: string]: unknown;
}

function writeError(index: number, e: unknown): WriteError {
  const err = asCommandError(e);
  return { index, code: err.code, errmsg: err.message, ...err.extra };
}

function batchReply(base: Document, errors: WriteError[]): Document {
  return errors.length > 0 ? { ...base, writeErrors: errors, ok: 1 } : { ...base, ok: 1 };
}

const insert: CommandHandler = (cmd, db, s) => {
  const docs = docsArg(cmd.documents, 'documents');
  const ordered = cmd.ordered !== false;
  const { coll } = s.storage.ensure(db, collectionName(cmd));
  let n = 0;
  const errors: WriteError[] = [];
  for (let i = 0; i < docs.length; i++) {
    try {
      const doc: unknown = docs[i];
      if (!(doc instanceof Uint8Array) && !isPlainObject(doc)) throw badValue('document to insert must be an object');
      coll.insert(doc);
      n++;
    } catch (e) {
      errors.push(writeError(i, e));
      if (ordered) break;
    }
  }
  return batchReply({ n }, errors);
};

const runner = (s: ServerState, db: string) => (docs: Document[], pipeline: unknown[]) => runPipeline(docs, pipeline, pipelineContext(s, db), false);

const isReplacement = (u: unknown): boolean => isPlainObject(u) && !Object.keys(u).some((k) => k.startsWith('$'));

const update: CommandHandler = (cmd, db, s) => {
  const stmts = docsArg(cmd.updates, 'updates');
  const ordered = cmd.ordered !== false;
  const name = collectionName(cmd);
  const runPipe = runner(s, db);
  let n = 0;
  let nModified = 0;
  const upserted: Array<{ index: number; _id: unknown }> = [];
  const errors: WriteError[] = [];
  for (let i = 0; i < stmts.length; i++) {
    const st = stmts[i];
    try {
      const q = (st.q ?? {}) as Document;
      const multi = st.multi === true;
      if (multi && isReplacement(st.u)) throw new CommandError(9, 'FailedToParse', 'multi update is not supported for replacement-style update');
      const arrayFilters = Array.isArray(st.arrayFilters) ? (st.arrayFilters as Document[]) : undefined;
      const coll = st.upsert === true ? s.storage.ensure(db, name).coll : s.storage.get(db, name);
      const matches = coll === undefined ? [] : queryRecs(coll, q, { sort: parseSort(st.sort).keys, limit: multi ? 0 : 1 });
      for (const rec of matches) {
        const r = applyUpdate(rec.doc, st.u, { filter: q, arrayFilters, inserting: false, runPipeline: runPipe });
        n++;
        if (r.changed) {
          (coll as Collection).replace(rec, r.doc);
          nModified++;
        }
      }
      if (matches.length === 0 && st.upsert === true && coll !== undefined) {
        const rec = coll.insert(upsertDocument(q, st.u, runPipe));
        n++;
        upserted.push({ index: i, _id: rec.doc._id });
      }
    } catch (e) {
      errors.push(writeError(i, e));
      if (ordered) break;
    }
  }
  const base: Document = { n, nModified };
  if (upserted.length > 0) base.upserted = upserted;
  return batchReply(base, errors);
};

const del: CommandHandler = (cmd, db, s) => {
  const stmts = docsArg(cmd.deletes, 'deletes');
  const ordered = cmd.ordered !== false;
  const coll = s.storage.get(db, collectionName(cmd));
  let n = 0;
  const errors: WriteError[] = [];
  for (let i = 0; i < stmts.length; i++) {
    const st = stmts[i];
    try {
      const limit = numberArg(st.limit, 0);
      if (limit !== 0 && limit !== 1) throw new CommandError(9, 'FailedToParse', 'The limit field in delete objects must be 0 or 1');
      if (coll === undefined) continue;
      for (const rec of queryRecs(coll, (st.q ?? {}) as Document, { limit, sort: parseSort(st.sort).keys })) {
        coll.remove(rec);
        n++;
      }
    } catch (e) {
      errors.push(writeError(i, e));
      if (ordered) break;
    }
  }
  return batchReply({ n }, errors);
};

const findAndModify: CommandHandler = (cmd, db, s) => {
  const name = collectionName(cmd);
  const query = (cmd.query ?? {}) as Document;
  const remove = cmd.remove === true;
  const hasUpdate = cmd.update !== undefined;
  if (remove && hasUpdate) throw new CommandError(9, 'FailedToParse', 'Cannot specify both an update and remove=true');
  if (!remove && !hasUpdate) throw new CommandError(9, 'FailedToParse', 'Either an update or remove=true must be specified');
  const upsert = cmd.upsert === true;
  if (remove && upsert) throw new CommandError(9, 'FailedToParse', 'Cannot specify both upsert=true and remove=true');
  const project = compileProjection(cmd.fields, query);
  const shape = (doc: Document | null): Document | null => (doc === null ? null : project === null ? doc : project(doc));
  const coll = upsert ? s.storage.ensure(db, name).coll : s.storage.get(db, name);
  const found: Rec | undefined = coll === undefined ? undefined : queryRecs(coll, query, { sort: parseSort(cmd.sort).keys, limit: 1 })[0];

  if (remove) {
    if (found === undefined || coll === undefined) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    coll.remove(found);
    return { lastErrorObject: { n: 1 }, value: shape(found.doc), ok: 1 };
  }
  const returnNew = cmd.new === true;
  const arrayFilters = Array.isArray(cmd.arrayFilters) ? (cmd.arrayFilters as Document[]) : undefined;
  const runPipe = runner(s, db);
  if (found !== undefined && coll !== undefined) {
    const before = found.doc;
    const r = applyUpdate(before, cmd.update, { filter: query, arrayFilters, inserting: false, runPipeline: runPipe });
    if (r.changed) coll.replace(found, r.doc);
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: shape(returnNew ? found.doc : before), ok: 1 };
  }
  if (upsert && coll !== undefined) {
    const rec = coll.insert(upsertDocument(query, cmd.update, runPipe));
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: rec.doc._id }, value: shape(returnNew ? rec.doc : null), ok: 1 };
  }
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
};

export const writeCommands: Record<string, CommandHandler> = { insert, update, delete: del, findAndModify, findandmodify: findAndModify };
