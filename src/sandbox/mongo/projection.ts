// find/findAndModify projections. Top-level inclusion/exclusion (what mongoose's select()
// produces) is done here; dotted paths and operators ($slice, $elemMatch, positional) go to mingo.
import type { Document } from 'bson';
import { Query } from 'mingo';
import { isPlainObject } from './bson-values';
import { asCommandError, badValue, CommandError } from './errors';

export type Projector = (doc: Document) => Document;

export function compileProjection(projection: unknown, filter: Document | undefined): Projector | null {
  if (projection === undefined || projection === null) return null;
  if (!isPlainObject(projection)) throw badValue('projection must be an object');
  const keys = Object.keys(projection);
  if (keys.length === 0) return null;
  const simple = keys.every((k) => !k.includes('.') && !k.startsWith('$') && isFlag(projection[k]));
  if (!simple) return mingoProjector(projection, filter);

  const includeId = projection._id === undefined || truthy(projection._id);
  const others = keys.filter((k) => k !== '_id');
  const inclusion = others.some((k) => truthy(projection[k]));
  if (inclusion && others.some((k) => !truthy(projection[k]))) {
    throw new CommandError(31254, 'Location31254', 'Cannot do exclusion on field in inclusion projection');
  }
  if (inclusion) {
    // Fields come out in the document's order, as mongod returns them.
    const wanted = new Set(includeId ? ['_id', ...others] : others);
    return (doc) => {
      const out: Document = {};
      for (const k of Object.keys(doc)) if (wanted.has(k)) out[k] = doc[k];
      return out;
    };
  }
  const excluded = new Set(includeId ? others : [...others, '_id']);
  return (doc) => {
    const out: Document = {};
    for (const k of Object.keys(doc)) if (!excluded.has(k)) out[k] = doc[k];
    return out;
  };
}

const isFlag = (v: unknown): boolean => typeof v === 'number' || typeof v === 'boolean';
const truthy = (v: unknown): boolean => v === true || (typeof v === 'number' && v !== 0);

function mingoProjector(projection: Document, filter: Document | undefined): Projector {
  let query: Query;
  try {
    query = new Query(filter ?? {});
  } catch (e) {
    throw asCommandError(e);
  }
  return (doc) => {
    try {
      const out = query.find<Document>([doc], projection).next() ?? {};
      // mingo appends _id; mongod keeps it first.
      if (!('_id' in out) || Object.keys(out)[0] === '_id') return out;
      const { _id, ...rest } = out;
      return { _id, ...rest };
    } catch (e) {
      throw asCommandError(e);
    }
  };
}
