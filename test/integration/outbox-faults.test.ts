import { text } from '../../src/bot/messages';
import { createMessenger } from '../../src/line/messenger';
import { createOutbox, outboxModel, type OutboxDoc } from '../../src/outbox/outbox';
import { connectMongo, driverCollection } from '../../src/store/connection';
import { FAST, startHarness, testLogger, TOKEN, waitFor, type Harness, type TestInstance } from '../helpers/service';

// Fault tests that count what a LINE user receives: nothing lost, nothing twice.

let h: Harness;
beforeAll(async () => {
  h = await startHarness('outbox_faults');
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.emulator.reset());
afterEach(() => jest.restoreAllMocks());

const fresh = () => new Date(Date.now() + 40_000);
const doc = (app: TestInstance, id: string) => outboxModel(app.conn).findById(id).lean<OutboxDoc>();
const doneDoc = (app: TestInstance, id: string) =>
  waitFor(async () => {
    const d = await doc(app, id);
    return d?.status === 'done' ? d : undefined;
  }, `${id} done`);

type Raw = ReturnType<typeof driverCollection<OutboxDoc>>;
type UpdateArgs = Parameters<Raw['updateOne']>;
/** Makes the outbox's bookkeeping writes (the ones that record a delivery) fail `times` times. */
function failBookkeeping(app: TestInstance, times: number, how: () => Promise<never> = () => Promise.reject(new Error('database unavailable'))) {
  // The queue writes through the driver's collection (no mongoose query layer).
  const model = driverCollection(outboxModel(app.conn));
  const original = model.updateOne.bind(model);
  let failed = 0;
  const spy = jest.spyOn(model, 'updateOne').mockImplementation(((...args: UpdateArgs) => {
    const set = (args[1] as { $set?: Record<string, unknown> } | undefined)?.$set ?? {};
    if ((set.status === 'done' || set.via !== undefined) && failed < times) {
      failed += 1;
      return how();
    }
    return original(...args);
  }) as unknown as Raw['updateOne']);
  return { spy, failed: () => failed };
}

describe('a reply that succeeded but could not be recorded', () => {
  it('when the bookkeeping write fails twice after a successful reply, then the user gets the message once, as a reply', async () => {
    const app = await h.instance();
    const f = failBookkeeping(app, 2);
    const token = h.emulator.issueReplyToken('U-bk1');
    await app.service.outbox.enqueue([{ id: 'bk-1', to: 'U-bk1', messages: [text('สวัสดีค่ะ')], replyToken: token, replyTokenExpiresAt: fresh() }]);
    const d = await doneDoc(app, 'bk-1');
    expect(f.failed()).toBe(2);
    expect(d.via).toBe('reply');
    expect(h.emulator.deliveries('U-bk1').map((x) => x.via)).toEqual(['reply']);
    await app.stop();
  });

  it('when the database stays down for longer than the write retries, then the record is written later and nothing is sent again', async () => {
    const app = await h.instance();
    const f = failBookkeeping(app, 8);
    await app.service.outbox.enqueue([{ id: 'bk-2', to: 'U-bk2', messages: [text('ครั้งเดียว')] }]);
    const d = await doneDoc(app, 'bk-2');
    expect(f.failed()).toBe(8);
    expect(d.via).toBe('push');
    expect(h.emulator.deliveries('U-bk2')).toHaveLength(1);
    await app.stop();
  });
});

describe('replies whose outcome is unknown', () => {
  it('when LINE answers replies later than LINE_TIMEOUT_MS, then each user gets the reply once (the reply waits longer)', async () => {
    const app = await h.instance({ lineTimeoutMs: 200 });
    const users = ['U-slow-1', 'U-slow-2', 'U-slow-3', 'U-slow-4', 'U-slow-5'];
    h.emulator.inject({ path: 'reply', answerDelayMs: 800, times: users.length });
    for (const u of users) {
      await app.service.outbox.enqueue([{ id: `slow-${u}`, to: u, messages: [text('ยินดีต้อนรับค่ะ')], replyToken: h.emulator.issueReplyToken(u), replyTokenExpiresAt: fresh() }]);
    }
    for (const u of users) expect((await doneDoc(app, `slow-${u}`)).via).toBe('reply');
    for (const u of users) expect(h.emulator.deliveries(u).map((x) => x.via)).toEqual(['reply']);
    await app.stop();
  });

  it('when a reply answer is later than even the reply timeout, then the same token is tried again, found spent, and nothing is pushed', async () => {
    const conn = await connectMongo(h.uri);
    const outbox = createOutbox({
      conn,
      messenger: createMessenger({ channelAccessToken: TOKEN, apiBaseUrl: h.emulator.url, dataApiBaseUrl: h.emulator.url, timeoutMs: 100 }),
      owner: 'reply-timeout-test',
      logger: testLogger(),
      pollMs: FAST.pollMs,
      backoffBaseMs: 20,
      backoffCapMs: 200,
      replyTimeoutMs: 150,
    });
    outbox.queue.start();
    h.emulator.inject({ path: 'reply', answerDelayMs: 1000 });
    const token = h.emulator.issueReplyToken('U-late');
    await outbox.enqueue([{ id: 'late-1', to: 'U-late', messages: [text('รับทราบค่ะ')], replyToken: token, replyTokenExpiresAt: fresh() }]);
    const d = await waitFor(async () => {
      const x = await outboxModel(conn).findById('late-1').lean<OutboxDoc>();
      return x?.status === 'done' ? x : undefined;
    }, 'done');
    expect(d.via).toBe('reply');
    expect(d.attempts).toBe(2);
    expect(h.emulator.deliveries('U-late').map((x) => x.via)).toEqual(['reply']);
    await outbox.queue.stop();
    await conn.close();
  });

  it('when a reply is answered 503 (outcome unknown) and LINE had not done it, then the retry replies with the same token: one copy', async () => {
    const app = await h.instance({ lineTimeoutMs: 100 });
    // Held before handling: the first call has not used the token when the retry arrives.
    h.emulator.inject({ path: 'reply', status: 503 });
    const token = h.emulator.issueReplyToken('U-503');
    await app.service.outbox.enqueue([{ id: 'r503', to: 'U-503', messages: [text('ตอบกลับ')], replyToken: token, replyTokenExpiresAt: fresh() }]);
    expect((await doneDoc(app, 'r503')).via).toBe('reply');
    expect(h.emulator.deliveries('U-503').map((x) => x.via)).toEqual(['reply']);
    await app.stop();
  });

  it('when the token is invalid from the start and the push then fails once, then the message is pushed once', async () => {
    const app = await h.instance();
    h.emulator.inject({ path: 'push', status: 500 });
    await app.service.outbox.enqueue([{ id: 'bad-then-500', to: 'U-bad500', messages: [text('สำรอง')], replyToken: 'never-issued', replyTokenExpiresAt: fresh() }]);
    expect((await doneDoc(app, 'bad-then-500')).via).toBe('push');
    expect(h.emulator.deliveries('U-bad500').map((x) => x.via)).toEqual(['push']);
    await app.stop();
  });

  it('when an instance dies between a successful reply and its record, then the next instance finds the token spent and sends nothing more', async () => {
    const a = await h.instance();
    // The record never completes on A: it dies right after LINE took the reply.
    let release: (err: Error) => void = () => undefined;
    const hung = new Promise<never>((_, reject) => {
      release = reject;
    });
    hung.catch(() => undefined);
    failBookkeeping(a, 1, () => hung);
    const token = h.emulator.issueReplyToken('U-kill');
    await a.service.outbox.enqueue([{ id: 'kill-1', to: 'U-kill', messages: [text('ได้รับแล้วค่ะ')], replyToken: token, replyTokenExpiresAt: fresh() }]);
    await waitFor(() => h.emulator.deliveries('U-kill').length === 1, 'the reply at LINE');
    a.service.halt();

    const b = await h.instance();
    const d = await doneDoc(b, 'kill-1');
    expect(d.via).toBe('reply');
    expect(h.emulator.deliveries('U-kill').map((x) => x.via)).toEqual(['reply']);
    release(new Error('killed'));
    await b.stop();
    await a.stop();
  });
});

describe('a busy duty group with failing pushes', () => {
  it('when 30% of pushes to the group fail (429, 500 after accepting), then every card arrives once, urgent ones first, each lane in order', async () => {
    const app = await h.instance({ start: false });
    const group = 'C-faulty-duty-group';
    h.emulator.inject({ path: 'push', status: 429, rate: 0.15, times: 10_000, seed: 7 });
    h.emulator.inject({ path: 'push', status: 500, acceptThenFail: true, rate: 0.18, times: 10_000, seed: 11 });
    const items = Array.from({ length: 60 }, (_, i) => {
      const urgent = i % 3 === 0;
      return { id: `card-${i}`, to: group, messages: [text(`${urgent ? 'ด่วน' : 'ปกติ'} ${i}`)], ...(urgent ? { priority: 'urgent' as const } : {}) };
    });
    // Written while no worker runs (as after a surge or a restart), then the worker starts.
    for (const it of items) await app.service.outbox.enqueue([it]);
    await app.service.start();
    await waitFor(async () => (await outboxModel(app.conn).countDocuments({ key: group, status: 'pending' })) === 0, 'all delivered', 30_000);

    const got = h.emulator.messagesTo(group).map((m) => (m.type === 'text' ? m.text : ''));
    const urgent = items.filter((i) => i.priority).map((i) => (i.messages[0] as { text: string }).text);
    const routine = items.filter((i) => !i.priority).map((i) => (i.messages[0] as { text: string }).text);
    expect(got).toEqual([...urgent, ...routine]);
    expect(await outboxModel(app.conn).countDocuments({ key: group, status: 'parked' })).toBe(0);
    // The faults did happen: some cards needed more than one attempt.
    expect(await outboxModel(app.conn).countDocuments({ key: group, attempts: { $gt: 1 } })).toBeGreaterThan(5);
    await app.stop();
  });
});
