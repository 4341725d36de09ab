// One secondary (or the _id) index. A unique index keeps a hash table from the canonical key to its
// documents, always maintained (unique checks stay O(1) as the collection grows). Every index has
// a sorted entry list, built on first use for lookups, ranges, ordered scans and TTL sweeps and
// maintained from then on: until something reads a non-unique index, writes cost it nothing but
// noting whether a document holds an array on its paths (bulk loads stay fast).
import type { Document } from 'bson';
import { compareBson, keyOf, rankOf } from './bson-values';
import { badValue } from './errors';
import { compileFilter, filterFields, type Matcher } from './filter';
import { crossesArray, indexValues, splitPath } from './paths';

import { FieldSet } from './raw';
import type { Rec } from './rec';

export type { Rec };

export interface IndexSpec extends Document {
  v?: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
}

/** The index values one document contributes, computed once per write. */
export interface Prepared {
  tuples: unknown[][];
  keys: string[];
  arrays: boolean;
  /** hashKey of each key, computed once for the unique check and the insertion that follows. */
  hashes?: number[];
}

function hashesOf(p: Prepared): number[] {
  if (p.hashes === undefined) p.hashes = p.keys.map(hashKey);
  return p.hashes;
}

export interface Entry {
  vals: unknown[];
  rec: Rec;
}

/** The lowest (side -1) or highest (side 1) possible value of one canonical type. */
export class TypeEdge {
  constructor(
    readonly rank: number,
    readonly side: -1 | 1,
  ) {}
}
export type BoundValue = unknown;

function compareToBound(x: unknown, b: BoundValue): number {
  if (b instanceof TypeEdge) {
    const r = rankOf(x);
    if (r !== b.rank) return r < b.rank ? -1 : 1;
    return -b.side;
  }
  return compareBson(x, b);
}

const MAX_TUPLES = 1000;

/** Chunks are split above twice this size. */
const CHUNK = 512;

/**
 * Index-ordered entries kept in chunks of at most 2 × CHUNK: an insert or a removal in the
 * middle moves one small chunk instead of the whole list (a splice into a 100,000-entry array
 * costs about as much as the rest of an insert command). Positions are global, as in one array.
 */
export class SortedEntries {
  private chunks: Entry[][] = [];
  /** Global position of each chunk's first entry; rebuilt on demand after a write. */
  private starts: number[] | null = null;
  length = 0;

  constructor(sorted: readonly Entry[]) {
    for (let i = 0; i < sorted.length; i += CHUNK) this.chunks.push(sorted.slice(i, i + CHUNK));
    this.length = sorted.length;
  }

  private positions(): number[] {
    if (this.starts === null) {
      const starts: number[] = [];
      let p = 0;
      for (const c of this.chunks) {
        starts.push(p);
        p += c.length;
      }
      this.starts = starts;
    }
    return this.starts;
  }

  /** First chunk whose last entry satisfies the monotone predicate (chunks.length if none). */
  private firstChunk(pred: (e: Entry) => boolean): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.chunks[mid];
      if (pred(c[c.length - 1])) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** First global position where the monotone predicate holds (binary search). */
  firstIndex(pred: (e: Entry) => boolean): number {
    const ci = this.firstChunk(pred);
    if (ci === this.chunks.length) return this.length;
    return this.positions()[ci] + firstIn(this.chunks[ci], pred);
  }

  /** Inserts before the first entry that `after` holds for. */
  insert(e: Entry, after: (x: Entry) => boolean): void {
    this.length++;
    this.starts = null;
    if (this.chunks.length === 0) {
      this.chunks.push([e]);
      return;
    }
    let ci = this.firstChunk(after);
    if (ci === this.chunks.length) {
      // New documents usually carry the largest key (createdAt = now, ascending ObjectIds).
      this.chunks[ci - 1].push(e);
      ci--;
    } else {
      const c = this.chunks[ci];
      c.splice(firstIn(c, after), 0, e);
    }
    const c = this.chunks[ci];
    if (c.length > 2 * CHUNK) this.chunks.splice(ci, 1, c.slice(0, CHUNK), c.slice(CHUNK));
  }

  /** Removes `rec`'s entry, found at the first position where `atOrAfter` holds. */
  remove(rec: Rec, atOrAfter: (x: Entry) => boolean): void {
    const ci = this.firstChunk(atOrAfter);
    if (ci === this.chunks.length) return;
    const c = this.chunks[ci];
    const i = firstIn(c, atOrAfter);
    if (c[i].rec !== rec) return;
    c.splice(i, 1);
    if (c.length === 0) this.chunks.splice(ci, 1);
    this.length--;
    this.starts = null;
  }

