import type { Connection } from 'mongoose';
import type { Collection, Document } from 'mongodb';
import { createTimers, timerModel, unscheduledIndexes, type DurableTimers } from '../../src/timers/timers';
import type { TimerSpec } from '../../src/timers/types';
import { connectMongo, driverCollection, initModels } from '../../src/store/connection';
import { startTestDb, type TestDb } from '../helpers/mongo';
import { testLogger, waitFor } from '../helpers/service';

// Timer schedules of concurrent callers (the first steps of different conversations) in one tick go
// to MongoDB as one update command; each caller still learns whether its own timer is stored.

let db: TestDb;
let conn: Connection;
let timers: DurableTimers;
/** Update commands sent to the timers collection, by how many statements each carried (driver command monitoring). */
let updates: number[] = [];

beforeAll(async () => {
  db = await startTestDb('timers_grouped');
  conn = await connectMongo(db.uri, { monitorCommands: true });
  timerModel(conn);
  await initModels(conn);
  conn.getClient().on('commandStarted', (e) => {
    if (e.commandName === 'update' && e.command.update === 'timers') updates.push((e.command.updates as unknown[]).length);
  });
  // Polls far apart: the tests look at what schedule itself writes, not at firings.
  timers = createTimers({ conn, owner: 'owner-grouped', logger: testLogger(), pollMs: 60_000 });
});
afterAll(async () => {
  await timers.queue.stop();
  await conn.close();
  await db.stop();
});
beforeEach(() => {
  updates = [];
});
afterEach(() => jest.restoreAllMocks());

const raw = () => driverCollection(timerModel(conn)) as unknown as Collection<Document>;
const stored = (ids: string[]) => raw().find({ _id: { $in: ids } } as Document, { sort: { _id: 1 } }).toArray();
const later = (ms = 3_600_000) => new Date(Date.now() + ms);
const spec = (id: string, n: string, dueAt = later()): TimerSpec => ({ id, kind: 'test', dueAt, payload: { n } });

