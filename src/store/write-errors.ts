/**
 * Reading the outcome of an unordered insertMany that failed. The driver reports a network failure
 * mid-batch as a MongoBulkWriteError too, with no write errors: only a result in which every
 * document is accounted for (inserted, or refused one by one) says which documents are stored.
 */
interface BulkFailure {
  writeErrors?: Array<{ index: number; code: number }>;
  insertedCount?: number;
  result?: { insertedCount?: number };
}

/** Indexes of the documents that were not stored (a duplicate key counts as stored), or null if unknown. */
export function unstoredIndexes(err: unknown, total: number): number[] | null {
  const e = err as BulkFailure;
  const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors : [];
  const inserted = e.insertedCount ?? e.result?.insertedCount;
  if (!writeErrors.length || typeof inserted !== 'number' || inserted + writeErrors.length !== total) return null;
  return writeErrors.filter((w) => w.code !== 11000).map((w) => w.index);
}