  /** The records of entries [start, end), in order (dir 1) or reverse order (dir -1). */
  *recs(start: number, end: number, dir: 1 | -1): Generator<Rec> {
    if (start >= end) return;
    const starts = this.positions();
    // The chunk holding a global position: the last one starting at or before it.
    const chunkOf = (pos: number): number => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (starts[mid] <= pos) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const chunks = this.chunks;
    if (dir === 1) {
      let left = end - start;
      for (let ci = chunkOf(start), i = start - starts[ci]; left > 0; ci++, i = 0) {
        const c = chunks[ci];
        for (; i < c.length && left > 0; i++, left--) yield c[i].rec;
      }
    } else {
      let left = end - start;
      for (let ci = chunkOf(end - 1), i = end - 1 - starts[ci]; left > 0; ) {
        const c = chunks[ci];
        for (; i >= 0 && left > 0; i--, left--) yield c[i].rec;
        ci--;
        if (ci >= 0) i = chunks[ci].length - 1;
      }
    }
  }

  /** The records of entries [start, end) as an array, in order. */
  slice(start: number, end: number): Rec[] {
    return Array.from(this.recs(start, end, 1));
  }
}

function firstIn(list: readonly Entry[], pred: (e: Entry) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(list[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** 32-bit hash of a canonical key (FNV-1a, then murmur3's finaliser so the low bits mix well). */
export function hashKey(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const EMPTY = 0;
const DELETED = -1;

/**
 * A multimap from key hashes to records, in typed arrays (open addressing, linear probing). It
 * keeps no key strings: a unique index of a million documents as a Map held a million strings and
 * a table of pointers that every garbage collection walked, and its lookups cost a few cache
 * misses each; here the GC sees two typed arrays and one array of records. The caller confirms a
 * hash match by recomputing that record's keys (rare: a true duplicate, or a 32-bit collision).
 * One entry per (hash, record): a record whose distinct keys share a hash is found through it for each.
 */
export class KeyTable {
  private hashes = new Int32Array(16);
  /** 0 empty, -1 deleted, else 1 + the record's position in `recs`. */
  private refs = new Int32Array(16);
  private mask = 15;
  private recs: Array<Rec | undefined> = [];
  private freeRefs: number[] = [];
  private live = 0;
  private deleted = 0;

  get size(): number {
    return this.live;
  }

  add(h: number, rec: Rec): void {
    if ((this.live + this.deleted + 1) * 2 > this.mask + 1) this.rebuild();
    const { hashes, refs, mask } = this;
    let i = h & mask;
    let reuse = -1;
    for (;;) {
      const r = refs[i];
      if (r === EMPTY) break;
      if (r === DELETED) {
        if (reuse < 0) reuse = i;
      } else if (hashes[i] === h && this.recs[r - 1] === rec) return;
      i = (i + 1) & mask;
    }
    if (reuse >= 0) {
      i = reuse;
      this.deleted--;
    }
    let at = this.freeRefs.pop();
    if (at === undefined) {
      at = this.recs.length;
      this.recs.push(rec);
    } else this.recs[at] = rec;
    hashes[i] = h;
    refs[i] = at + 1;
    this.live++;
  }

  /** The first record (in probe order) under hash `h` that `test` accepts. */
  find(h: number, test: (rec: Rec) => boolean): Rec | undefined {
    const { hashes, refs, mask } = this;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const r = refs[i];
      if (r === EMPTY) return undefined;
      if (r !== DELETED && hashes[i] === h) {
        const rec = this.recs[r - 1] as Rec;
        if (test(rec)) return rec;
      }
    }
  }

  /** Every record under hash `h` that `test` accepts. */
  all(h: number, test: (rec: Rec) => boolean): Rec[] {
    const out: Rec[] = [];
    const { hashes, refs, mask } = this;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const r = refs[i];
      if (r === EMPTY) return out;
      if (r !== DELETED && hashes[i] === h) {
        const rec = this.recs[r - 1] as Rec;
        if (test(rec)) out.push(rec);
      }
    }
  }

  remove(h: number, rec: Rec): void {
    const { hashes, refs, mask } = this;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const r = refs[i];
      if (r === EMPTY) return;
      if (r !== DELETED && hashes[i] === h && this.recs[r - 1] === rec) {
        refs[i] = DELETED;
        this.recs[r - 1] = undefined;
        this.freeRefs.push(r - 1);
        this.live--;
        this.deleted++;
        return;
      }
    }
  }

  clear(): void {
    this.hashes = new Int32Array(16);
    this.refs = new Int32Array(16);
    this.mask = 15;
    this.recs = [];
    this.freeRefs = [];
    this.live = 0;
    this.deleted = 0;
  }

  /** Re-lays the entries into a table at most half full once they are placed (dropping deleted slots). */
  private rebuild(): void {
    let cap = 16;
    while (cap < (this.live + 1) * 4) cap *= 2;
    const oldHashes = this.hashes;
    const oldRefs = this.refs;
    const hashes = new Int32Array(cap);
    const refs = new Int32Array(cap);
    const mask = cap - 1;
    for (let j = 0; j < oldRefs.length; j++) {
      const r = oldRefs[j];
      if (r <= 0) continue;
      const h = oldHashes[j];
      let i = h & mask;
      while (refs[i] !== EMPTY) i = (i + 1) & mask;
      hashes[i] = h;
      refs[i] = r;
    }
    this.hashes = hashes;
    this.refs = refs;
    this.mask = mask;
    this.deleted = 0;
  }
}

export class IndexMap {
  readonly name: string;
  readonly fields: string[];
  readonly dirs: number[];
  readonly unique: boolean;
  readonly sparse: boolean;
  /** text/2d/2dsphere indexes are listed but never maintained or used (not supported). */
  readonly special: boolean;
  multikey = false;
  private readonly parts: (readonly string[])[];
  private readonly partial: Matcher | null;
  /**
   * The top-level fields this index reads (its key paths' first parts, the partial filter's
   * fields), so keys can be taken from a stored document without decoding all of it; null when
   * the partial filter may read anything.
   */
  readonly heads: FieldSet | null;
  private readonly hash = new KeyTable();
  private sorted: SortedEntries | null = null;

  constructor(readonly spec: IndexSpec) {
    this.name = spec.name;
    this.fields = Object.keys(spec.key);
    if (this.fields.length === 0) throw badValue('Index keys cannot be an empty field');
    this.parts = this.fields.map(splitPath);
    this.special = this.fields.some((f) => typeof spec.key[f] === 'string' && spec.key[f] !== 'hashed');
    this.dirs = this.fields.map((f) => (spec.key[f] === -1 || spec.key[f] === -1.0 ? -1 : 1));
    // mongod's _id index is always unique, though its spec does not say so.
    this.unique = (spec.unique === true || spec.name === '_id_') && !this.special;
    this.sparse = spec.sparse === true;
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : null;
    const heads = new Set(this.parts.map((p) => p[0]));
    this.heads = spec.partialFilterExpression === undefined || filterFields(spec.partialFilterExpression, heads) ? new FieldSet(heads) : null;
  }

  /**
   * Whether a write must compute this index's keys now: a unique index checks them, an index
   * whose sorted entries exist keeps them; any other builds its entries when first read.
   */
  get maintained(): boolean {
    return !this.special && (this.unique || this.sorted !== null);
  }

  /** Tracks multikey-ness for an index whose keys a write skipped (see `maintained`). */
  noteArrays(doc: Document): void {
    if (this.multikey || this.special) return;
    for (const parts of this.parts) {
      if (crossesArray(doc, parts)) {
        this.multikey = true;
        return;
      }
    }
  }

  /** Usable to answer a query without knowing the query implies the partial filter. */
  get complete(): boolean {
    return !this.special && this.partial === null;
  }

  prepare(doc: Document): Prepared | null {
    if (this.special) return null;
    if (this.partial !== null && !this.partial(doc)) return null;
    let arrays = false;
    let tuples: unknown[][] = [[]];
    let present = false;
    for (const parts of this.parts) {
      const r = indexValues(doc, parts);
      arrays ||= r.arrays;
      if (r.values.length !== 1 || r.values[0] !== undefined) present = true;
      if (r.values.length === 1) {
        for (const t of tuples) t.push(r.values[0]);
      } else {
        const next: unknown[][] = [];
        for (const t of tuples) for (const v of r.values) if (next.length < MAX_TUPLES) next.push([...t, v]);
        tuples = next;
      }
    }
    if (this.sparse && !present) return null;
    if (tuples.length === 1) return { tuples, keys: [this.keyOfTuple(tuples[0])], arrays };
    const seen = new Map<string, unknown[]>();
    for (const t of tuples) seen.set(this.keyOfTuple(t), t);
    return { tuples: [...seen.values()], keys: [...seen.keys()], arrays };
  }

  keyOfTuple(t: readonly unknown[]): string {
    if (t.length === 1) return keyOf(t[0]);
    let s = keyOf(t[0]);
    for (let i = 1; i < t.length; i++) s += `|${keyOf(t[i])}`;
    return s;
  }

  /** For a unique index: the tuple another document already holds, if any. */
  conflict(p: Prepared, self: Rec | null): unknown[] | null {
    if (!this.unique) return null;
    const hs = hashesOf(p);
    for (let i = 0; i < p.keys.length; i++) {
      const key = p.keys[i];
      if (this.hash.find(hs[i], (r) => r !== self && this.holds(r, key)) !== undefined) return p.tuples[i];
    }
    return null;
  }

  /** Whether a record stored in this index has `key` among its keys now (confirms a hash match). */
  private holds(rec: Rec, key: string): boolean {
    const p = this.prepare(rec.fields(this.heads));
    return p !== null && p.keys.includes(key);
  }

  keyValue(tuple: readonly unknown[]): Document {
    const out: Document = {};
    this.fields.forEach((f, i) => (out[f] = tuple[i] ?? null));
    return out;
  }

  add(rec: Rec, p: Prepared | null): void {
    if (p === null) return;
    if (p.arrays) this.multikey = true;
    if (this.unique) {
      const hs = hashesOf(p);
      for (let i = 0; i < hs.length; i++) this.hash.add(hs[i], rec);
    }
    if (this.sorted !== null) for (const t of p.tuples) this.insertSorted({ vals: t, rec });
  }

  remove(rec: Rec, p: Prepared | null): void {
    if (p === null) return;
    if (this.unique) {
      const hs = hashesOf(p);
      for (let i = 0; i < hs.length; i++) this.hash.remove(hs[i], rec);
    }
    if (this.sorted !== null) for (const t of p.tuples) this.removeSorted({ vals: t, rec });
  }

  /** Documents whose full key equals the tuple, in insertion order. */
  lookup(tuple: readonly unknown[], recs: Iterable<Rec>): Rec[] {
    if (!this.unique) {
      // Equal keys sit together in the sorted entries, in insertion order (ties break by seq).
      const list = this.entries(recs);
      const [start, end] = this.range(list, tuple, true, tuple, true);
      return list.slice(start, end);
    }
    const key = this.keyOfTuple(tuple);
    const hits = this.hash.all(hashKey(key), (r) => this.holds(r, key));
    return hits.length > 1 ? hits.sort((a, b) => a.seq - b.seq) : hits;
  }

  lookupCount(tuple: readonly unknown[], recs: Iterable<Rec>): number {
    if (!this.unique) {
      const [start, end] = this.range(this.entries(recs), tuple, true, tuple, true);
      return end - start;
    }
    const key = this.keyOfTuple(tuple);
    return this.hash.all(hashKey(key), (r) => this.holds(r, key)).length;
  }

  clear(): void {
    this.hash.clear();
    this.sorted = null;
  }

  private compareEntries(a: Entry, b: Entry): number {
    for (let i = 0; i < this.dirs.length; i++) {
      const c = compareBson(a.vals[i], b.vals[i]);
      if (c !== 0) return c * this.dirs[i];
    }
    return a.rec.seq - b.rec.seq;
  }

  /** Index-ordered entries, built from `recs` on first use. */
  entries(recs: Iterable<Rec>): SortedEntries {
    if (this.sorted === null) {
      const list: Entry[] = [];
      for (const rec of recs) {
        const p = this.prepare(rec.fields(this.heads));
        if (p === null) continue;
        if (p.arrays) this.multikey = true;
        for (const t of p.tuples) list.push({ vals: t, rec });
      }
      list.sort((a, b) => this.compareEntries(a, b));
      this.sorted = new SortedEntries(list);
    }
    return this.sorted;
  }

  private insertSorted(e: Entry): void {
    (this.sorted as SortedEntries).insert(e, (x) => this.compareEntries(x, e) > 0);
  }

  private removeSorted(e: Entry): void {
    (this.sorted as SortedEntries).remove(e.rec, (x) => this.compareEntries(x, e) >= 0);
  }

  /** Compares an entry with a key prefix given in index order (TypeEdge allowed). */
  comparePrefix(e: Entry, key: readonly BoundValue[]): number {
    for (let i = 0; i < key.length; i++) {
      const c = compareToBound(e.vals[i], key[i]);
      if (c !== 0) return c * this.dirs[i];
    }
    return 0;
  }

  /** [start, end) of the entries between two key prefixes, both given in index order. */
  range(list: SortedEntries, low: readonly BoundValue[], lowInclusive: boolean, high: readonly BoundValue[], highInclusive: boolean): [number, number] {
    const start = list.firstIndex((e) => {
      const c = this.comparePrefix(e, low);
      return c > 0 || (c === 0 && lowInclusive);
    });
    const end = list.firstIndex((e) => {
      const c = this.comparePrefix(e, high);
      return c > 0 || (c === 0 && !highInclusive);
    });
    return [start, Math.max(start, end)];
  }
}
