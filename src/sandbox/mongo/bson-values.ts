// Value semantics shared by filters, indexes and sorts: mongod's canonical type order, comparison
// and a canonical string key per value (for hash indexes and grouping). One place, so an index
// lookup and a collection scan can never disagree about what "equal" means.
import { type Document, Long, type ObjectId, type Binary, type Timestamp } from 'bson';

/** Canonical type ranks as mongod orders them (missing and null share a rank). */
export const Rank = {
  MinKey: 1,
  Null: 5,
  Number: 10,
  String: 15,
  Object: 20,
  Array: 25,
  Binary: 30,
  ObjectId: 35,
  Boolean: 40,
  Date: 45,
  Timestamp: 47,
  RegExp: 50,
  Other: 60,
  MaxKey: 127,
} as const;

const bsonTypeOf = (v: object): string | undefined => (v as { _bsontype?: unknown })._bsontype as string | undefined;

/** A plain JS object as BSON deserialises a sub-document (not a Date, array or BSON class). */
export function isPlainObject(v: unknown): v is Document {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function rankOf(v: unknown): number {
  switch (typeof v) {
    case 'undefined':
      return Rank.Null;
    case 'number':
    case 'bigint':
      return Rank.Number;
    case 'string':
      return Rank.String;
    case 'boolean':
      return Rank.Boolean;
    case 'object':
      break;
    default:
      return Rank.Other;
  }
  if (v === null) return Rank.Null;
  if (Array.isArray(v)) return Rank.Array;
  if (v instanceof Date) return Rank.Date;
  if (v instanceof RegExp) return Rank.RegExp;
  switch (bsonTypeOf(v)) {
    case undefined:
      return v instanceof Uint8Array ? Rank.Binary : Rank.Object;
    case 'ObjectId':
      return Rank.ObjectId;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return Rank.Number;
    case 'BSONSymbol':
      return Rank.String;
    case 'Binary':
      return Rank.Binary;
    case 'Timestamp':
      return Rank.Timestamp;
    case 'BSONRegExp':
      return Rank.RegExp;
    case 'MinKey':
      return Rank.MinKey;
    case 'MaxKey':
      return Rank.MaxKey;
    default:
      return Rank.Other;
  }
}

/** Numeric value of any BSON number (Long and Decimal128 lose precision beyond a double). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'object' && v !== null) {
    const t = bsonTypeOf(v);
    if (t === 'Long') return (v as Long).toNumber();
    if (t === 'Int32' || t === 'Double') return Number((v as { valueOf(): number }).valueOf());
    if (t === 'Decimal128') return Number(String(v));
  }
  return NaN;
}

export const isNumeric = (v: unknown): boolean => typeof v === 'number' || rankOf(v) === Rank.Number;

const cmpPrim = (a: string | number | boolean, b: string | number | boolean): number => (a < b ? -1 : a > b ? 1 : 0);

function compareNumbers(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return 0;
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1; // mongod sorts NaN below every number
    if (Number.isNaN(b)) return 1;
    return a < b ? -1 : 1;
  }
  if (a instanceof Long && b instanceof Long) return a.compare(b);
  return compareNumbers(toNumber(a), toNumber(b));
}

const binaryBytes = (v: unknown): Uint8Array =>
  v instanceof Uint8Array ? v : (v as Binary).buffer.subarray(0, (v as Binary).position);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** mongod's total order over BSON values (missing compares equal to null). */
export function compareBson(a: unknown, b: unknown): number {
  if (a === b) return 0;
  // The common index keys first: same-type strings, numbers (NaN aside) and dates.
  if (typeof a === 'string') {
    if (typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  } else if (typeof a === 'number') {
    if (typeof b === 'number' && !Number.isNaN(a) && !Number.isNaN(b)) return a < b ? -1 : a > b ? 1 : 0;
  } else if (a instanceof Date && b instanceof Date) {
    return cmpPrim(a.getTime(), b.getTime());
  }
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case Rank.Null:
    case Rank.MinKey:
    case Rank.MaxKey:
      return 0;
    case Rank.Number:
      return compareNumbers(a, b);
    case Rank.String:
      return cmpPrim(String(a), String(b));
    case Rank.Boolean:
      return cmpPrim(a as boolean, b as boolean);
    case Rank.Date:
      return cmpPrim((a as Date).getTime(), (b as Date).getTime());
    case Rank.ObjectId:
      return compareObjectIds(a as ObjectId, b as ObjectId);
    case Rank.Array: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      const n = Math.min(xa.length, xb.length);
      for (let i = 0; i < n; i++) {
        const c = compareBson(xa[i], xb[i]);
        if (c !== 0) return c;
      }
      return xa.length - xb.length;
    }
    case Rank.Object:
      return compareObjects(a as Document, b as Document);
    case Rank.Binary: {
      const ba = binaryBytes(a);
      const bb = binaryBytes(b);
      if (ba.length === bb.length && !(a instanceof Uint8Array) && !(b instanceof Uint8Array)) {
        const st = (a as Binary).sub_type - (b as Binary).sub_type;
        if (st !== 0) return st;
      }
      return compareBytes(ba, bb);
    }
    case Rank.Timestamp:
      return (a as Timestamp).compare(b as Timestamp);
    case Rank.RegExp:
      return cmpPrim(String(a), String(b));
    default:
      return cmpPrim(String(a), String(b));
  }
}

