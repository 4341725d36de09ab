// A collection: documents in insertion order plus their index maps. Stored documents are never
// mutated in place (updates swap in a new object), so readers may hand out references — a cursor
// or a reply being serialised can never observe a half-applied write.
import { type Document, ObjectId } from 'bson';
import { bsonEquals, isPlainObject, Rank } from './bson-values';
import { badValue, CommandError, duplicateKeyError } from './errors';
import { IndexMap, type IndexSpec, type Prepared, type Rec, TypeEdge } from './index-map';

export interface CollectionInfo {
  options: Document;
  uuid?: unknown;
}

export class Collection {
  readonly recs = new Set<Rec>();
  readonly indexes = new Map<string, IndexMap>();
  readonly idIndex: IndexMap;
  private seq = 0;

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Document = {},
  ) {
    this.idIndex = new IndexMap({ v: 2, key: { _id: 1 }, name: '_id_' });
    this.indexes.set('_id_', this.idIndex);
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get size(): number {
    return this.recs.size;
  }

  /**
   * Puts `_id` first (and creates one), as mongod does with every stored document. Always a
   * copy made by object spread: bson deserialises a document of more than a dozen fields into a
   * dictionary-mode object (a hash table per document), which costs about three times the
   * memory and makes every field read a hash lookup; a spread copy is a fast-mode object whose
   * shape is shared by all documents of that shape.
   */
  static normaliseNew(doc: Document): Document {
    if (!('_id' in doc)) return { _id: new ObjectId(), ...doc };
    if (Array.isArray(doc._id)) throw badValue("can't use an array for _id");
    // `_id` is defined first, so it keeps the first place when the spread writes it again.
    return { _id: doc._id as unknown, ...doc };
  }

  /**
   * Keys of every index a write must maintain now (null for the others: they only note arrays,
   * see IndexMap.maintained), in `indexes` order.
   */
  private prepareAll(doc: Document): Array<Prepared | null> {
    const out: Array<Prepared | null> = [];
    for (const ix of this.indexes.values()) {
      if (ix.maintained) out.push(ix.prepare(doc));
      else {
        ix.noteArrays(doc);
        out.push(null);
      }
    }
    return out;
  }

  private checkUnique(prepared: ReadonlyArray<Prepared | null>, self: Rec | null): void {
    let i = 0;
    for (const ix of this.indexes.values()) {
      const p = prepared[i++];
      if (p === null || p === undefined || !ix.unique) continue;
      const tuple = ix.conflict(p, self);
      if (tuple !== null) throw duplicateKeyError(this.ns, ix.name, ix.spec.key, ix.keyValue(tuple));
    }
  }

  insert(input: Document): Rec {
    const doc = Collection.normaliseNew(input);
    internStrings(doc, 0);
    const prepared = this.prepareAll(doc);
    this.checkUnique(prepared, null);
    const rec: Rec = { seq: ++this.seq, doc };
    let i = 0;
    for (const ix of this.indexes.values()) ix.add(rec, prepared[i++]);
    this.recs.add(rec);
    return rec;
  }

  /** Swaps in a new version of a document, keeping its indexes right; throws on a duplicate key. */
  replace(rec: Rec, next: Document): void {
    if (!bsonEquals(rec.doc._id, next._id)) {
      throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    const changing: IndexMap[] = [];
    const before: Array<Prepared | null> = [];
    const after: Array<Prepared | null> = [];
    for (const ix of this.indexes.values()) {
      if (ix === this.idIndex) continue;
      if (!ix.maintained) {
        ix.noteArrays(next);
        continue;
      }
      const a = ix.prepare(rec.doc);
      const b = ix.prepare(next);
      if (samePrepared(a, b)) continue;
      changing.push(ix);
      before.push(a);
      after.push(b);
    }
    for (let i = 0; i < changing.length; i++) {
      const ix = changing[i];
      const p = after[i];
      if (p === null || !ix.unique) continue;
      const tuple = ix.conflict(p, rec);
      if (tuple !== null) throw duplicateKeyError(this.ns, ix.name, ix.spec.key, ix.keyValue(tuple));
    }
    for (let i = 0; i < changing.length; i++) changing[i].remove(rec, before[i]);
    // Only the top level: deeper objects may be shared with the previous version.
    internStrings(next, INTERN_DEPTH);
    rec.doc = next;
    for (let i = 0; i < changing.length; i++) changing[i].add(rec, after[i]);
  }

  remove(rec: Rec): void {
    if (!this.recs.delete(rec)) return;
    for (const ix of this.indexes.values()) if (ix.maintained) ix.remove(rec, ix.prepare(rec.doc));
  }

  clear(): void {
    this.recs.clear();
    for (const ix of this.indexes.values()) ix.clear();
  }

  /** Adds an index; building a unique one over duplicates fails like mongod (code 11000). */
  addIndex(spec: IndexSpec): void {
    const ix = new IndexMap(spec);
    if (!ix.unique) {
      for (const rec of this.recs) ix.noteArrays(rec.doc);
      this.indexes.set(ix.name, ix);
      return;
    }
    for (const rec of this.recs) {
      const p = ix.prepare(rec.doc);
      if (p === null) continue;
      const tuple = ix.conflict(p, rec);
      if (tuple !== null) throw duplicateKeyError(this.ns, ix.name, ix.spec.key, ix.keyValue(tuple));
      ix.add(rec, p);
    }
    this.indexes.set(ix.name, ix);
  }

  /** Deletes documents whose TTL date has passed (at most `capSeconds` ago, if given); returns how many. */
  expire(now: number, capSeconds?: number): number {
    let removed = 0;
    for (const ix of this.indexes.values()) {
      const declared = ix.spec.expireAfterSeconds;
      if (typeof declared !== 'number' || ix.fields.length !== 1 || ix.special) continue;
      const ttl = capSeconds === undefined ? declared : Math.min(declared, capSeconds);
      const list = ix.entries(this.recs);
      const cutoff = new Date(now - ttl * 1000);
      const first = new TypeEdge(Rank.Date, -1);
      const [start, end] = ix.dirs[0] === 1 ? ix.range(list, [first], true, [cutoff], true) : ix.range(list, [cutoff], true, [first], true);
      const expired = list.slice(start, end);
      for (const rec of new Set(expired)) {
        if (this.recs.has(rec)) {
          this.remove(rec);
          removed++;
        }
      }
    }
    return removed;
  }
}

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
const INTERN_DEPTH = 3;

function intern(v: string): string {
  const hit = internPool.get(v);
  if (hit !== undefined) return hit;
  if (internPool.size >= INTERN_POOL_SIZE) internPool = new Map();
  internPool.set(v, v);
  return v;
}

/** Interns the strings of an owned document (and its sub-documents and arrays, `depth` levels down). */
function internStrings(obj: Document | unknown[], depth: number): void {
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

function samePrepared(a: Prepared | null, b: Prepared | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.keys.length !== b.keys.length) return false;
  for (let i = 0; i < a.keys.length; i++) if (a.keys[i] !== b.keys[i]) return false;
  return true;
}
