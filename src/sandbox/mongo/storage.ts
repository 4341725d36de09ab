// Databases are namespaces of collections; one server holds many (one per test suite).
import type { Document } from 'bson';
import { Collection } from './collection';
import { CommandError } from './errors';

export interface StorageOptions {
  /**
   * Per collection name, the longest time (seconds) its TTL indexes keep a document on this
   * server, whatever their expireAfterSeconds says. For an embedded server that must stay within
   * bounded memory while finished queue records would otherwise be kept for days.
   */
  ttlCapSeconds?: Readonly<Record<string, number>>;
}

export class Storage {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private readonly ttlCaps: ReadonlyMap<string, number>;

  constructor(options: StorageOptions = {}) {
    const caps = Object.entries(options.ttlCapSeconds ?? {});
    for (const [name, seconds] of caps) {
      if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`ttlCapSeconds.${name} must be a non-negative number of seconds`);
    }
    this.ttlCaps = new Map(caps);
  }

  get(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection, created on first write as mongod does implicitly. */
  ensure(db: string, name: string, options: Document = {}): { coll: Collection; created: boolean } {
    const existing = this.get(db, name);
    if (existing !== undefined) return { coll: existing, created: false };
    validateName(db, name);
    let colls = this.dbs.get(db);
    if (colls === undefined) {
      colls = new Map();
      this.dbs.set(db, colls);
    }
    const coll = new Collection(db, name, options);
    colls.set(name, coll);
    return { coll, created: true };
  }

  drop(db: string, name: string): Collection | undefined {
    const colls = this.dbs.get(db);
    const coll = colls?.get(name);
    if (colls === undefined || coll === undefined) return undefined;
    colls.delete(name);
    if (colls.size === 0) this.dbs.delete(db);
    return coll;
  }

  rename(from: Collection, toDb: string, toName: string): void {
    validateName(toDb, toName);
    this.drop(from.db, from.name);
    const moved = this.ensure(toDb, toName, from.options).coll;
    for (const ix of from.indexes.values()) if (ix.name !== '_id_') moved.addIndex(ix.spec);
    for (const rec of from.recs) moved.insert(rec.doc);
  }

  dropDatabase(db: string): void {
    this.dbs.delete(db);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  databases(): string[] {
    return [...this.dbs.keys()];
  }

  /** One pass of the TTL monitor over every collection that has a TTL index. */
  expire(now: number): void {
    for (const colls of this.dbs.values()) for (const c of colls.values()) c.expire(now, this.ttlCaps.get(c.name));
  }

  clear(): void {
    this.dbs.clear();
  }
}

function validateName(db: string, name: string): void {
  if (db.length === 0 || /[/\\. "$\0]/.test(db)) throw new CommandError(73, 'InvalidNamespace', `Invalid database name: '${db}'`);
  if (name.length === 0 || name.includes('\0') || name.startsWith('.') || name.includes('$')) {
    throw new CommandError(73, 'InvalidNamespace', `Invalid collection name: ${name}`);
  }
}