/**
 * bson 7 keeps an ObjectId's 12 bytes as four 24-bit integers (i0…i3, big-endian order); reading
 * them directly avoids building a hex string per comparison or index key, which dominated bulk
 * loads. Falls back to the hex string if a bson version stores them otherwise.
 */
interface PackedObjectId {
  i0?: unknown;
  i1: number;
  i2: number;
  i3: number;
}
const packed = (v: ObjectId): PackedObjectId | null => {
  const p = v as unknown as PackedObjectId;
  return typeof p.i0 === 'number' && typeof p.i3 === 'number' ? p : null;
};

function compareObjectIds(a: ObjectId, b: ObjectId): number {
  const x = packed(a);
  const y = packed(b);
  if (x === null || y === null) return cmpPrim(a.toHexString(), b.toHexString());
  if (x.i0 !== y.i0) return (x.i0 as number) < (y.i0 as number) ? -1 : 1;
  if (x.i1 !== y.i1) return x.i1 < y.i1 ? -1 : 1;
  if (x.i2 !== y.i2) return x.i2 < y.i2 ? -1 : 1;
  if (x.i3 !== y.i3) return x.i3 < y.i3 ? -1 : 1;
  return 0;
}

/** `o` + the 12 bytes as six UTF-16 code units (fixed length, so still self-delimiting). */
function objectIdKey(v: ObjectId): string {
  const p = packed(v);
  if (p === null) return `o${v.toHexString()}`;
  const i0 = p.i0 as number;
  return `o${String.fromCharCode(i0 >>> 8, ((i0 & 0xff) << 8) | (p.i1 >>> 16), p.i1 & 0xffff, p.i2 >>> 8, ((p.i2 & 0xff) << 8) | (p.i3 >>> 16), p.i3 & 0xffff)}`;
}

function compareObjects(a: Document, b: Document): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const va: unknown = a[ka[i]];
    const vb: unknown = b[kb[i]];
    const r = rankOf(va) - rankOf(vb);
    if (r !== 0) return r < 0 ? -1 : 1;
    const k = cmpPrim(ka[i], kb[i]);
    if (k !== 0) return k;
    const c = compareBson(va, vb);
    if (c !== 0) return c;
  }
  return ka.length - kb.length;
}

/** Equality as a query's `$eq` sees it: 1, 1.0 and Long(1) are equal; field order matters. */
export function bsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return false;
  return compareBson(a, b) === 0 && rankOf(a) === rankOf(b);
}

/**
 * A canonical, self-delimiting string for a value: two values have the same key exactly when
 * they are equal as above. Used for hash indexes, unique constraints, $group and distinct.
 */
export function keyOf(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return `s${v.length}:${v}`;
    case 'number':
      return v === 0 ? '#0' : `#${v}`;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'undefined':
      return 'n';
    default:
      break;
  }
  if (v === null) return 'n';
  if (v instanceof Date) return `d${v.getTime()}`;
  if (Array.isArray(v)) return `[${v.map(keyOf).join(',')}]`;
  switch (rankOf(v)) {
    case Rank.ObjectId:
      return objectIdKey(v as ObjectId);
    case Rank.Number: {
      if (v instanceof Long && !v.equals(Long.fromNumber(v.toNumber()))) return `#L${v.toString()}`;
      const n = toNumber(v);
      return n === 0 ? '#0' : `#${n}`;
    }
    case Rank.String:
      return keyOf(String(v));
    case Rank.Object: {
      let out = '{';
      for (const [k, val] of Object.entries(v as Document)) out += `${k.length}:${k}=${keyOf(val)};`;
      return `${out}}`;
    }
    case Rank.Binary: {
      const bytes = binaryBytes(v);
      const subType = v instanceof Uint8Array ? 0 : (v as Binary).sub_type;
      return `b${subType}:${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64')}`;
    }
    case Rank.MinKey:
      return '<';
    case Rank.MaxKey:
      return '>';
    default: {
      const s = String(v);
      return `?${rankOf(v)}:${s.length}:${s}`;
    }
  }
}

/**
 * Deep copy that shares immutable BSON values (ObjectId, Long, Decimal128…) and copies plain
 * objects, arrays and Dates: enough to let an update or a mutating pipeline stage work on a
 * document without touching the stored one.
 */
export function cloneValue<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (isPlainObject(v)) {
    // Spread first: a copy built key by key turns into a slow dictionary-mode object past a
    // dozen fields; overwriting existing keys keeps the fast shape.
    const out: Document = { ...v };
    for (const k in out) {
      const x: unknown = out[k];
      if (typeof x === 'object' && x !== null) out[k] = cloneValue(x);
    }
    return out as T;
  }
  return v;
}

/** mongod's shell-like rendering of a value in error messages (`{ email: "a@b" }`). */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return `[ ${v.map(formatValue).join(', ')} ]`;
  if (isPlainObject(v)) {
    const parts = Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x)}`);
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }
  const t = bsonTypeOf(v as object);
  if (t === 'ObjectId') return `ObjectId('${(v as ObjectId).toHexString()}')`;
  return String(v);
}
