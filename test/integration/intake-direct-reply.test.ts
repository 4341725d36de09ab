import { driverCollection } from '../../src/store/connection';
import { inboxModel, type InboxItem } from '../../src/inbox/inbox';
import { outboxModel, type OutboxDoc } from '../../src/outbox/outbox';
import { sessionModel } from '../../src/intake/store';
import { postbackEvent } from '../helpers/line';
import { startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';
import { readable } from '../helpers/updates-fakes';

// An intake step whose only effect is its reply saves the session first with the reply's words
// (`lastReply`): that save is the durable "reply owed, maybe sent" record, so the inbox writes no
// "reply kept" of its own (issue 13). Exactly one reply across crashes on either side of the send.

let h: Harness;
beforeAll(async () => {
  h = await startHarness('intake_direct_reply');
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.emulator.reset());
afterEach(() => jest.restoreAllMocks());

const inboxDone = (app: TestInstance, id: string) =>
  waitFor(async () => (await inboxModel(app.conn).findById(id).lean<InboxItem>())?.status === 'done', `${id} done`, 20_000);
const replyItem = (app: TestInstance, eventId: string) => outboxModel(app.conn).findById(`${eventId}:r0`).lean<OutboxDoc>();
const start = (user: string) => postbackEvent({ userId: user, data: 'i:start', replyToken: h.emulator.issueReplyToken(user) });
const firstLines = (user: string) => h.emulator.deliveries(user).map((d) => d.messages.map((m) => readable(m).split('\n')[0]));

/** A promise that never settles until `release` (an instance stuck mid-write, as if it died). */
function stuck(): { never: Promise<never>; release(): void } {
  let release: (err: Error) => void = () => undefined;
  const never = new Promise<never>((_, reject) => {
    release = reject;
  });
  never.catch(() => undefined);
  return { never, release: () => release(new Error('killed')) };
}

it('when a reply-only intake step is answered, then the inbox writes no kept reply and the reply goes out once by reply', async () => {
  const app = await h.instance();
  const inbox = driverCollection(inboxModel(app.conn));
  const keptWrites: unknown[] = [];
  const original = inbox.updateOne.bind(inbox);
  type Args = Parameters<typeof inbox.updateOne>;
  jest.spyOn(inbox, 'updateOne').mockImplementation(((...args: Args) => {
    const set = (args[1] as { $set?: Record<string, unknown> } | undefined)?.$set ?? {};
    if ('reply' in set) keptWrites.push(args[0]);
    return original(...args);
  }) as unknown as typeof inbox.updateOne);
  const user = 'U-intake-direct-quiet';
  const e = start(user);
  expect((await app.post([e])).status).toBe(200);
  await inboxDone(app, e.webhookEventId);
  await waitFor(() => h.emulator.deliveries(user).length === 1, 'the reply');
  expect(keptWrites).toEqual([]);
  expect(h.emulator.deliveries(user).map((d) => d.via)).toEqual(['reply']);
  expect(firstLines(user)).toEqual([['ขั้นตอน 1/6']]);
  expect(await outboxModel(app.conn).countDocuments({ key: user })).toBe(0);
  expect((await sessionModel(app.conn).findById(user).lean())?.lastReply?.eventId).toBe(e.webhookEventId);
  await app.stop();
});

it('when an instance dies after the session save and before the reply went out, then the next instance delivers the reply once', async () => {
  const user = 'U-intake-direct-saved';
  const a = await h.instance();
  // A's save reaches MongoDB, then A never hears back: it dies before the reply is sent.
  const sessions = driverCollection(sessionModel(a.conn));
  const original = sessions.replaceOne.bind(sessions);
  const hang = stuck();
  let hung = false;
  jest.spyOn(sessions, 'replaceOne').mockImplementation(((...args: Parameters<typeof sessions.replaceOne>) => {
    const q = original(...args);
    if (hung) return q;
    hung = true;
    return q.then(() => hang.never);
  }) as unknown as typeof sessions.replaceOne);
  const e = start(user);
  expect((await a.post([e])).status).toBe(200);
  await waitFor(async () => !!(await sessionModel(a.conn).findById(user).lean())?.appliedEventIds.includes(e.webhookEventId), 'the session saved');
  a.service.halt();
  expect(h.emulator.deliveries(user)).toEqual([]);

  const b = await h.instance();
  try {
    await inboxDone(b, e.webhookEventId);
    await waitFor(async () => (await replyItem(b, e.webhookEventId))?.status === 'done', 'the reply settled', 20_000);
    expect((await replyItem(b, e.webhookEventId))?.via).toBe('reply');
    expect(h.emulator.deliveries(user).map((d) => d.via)).toEqual(['reply']);
    expect(firstLines(user)).toEqual([['ขั้นตอน 1/6']]);
  } finally {
    // Released first: A's stuck write must settle before A can stop.
    hang.release();
  }
  await b.stop();
  await a.stop();
});

it('when an instance dies after the reply went out and before the event was recorded done, then the next instance sends no second copy', async () => {
  const user = 'U-intake-direct-sent';
  const a = await h.instance();
  const inbox = driverCollection(inboxModel(a.conn));
  const original = inbox.updateOne.bind(inbox);
  type Args = Parameters<typeof inbox.updateOne>;
  const hang = stuck();
  let hung = false;
  jest.spyOn(inbox, 'updateOne').mockImplementation(((...args: Args) => {
    const set = (args[1] as { $set?: Record<string, unknown> } | undefined)?.$set ?? {};
    if (set.status === 'done' && !hung) {
      hung = true;
      return hang.never;
    }
    return original(...args);
  }) as unknown as typeof inbox.updateOne);
  const e = start(user);
  expect((await a.post([e])).status).toBe(200);
  await waitFor(() => h.emulator.deliveries(user).length === 1, 'the reply at LINE');
  a.service.halt();

  const b = await h.instance();
  try {
    await inboxDone(b, e.webhookEventId);
    // B finds the event applied with its reply: it may have gone out, so the outbox tries the same
    // token as "tried before" and LINE's "Invalid reply token" counts as delivered (no push).
    await waitFor(async () => (await replyItem(b, e.webhookEventId))?.status === 'done', 'the re-run reply settled', 20_000);
    expect((await replyItem(b, e.webhookEventId))?.via).toBe('reply');
    expect(h.emulator.deliveries(user).map((d) => d.via)).toEqual(['reply']);
  } finally {
    // Released first: A's stuck write must settle before A can stop.
    hang.release();
  }
  await b.stop();
  await a.stop();
});

it('when LINE redelivers a step to another instance, then the person gets one reply', async () => {
  const user = 'U-intake-direct-redelivered';
  const a = await h.instance();
  const b = await h.instance();
  const e = start(user);
  expect((await a.post([e])).status).toBe(200);
  expect((await b.post([{ ...e, deliveryContext: { isRedelivery: true } }])).status).toBe(200);
  await inboxDone(a, e.webhookEventId);
  // The next step of the same chat is served after the first (one chat, in order): once its reply
  // is in, nothing of the first is still under way.
  const next = postbackEvent({ userId: user, data: 'i:a:problem:income', replyToken: h.emulator.issueReplyToken(user), timestamp: e.timestamp + 1000 });
  expect((await b.post([next])).status).toBe(200);
  await inboxDone(b, next.webhookEventId);
  await waitFor(() => h.emulator.deliveries(user).length >= 2, 'both replies');
  expect(h.emulator.deliveries(user).map((d) => d.via)).toEqual(['reply', 'reply']);
  expect(firstLines(user)[0]).toEqual(['ขั้นตอน 1/6']);
  await b.stop();
  await a.stop();
});
