import type { Model } from 'mongoose';
import { createGroupCommit } from '../queue/group-commit';
import { DURABLE_WRITE, driverCollection } from '../store/connection';
import { unstoredIndexes } from '../store/write-errors';

/**
 * Group commit of the webhook's inserts (see group-commit.ts): the events of concurrent requests that
 * arrive in the same tick go to MongoDB as one unordered insertMany. A duplicate `_id` counts as
 * stored (it is a redelivery); any other failure rejects the callers whose documents it touched.
 */
export function createBatchInserter<D extends { _id: string }>(model: Model<D>, maxBatch = 500): (docs: D[]) => Promise<void> {
  return createGroupCommit<D>({
    maxBatch,
    // The caller answers LINE 200 on this write: majority + journal, so a failover cannot roll it back.
    write: async (docs) => {
      await driverCollection(model).insertMany(docs as never[], { ordered: false, writeConcern: DURABLE_WRITE });
    },
    failed: unstoredIndexes,
  });
}
