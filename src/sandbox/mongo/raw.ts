// Reading stored documents straight from their BSON bytes. A document inserted in bulk is kept
// as the bytes the driver sent (see Rec): decoding a whole case costs tens of microseconds and
// about thirty heap objects, while an index key, a filter or a report reads a handful of its
// top-level fields. These helpers walk the top level of a BSON document, skipping what is not
// wanted by its length, and decode only the wanted fields — with bson's own results (the common
// value types are decoded here, anything else by bson itself).
import { type Document, deserialize, ObjectId } from 'bson';

/** As the wire parser decodes: Longs stay Long so they round-trip exactly. */
const DESERIALIZE = { promoteLongs: false } as const;

/** Top-level field names to decode, matched on their UTF-8 bytes without building strings. */
export class FieldSet {
  readonly names: readonly string[];
  private readonly byLength = new Map<number, Array<{ name: string; bytes: Buffer }>>();

  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)];
    for (const name of this.names) {
      const bytes = Buffer.from(name, 'utf8');
      let list = this.byLength.get(bytes.length);
      if (list === undefined) {
        list = [];
        this.byLength.set(bytes.length, list);
      }
      list.push({ name, bytes });
    }
  }

  has(name: string): boolean {
    return this.names.includes(name);
  }

  /** The wanted name spelt by buf[start, end), else null. */
  match(buf: Uint8Array, start: number, end: number): string | null {
    const list = this.byLength.get(end - start);
    if (list === undefined) return null;
    outer: for (const c of list) {
      const b = c.bytes;
      for (let i = 0; i < b.length; i++) if (buf[start + i] !== b[i]) continue outer;
      return c.name;
    }
    return null;
  }
}

function int32(buf: Uint8Array, p: number): number {
  return buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24);
}

function cstringEnd(buf: Uint8Array, p: number, limit: number): number {
  while (p < limit && buf[p] !== 0) p++;
  if (p >= limit) throw new Error('corrupt BSON: unterminated name');
  return p;
}

/** Where the value of an element of `type` starting at `p` ends. */
export function valueEnd(type: number, buf: Uint8Array, p: number, limit: number): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // date
    case 0x11: // timestamp
    case 0x12: // int64
      return p + 8;
    case 0x02: // string
    case 0x0d: // code
    case 0x0e: // symbol
      return p + 4 + int32(buf, p);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return p + int32(buf, p);
    case 0x05: // binary
      return p + 5 + int32(buf, p);
    case 0x06: // undefined
    case 0x0a: // null
    case 0x7f: // maxKey
    case 0xff: // minKey
      return p;
    case 0x07: // ObjectId
      return p + 12;
    case 0x08: // boolean
      return p + 1;
    case 0x0b: // regex: two cstrings
      return cstringEnd(buf, cstringEnd(buf, p, limit) + 1, limit) + 1;
    case 0x0c: // DBPointer
      return p + 4 + int32(buf, p) + 12;
    case 0x10: // int32
      return p + 4;
    case 0x13: // decimal128
      return p + 16;
    default:
      throw new Error(`corrupt BSON: unknown element type ${type}`);
  }
}

/** Signals a value the fast decoder leaves to bson (rare types, DBRefs, `__proto__`). */
const FALLBACK = Symbol('fallback');

function fastValue(type: number, buf: Buffer, p: number, end: number, depth: number): unknown {
  switch (type) {
    case 0x01:
      return buf.readDoubleLE(p);
    case 0x02:
      return buf.toString('utf8', p + 4, end - 1);
    case 0x03:
    case 0x04:
      return depth > 4 ? FALLBACK : fastContainer(buf, p, end, type === 0x04, depth + 1);
    case 0x07:
      return new ObjectId(Buffer.from(buf.subarray(p, p + 12)));
    case 0x08:
      return buf[p] === 1;
    case 0x09:
      // As bson's Long#toNumber: signed high word, unsigned low word.
      return new Date(int32(buf, p + 4) * 4294967296 + (int32(buf, p) >>> 0));
    case 0x0a:
      return null;
    case 0x10:
      return int32(buf, p);
    default:
      return FALLBACK;
  }
}

function fastContainer(buf: Buffer, start: number, end: number, isArray: boolean, depth: number): unknown {
  const out: unknown[] | Document = isArray ? [] : {};
  let p = start + 4;
  const limit = end - 1;
  while (p < limit) {
    const type = buf[p++];
    const nameEnd = cstringEnd(buf, p, limit);
    const vStart = nameEnd + 1;
    const vEnd = valueEnd(type, buf, vStart, end);
    const v = fastValue(type, buf, vStart, vEnd, depth);
    if (v === FALLBACK) return FALLBACK;
    if (isArray) (out as unknown[]).push(v);
    else {
      // bson turns {$ref, $id} into a DBRef and guards `__proto__`: leave those to it.
      if (buf[p] === 0x24 /* $ */ || (nameEnd - p === 9 && buf.toString('latin1', p, nameEnd) === '__proto__')) return FALLBACK;
      (out as Document)[buf.toString('utf8', p, nameEnd)] = v;
    }
    p = vEnd;
  }
  return out;
}

