import type { Model } from 'mongoose';
import { text } from '../../src/bot/messages';
import { inboxModel } from '../../src/inbox/inbox';
import { outboxModel, retryKeyFor, type OutboxDoc } from '../../src/outbox/outbox';
import { lockModel } from '../../src/queue/keyed-queue';
import { textEvent } from '../helpers/line';
import { FAST, startHarness, waitFor, type Harness } from '../helpers/service';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('keyed_queue');
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.emulator.reset());
afterEach(() => jest.restoreAllMocks());

let seq = 0;
/** An outbox item as it sits in MongoDB (written before this instance started, e.g. before a restart). */
function stored(id: string, to: string, over: Partial<OutboxDoc> = {}): OutboxDoc {
  const now = new Date();
  return {
    _id: id,
    key: to,
    order: Date.now() * 1000 + seq++,
    rank: 1,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
    to,
    messages: [text(id)],
    retryKey: retryKeyFor(id),
    ...over,
  };
}

/** Counts calls of a model method whose filter names `key` (lock upserts, head reads). */
function countCalls<T>(model: Model<T>, method: 'updateOne' | 'aggregate', match: (args: unknown[]) => boolean) {
  const original = (model[method] as (...a: unknown[]) => unknown).bind(model);
  let n = 0;
  jest.spyOn(model, method).mockImplementation(((...args: unknown[]) => {
    if (match(args)) n += 1;
    return original(...args);
  }) as never);
  return () => n;
}

describe('which keys a poll picks', () => {
  it('when a key\'s head backs off while later items of it are due, then the key is not locked on every poll', async () => {
    const app = await h.instance({ start: false });
    const later = new Date(Date.now() + 60_000);
    await outboxModel(app.conn).collection.insertMany([
      stored('hol-head', 'U-hol', { nextAttemptAt: later, attempts: 3 }),
      stored('hol-2', 'U-hol'),
      stored('hol-3', 'U-hol'),
    ] as never[]);
    const lockUpserts = countCalls(lockModel(app.conn, 'outbox_locks'), 'updateOne', (a) => (a[0] as { _id?: string })._id === 'U-hol');
    const polls = countCalls(outboxModel(app.conn), 'aggregate', () => true);
    await app.service.start();
    await waitFor(() => polls() >= 10, 'ten polls');
    expect(lockUpserts()).toBe(0);
    expect(h.emulator.deliveries('U-hol')).toEqual([]);
    await app.stop();
  });

  it('when, after a restart, more than 500 keys are blocked behind backing-off heads, then a due key is still served at once', async () => {
    const app = await h.instance({ start: false });
    const later = new Date(Date.now() + 60_000);
    const blocked = Array.from({ length: 600 }, (_, i) => [
      stored(`blk-${i}-head`, `U-blk-${i}`, { nextAttemptAt: later, attempts: 2 }),
      stored(`blk-${i}-next`, `U-blk-${i}`),
    ]).flat();
    await outboxModel(app.conn).collection.insertMany(blocked as never[]);
    await outboxModel(app.conn).collection.insertMany([stored('due-1', 'U-due')] as never[]);
    await app.service.start();
    await waitFor(() => h.emulator.deliveries('U-due').length === 1, 'the due key served');
    expect(h.emulator.deliveries().filter((d) => d.to.startsWith('U-blk-'))).toEqual([]);
    await app.stop();
  });

  it('when an urgent item is enqueued behind routine ones of the same recipient, then it goes first', async () => {
    const app = await h.instance({ start: false });
    for (const n of [1, 2, 3]) await app.service.outbox.enqueue([{ id: `prio-r${n}`, to: 'C-prio', messages: [text(`ปกติ ${n}`)] }]);
    await app.service.outbox.enqueue([{ id: 'prio-u1', to: 'C-prio', messages: [text('ด่วน 1')], priority: 'urgent' }]);
    await app.service.outbox.enqueue([{ id: 'prio-u2', to: 'C-prio', messages: [text('ด่วน 2')], priority: 'urgent' }]);
    await app.service.start();
    await waitFor(() => h.emulator.deliveries('C-prio').length === 5, 'five deliveries');
    expect(h.emulator.messagesTo('C-prio').map((m) => (m.type === 'text' ? m.text : ''))).toEqual(['ด่วน 1', 'ด่วน 2', 'ปกติ 1', 'ปกติ 2', 'ปกติ 3']);
    await app.stop();
  });
});

describe('an instance that dies', () => {
  it('when an instance is killed mid-event, then the other instance takes its keys over long before the lease ends and processes the event once', async () => {
    const events: string[] = [];
    let releaseA: () => void = () => undefined;
    const aBlocked = new Promise<void>((r) => {
      releaseA = r;
    });
    const slowLease = { ...FAST, leaseMs: 120_000 };
    const route =
      (name: string) =>
      () =>
      async (ctx: { eventId: string }) => {
        events.push(`${name} started ${ctx.eventId}`);
        if (name === 'A') await aBlocked; // A is killed while handling it
        events.push(`${name} finished ${ctx.eventId}`);
        return true;
      };
    const a = await h.instance({ route: route('A') as never, tuning: slowLease });
    const b = await h.instance({ route: route('B') as never, tuning: slowLease, start: false });
    const e = textEvent({ userId: 'U-killed', text: 'ช่วยด้วย' });
    expect((await a.post([e])).status).toBe(200);
    await waitFor(() => events.includes(`A started ${e.webhookEventId}`), 'A handling the event');
    const lease = await lockModel(a.conn, 'inbox_locks').findById('u:U-killed').lean();
    expect(lease?.leaseUntil.getTime()).toBeGreaterThan(Date.now() + 60_000);

    a.service.halt(); // kill -9: no heartbeat, no renewal, no release
    events.push('A killed');
    await b.service.start();
    await waitFor(() => events.includes(`B finished ${e.webhookEventId}`), 'B taking over', 30_000);
    // B took the key from the dead owner, not from an expired lease.
    const lock = await lockModel(b.conn, 'inbox_locks').findById('u:U-killed').lean();
    expect(lock === null || lock.owner !== lease?.owner).toBe(true);
    expect(Date.now()).toBeLessThan(lease!.leaseUntil.getTime());
    expect(events).toEqual([`A started ${e.webhookEventId}`, 'A killed', `B started ${e.webhookEventId}`, `B finished ${e.webhookEventId}`]);
    await waitFor(async () => (await inboxModel(b.conn).findById(e.webhookEventId).lean())?.status === 'done', 'done');
    releaseA();
    await b.stop();
    await a.stop();
  });

  it('when an instance stops cleanly, then its heartbeat document is removed so no one waits for it', async () => {
    const a = await h.instance();
    const beats = () => a.conn.collection('instances').countDocuments({});
    const before = await beats();
    expect(before).toBeGreaterThan(0);
    const b = await h.instance();
    expect(await beats()).toBe(before + 1);
    await b.stop();
    expect(await beats()).toBe(before);
    await a.stop();
  });
});
