// Handshake, diagnostics and namespace commands, answered as a standalone mongod 7.0 would.
import type { Document } from 'bson';
import { keyOf, bsonEquals, isPlainObject } from './bson-values';
import { type CommandHandler, collectionName } from './context';
import { badValue, CommandError, namespaceNotFound } from './errors';
import { compileFilter } from './filter';
import type { IndexSpec } from './index-map';

const MAX_BSON = 16 * 1024 * 1024;
const VERSION = '7.0.0';

const helloReply = (legacy: boolean, connectionId: number): Document => ({
  helloOk: true,
  // Deliberately no setName (the driver would expect a replica set) and no topologyVersion
  // (it would switch to awaitable hello): this is a standalone server.
  ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
  maxBsonObjectSize: MAX_BSON,
  maxMessageSizeBytes: 48_000_000,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId,
  minWireVersion: 0,
  maxWireVersion: 21,
  readOnly: false,
  ok: 1,
});

const hello: CommandHandler = (_cmd, _db, _s, conn) => helloReply(false, conn.id);
const isMaster: CommandHandler = (_cmd, _db, _s, conn) => helloReply(true, conn.id);

const buildInfo: CommandHandler = () => ({
  version: VERSION,
  gitVersion: 'in-memory-sandbox',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON,
  storageEngines: ['inMemory'],
  javascriptEngine: 'none',
  ok: 1,
});

const getParameter: CommandHandler = (cmd) => {
  const out: Document = { ok: 1 };
  if (cmd.featureCompatibilityVersion !== undefined || cmd.getParameter === '*') out.featureCompatibilityVersion = { version: '7.0' };
  return out;
};

const serverStatus: CommandHandler = (_cmd, _db, s) => ({
  host: `127.0.0.1:${s.port()}`,
  version: VERSION,
  process: 'mongod',
  pid: process.pid,
  uptime: Math.floor((Date.now() - s.startedAt) / 1000),
  uptimeMillis: Date.now() - s.startedAt,
  localTime: new Date(),
  connections: { current: s.openConnections, available: 1_000_000, totalCreated: s.totalConnections },
  storageEngine: { name: 'inMemory' },
  ok: 1,
});

const ok: CommandHandler = () => ({ ok: 1 });

const whatsmyuri: CommandHandler = (_cmd, _db, _s, conn) => ({ you: conn.remote, ok: 1 });

const listDatabases: CommandHandler = (cmd, _db, s) => {
  const names = s.storage.databases();
  const databases = cmd.nameOnly === true ? names.map((name) => ({ name })) : names.map((name) => ({ name, sizeOnDisk: 0, empty: false }));
  return { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
};

const dbStats: CommandHandler = (_cmd, db, s) => {
  const colls = s.storage.collections(db);
  return {
    db,
    collections: colls.length,
    views: 0,
    objects: colls.reduce((n, c) => n + c.size, 0),
    avgObjSize: 0,
    dataSize: 0,
    storageSize: 0,
    indexes: colls.reduce((n, c) => n + c.indexes.size, 0),
    indexSize: 0,
    ok: 1,
  };
};

const create: CommandHandler = (cmd, db, s) => {
  const name = collectionName(cmd);
  if (s.storage.get(db, name) !== undefined) {
    throw new CommandError(48, 'NamespaceExists', `Collection ${db}.${name} already exists.`);
  }
  const { create: _name, $db: _db, lsid: _lsid, $clusterTime: _ct, writeConcern: _wc, $readPreference: _rp, ...options } = cmd;
  s.storage.ensure(db, name, options);
  return { ok: 1 };
};

const drop: CommandHandler = (cmd, db, s) => {
  const name = collectionName(cmd);
  const dropped = s.storage.drop(db, name);
  // mongod 7 no longer fails when the collection does not exist.
  return dropped === undefined ? { ok: 1 } : { nIndexesWas: dropped.indexes.size, ns: `${db}.${name}`, ok: 1 };
};

const dropDatabase: CommandHandler = (_cmd, db, s) => {
  s.storage.dropDatabase(db);
  return { dropped: db, ok: 1 };
};

const listCollections: CommandHandler = (cmd, db, s) => {
  const filter = compileFilter(cmd.filter as Document | undefined);
  const nameOnly = cmd.nameOnly === true;
  const docs = s.storage
    .collections(db)
    .map((c) =>
      nameOnly
        ? { name: c.name, type: 'collection' }
        : { name: c.name, type: 'collection', options: c.options, info: { readOnly: false }, idIndex: { v: 2, key: { _id: 1 }, name: '_id_' } },
    )
    .filter((d) => filter(d));
  const cursor = isPlainObject(cmd.cursor) ? cmd.cursor : {};
  const batchSize = typeof cursor.batchSize === 'number' ? cursor.batchSize : undefined;
  return s.cursors.first(`${db}.$cmd.listCollections`, docs, false, batchSize);
};

const renameCollection: CommandHandler = (cmd, _db, s) => {
  const from: unknown = cmd.renameCollection;
  const to: unknown = cmd.to;
  if (typeof from !== 'string' || typeof to !== 'string') throw badValue('renameCollection and to must be namespaces');
  const [fromDb, ...fromRest] = from.split('.');
  const [toDb, ...toRest] = to.split('.');
  const source = s.storage.get(fromDb, fromRest.join('.'));
  if (source === undefined) throw new CommandError(26, 'NamespaceNotFound', 'source namespace does not exist');
  if (s.storage.get(toDb, toRest.join('.')) !== undefined) {
    if (cmd.dropTarget !== true) throw new CommandError(48, 'NamespaceExists', 'target namespace exists');
    s.storage.drop(toDb, toRest.join('.'));
  }
  s.storage.rename(source, toDb, toRest.join('.'));
  return { ok: 1 };
};

/** Index options that make two specs different indexes (everything else is cosmetic). */
const MEANINGFUL = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'collation', 'hidden'];
const optionsEqual = (a: Document, b: Document): boolean => MEANINGFUL.every((k) => bsonEquals(a[k] ?? false, b[k] ?? false));

