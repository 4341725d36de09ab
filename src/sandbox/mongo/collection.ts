// A collection: documents in insertion order plus their index maps. Stored documents are never
// mutated in place (updates swap in a new object), so readers may hand out references — a cursor
// or a reply being serialised can never observe a half-applied write.
import { type Document, ObjectId } from 'bson';
import { bsonEquals, Rank } from './bson-values';
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

  /** Puts `_id` first (and creates one), as mongod does with every stored document. */
  static normaliseNew(doc: Document): Document {
    if (!('_id' in doc)) return { _id: new ObjectId(), ...doc };
    const id: unknown = doc._id;
    if (Array.isArray(id)) throw badValue("can't use an array for _id");
    // The first key without listing them all (the driver sends most documents `_id` first).
    let first: string | undefined;
    for (const k in doc) {
      first = k;
      break;
    }
    if (first === '_id') return doc;
    const { _id, ...rest } = doc;
    return { _id, ...rest };
  }

  private prepareAll(doc: Document): Map<IndexMap, Prepared | null> {
    const out = new Map<IndexMap, Prepared | null>();
    for (const ix of this.indexes.values()) out.set(ix, ix.prepare(doc));
    return out;
  }

  private checkUnique(prepared: Map<IndexMap, Prepared | null>, self: Rec | null): void {
    for (const [ix, p] of prepared) {
      if (p === null || !ix.unique) continue;
      const tuple = ix.conflict(p, self);
      if (tuple !== null) throw duplicateKeyError(this.ns, ix.name, ix.spec.key, ix.keyValue(tuple));
    }
  }

  insert(input: Document): Rec {
    const doc = Collection.normaliseNew(input);
    const prepared = this.prepareAll(doc);
    this.checkUnique(prepared, null);
    const rec: Rec = { seq: ++this.seq, doc };
    for (const [ix, p] of prepared) ix.add(rec, p);
    this.recs.add(rec);
    return rec;
  }

  /** Swaps in a new version of a document, keeping its indexes right; throws on a duplicate key. */
  replace(rec: Rec, next: Document): void {
    if (!bsonEquals(rec.doc._id, next._id)) {
      throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    const before = new Map<IndexMap, Prepared | null>();
    const after = new Map<IndexMap, Prepared | null>();
    for (const ix of this.indexes.values()) {
      if (ix === this.idIndex) continue;
      const a = ix.prepare(rec.doc);
      const b = ix.prepare(next);
      if (samePrepared(a, b)) continue;
      before.set(ix, a);
      after.set(ix, b);
    }
    this.checkUnique(after, rec);
    for (const [ix, p] of before) ix.remove(rec, p);
    rec.doc = next;
    for (const [ix, p] of after) ix.add(rec, p);
  }

  remove(rec: Rec): void {
    if (!this.recs.delete(rec)) return;
    for (const ix of this.indexes.values()) ix.remove(rec, ix.prepare(rec.doc));
  }

  clear(): void {
    this.recs.clear();
    for (const ix of this.indexes.values()) ix.clear();
  }

  /** Adds an index; building a unique one over duplicates fails like mongod (code 11000). */
  addIndex(spec: IndexSpec): void {
    const ix = new IndexMap(spec);
    for (const rec of this.recs) {
      const p = ix.prepare(rec.doc);
      if (p === null) continue;
      const tuple = ix.conflict(p, rec);
      if (tuple !== null) throw duplicateKeyError(this.ns, ix.name, ix.spec.key, ix.keyValue(tuple));
      ix.add(rec, p);
    }
    this.indexes.set(ix.name, ix);
  }

  /** Deletes documents whose TTL date has passed; returns how many. */
  expire(now: number): number {
    let removed = 0;
    for (const ix of this.indexes.values()) {
      const ttl = ix.spec.expireAfterSeconds;
      if (typeof ttl !== 'number' || ix.fields.length !== 1 || ix.special) continue;
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

function samePrepared(a: Prepared | null, b: Prepared | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.keys.length !== b.keys.length) return false;
  for (let i = 0; i < a.keys.length; i++) if (a.keys[i] !== b.keys[i]) return false;
  return true;
}
