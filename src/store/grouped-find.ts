import type { Collection, Document, Sort } from 'mongodb';

export interface GroupedFindOptions {
  /** The field a caller names its documents by (a queue item's `key`, a session's `_id`). */
  field: string;
  /** What every caller's documents must also match (e.g. `{ status: 'pending' }`). */
  filter?: Document;
  /** The order within one key; the grouped command sorts by `field` first, then by this. */
  sort?: Record<string, 1 | -1>;
  /** Documents a caller gets at most (its first ones in `sort` order). */
  perKey: number;
  /** Keys per command at most; a tick with more is read as several commands. */
  maxBatch?: number;
}

interface Pending {
  key: string;
  resolve(docs: Document[]): void;
  reject(err: unknown): void;
}

/**
 * Reads from concurrent callers that arrive in the same tick, as one `find` command: each caller
 * asks for the first `perKey` documents of its key, the group asks for those of all its keys with
 * `$in` sorted by key, and each caller gets its own. The queue's workers moving on together (their
 * "done" writes are group-committed, so they resolve in the same tick) and the first messages of
 * many new conversations each read one key; under load many of those land in the same tick.
 *
 * What a caller gets is what its own `find(...).sort(...).limit(perKey)` would have returned at
 * the moment the group's command ran. The group's command is bounded (`perKey` per key in all): a
 * key holding more documents takes others' share, so when the command comes back full every key
 * short of `perKey` is read again on its own. A failed command fails every caller of the group.
 */
export function createGroupedFind(coll: () => Collection<Document>, o: GroupedFindOptions): (key: string) => Promise<Document[]> {
  const maxBatch = o.maxBatch ?? 200;
  const sort: Sort = { [o.field]: 1, ...(o.sort ?? {}) };
  let queue: Pending[] = [];
  let scheduled = false;

  const alone = (key: string) =>
    coll()
      .find({ ...o.filter, [o.field]: key }, { sort: o.sort ?? {}, limit: o.perKey })
      .toArray();

  async function flush(batch: Pending[]) {
    const keys = [...new Set(batch.map((p) => p.key))];
    try {
      let byKey: Map<string, Document[]>;
      if (keys.length === 1) {
        byKey = new Map([[keys[0]!, await alone(keys[0]!)]]);
      } else {
        const limit = keys.length * o.perKey;
        const docs = await coll()
          .find({ ...o.filter, [o.field]: { $in: keys } }, { sort, limit })
          .toArray();
        byKey = new Map(keys.map((k) => [k, []]));
        for (const d of docs) {
          const list = byKey.get(String(d[o.field]));
          if (list && list.length < o.perKey) list.push(d);
        }
        // Full: some key may have been cut off by another's documents; those short of perKey are read alone.
        if (docs.length === limit) {
          const short = keys.filter((k) => byKey.get(k)!.length < o.perKey);
          const again = await Promise.all(short.map(alone));
          short.forEach((k, i) => byKey.set(k, again[i]!));
        }
      }
      // Callers of the same key (rare) each get their own copies: a caller may change what it got.
      const given = new Set<string>();
      for (const p of batch) {
        const docs = byKey.get(p.key)!;
        p.resolve(given.has(p.key) ? structuredClone(docs) : docs);
        given.add(p.key);
      }
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  function run() {
    scheduled = false;
    const all = queue;
    queue = [];
    for (let i = 0; i < all.length; ) {
      // A batch holds at most maxBatch distinct keys (callers of the same key share their answer).
      const batch: Pending[] = [];
      const keys = new Set<string>();
      while (i < all.length && (keys.size < maxBatch || keys.has(all[i]!.key))) {
        keys.add(all[i]!.key);
        batch.push(all[i++]!);
      }
      void flush(batch);
    }
  }

  return (key: string) =>
    new Promise<Document[]>((resolve, reject) => {
      queue.push({ key, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(run);
      }
    });
}