const createIndexes: CommandHandler = (cmd, db, s) => {
  const name = collectionName(cmd);
  const specs: unknown = cmd.indexes;
  if (!Array.isArray(specs) || specs.length === 0) throw badValue('Must specify at least one index to create');
  const { coll, created } = s.storage.ensure(db, name);
  const before = coll.indexes.size;
  for (const raw of specs) {
    if (!isPlainObject(raw) || !isPlainObject(raw.key) || typeof raw.name !== 'string') {
      throw badValue('index specification must have a key object and a name');
    }
    const { v: _v, key, name: indexName, ...options } = raw;
    const spec: IndexSpec = { v: 2, key, name: indexName, ...options };
    const sameName = coll.indexes.get(indexName);
    if (sameName !== undefined) {
      if (keyOf(sameName.spec.key) === keyOf(key) && optionsEqual(sameName.spec, spec)) continue;
      throw new CommandError(
        86,
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
      );
    }
    for (const ix of coll.indexes.values()) {
      if (keyOf(ix.spec.key) !== keyOf(key)) continue;
      if (optionsEqual(ix.spec, spec)) throw new CommandError(85, 'IndexOptionsConflict', `Index already exists with a different name: ${ix.name}`);
      throw new CommandError(86, 'IndexKeySpecsConflict', `An existing index has the same key pattern with different options: ${ix.name}`);
    }
    coll.addIndex(spec);
  }
  const reply: Document = { numIndexesBefore: before, numIndexesAfter: coll.indexes.size, createdCollectionAutomatically: created, ok: 1 };
  if (before === coll.indexes.size) reply.note = 'all indexes already exist';
  return reply;
};

const listIndexes: CommandHandler = (cmd, db, s) => {
  const name = collectionName(cmd);
  const coll = s.storage.get(db, name);
  if (coll === undefined) throw namespaceNotFound(`${db}.${name}`);
  const docs = [...coll.indexes.values()].map((ix) => ix.spec);
  const cursor = isPlainObject(cmd.cursor) ? cmd.cursor : {};
  const batchSize = typeof cursor.batchSize === 'number' ? cursor.batchSize : undefined;
  return s.cursors.first(`${db}.${name}`, docs, false, batchSize);
};

const dropIndexes: CommandHandler = (cmd, db, s) => {
  const name = collectionName(cmd);
  const coll = s.storage.get(db, name);
  if (coll === undefined) throw namespaceNotFound(`${db}.${name}`);
  const was = coll.indexes.size;
  const which: unknown = cmd.index;
  let names: string[];
  if (which === '*') names = [...coll.indexes.keys()].filter((n) => n !== '_id_');
  else if (typeof which === 'string') names = [which];
  else if (Array.isArray(which)) names = which.map(String);
  else if (isPlainObject(which)) {
    const match = [...coll.indexes.values()].find((ix) => keyOf(ix.spec.key) === keyOf(which));
    if (match === undefined) throw new CommandError(27, 'IndexNotFound', `can't find index with key: ${JSON.stringify(which)}`);
    names = [match.name];
  } else throw badValue('invalid index name spec');
  for (const n of names) {
    if (n === '_id_') throw new CommandError(72, 'InvalidOptions', 'cannot drop _id index');
    if (!coll.indexes.has(n)) throw new CommandError(27, 'IndexNotFound', `index not found with name [${n}]`);
  }
  for (const n of names) coll.dropIndex(n);
  return { nIndexesWas: was, ok: 1 };
};

/** collMod: only the TTL change mongoose's syncIndexes may ask for. */
const collMod: CommandHandler = (cmd, db, s) => {
  const name = collectionName(cmd);
  const coll = s.storage.get(db, name);
  if (coll === undefined) throw namespaceNotFound(`${db}.${name}`);
  const index: unknown = cmd.index;
  if (isPlainObject(index)) {
    const ix = [...coll.indexes.values()].find((i) => i.name === index.name || (isPlainObject(index.keyPattern) && keyOf(i.spec.key) === keyOf(index.keyPattern)));
    if (ix === undefined) throw new CommandError(27, 'IndexNotFound', 'cannot find index');
    if (typeof index.expireAfterSeconds === 'number') ix.spec.expireAfterSeconds = index.expireAfterSeconds;
  }
  return { ok: 1 };
};

const transactionsUnsupported: CommandHandler = () => {
  throw new CommandError(20, 'IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
};

export const adminCommands: Record<string, CommandHandler> = {
  hello,
  isMaster,
  ismaster: isMaster,
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  serverStatus,
  hostInfo: () => ({ system: { hostname: '127.0.0.1', numCores: 1 }, os: { type: process.platform }, ok: 1 }),
  whatsmyuri,
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  endSessions: ok,
  killSessions: ok,
  refreshSessions: ok,
  listDatabases,
  dbStats,
  create,
  drop,
  dropDatabase,
  listCollections,
  renameCollection,
  createIndexes,
  listIndexes,
  dropIndexes,
  collMod,
  abortTransaction: transactionsUnsupported,
  commitTransaction: transactionsUnsupported,
};
