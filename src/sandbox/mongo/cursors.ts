// Open cursors: the remaining results of a find/aggregate, handed out by getMore. Results are
// materialised when the query runs (documents are immutable, so holding them is safe).
import { type Document, Long } from 'bson';
import { encodeCursorReply, encodeDocument, MAX_BATCH_BYTES } from './encode';
import { CommandError } from './errors';

interface OpenCursor {
  ns: string;
  docs: readonly Document[];
  pos: number;
  /** Whether `docs` are stored documents (their encoding may be cached). */
  stored: boolean;
  lastUsed: number;
}

/** mongod's default idle timeout for cursors. */
const IDLE_MS = 10 * 60 * 1000;
const DEFAULT_FIRST_BATCH = 101;

export class CursorRegistry {
  private readonly open = new Map<string, OpenCursor>();
  private nextId = 1;

  /**
   * The first batch of a result set, as a ready-made reply; a cursor stays open if more remain.
   * `batchSize` undefined → mongod's default of 101 documents.
   */
  first(ns: string, docs: readonly Document[], stored: boolean, batchSize: number | undefined, singleBatch = false): Buffer {
    const c: OpenCursor = { ns, docs, pos: 0, stored, lastUsed: Date.now() };
    const batch = this.take(c, singleBatch ? Number.MAX_SAFE_INTEGER : (batchSize ?? DEFAULT_FIRST_BATCH));
    let id = Long.ZERO;
    if (!singleBatch && c.pos < docs.length) {
      id = Long.fromNumber(this.nextId++);
      this.open.set(id.toString(), c);
    }
    return encodeCursorReply(ns, id, 'firstBatch', batch);
  }

  more(idValue: unknown, ns: string, batchSize: number | undefined): Buffer {
    const id = Long.isLong(idValue) ? idValue : Long.fromNumber(Number(idValue));
    const key = id.toString();
    const c = this.open.get(key);
    if (c === undefined) throw new CommandError(43, 'CursorNotFound', `cursor id ${key} not found`);
    if (c.ns !== ns) throw new CommandError(13, 'Unauthorized', `Requested getMore on namespace '${ns}', but cursor belongs to '${c.ns}'`);
    c.lastUsed = Date.now();
    const batch = this.take(c, batchSize ?? Number.MAX_SAFE_INTEGER);
    const done = c.pos >= c.docs.length;
    if (done) this.open.delete(key);
    return encodeCursorReply(ns, done ? Long.ZERO : id, 'nextBatch', batch);
  }

  kill(ids: readonly unknown[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of ids) {
      const id = Long.isLong(raw) ? raw : Long.fromNumber(Number(raw));
      (this.open.delete(id.toString()) ? killed : notFound).push(id);
    }
    return { killed, notFound };
  }

  sweep(now: number): void {
    for (const [k, c] of this.open) if (now - c.lastUsed > IDLE_MS) this.open.delete(k);
  }

  clear(): void {
    this.open.clear();
  }

  private take(c: OpenCursor, limit: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    let bytes = 0;
    while (c.pos < c.docs.length && out.length < limit) {
      const raw = encodeDocument(c.docs[c.pos], c.stored);
      // Always return at least one document, as mongod does.
      if (out.length > 0 && bytes + raw.length > MAX_BATCH_BYTES) break;
      out.push(raw);
      bytes += raw.length;
      c.pos++;
    }
    return out;
  }
}