/** One element decoded by bson itself, from a copy wrapped as a one-field document. */
function bsonValue(buf: Buffer, elementStart: number, elementEnd: number): unknown {
  const len = 4 + (elementEnd - elementStart) + 1;
  const wrapper = Buffer.allocUnsafe(len);
  wrapper.writeInt32LE(len, 0);
  buf.copy(wrapper, 4, elementStart, elementEnd);
  wrapper[len - 1] = 0;
  const doc = deserialize(wrapper, DESERIALIZE);
  for (const k in doc) return doc[k] as unknown;
  return undefined;
}

/** The value of the element of `type` whose value spans [p, end) (the element begins at `elementStart`). */
function elementValue(type: number, buf: Buffer, elementStart: number, p: number, end: number): unknown {
  const v = fastValue(type, buf, p, end, 0);
  return v === FALLBACK ? bsonValue(buf, elementStart, end) : v;
}

/**
 * The wanted top-level fields of the document at buf[off…] as a new object, in the document's
 * order; fields the document lacks are absent. Decoded values equal bson's own. Names of `probe`
 * whose value is an array are added to `arrays` (without decoding them).
 */
export function decodeFields(buf: Buffer, off: number, wanted: FieldSet, probe?: FieldSet, arrays?: Set<string>): Document {
  const out: Document = {};
  const end = off + int32(buf, off);
  const limit = end - 1;
  let p = off + 4;
  // With fields to probe, every element is looked at (skipping one costs a few byte reads).
  const probing = probe !== undefined && arrays !== undefined && probe.names.length > 0;
  let left = probing ? Number.POSITIVE_INFINITY : wanted.names.length;
  while (p < limit && left > 0) {
    const elementStart = p;
    const type = buf[p++];
    const nameEnd = cstringEnd(buf, p, limit);
    const vStart = nameEnd + 1;
    const vEnd = valueEnd(type, buf, vStart, end);
    if (probing && type === 0x04) {
      const probed = probe.match(buf, p, nameEnd);
      if (probed !== null) arrays.add(probed);
    }
    const name = wanted.match(buf, p, nameEnd);
    if (name !== null) {
      out[name] = elementValue(type, buf, elementStart, vStart, vEnd);
      left--;
    }
    p = vEnd;
  }
  return out;
}

/** The whole document, decoded by bson (as the wire parser would have). */
export function decodeAll(buf: Buffer, off: number, len: number): Document {
  return deserialize(buf.subarray(off, off + len), DESERIALIZE);
}

/** Where the top-level `_id` element lies in a document, and its type; null when absent. */
export function findId(bytes: Uint8Array): { start: number; end: number; type: number } | null {
  const end = int32(bytes, 0);
  if (end !== bytes.length || end < 5 || bytes[end - 1] !== 0) throw new Error('corrupt BSON: bad document length');
  const limit = end - 1;
  let p = 4;
  while (p < limit) {
    const start = p;
    const type = bytes[p++];
    const nameEnd = cstringEnd(bytes, p, limit);
    const vEnd = valueEnd(type, bytes, nameEnd + 1, end);
    if (vEnd > limit) throw new Error('corrupt BSON: element overruns its document');
    if (nameEnd - p === 3 && bytes[p] === 0x5f && bytes[p + 1] === 0x69 && bytes[p + 2] === 0x64) return { start, end: vEnd, type };
    p = vEnd;
  }
  return null;
}

/**
 * The document with `_id` as its first field, as mongod stores it: unchanged when it already is,
 * the element moved to the front when it is elsewhere, a new ObjectId put first when absent.
 */
export function idFirst(bytes: Uint8Array, id: { start: number; end: number } | null): Uint8Array {
  if (id !== null && id.start === 4) return bytes;
  const out = Buffer.allocUnsafe(idFirstLength(bytes, id));
  writeIdFirst(bytes, id, out, 0);
  return out;
}

/** The length of `idFirst(bytes, id)`. */
export function idFirstLength(bytes: Uint8Array, id: { start: number; end: number } | null): number {
  return bytes.length + (id === null ? ID_ELEMENT_BYTES : 0);
}

/** Writes `idFirst(bytes, id)` into out[at…] without building it first. */
export function writeIdFirst(bytes: Uint8Array, id: { start: number; end: number } | null, out: Buffer, at: number): void {
  if (id !== null && id.start === 4) {
    out.set(bytes, at);
    return;
  }
  const head = id === null ? newIdElement() : bytes.subarray(id.start, id.end);
  out.writeInt32LE(idFirstLength(bytes, id), at);
  out.set(head, at + 4);
  let p = at + 4 + head.length;
  if (id === null) {
    out.set(bytes.subarray(4), p);
  } else {
    out.set(bytes.subarray(4, id.start), p);
    p += id.start - 4;
    out.set(bytes.subarray(id.end), p);
  }
}

/** type, "_id\0", 12 bytes. */
const ID_ELEMENT_BYTES = 1 + 4 + 12;

function newIdElement(): Buffer {
  const el = Buffer.allocUnsafe(1 + 4 + 12);
  el[0] = 0x07;
  el.write('_id\0', 1, 'latin1');
  el.set(new ObjectId().id, 5);
  return el;
}
