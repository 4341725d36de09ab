// MongoDB wire protocol: framing, OP_MSG (2013), legacy OP_QUERY (2004, only for the driver's
// first `ismaster`) and the OP_REPLY (1) that answers it.
import { type Document, deserialize, serialize } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

const FLAG_CHECKSUM_PRESENT = 1 << 0;
const FLAG_MORE_TO_COME = 1 << 1;

/** The driver's maxMessageSizeBytes; anything larger is a broken stream. */
export const MAX_MESSAGE_BYTES = 48_000_000;

/** Promote nothing that would lose a type: Longs stay Long so they round-trip exactly. */
const DESERIALIZE = { promoteLongs: false } as const;

export interface Request {
  requestId: number;
  opCode: number;
  /**
   * Command document with kind-1 sequences merged in (e.g. `documents` of an insert). An insert's
   * `documents` sequence is left as one Buffer of BSON per document.
   */
  body: Document;
  /** OP_MSG with moreToCome (w:0): the client expects no reply. */
  moreToCome: boolean;
  /** Database from `$db` (OP_MSG) or the `<db>.$cmd` namespace (OP_QUERY). */
  db: string;
}

/** Splits a TCP byte stream into whole messages without quadratic re-copying. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      if (this.chunks[0].length < 4) this.merge();
      const size = this.chunks[0].readInt32LE(0);
      if (size < 16 || size > MAX_MESSAGE_BYTES) throw new Error(`invalid message length ${size}`);
      if (this.buffered < size) break;
      if (this.chunks[0].length < size) this.merge();
      const head = this.chunks[0];
      frames.push(head.subarray(0, size));
      if (head.length === size) this.chunks.shift();
      else this.chunks[0] = head.subarray(size);
      this.buffered -= size;
    }
    return frames;
  }

  private merge(): void {
    this.chunks = [Buffer.concat(this.chunks, this.buffered)];
  }
}

export function parseMessage(frame: Buffer): Request {
  const requestId = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12);
  if (opCode === OP_MSG) return parseOpMsg(frame, requestId);
  if (opCode === OP_QUERY) return parseOpQuery(frame, requestId);
  throw new Error(`unsupported opCode ${opCode}`);
}

function parseOpMsg(frame: Buffer, requestId: number): Request {
  const flags = frame.readUInt32LE(16);
  const end = flags & FLAG_CHECKSUM_PRESENT ? frame.length - 4 : frame.length;
  let pos = 20;
  let body: Document | undefined;
  const sequences: Array<[string, Array<Document | Buffer>]> = [];
  while (pos < end) {
    const kind = frame[pos++];
    if (kind === 0) {
      const len = frame.readInt32LE(pos);
      body = deserialize(frame.subarray(pos, pos + len), DESERIALIZE);
      pos += len;
    } else if (kind === 1) {
      const len = frame.readInt32LE(pos);
      const sectionEnd = pos + len;
      let p = pos + 4;
      const nul = frame.indexOf(0, p);
      const id = frame.toString('utf8', p, nul);
      p = nul + 1;
      const docs: Array<Document | Buffer> = [];
      // An insert's documents stay BSON: the collection stores them as they are (see Rec).
      const keepBytes = id === 'documents';
      while (p < sectionEnd) {
        const dl = frame.readInt32LE(p);
        if (dl < 5 || p + dl > sectionEnd) throw new Error('corrupt OP_MSG document sequence');
        const bytes = frame.subarray(p, p + dl);
        docs.push(keepBytes ? bytes : deserialize(bytes, DESERIALIZE));
        p += dl;
      }
      sequences.push([id, docs]);
      pos = sectionEnd;
    } else {
      throw new Error(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (body === undefined) throw new Error('OP_MSG without a body section');
  for (const [id, docs] of sequences) {
    const existing: unknown = body[id];
    body[id] = Array.isArray(existing) ? [...(existing as Document[]), ...docs] : docs;
  }
  const db: unknown = body.$db;
  return { requestId, opCode: OP_MSG, body, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0, db: typeof db === 'string' ? db : 'admin' };
}

function parseOpQuery(frame: Buffer, requestId: number): Request {
  let pos = 20; // header + flags
  const nul = frame.indexOf(0, pos);
  const ns = frame.toString('utf8', pos, nul);
  pos = nul + 1 + 8; // numberToSkip, numberToReturn
  const len = frame.readInt32LE(pos);
  let body = deserialize(frame.subarray(pos, pos + len), DESERIALIZE);
  // Old drivers wrap the command when they add a read preference.
  if (body.$query !== undefined && typeof body.$query === 'object') body = body.$query as Document;
  const dot = ns.indexOf('.');
  return { requestId, opCode: OP_QUERY, body, moreToCome: false, db: dot >= 0 ? ns.slice(0, dot) : ns };
}

let nextResponseId = 1;

function header(total: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(16);
  h.writeInt32LE(total, 0);
  h.writeInt32LE(nextResponseId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** OP_MSG reply with one body section; `body` may already be BSON bytes. */
export function encodeOpMsg(responseTo: number, body: Document | Uint8Array): Buffer {
  const bytes = body instanceof Uint8Array ? body : serialize(body, { ignoreUndefined: true });
  const total = 16 + 4 + 1 + bytes.length;
  const out = Buffer.allocUnsafe(total);
  header(total, responseTo, OP_MSG).copy(out, 0);
  out.writeUInt32LE(0, 16);
  out[20] = 0;
  out.set(bytes, 21);
  return out;
}

/** OP_REPLY carrying one document (the answer to a legacy OP_QUERY command). */
export function encodeOpReply(responseTo: number, doc: Document): Buffer {
  const bytes = serialize(doc, { ignoreUndefined: true });
  const total = 16 + 20 + bytes.length;
  const out = Buffer.allocUnsafe(total);
  header(total, responseTo, OP_REPLY).copy(out, 0);
  out.writeInt32LE(0, 16); // responseFlags
  out.writeBigInt64LE(0n, 20); // cursorID
  out.writeInt32LE(0, 28); // startingFrom
  out.writeInt32LE(1, 32); // numberReturned
  out.set(bytes, 36);
  return out;
}
