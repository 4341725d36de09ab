import { driverCollection } from '../../src/store/connection';
import type { EventContext } from '../../src/bot/context';
import { text } from '../../src/bot/messages';
import { inboxModel, type InboxItem } from '../../src/inbox/inbox';
import { outboxModel } from '../../src/outbox/outbox';
import { textEvent } from '../helpers/line';
import { startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';

// The inbox worker sends an event's reply itself right after the step (issue 13): one reply per
// event across failures and crashes, in the order the step produced its messages.

let h: Harness;
beforeAll(async () => {
  h = await startHarness('direct_reply');
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.emulator.reset());
afterEach(() => jest.restoreAllMocks());

const texts = (user: string) => h.emulator.messagesTo(user).map((m) => (m.type === 'text' ? m.text : m.type));
const inboxDone = (app: TestInstance, id: string) =>
  waitFor(async () => (await inboxModel(app.conn).findById(id).lean<InboxItem>())?.status === 'done', `${id} done`);

/** A route that answers every event with one reply (and whatever `extra` does after it). */
const replying =
  (extra: (ctx: EventContext) => Promise<void> = async () => undefined) =>
  () =>
  async (ctx: EventContext) => {
    await ctx.reply([text('รับทราบค่ะ')]);
    await extra(ctx);
    return true;
  };

it('when an event is answered, then the reply goes out by reply from the inbox worker, with no outbox item, and the kept copy is cleared', async () => {
  const app = await h.instance({ route: replying() });
  const user = 'U-direct-1';
  const e = textEvent({ userId: user, text: 'สวัสดี', replyToken: h.emulator.issueReplyToken(user) });
  expect((await app.post([e])).status).toBe(200);
  await waitFor(() => h.emulator.deliveries(user).length === 1, 'the reply');
  await inboxDone(app, e.webhookEventId);
  expect(h.emulator.deliveries(user).map((d) => d.via)).toEqual(['reply']);
  expect(await outboxModel(app.conn).countDocuments({ key: user })).toBe(0);
  expect((await inboxModel(app.conn).findById(e.webhookEventId).lean<InboxItem>())?.reply).toBeUndefined();
  await app.stop();
});

it('when the step also pushes to the same chat after replying, then the reply arrives first', async () => {
  const app = await h.instance({ route: replying((ctx) => ctx.push(ctx.source.chatId, [text('ข้อความถัดไป')], 'next')) });
  const user = 'U-direct-order';
  const e = textEvent({ userId: user, text: 'สวัสดี', replyToken: h.emulator.issueReplyToken(user) });
  await app.post([e]);
  await waitFor(() => h.emulator.deliveries(user).length === 2, 'both messages');
  expect(texts(user)).toEqual(['รับทราบค่ะ', 'ข้อความถัดไป']);
  await app.stop();
});

it('when the step fails after its reply was kept, then the retry delivers the reply once', async () => {
  let runs = 0;
  const app = await h.instance({
    route: replying(async () => {
      runs += 1;
      if (runs === 1) throw new Error('database unavailable');
    }),
  });
  const user = 'U-direct-retry';
  const e = textEvent({ userId: user, text: 'สวัสดี', replyToken: h.emulator.issueReplyToken(user) });
  await app.post([e]);
  await inboxDone(app, e.webhookEventId);
  await waitFor(async () => (await outboxModel(app.conn).findById(`${e.webhookEventId}:r0`).lean())?.status === 'done', 'the reply settled');
  expect(h.emulator.deliveries(user).map((d) => d.via)).toEqual(['reply']);
  await app.stop();
});

it('when the reply is refused (invalid token), then it is pushed once instead', async () => {
  const app = await h.instance({ route: replying() });
  const user = 'U-direct-bad';
  const e = textEvent({ userId: user, text: 'สวัสดี', replyToken: 'never-issued' });
  await app.post([e]);
  await waitFor(() => h.emulator.deliveries(user).length === 1, 'the push');
  await inboxDone(app, e.webhookEventId);
  expect(h.emulator.deliveries(user).map((d) => d.via)).toEqual(['push']);
  await app.stop();
});

it('when an instance dies between "reply sent" and "recorded", then the next instance finds the token spent and sends nothing more', async () => {
  const user = 'U-direct-kill';
  const a = await h.instance({ route: replying() });
  // A's "done" write for the event never completes: it dies right after LINE took the reply.
  // The queue writes through the driver's collection (no mongoose query layer).
  const model = driverCollection(inboxModel(a.conn));
  const original = model.updateOne.bind(model);
  type Args = Parameters<typeof model.updateOne>;
  let hung = false;
  let release: (err: Error) => void = () => undefined;
  const never = new Promise<never>((_, reject) => {
    release = reject;
  });
  never.catch(() => undefined);
  jest.spyOn(model, 'updateOne').mockImplementation(((...args: Args) => {
    const set = (args[1] as { $set?: Record<string, unknown> } | undefined)?.$set ?? {};
    if (set.status === 'done' && !hung) {
      hung = true;
      return never;
    }
    return original(...args);
  }) as unknown as typeof model.updateOne);
  const e = textEvent({ userId: user, text: 'ช่วยด้วย', replyToken: h.emulator.issueReplyToken(user) });
  expect((await a.post([e])).status).toBe(200);
  await waitFor(() => h.emulator.deliveries(user).length === 1, 'the reply at LINE');
  a.service.halt();

  const b = await h.instance({ route: replying() });
  await waitFor(async () => (await outboxModel(b.conn).findById(`${e.webhookEventId}:r0`).lean())?.status === 'done', 'the kept reply settled', 20_000);
  expect((await outboxModel(b.conn).findById(`${e.webhookEventId}:r0`).lean())?.via).toBe('reply');
  expect(h.emulator.deliveries(user).map((d) => d.via)).toEqual(['reply']);
  await inboxDone(b, e.webhookEventId);
  release(new Error('killed'));
  await b.stop();
  await a.stop();
});
