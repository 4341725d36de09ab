import type { Model } from 'mongoose';
import { DURABLE_WRITE, driverCollection } from '../store/connection';
import { unstoredIndexes } from '../store/write-errors';

interface Pending<D> {
  docs: D[];
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Group commit: inserts from concurrent callers that arrive in the same tick go to MongoDB as one
 * unordered insertMany. Each caller learns about its own documents only: a duplicate `_id` counts as
 * stored (it is a redelivery), any other failure rejects the callers whose documents it touched.
 */
export function createBatchInserter<D extends { _id: string }>(model: Model<D>, maxBatch = 500) {
  let queue: Pending<D>[] = [];
  let scheduled = false;

  async function flush(batch: Pending<D>[]) {
    const docs = batch.flatMap((p) => p.docs);
    const owners = batch.flatMap((p) => p.docs.map(() => p));
    const failed = new Map<Pending<D>, unknown>();
    try {
      // The caller answers LINE 200 on this write: majority + journal, so a failover cannot roll it back.
      await driverCollection(model).insertMany(docs as never[], { ordered: false, writeConcern: DURABLE_WRITE });
    } catch (err) {
      const unstored = unstoredIndexes(err, docs.length);
      if (!unstored) for (const p of batch) failed.set(p, err);
      else for (const i of unstored) failed.set(owners[i], err);
    }
    for (const p of batch) {
      const f = failed.get(p);
      if (f) p.reject(f);
      else p.resolve();
    }
  }

  function run() {
    scheduled = false;
    while (queue.length) {
      const batch: Pending<D>[] = [];
      let n = 0;
      while (queue.length && n < maxBatch) {
        const p = queue.shift()!;
        batch.push(p);
        n += p.docs.length;
      }
      void flush(batch);
    }
  }

  return (docs: D[]): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (!docs.length) return resolve();
      queue.push({ docs, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(run);
      }
    });
}
