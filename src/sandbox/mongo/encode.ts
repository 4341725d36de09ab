// Cursor replies are assembled from per-document BSON so a batch can be cut at mongod's 16 MiB
// limit without serialising twice, and so a stored document (immutable here) is serialised once
// and its bytes reused by every later read.
import { type Document, type Long, serialize } from 'bson';

/** Bytes of stored documents, keyed by the (never mutated) document object. */
const rawCache = new WeakMap<Document, Uint8Array>();

/** Records that `bytes` are the encoding of `doc` (a stored document decoded from them). */
export function rememberEncoding(doc: Document, bytes: Uint8Array): void {
  rawCache.set(doc, bytes);
}

export const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 16 * 1024;

export function encodeDocument(doc: Document, cacheable: boolean): Uint8Array {
  if (!cacheable) return serialize(doc, { ignoreUndefined: true });
  let raw = rawCache.get(doc);
  if (raw === undefined) {
    raw = serialize(doc, { ignoreUndefined: true });
    rawCache.set(doc, raw);
  }
  return raw;
}

/** A growable little-endian byte writer for the reply envelope. */
class Writer {
  private buf = Buffer.allocUnsafe(1024);
  pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }
  int32(v: number, at?: number): void {
    if (at !== undefined) {
      this.buf.writeInt32LE(v, at);
      return;
    }
    this.ensure(4);
    this.buf.writeInt32LE(v, this.pos);
    this.pos += 4;
  }
  cstring(s: string): void {
    const n = Buffer.byteLength(s);
    this.ensure(n + 1);
    this.buf.write(s, this.pos, 'utf8');
    this.pos += n;
    this.buf[this.pos++] = 0;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/**
 * `{ cursor: { <batchKey>: [docs], id, ns }, ok: 1 }` as BSON. `docs` are already-encoded
 * documents (see `encodeDocument`).
 */
export function encodeCursorReply(ns: string, id: Long, batchKey: 'firstBatch' | 'nextBatch', docs: readonly Uint8Array[]): Buffer {
  const w = new Writer();
  const top = w.pos;
  w.int32(0);
  w.byte(0x03);
  w.cstring('cursor');
  const cursorStart = w.pos;
  w.int32(0);
  w.byte(0x04);
  w.cstring(batchKey);
  const arrStart = w.pos;
  w.int32(0);
  docs.forEach((d, i) => {
    w.byte(0x03);
    w.cstring(String(i));
    w.bytes(d);
  });
  w.byte(0);
  w.int32(w.pos - arrStart, arrStart);
  w.byte(0x12);
  w.cstring('id');
  w.bytes(serializeLong(id));
  w.byte(0x02);
  w.cstring('ns');
  const nsBytes = Buffer.from(ns, 'utf8');
  w.int32(nsBytes.length + 1);
  w.bytes(nsBytes);
  w.byte(0);
  w.byte(0);
  w.int32(w.pos - cursorStart, cursorStart);
  w.byte(0x01);
  w.cstring('ok');
  const one = Buffer.allocUnsafe(8);
  one.writeDoubleLE(1, 0);
  w.bytes(one);
  w.byte(0);
  w.int32(w.pos - top, top);
  return w.result();
}

function serializeLong(id: Long): Uint8Array {
  const b = Buffer.allocUnsafe(8);
  b.writeInt32LE(id.low, 0);
  b.writeInt32LE(id.high, 4);
  return b;
}
