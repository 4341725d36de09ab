import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { createGroupCommit } from '../queue/group-commit';

/** A document keyed by a string id (sessions are keyed by the LINE user id). */
export type Keyed = { _id: string } & Document;

/** One conditional replacement: `filter` names the document and the version it was decided on. */
export interface ConditionalReplace {
  filter: Keyed;
  doc: Keyed;
  /** Insert when nothing matches (a document that did not exist yet): a racing insert loses on `_id`. */
  upsert: boolean;
  /**
   * Whether the stored document, read back, is this write's (its version and the event it applied):
   * asked only when a grouped command's totals leave open which statements matched.
   */
  isOurs(stored: Document): boolean;
}

interface Op {
  write: ConditionalReplace;
  won?: boolean;
}

const DUPLICATE_KEY = 11000;

interface BulkFailure {
  code?: number;
  writeErrors?: Array<{ index?: number; code?: number }> | { index?: number; code?: number };
  result?: { matchedCount?: number; upsertedCount?: number; getWriteConcernError?(): unknown };
}

/**
 * Conditional replacements of one collection (optimistic concurrency: won or lost), group-committed:
 * the saves of concurrent workers in one tick go to MongoDB as one unordered `update` command instead
 * of one command each. An update command answers only totals, so a group whose totals are short of
 * its size (some statement lost its race: rare) reads those documents back and asks `isOurs`; a
 * duplicate key (two creations racing) is a lost race of its statement. Any other failure fails
 * every caller of the group, who retries its own save as it would after a failed single write.
 */
export function createGroupedReplace(coll: () => Collection<Keyed>, maxBatch = 200): (w: ConditionalReplace) => Promise<boolean> {
  async function one(op: Op) {
    const { filter, doc, upsert } = op.write;
    try {
      const r = await coll().replaceOne(filter, doc, { upsert, ignoreUndefined: true });
      op.won = r.matchedCount + r.upsertedCount === 1;
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
      op.won = false;
    }
  }

  async function many(ops: Op[]) {
    const stmts: AnyBulkWriteOperation<Keyed>[] = ops.map((o) => ({
      replaceOne: { filter: o.write.filter, replacement: o.write.doc, upsert: o.write.upsert },
    }));
    let applied: number;
    const lost = new Set<number>();
    const upserted = new Set<number>();
    try {
      const r = await coll().bulkWrite(stmts, { ordered: false, ignoreUndefined: true });
      applied = r.matchedCount + r.upsertedCount;
      for (const i of Object.keys(r.upsertedIds)) upserted.add(Number(i));
    } catch (err) {
      const e = err as BulkFailure;
      const errors = e.writeErrors === undefined ? [] : Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
      // Only lost creation races are this write's answer; anything else (network, write concern) is not.
      if (!errors.length || e.result?.getWriteConcernError?.() || !errors.every((w) => w.code === DUPLICATE_KEY && typeof w.index === 'number')) {
        throw err;
      }
      for (const w of errors) lost.add(w.index!);
      applied = (e.result?.matchedCount ?? 0) + (e.result?.upsertedCount ?? 0);
    }
    const open = ops.map((_, i) => i).filter((i) => !lost.has(i));
    if (applied === open.length) {
      for (const i of open) ops[i]!.won = true;
    } else {
      // Short: someone else saved first for some of them. Which ones, only the documents can say.
      for (const i of upserted) ops[i]!.won = true;
      const unknown = open.filter((i) => !upserted.has(i));
      const stored = await coll()
        .find({ _id: { $in: unknown.map((i) => ops[i]!.write.filter._id) } })
        .toArray();
      const byId = new Map(stored.map((d) => [String(d._id), d]));
      for (const i of unknown) {
        const d = byId.get(ops[i]!.write.filter._id);
        ops[i]!.won = d !== undefined && ops[i]!.write.isOurs(d);
      }
    }
    for (const i of lost) ops[i]!.won = false;
  }

  const commit = createGroupCommit<Op>({
    maxBatch,
    write: (ops) => (ops.length === 1 ? one(ops[0]!) : many(ops)),
    // The write settles lost races itself and throws only what leaves every statement unknown.
    failed: () => null,
  });

  return async (write) => {
    const op: Op = { write };
    await commit([op]);
    return op.won === true;
  };
}
