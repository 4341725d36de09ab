// Column cache for reports: for a few top-level fields, the decoded value of every document of a
// collection, in one array per field indexed by the document's slot. A report over a million
// stored documents then reads a handful of dense arrays (values interned, hot in the CPU cache)
// instead of decoding a million documents' bytes, or chasing a million scattered objects, per
// run. Columns are built on first use by an aggregation that reads only those fields, and kept
// right by every insert, update and removal from then on (see Collection).
import type { Document } from 'bson';
import { internValue } from './intern';
import { FieldSet } from './raw';
import type { Rec } from './rec';

/** At most this many fields are cached per collection; beyond, the oldest column is dropped. */
const MAX_COLUMNS = 24;

export class Columns {
  private readonly cols = new Map<string, unknown[]>();
  private readonly free: number[] = [];
  private nextSlot = 0;

  get names(): IterableIterator<string> {
    return this.cols.keys();
  }

  get size(): number {
    return this.cols.size;
  }

  /** Gives a new record its slot (and its values, when columns exist). */
  attach(rec: Rec, doc: Document): void {
    rec.slot = this.free.length > 0 ? (this.free.pop() as number) : this.nextSlot++;
    this.set(rec, doc);
  }

  /** Records the values of a record's (new) document; `doc` holds at least the cached fields. */
  set(rec: Rec, doc: Document): void {
    for (const [name, col] of this.cols) col[rec.slot] = internValue(doc[name]);
  }

  detach(rec: Rec): void {
    for (const col of this.cols.values()) col[rec.slot] = undefined;
    this.free.push(rec.slot);
  }

  clear(): void {
    this.cols.clear();
    this.free.length = 0;
    this.nextSlot = 0;
  }

  /** The columns of `names` (built from `recs` for those not cached yet), in `names` order. */
  ensure(names: readonly string[], recs: Iterable<Rec>): unknown[][] {
    const missing = names.filter((n) => !this.cols.has(n));
    if (missing.length > 0) {
      for (const old of [...this.cols.keys()]) {
        if (this.cols.size + missing.length <= MAX_COLUMNS) break;
        if (!names.includes(old)) this.cols.delete(old);
      }
      const wanted = new FieldSet(missing);
      const built = missing.map(() => new Array<unknown>(this.nextSlot).fill(undefined));
      for (const rec of recs) {
        const d = rec.fields(wanted);
        for (let i = 0; i < missing.length; i++) built[i][rec.slot] = internValue(d[missing[i]]);
      }
      missing.forEach((n, i) => this.cols.set(n, built[i]));
    }
    return names.map((n) => this.cols.get(n) as unknown[]);
  }
}