describe('grouped timer schedules', () => {
  it('when several conversations schedule their timers in the same tick, then one update command stores every timer as a pending queue item', async () => {
    const ids = ['g-a', 'g-b', 'g-c', 'g-d', 'g-e'];
    const dueAt = later();
    await Promise.all(ids.map((id) => timers.schedule(spec(id, id, dueAt))));
    expect(updates).toEqual([5]);
    const docs = await stored(ids);
    expect(docs.map((d) => [d._id, d.key, d.kind, d.status, d.attempts, d.payload, (d.dueAt as Date).getTime(), (d.nextAttemptAt as Date).getTime(), d.order])).toEqual(
      ids.map((id) => [id, id, 'test', 'pending', 0, { n: id }, dueAt.getTime(), dueAt.getTime(), dueAt.getTime()]),
    );
    // Not claimed: whichever instance is up when it is due takes it.
    expect(docs.every((d) => d.claimedBy === undefined && d.createdAt instanceof Date)).toBe(true);
  });

  it('when a timer is scheduled alone, then it is one update command with its one statement', async () => {
    await timers.schedule(spec('g-alone', 'alone'));
    expect(updates).toEqual([1]);
    expect((await stored(['g-alone'])).map((d) => d.payload)).toEqual([{ n: 'alone' }]);
  });

  it('when the same id is scheduled twice in one tick and again later, then there is one timer, the first one, and every call succeeds', async () => {
    const first = later(1000);
    await Promise.all([timers.schedule(spec('g-same', 'first', first)), timers.schedule(spec('g-same', 'second', later(2000)))]);
    await timers.schedule(spec('g-same', 'third', later(3000)));
    expect(updates).toEqual([2, 1]);
    const docs = await stored(['g-same']);
    expect(docs.map((d) => [d.payload, (d.dueAt as Date).getTime()])).toEqual([[{ n: 'first' }, first.getTime()]]);
  });

  it('when a timer that already fired or was cancelled is scheduled again, then it stays as it is', async () => {
    await timers.schedule(spec('g-cancelled', 'c'));
    await timers.cancel('g-cancelled');
    await raw().insertOne({ _id: 'g-done', key: 'g-done', order: 1, status: 'done', attempts: 1, nextAttemptAt: new Date(0), createdAt: new Date(0), doneAt: new Date(), kind: 'test', dueAt: new Date(0), payload: { n: 'old' } } as Document);
    await Promise.all([timers.schedule(spec('g-cancelled', 'again')), timers.schedule(spec('g-done', 'again', new Date()))]);
    const docs = await stored(['g-cancelled', 'g-done']);
    expect(docs.map((d) => [d._id, d.status, d.payload])).toEqual([
      ['g-cancelled', 'cancelled', { n: 'c' }],
      ['g-done', 'done', { n: 'old' }],
    ]);
  });

  it('when the grouped command fails as a whole, then every caller gets the error, and their retries store each timer once', async () => {
    const ids = ['g-down-1', 'g-down-2', 'g-down-3'];
    const spy = jest.spyOn(raw(), 'bulkWrite').mockRejectedValueOnce(new Error('connection reset'));
    const results = await Promise.allSettled(ids.map((id) => timers.schedule(spec(id, id))));
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual(ids.map(() => 'Error: connection reset'));
    expect(await stored(ids)).toEqual([]);
    spy.mockRestore();
    await Promise.all(ids.map((id) => timers.schedule(spec(id, id))));
    expect((await stored(ids)).map((d) => d._id)).toEqual(ids);
  });

  it('when the grouped command was applied but its answer was lost, then every caller gets the error and the retry changes nothing', async () => {
    const ids = ['g-lost-1', 'g-lost-2'];
    const coll = raw();
    const original = coll.bulkWrite.bind(coll);
    jest.spyOn(coll, 'bulkWrite').mockImplementationOnce((async (...args: Parameters<typeof coll.bulkWrite>) => {
      await original(...args);
      throw new Error('connection reset');
    }) as typeof coll.bulkWrite);
    const results = await Promise.allSettled(ids.map((id) => timers.schedule(spec(id, `${id}:first`))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await Promise.all(ids.map((id) => timers.schedule(spec(id, `${id}:retry`))));
    expect((await stored(ids)).map((d) => d.payload)).toEqual([{ n: 'g-lost-1:first' }, { n: 'g-lost-2:first' }]);
  });

  it('when a lone schedule fails, then its caller gets the error', async () => {
    jest.spyOn(raw(), 'updateOne').mockRejectedValueOnce(new Error('connection reset'));
    await expect(timers.schedule(spec('g-lone-down', 'x'))).rejects.toThrow('connection reset');
    expect(await stored(['g-lone-down'])).toEqual([]);
  });

  it('when a grouped timer is due already, then it fires once', async () => {
    const fired: string[] = [];
    timers.handle('due-now', async (payload) => {
      fired.push(String(payload.n));
    });
    timers.queue.start();
    await Promise.all(['g-now-1', 'g-now-2'].map((id) => timers.schedule({ id, kind: 'due-now', dueAt: new Date(), payload: { n: id } })));
    await waitFor(() => fired.length === 2, 'both firings');
    expect(fired.sort()).toEqual(['g-now-1', 'g-now-2']);
  });
});

describe('which schedules of a failed grouped upsert are not stored', () => {
  const bulkError = (writeErrors: Array<{ index?: unknown; code?: unknown }>, writeConcernError?: unknown) => ({
    writeErrors,
    result: { getWriteConcernError: () => writeConcernError },
  });

  it('when another instance inserted a timer first (duplicate key), then that schedule counts as stored; other write errors fail only their own caller', () => {
    expect(unscheduledIndexes(bulkError([{ index: 0, code: 11000 }]))).toEqual([]);
    expect(unscheduledIndexes(bulkError([{ index: 0, code: 11000 }, { index: 2, code: 2 }]))).toEqual([2]);
  });

  it('when the outcome is unknown (no write errors, a write-concern error, an unnamed statement), then every caller fails', () => {
    expect(unscheduledIndexes(new Error('connection reset'))).toBeNull();
    expect(unscheduledIndexes(bulkError([]))).toBeNull();
    expect(unscheduledIndexes(bulkError([{ index: 0, code: 11000 }], { code: 64 }))).toBeNull();
    expect(unscheduledIndexes(bulkError([{ code: 2 }]))).toBeNull();
  });
});
