// One stored document, kept compact: as the BSON bytes it arrived in (bulk inserts) or was last
// encoded to, decoded into an object only when something reads it whole. Decoded objects are
// cached for the most recently read documents only (DECODED_MAX across the server's process), so
// a million-case collection costs its bytes plus a few small objects per document — where a
// decoded case is about thirty objects and 3 KB that every garbage collection has to walk.
// Small collections (the product's queues, a test's data) stay decoded as before.
import { type Document, serialize } from 'bson';
import { rememberEncoding } from './encode';
import { decodeAll, decodeFields, type FieldSet } from './raw';

/** How many documents, across every collection of the process, stay decoded at most. */
export const DECODED_MAX = 20_000;

export class Rec {
  /** The decoded document, when cached (never mutated: an update swaps in a new object). */
  private d: Document | null;
  /** The document's bytes: buf[off, off + len), or null when it exists only decoded. */
  private buf: Buffer | null = null;
  private off = 0;
  private len = 0;
  /** Position in the collection's columns (see Columns); reused after a removal. */
  slot = -1;

  constructor(
    /** Insertion order. */
    readonly seq: number,
    doc: Document | null,
  ) {
    this.d = doc;
    if (doc !== null) decoded.add(this);
  }

  /** A record over bytes already copied into storage. */
  static fromBytes(seq: number, buf: Buffer, off: number, len: number): Rec {
    const r = new Rec(seq, null);
    r.buf = buf;
    r.off = off;
    r.len = len;
    return r;
  }

  /** The whole document (decoded on demand; the object is shared, never mutate it). */
  get doc(): Document {
    if (this.d !== null) return this.d;
    const buf = this.buf as Buffer;
    const d = decodeAll(buf, this.off, this.len);
    // Replies can send these very bytes instead of encoding the object again.
    rememberEncoding(d, buf.subarray(this.off, this.off + this.len));
    this.d = d;
    decoded.add(this);
    return d;
  }

  /** Swaps in a new version (an update); its bytes are made when it leaves the decoded cache. */
  set doc(next: Document) {
    this.d = next;
    this.buf = null;
    decoded.add(this);
  }

  /** Whether the whole document is at hand without decoding. */
  get isDecoded(): boolean {
    return this.d !== null;
  }

  /**
   * A document holding at least the top-level fields `wanted` names (with the same values as the
   * whole document): the cached whole document, else those fields decoded from the bytes (a new
   * object each call). Null `wanted` means the whole document.
   */
  fields(wanted: FieldSet | null): Document {
    if (this.d !== null || wanted === null) return this.doc;
    return decodeFields(this.buf as Buffer, this.off, wanted);
  }

  /** Drops the decoded object, encoding it first if it has no bytes (called by the cache). */
  evict(): void {
    if (this.d === null) return;
    if (this.buf === null) {
      const bytes = serialize(this.d, { ignoreUndefined: true });
      this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.off = 0;
      this.len = bytes.byteLength;
    }
    this.d = null;
  }
}

/** The most recently decoded records, oldest evicted first (a ring; a record may sit twice). */
class DecodedCache {
  private readonly ring: Array<Rec | undefined>;
  private pos = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<Rec | undefined>(capacity).fill(undefined);
  }

  add(rec: Rec): void {
    const old = this.ring[this.pos];
    if (old !== undefined && old !== rec) old.evict();
    this.ring[this.pos] = rec;
    this.pos = this.pos + 1 === this.capacity ? 0 : this.pos + 1;
  }
}

const decoded = new DecodedCache(DECODED_MAX);

/** Bytes of documents inserted in bulk, copied into large shared chunks (one allocation each). */
export class Arena {
  private chunk: Buffer = Buffer.alloc(0);
  private pos = 0;

  constructor(private readonly chunkBytes = 1 << 20) {}

  /** Room for `len` bytes (the caller fills it); returns where it is. */
  reserve(len: number): { buf: Buffer; off: number } {
    if (len > this.chunkBytes / 4) return { buf: Buffer.allocUnsafeSlow(len), off: 0 };
    if (this.pos + len > this.chunk.length) {
      this.chunk = Buffer.allocUnsafeSlow(this.chunkBytes);
      this.pos = 0;
    }
    const off = this.pos;
    this.pos += len;
    return { buf: this.chunk, off };
  }
}
