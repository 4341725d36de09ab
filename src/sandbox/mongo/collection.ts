// A collection: documents in insertion order plus their index maps. Stored documents are never
// mutated in place (updates swap in a new object), so readers may hand out references — a cursor
// or a reply being serialised can never observe a half-applied write. Documents inserted as BSON
// bytes (bulk inserts) are stored as those bytes (see Rec): a write reads only the fields its
// indexes need.
import { type Document, ObjectId } from 'bson';
import { bsonEquals, isPlainObject, Rank } from './bson-values';
import { badValue, CommandError, duplicateKeyError } from './errors';
import { Columns } from './columns';
import { IndexMap, type IndexSpec, type Prepared, TypeEdge } from './index-map';
import { INTERN_DEPTH, internStrings } from './intern';
import { decodeAll, decodeFields, FieldSet, findId, idFirstLength, writeIdFirst } from './raw';
import { Arena, Rec } from './rec';

export interface CollectionInfo {
  options: Document;
  uuid?: unknown;
}

export class Collection {
  readonly recs = new Set<Rec>();
  readonly indexes = new Map<string, IndexMap>();
  readonly idIndex: IndexMap;
  private seq = 0;
  private readonly arena = new Arena();
  /** Decoded values of the fields reports read (see Columns), kept by every write. */
  private readonly columns = new Columns();
  /** The message buffer large inserts were last kept in (see frameView). */
  private frame: Buffer | null = null;
  /** What a bulk insert reads of each document (see writeHeads). */
  private heads: WriteHeads | undefined = undefined;

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
  /** `arrays`: top-level fields found to hold an array without being decoded into `doc`. */
  private prepareAll(doc: Document, arrays?: ReadonlySet<string>): Array<Prepared | null> {
    const out: Array<Prepared | null> = [];
    for (const ix of this.indexes.values()) {
      if (ix.maintained) out.push(ix.prepare(doc));
      else {
        ix.noteArrays(doc);
        if (arrays !== undefined && arrays.size > 0 && !ix.multikey && !ix.special && ix.fields.some((f) => arrays.has(f))) ix.multikey = true;
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

  /**
   * The cached columns of `names` (built on first use, then maintained by every write), for
   * reading those fields of every document without touching the documents.
   */
  columnsFor(names: readonly string[]): { columns: unknown[][]; slotOf: (rec: Rec) => number } {
    const before = this.columns.size;
    const columns = this.columns.ensure(names, this.recs);
    if (this.columns.size !== before) this.heads = undefined;
    return { columns, slotOf: (rec) => rec.slot };
  }

  /**
   * What a bulk insert reads of each document: the fields every maintained index and every
   * column needs (`decode`; null: some index needs whole documents), and the top-level fields
   * of the other indexes, of which a write only notes whether they hold an array (`probe`: the
   * BSON type byte says so, nothing is decoded). Recomputed after index or column changes and
   * when an index starts being maintained (its sorted entries were built).
   */
  private writeHeads(): WriteHeads {
    let maintained = 0;
    for (const ix of this.indexes.values()) if (ix.maintained) maintained++;
    if (this.heads === undefined || this.heads.maintained !== maintained) {
      const decode = new Set<string>(['_id', ...this.columns.names]);
      const probe = new Set<string>();
      let whole = false;
      for (const ix of this.indexes.values()) {
        if (ix.special) continue;
        if (ix.heads === null) whole = true;
        else if (ix.maintained) for (const n of ix.heads.names) decode.add(n);
        else if (!ix.multikey) for (const f of ix.fields) (f.includes('.') ? decode : probe).add(f.split('.')[0]);
      }
      this.heads = { decode: whole ? null : new FieldSet(decode), probe: new FieldSet(probe), maintained };
    }
    return this.heads;
  }

  /** A document as an object, or as its BSON bytes (kept as they are: decoded only when read). */
  insert(input: Document | Uint8Array): Rec {
    if (input instanceof Uint8Array) return this.insertBytes(input);
    const doc = Collection.normaliseNew(input);
    internStrings(doc, 0);
    const prepared = this.prepareAll(doc);
    this.checkUnique(prepared, null);
    return this.link(new Rec(++this.seq, doc), prepared, doc);
  }

  private insertBytes(input: Uint8Array): Rec {
    const id = findId(input);
    if (id !== null && id.type === 0x04) throw badValue("can't use an array for _id");
    let buf: Buffer;
    let off: number;
    const len = idFirstLength(input, id);
    if (id !== null && id.start === 4 && input.buffer.byteLength >= KEEP_FRAME_BYTES) {
      // A document of a large insert, already `_id` first: kept where it lies in the message,
      // which the wire parser assembled into a buffer of its own (see KEEP_FRAME_BYTES).
      buf = this.frameView(input.buffer as ArrayBuffer);
      off = input.byteOffset;
    } else {
      // Copied once, straight into storage with `_id` first; read from there.
      ({ buf, off } = this.arena.reserve(len));
      writeIdFirst(input, id, buf, off);
    }
    const { decode, probe } = this.writeHeads();
    const arrays = new Set<string>();
    const keyed = decode === null ? decodeAll(buf, off, len) : decodeFields(buf, off, decode, probe, arrays);
    const prepared = this.prepareAll(keyed, arrays);
    this.checkUnique(prepared, null);
    return this.link(Rec.fromBytes(++this.seq, buf, off, len), prepared, keyed);
  }

  /** One Buffer over a whole message buffer, shared by the records kept in it. */
  private frameView(backing: ArrayBuffer): Buffer {
    if (this.frame === null || this.frame.buffer !== backing) this.frame = Buffer.from(backing);
    return this.frame;
  }

  private link(rec: Rec, prepared: ReadonlyArray<Prepared | null>, fields: Document): Rec {
    this.columns.attach(rec, fields);
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
      const a = ix.prepare(rec.fields(ix.heads));
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
    this.columns.set(rec, next);
    for (let i = 0; i < changing.length; i++) changing[i].add(rec, after[i]);
  }

  remove(rec: Rec): void {
    if (!this.recs.delete(rec)) return;
    this.columns.detach(rec);
    for (const ix of this.indexes.values()) if (ix.maintained) ix.remove(rec, ix.prepare(rec.fields(ix.heads)));
  }

  dropIndex(name: string): void {
    this.indexes.delete(name);
    this.heads = undefined;
  }

  clear(): void {
    this.recs.clear();
    this.columns.clear();
    this.heads = undefined;
    for (const ix of this.indexes.values()) ix.clear();
  }

  /** Adds an index; building a unique one over duplicates fails like mongod (code 11000). */
  addIndex(spec: IndexSpec): void {
    const ix = new IndexMap(spec);
    this.heads = undefined;
    if (!ix.unique) {
      for (const rec of this.recs) ix.noteArrays(rec.fields(ix.heads));
      this.indexes.set(ix.name, ix);
      return;
    }
    for (const rec of this.recs) {
      const p = ix.prepare(rec.fields(ix.heads));
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
 * Documents whose message buffer is at least this large are kept in it instead of being copied.
 * Such a buffer is one the wire parser merged from socket reads (those are at most 64 KB) for this
 * message alone, nearly all of it the insert's documents; copying 1.6 GB of cases into storage
 * cost the bench load a memcpy and fresh pages per document. Smaller messages (single inserts
 * living in a socket's read buffer) are copied, so they never pin a read buffer.
 */
const KEEP_FRAME_BYTES = 256 * 1024;

interface WriteHeads {
  decode: FieldSet | null;
  probe: FieldSet;
  /** How many indexes were maintained when this was computed. */
  maintained: number;
}

function samePrepared(a: Prepared | null, b: Prepared | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.keys.length !== b.keys.length) return false;
  for (let i = 0; i < a.keys.length; i++) if (a.keys[i] !== b.keys[i]) return false;
  return true;
}
