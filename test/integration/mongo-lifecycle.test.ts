// The in-memory server itself: start/close behaviour and wire-level answers. Always runs its own
// server (it takes it down), whatever TEST_MONGODB_URI says.
import { MongoClient, MongoServerError } from 'mongodb';
import mongoose from 'mongoose';
import { startMongoServer } from '../../src/sandbox/mongo/server';

it('when the server is closed, then a connected client fails its next operation quickly', async () => {
  const server = await startMongoServer();
  const conn = await mongoose.createConnection(`${server.uri}/lifecycle`, { serverSelectionTimeoutMS: 500 }).asPromise();
  const Item = conn.model('Item', new mongoose.Schema({ n: Number }));
  await Item.create({ n: 1 });

  const started = Date.now();
  await server.close();
  const closeMs = Date.now() - started;
  const err: unknown = await Item.findOne({ n: 1 })
    .lean()
    .catch((e: unknown) => e);

  expect(err).toBeInstanceOf(Error);
  expect(closeMs).toBeLessThan(5000);
  await conn.close();
});

it('when a server is started on port 0, then it reports a free port in a URI without a database', async () => {
  const server = await startMongoServer();

  expect(server.port).toBeGreaterThan(0);
  expect(server.uri).toBe(`mongodb://127.0.0.1:${server.port}`);
  await server.close();
  await server.close(); // closing twice is harmless
});

describe('over the raw driver', () => {
  let server: Awaited<ReturnType<typeof startMongoServer>>;
  let client: MongoClient;

  beforeAll(async () => {
    server = await startMongoServer();
    client = await new MongoClient(server.uri).connect();
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('when an unknown command is sent, then it fails with code 59 CommandNotFound', async () => {
    const err: unknown = await client
      .db('raw')
      .command({ noSuchCommand: 1 })
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(MongoServerError);
    expect(err).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });

  it('when the driver connects with a serverApi, then the OP_MSG hello handshake works too', async () => {
    const versioned = await new MongoClient(server.uri, { serverApi: { version: '1' } }).connect();

    expect(await versioned.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
    await versioned.close();
  });

  it('when writes use w:0 (moreToCome), then they are applied without a reply', async () => {
    const coll = client.db('raw').collection('fire_and_forget');

    await coll.insertOne({ k: 'w0' }, { writeConcern: { w: 0 } });

    let n = 0;
    for (let i = 0; i < 50 && n === 0; i++) {
      n = await coll.countDocuments({ k: 'w0' });
      if (n === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(n).toBe(1);
  });

  it('when a find needs several getMore batches, then the cursor id survives as an int64 round trip', async () => {
    const coll = client.db('raw').collection('batches');
    await coll.insertMany(Array.from({ length: 25 }, (_, i) => ({ i })));

    const seen = await coll.find({}, { batchSize: 4 }).sort({ i: 1 }).toArray();

    expect(seen.map((d) => d.i)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('when an upsert filter pins _id, then the inserted document keeps that _id', async () => {
    const coll = client.db('raw').collection<{ _id: string; n?: number }>('pinned');

    const res = await coll.updateOne({ _id: 'case-counter' }, { $inc: { n: 1 } }, { upsert: true });
    await coll.updateOne({ _id: 'case-counter' }, { $inc: { n: 1 } }, { upsert: true });

    expect(res.upsertedId).toBe('case-counter');
    expect(await coll.findOne({ _id: 'case-counter' })).toEqual({ _id: 'case-counter', n: 2 });
  });
});

it('when a collection has a TTL cap, then its documents expire after the cap while other collections keep the declared TTL', async () => {
  const server = await startMongoServer({ ttlCapSeconds: { outbox: 1 } });
  const client = await new MongoClient(server.uri).connect();
  try {
    const db = client.db('ttl_cap');
    for (const name of ['outbox', 'sessions']) {
      // Declared as the product does: finished records kept for days.
      await db.collection(name).createIndex({ doneAt: 1 }, { expireAfterSeconds: 3 * 24 * 3600 });
      await db.collection(name).insertMany([
        { k: 'finished', doneAt: new Date(Date.now() - 5000) },
        { k: 'pending' },
      ]);
    }

    // The monitor runs every second: poll with a generous bound (no timing is asserted).
    const deadline = Date.now() + 60_000;
    while ((await db.collection('outbox').countDocuments({ k: 'finished' })) > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }

    expect(await db.collection('outbox').find({}, { projection: { _id: 0, k: 1 } }).toArray()).toEqual([{ k: 'pending' }]);
    expect(await db.collection('sessions').countDocuments()).toBe(2);
  } finally {
    await client.close();
    await server.close();
  }
}, 90_000);

it('when a TTL cap is not a number of seconds, then the server refuses to start', async () => {
  await expect(startMongoServer({ ttlCapSeconds: { outbox: -1 } })).rejects.toThrow(/ttlCapSeconds\.outbox/);
});
