import { text } from '../../src/bot/messages';
import { inboxModel } from '../../src/inbox/inbox';
import { outboxModel, retryKeyFor, type OutboxDoc } from '../../src/outbox/outbox';
import { createKeyedQueue, queueSchema, type QueueItem } from '../../src/queue/keyed-queue';
import { createLiveness } from '../../src/queue/liveness';
import { driverCollection } from '../../src/store/connection';
import { textEvent } from '../helpers/line';
import { FAST, startHarness, testLogger, waitFor, type Harness } from '../helpers/service';

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
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
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

/** Counts calls of a model's (or its driver collection's) method whose arguments match (claims, head reads). */
function countCalls(target: object, method: 'updateOne' | 'aggregate' | 'find', match: (args: unknown[]) => boolean) {
  const model = target as Record<typeof method, (...a: unknown[]) => unknown>;
  const original = model[method].bind(model);
  let n = 0;
  jest.spyOn(model, method).mockImplementation(((...args: unknown[]) => {
    if (match(args)) n += 1;
    return original(...args);
  }) as never);
  return () => n;
}

describe('which keys a poll picks', () => {
  it('when a key\'s head backs off while later items of it are due, then the key is not read or claimed on every poll', async () => {
    const app = await h.instance({ start: false });
    const later = new Date(Date.now() + 60_000);
    await outboxModel(app.conn).collection.insertMany([
      stored('hol-head', 'U-hol', { nextAttemptAt: later, attempts: 3 }),
      stored('hol-2', 'U-hol'),
      stored('hol-3', 'U-hol'),
    ] as never[]);
    const raw = driverCollection(outboxModel(app.conn));
    const claims = countCalls(raw, 'updateOne', (a) => String((a[0] as { _id?: string })._id).startsWith('hol-'));
    const headReads = countCalls(raw, 'find', (a) => (a[0] as { key?: string }).key === 'U-hol');
    const polls = countCalls(outboxModel(app.conn), 'aggregate', () => true);
    await app.service.start();
    await waitFor(() => polls() >= 10, 'ten polls');
    expect(claims()).toBe(0);
    expect(headReads()).toBe(0);
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

describe('draining a key', () => {
  /** A queue of its own on a collection of its own: one slot, no polls after the first. */
  async function plainQueue(name: string, process: (item: QueueItem) => Promise<void>, newKeyHeadStartMs?: number) {
    const app = await h.instance({ start: false });
    const items = app.conn.model<QueueItem>(`Q_${name}`, queueSchema<QueueItem>(`q_${name}`, {}, 3600));
    await items.init();
    const queue = createKeyedQueue<QueueItem>({
      name,
      items,
      owner: `owner-${name}`,
      logger: testLogger(),
      concurrency: 1,
      pollMs: 600_000,
      process,
      newKeyHeadStartMs,
    });
    const now = new Date();
    const doc = (id: string, key: string, order: number): QueueItem => ({ _id: id, key, order, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now });
    return { app, items, queue, doc };
  }

  it('when a key with several items holds the only slot and another key waits, then the waiting key is served after one item, not after the whole key', async () => {
    const served: string[] = [];
    const q = await plainQueue('fair', async (item) => {
      served.push(item._id);
      if (item._id === 'a1') {
        await q.items.collection.insertOne(q.doc('b1', 'B', 1) as never);
        q.queue.kick(['B']);
      }
    });
    await q.items.collection.insertMany([q.doc('a1', 'A', 1), q.doc('a2', 'A', 2), q.doc('a3', 'A', 3)] as never[]);
    q.queue.start();
    await waitFor(() => served.length === 4, 'four items served');
    expect(served).toEqual(['a1', 'b1', 'a2', 'a3']);
    await q.queue.stop();
    await q.app.stop();
  });

  it('when all slots are busy and a new conversation arrives beside one going on, then the new one is served first', async () => {
    const served: string[] = [];
    let open: () => void = () => undefined;
    const blocked = new Promise<void>((r) => {
      open = r;
    });
    const q = await plainQueue('newfirst', async (item) => {
      served.push(item._id);
      if (item._id === 'busy') await blocked;
    }, 600_000); // a head start far longer than this test: only the order of arrival counts

    q.queue.start();
    await q.items.collection.insertOne(q.doc('going-1', 'G', 1) as never);
    q.queue.kick(['G']);
    await waitFor(() => served.length === 1, 'the first step of the conversation going on');
    await q.items.collection.insertOne(q.doc('busy', 'X', 1) as never);
    q.queue.kick(['X']);
    await waitFor(() => served.length === 2, 'the only slot busy');
    await q.items.collection.insertMany([q.doc('going-2', 'G', 2), q.doc('new-1', 'N', 1)] as never[]);
    q.queue.kick(['G']);
    await sleep(5); // the new one arrives after the one going on
    q.queue.kick(['N']);
    open();
    await waitFor(() => served.length === 4, 'both served');
    expect(served).toEqual(['going-1', 'busy', 'new-1', 'going-2']);
    await q.queue.stop();
    await q.app.stop();
  });

  it('when a key holds one item, then it is read once (no second look for more), and an item kicked meanwhile is still served', async () => {
    const served: string[] = [];
    const q = await plainQueue('once', async (item) => {
      served.push(item._id);
      if (item._id === 'k2') {
        await q.items.collection.insertOne(q.doc('k3', 'K2', 2) as never);
        q.queue.kick(['K2']);
      }
    });
    const finds = countCalls(driverCollection(q.items), 'find', () => true);
    q.queue.start();
    await q.items.collection.insertOne(q.doc('k1', 'K1', 1) as never);
    q.queue.kick(['K1']);
    await waitFor(() => served.length === 1, 'k1 served');
    await q.queue.stop();
    expect(finds()).toBe(1);
    q.queue.start();
    await q.items.collection.insertOne(q.doc('k2', 'K2', 1) as never);
    q.queue.kick(['K2']);
    await waitFor(() => served.length === 3, 'k2 and k3 served');
    expect(served).toEqual(['k1', 'k2', 'k3']);
    await q.queue.stop();
    await q.app.stop();
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
    // A holds the event under its claim (stored claimed by A, for the whole 120 s lease).
    const lease = await inboxModel(a.conn).findById(e.webhookEventId).lean();
    expect(lease?.claimedBy).toBeTruthy();
    expect(lease?.claimUntil!.getTime()).toBeGreaterThan(Date.now() + 60_000);

    a.service.halt(); // kill -9: no heartbeat, no renewal, no release
    events.push('A killed');
    await b.service.start();
    await waitFor(() => events.includes(`B finished ${e.webhookEventId}`), 'B taking over', 30_000);
    // B took the event from the dead owner, not from an expired claim.
    const taken = await inboxModel(b.conn).findById(e.webhookEventId).lean();
    expect(taken?.claimedBy).not.toBe(lease?.claimedBy);
    expect(Date.now()).toBeLessThan(lease!.claimUntil!.getTime());
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

describe('claims on the items', () => {
  /** Two or more queues on one collection, as two instances would run it; each with its heartbeat. */
  async function sharedQueue(name: string) {
    const app = await h.instance({ start: false });
    const items = app.conn.model<QueueItem>(`Q_${name}`, queueSchema<QueueItem>(`q_${name}`, {}, 3600));
    await items.init();
    const running: Array<{ queue: ReturnType<typeof createKeyedQueue>; liveness: ReturnType<typeof createLiveness> }> = [];
    const instance = async (owner: string, process: (item: QueueItem) => Promise<void>, over: { concurrency?: number; pollMs?: number; leaseMs?: number } = {}) => {
      const liveness = createLiveness({ conn: app.conn, owner, logger: testLogger(), beatMs: 100, goneAfterMs: 1000 });
      const queue = createKeyedQueue<QueueItem>({ name, items, owner, logger: testLogger(), liveness, leaseMs: over.leaseMs ?? 60_000, pollMs: over.pollMs ?? 50, concurrency: over.concurrency ?? 4, process });
      await liveness.start();
      queue.start();
      running.push({ queue, liveness });
      return { queue, liveness, owner };
    };
    const now = () => new Date();
    const doc = (id: string, key: string, order: number, over: Partial<QueueItem> = {}): QueueItem => ({ _id: id, key, order, status: 'pending', attempts: 0, nextAttemptAt: now(), createdAt: now(), ...over });
    const stop = async () => {
      for (const r of running) {
        r.queue.halt();
        r.liveness.halt();
      }
      await app.stop();
    };
    return { app, items, instance, doc, stop };
  }

  const gate = () => {
    let open: () => void = () => undefined;
    const opened = new Promise<void>((r) => {
      open = r;
    });
    return { open, opened };
  };

  /** Workers that record what they serve and how many run at once; the item `late` is held until `blocked.open()`. */
  const servedWhileLateBlocks = () => {
    const events: string[] = [];
    const blocked = gate();
    let inFlight = 0;
    let most = 0;
    const work = (name: string) => async (item: QueueItem) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      events.push(`${name} ${item._id}`);
      if (item._id === 'late') await blocked.opened;
      inFlight -= 1;
    };
    return { events, blocked, work, most: () => most };
  };

  /** Two instances on one key `K`; A is serving the item `late` (held until `blocked.open()`). */
  async function aServingLate(name: string) {
    const q = await sharedQueue(name);
    const { events, blocked, work, most } = servedWhileLateBlocks();
    const a = await q.instance('owner-A', work('A'));
    const b = await q.instance('owner-B', work('B'));
    await q.items.collection.insertOne(q.doc('late', 'K', 10, a.queue.claimFields()) as never);
    a.queue.kick(['K']);
    await waitFor(() => events.includes('A late'), 'A serving');
    return { q, b, events, blocked, most };
  }

  it('when an instance stores an item, then it is stored claimed by that instance and served with no claiming write; the done write clears the claim', async () => {
    const app = await h.instance();
    const raw = driverCollection(outboxModel(app.conn));
    const writes = countCalls(raw, 'updateOne', (a) => (a[0] as { _id?: string })._id === 'pre-1');
    const stored: Array<string | undefined> = [];
    const insert = raw.insertMany.bind(raw);
    jest.spyOn(raw, 'insertMany').mockImplementation(((docs: OutboxDoc[], opts: never) => {
      stored.push(...docs.map((d) => d.claimedBy));
      return insert(docs, opts);
    }) as never);
    await app.service.outbox.enqueue([{ id: 'pre-1', to: 'U-pre', messages: [text('หนึ่ง')] }]);
    const done = await waitFor(async () => {
      const d = await outboxModel(app.conn).findById('pre-1').lean<OutboxDoc>();
      return d?.status === 'done' ? d : undefined;
    }, 'delivered');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toBeTruthy();
    expect(writes()).toBe(1); // the done write only
    expect(done.claimedBy).toBeUndefined();
    expect(done.claimUntil).toBeUndefined();
    expect(h.emulator.deliveries('U-pre')).toHaveLength(1);
    await app.stop();
  });

  it('when an instance dies after storing items claimed by itself and before serving them, then another instance serves each once, long before the claims run out', async () => {
    const q = await sharedQueue('precrash');
    const served: string[] = [];
    const blocked = gate();
    // A's one slot is taken by a slow item, so the items it stores next wait in its hands.
    const a = await q.instance('owner-A', async (item) => {
      served.push(`A ${item._id}`);
      if (item._id === 'slow') await blocked.opened;
    }, { concurrency: 1 });
    await q.items.collection.insertOne({ ...q.doc('slow', 'S', 1), ...a.queue.claimFields() } as never);
    a.queue.kick(['S']);
    await waitFor(() => served.includes('A slow'), 'A busy');
    const claim = a.queue.claimFields()!;
    await q.items.collection.insertMany([q.doc('p1', 'P1', 1, claim), q.doc('p2', 'P2', 1, claim)] as never[]);
    a.queue.kick(['P1', 'P2']);
    a.queue.halt(); // kill -9: no heartbeat, no renewal, nothing released
    a.liveness.halt();
    await q.instance('owner-B', async (item) => {
      served.push(`B ${item._id}`);
    });
    await waitFor(() => served.includes('B p1') && served.includes('B p2') && served.includes('B slow'), 'B serving what A held', 15_000);
    expect(served.sort()).toEqual(['A slow', 'B p1', 'B p2', 'B slow']);
    expect(Date.now()).toBeLessThan(claim.claimUntil.getTime());
    blocked.open();
    await q.stop();
  });

  it('when two instances race for the same unclaimed heads, then each item is served once', async () => {
    const q = await sharedQueue('race');
    const served: string[] = [];
    const keys = Array.from({ length: 30 }, (_, i) => `R${i}`);
    await q.items.collection.insertMany(keys.flatMap((k) => [q.doc(`${k}-1`, k, 1), q.doc(`${k}-2`, k, 2)]) as never[]);
    const work = async (item: QueueItem) => {
      served.push(item._id);
      await sleep(2);
    };
    const a = await q.instance('owner-A', work, { pollMs: 600_000 });
    const b = await q.instance('owner-B', work, { pollMs: 600_000 });
    a.queue.kick(keys);
    b.queue.kick(keys);
    await waitFor(() => served.length >= 60, 'all served', 15_000);
    await sleep(300);
    expect(served).toHaveLength(60);
    expect(new Set(served).size).toBe(60);
    for (const k of keys) expect(served.filter((s) => s.startsWith(`${k}-`))).toEqual([`${k}-1`, `${k}-2`]);
    await q.stop();
  });

  it('when the item behind a head is claimed by another instance, then it waits until the head is done', async () => {
    const q = await sharedQueue('behind');
    const events: string[] = [];
    const blocked = gate();
    const a = await q.instance('owner-A', async (item) => {
      events.push(`A start ${item._id}`);
      await blocked.opened;
      events.push(`A end ${item._id}`);
    });
    const b = await q.instance('owner-B', async (item) => {
      events.push(`B start ${item._id}`);
    });
    await q.items.collection.insertOne(q.doc('head', 'K', 1, a.queue.claimFields()) as never);
    a.queue.kick(['K']);
    await waitFor(() => events.includes('A start head'), 'A serving the head');
    await q.items.collection.insertOne(q.doc('next', 'K', 2, b.queue.claimFields()) as never);
    b.queue.kick(['K']);
    await sleep(500); // many polls of B
    expect(events).toEqual(['A start head']);
    blocked.open();
    await waitFor(() => events.includes('B start next'), 'the next item served');
    expect(events).toEqual(['A start head', 'A end head', 'B start next']);
    await q.stop();
  });

  it('when an item is stored ahead of a head another instance is serving, then it is handed to that instance and served after it, never beside it', async () => {
    const { q, b, events, blocked, most } = await aServingLate('ahead');
    // An older event reaching B only now: it sorts ahead of the one A is serving.
    await q.items.collection.insertOne(q.doc('early', 'K', 5, b.queue.claimFields()) as never);
    b.queue.kick(['K']);
    await waitFor(async () => (await q.items.findById('early').lean())?.claimedBy === 'owner-A', 'handed to A');
    await sleep(300);
    expect(events).toEqual(['A late']);
    blocked.open();
    await waitFor(() => events.length === 2, 'both served');
    expect(events).toEqual(['A late', 'A early']);
    expect(most()).toBe(1);
    await q.stop();
  });

  /**
   * `n` older events reach B only now, in one request: all sort ahead of the one A is serving, so B's
   * head and the items right behind it are B's own. None may be served beside A's; all go in order.
   */
  async function earlyItemsHandedToA(name: string, n: number) {
    const { q, b, events, blocked, most } = await aServingLate(name);
    const claimB = b.queue.claimFields();
    const early = Array.from({ length: n }, (_, i) => `early${i + 1}`);
    await q.items.collection.insertMany(early.map((id, i) => q.doc(id, 'K', i + 1, claimB)) as never[]);
    b.queue.kick(['K']);
    await waitFor(async () => (await q.items.findById('early1').lean())?.claimedBy === 'owner-A', 'handed to A');
    await sleep(300);
    expect(events).toEqual(['A late']);
    blocked.open();
    await waitFor(() => events.length === n + 1, 'all served');
    expect(events.map((e) => e.split(' ')[1])).toEqual(['late', ...early]);
    expect(most()).toBe(1);
    await q.stop();
  }

  it('when two items are stored ahead of a head another instance is serving, then neither is served beside it, and all three go in order', () =>
    earlyItemsHandedToA('ahead2', 2));

  // B's head read takes its head and three behind it, all B's own; the one A serves is fifth, seen only by the second read.
  it('when more items are stored ahead of a head another instance is serving than one head read takes, then the rest of the key is read and none is served beside it', () =>
    earlyItemsHandedToA('ahead4', 4));

  it('when an item takes longer than its claim, then the claim is renewed and no other instance takes it', async () => {
    const q = await sharedQueue('renew');
    const served: string[] = [];
    const a = await q.instance('owner-A', async (item) => {
      served.push(`A ${item._id}`);
      await sleep(2000); // more than three claims' worth
    }, { leaseMs: 600 });
    await q.instance('owner-B', async (item) => {
      served.push(`B ${item._id}`);
    }, { leaseMs: 600 });
    await q.items.collection.insertOne(q.doc('long', 'L', 1, a.queue.claimFields()) as never);
    a.queue.kick(['L']);
    await waitFor(async () => (await q.items.findById('long').lean())?.status === 'done', 'done', 10_000);
    expect(served).toEqual(['A long']);
    await q.stop();
  });
});
