import type { Collection, Document } from 'mongodb';
import { DURABLE_WRITE } from '../store/connection';

interface Pending<Op> {
  ops: Op[];
  resolve(): void;
  reject(err: unknown): void;
}

export interface GroupCommitOptions<Op> {
  /** Writes the operations of every caller of one tick, as one command where it can. */
  write(ops: Op[]): Promise<void>;
  /**
   * From a failed `write`, the indexes (into the ops given to it) of the operations that were not
   * applied, or null when that is unknown (a network error, a write-concern error): then every
   * caller of the group gets the error.
   */
  failed(err: unknown, total: number): number[] | null;
  /** Operations per command at most; a tick with more is written as several commands. */
  maxBatch?: number;
}

/**
 * Group commit: writes from concurrent callers that arrive in the same tick go to MongoDB as one
 * command (the queue's workers and the webhook requests each have their own write; under load many
 * of them land in the same tick). Each caller learns about its own operations only: it is resolved
 * when all of them were applied and rejected with the error when any was not, so a caller never
 * takes something for written that was not. A caller that needs a per-operation result (matched or
 * not) cannot use this: a batched command returns only totals.
 */
export function createGroupCommit<Op>(o: GroupCommitOptions<Op>): (ops: Op[]) => Promise<void> {
  const maxBatch = o.maxBatch ?? 500;
  let queue: Pending<Op>[] = [];
  let scheduled = false;

  async function flush(batch: Pending<Op>[]) {
    const ops = batch.flatMap((p) => p.ops);
    const owners = batch.flatMap((p) => p.ops.map(() => p));
    const failed = new Map<Pending<Op>, unknown>();
    try {
      await o.write(ops);
    } catch (err) {
      const unapplied = o.failed(err, ops.length);
      if (!unapplied) for (const p of batch) failed.set(p, err);
      else for (const i of unapplied) if (owners[i]) failed.set(owners[i], err);
    }
    for (const p of batch) {
      const f = failed.get(p);
      if (f) p.reject(f);
      else p.resolve();
    }
  }

  function run() {
    scheduled = false;
    const all = queue;
    queue = [];
    while (all.length) {
      const batch: Pending<Op>[] = [];
      let n = 0;
      while (all.length && n < maxBatch) {
        const p = all.shift()!;
        batch.push(p);
        n += p.ops.length;
      }
      void flush(batch);
    }
  }

  return (ops: Op[]): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (!ops.length) return resolve();
      queue.push({ ops, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(run);
      }
    });
}

interface BulkUpdateFailure {
  writeErrors?: Array<{ index?: unknown }>;
  result?: { getWriteConcernError?(): unknown };
}

/**
 * The statements of a failed unordered update command that were not applied: those its write errors
 * name (by index). Without write errors (a network error: the command may or may not have run) or
 * with a write-concern error (applied but not known to be durable), null: every caller is failed
 * and retries its own statement, which is safe because each is conditional on the state it changes.
 */
export function unappliedStatements(err: unknown): number[] | null {
  const e = err as BulkUpdateFailure;
  if (!Array.isArray(e.writeErrors) || !e.writeErrors.length) return null;
  if (e.result?.getWriteConcernError?.()) return null;
  const indexes = e.writeErrors.map((w) => w.index);
  return indexes.every((i): i is number => typeof i === 'number') ? indexes : null;
}

export interface UpdateStatement {
  filter: Document;
  update: Document;
}

/**
 * Single-document updates of one collection, group-committed: the statements of one tick go as one
 * unordered `update` command (bulkWrite), durable (majority + journal). A lone statement goes as the
 * plain updateOne it would have been. For writes whose caller does not look at what they matched.
 */
export function createBatchUpdater(coll: () => Collection<Document>, maxBatch = 500): (filter: Document, update: Document) => Promise<void> {
  const commit = createGroupCommit<UpdateStatement>({
    maxBatch,
    write: async (stmts) => {
      if (stmts.length === 1) {
        await coll().updateOne(stmts[0]!.filter, stmts[0]!.update, { writeConcern: DURABLE_WRITE });
        return;
      }
      await coll().bulkWrite(
        stmts.map((s) => ({ updateOne: { filter: s.filter, update: s.update } })),
        { ordered: false, writeConcern: DURABLE_WRITE },
      );
    },
    failed: (err) => unappliedStatements(err),
  });
  return (filter, update) => commit([{ filter, update }]);
}
