// The embedded start (nothing configured → src/sandbox/index.ts startSandbox) keeps finished queue
// records only for SANDBOX_FINISHED_TTL_SECONDS, so a long-running sandbox stays within bounded
// memory; pending records, and finished ones younger than the cap, stay.
import type { Connection, Model } from 'mongoose';
import { loadConfig } from '../../src/config/env';
import { evidenceJobModel } from '../../src/evidence/store';
import { inboxModel } from '../../src/inbox/inbox';
import { outboxModel } from '../../src/outbox/outbox';
import { SANDBOX_CAPPED_COLLECTIONS, sandboxTtlCaps, startSandbox, type Sandbox } from '../../src/sandbox';
import { connectMongo } from '../../src/store/connection';
import { timerModel } from '../../src/timers/timers';
import { testLogger } from '../helpers/service';

// LINE credentials set: only the database part of the sandbox starts (no emulator on a fixed port).
const config = loadConfig({ LINE_CHANNEL_SECRET: 'sandbox-test-secret', LINE_CHANNEL_ACCESS_TOKEN: 'sandbox-test-token', SANDBOX_MONGO_PORT: '0' });

let sandbox: Sandbox;
let conn: Connection;

beforeAll(async () => {
  sandbox = await startSandbox(config, testLogger());
  conn = await connectMongo(sandbox.mongoUri!);
});

afterAll(async () => {
  await conn.close();
  await sandbox.close();
});

type QueueModel = Model<{ _id: string }>;
const queues = (): Array<[string, QueueModel]> => [
  ['inbox', inboxModel(conn) as unknown as QueueModel],
  ['outbox', outboxModel(conn) as unknown as QueueModel],
  ['timers', timerModel(conn) as unknown as QueueModel],
  ['evidence jobs', evidenceJobModel(conn) as unknown as QueueModel],
];

it('when the sandbox starts with the defaults, then the cap is 300 s on exactly the four queue collections', () => {
  expect(config.SANDBOX_FINISHED_TTL_SECONDS).toBe(300);
  expect(sandboxTtlCaps(config)).toEqual({ inbox_events: 300, outbox: 300, timers: 300, evidence_jobs: 300 });
});

it.each([0, 1, 2, 3])('when queue %#’s model is built, then its collection is capped and its TTL index is on doneAt, declared longer than the cap', (i) => {
  const [, model] = queues()[i]!;
  expect(SANDBOX_CAPPED_COLLECTIONS).toContain(model.collection.collectionName);
  const ttl = model.schema.indexes().filter(([, o]) => typeof o.expireAfterSeconds === 'number');
  expect(ttl).toHaveLength(1);
  expect(ttl[0]![0]).toEqual({ doneAt: 1 });
  expect(ttl[0]![1].expireAfterSeconds).toBeGreaterThan(config.SANDBOX_FINISHED_TTL_SECONDS);
});

const base = (id: string, ageMs: number) => {
  const at = new Date(Date.now() - ageMs);
  return { _id: id, key: `k-${id}`, order: 1, attempts: 1, nextAttemptAt: at, createdAt: at };
};
const MIN = 60_000;
/** Extra fields each queue's schema requires. */
const required: Record<string, Record<string, unknown>> = {
  inbox: {},
  outbox: { retryKey: '00000000-0000-4000-8000-000000000000' },
  timers: { kind: 'test', dueAt: new Date(), payload: {} },
  'evidence jobs': { caseNumber: 'PHR-2569-0001', messageId: 'm1' },
};

it('when finished records are older than the cap, then they expire on the embedded server; pending ones and younger finished ones stay', async () => {
  for (const [name, model] of queues()) {
    await model.init();
    await model.collection.insertMany([
      // Done 10 min ago: past the 5 min cap, well within the days a real MongoDB keeps it.
      { ...base(`${name}-done-old`, 11 * MIN), ...required[name], status: 'done', doneAt: new Date(Date.now() - 10 * MIN) },
      { ...base(`${name}-parked-old`, 11 * MIN), ...required[name], status: 'parked', doneAt: new Date(Date.now() - 10 * MIN) },
      // Done 1 min ago: within the cap (redelivery dedup still needs it).
      { ...base(`${name}-done-young`, 2 * MIN), ...required[name], status: 'done', doneAt: new Date(Date.now() - MIN) },
      // Pending for an hour (retrying, or processed with its "done" not written yet): no doneAt, never expires.
      { ...base(`${name}-pending-old`, 60 * MIN), ...required[name], status: 'pending' },
    ] as never[]);
  }
  // The server's TTL pass runs every second: wait (bounded) until it has removed the old finished ones.
  for (let i = 0; i < 100; i++) {
    const left = await Promise.all(queues().map(([name, m]) => m.countDocuments({ _id: { $in: [`${name}-done-old`, `${name}-parked-old`] } })));
    if (left.every((n) => n === 0)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const [name, model] of queues()) {
    const ids = (await model.find({}, { _id: 1 }).lean()).map((d) => d._id).sort();
    expect({ name, ids }).toEqual({ name, ids: [`${name}-done-young`, `${name}-pending-old`] });
  }
});
