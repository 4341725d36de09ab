import type { EventContext } from '../../src/bot/context';
import { text } from '../../src/bot/messages';
import { inboxModel, type InboxItem } from '../../src/inbox/inbox';
import { outboxModel } from '../../src/outbox/outbox';
import { driverCollection } from '../../src/store/connection';
import { locationEvent, textEvent } from '../helpers/line';
import { startHarness, waitFor, type Harness } from '../helpers/service';

// Work an event must finish that need not hold back its reply (`EventContext.afterReply`, e.g. a
// new case's duty card): the worker sends the reply first, and the event is done only after it.

let h: Harness;
beforeAll(async () => {
  h = await startHarness('after_reply');
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.emulator.reset());
afterEach(() => jest.restoreAllMocks());

const statusOf = async (conn: Parameters<typeof inboxModel>[0], id: string) => (await inboxModel(conn).findById(id).lean<InboxItem>())?.status;

function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (err: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

it('when a step hands work to afterReply, then its reply goes out while the work runs, and the event is done only once the work finished', async () => {
  const work = deferred();
  const app = await h.instance({
    route: () => async (ctx: EventContext) => {
      await ctx.reply([text('รับเรื่องแล้วค่ะ')]);
      expect(ctx.afterReply).toBeDefined();
      ctx.afterReply?.(work.promise);
      return true;
    },
  });
  const user = 'U-after-1';
  const e = textEvent({ userId: user, text: 'ยืนยัน', replyToken: h.emulator.issueReplyToken(user) });
  expect((await app.post([e])).status).toBe(200);
  await waitFor(() => h.emulator.deliveries(user).length === 1, 'the reply while the work is still running');
  expect(await statusOf(app.conn, e.webhookEventId)).toBe('pending');
  work.resolve();
  await waitFor(async () => (await statusOf(app.conn, e.webhookEventId)) === 'done', 'done after the work');
  expect(h.emulator.deliveries(user).map((d) => d.via)).toEqual(['reply']);
  await app.stop();
});

it('when the handed-over work fails, then the event is not done and runs again, and its reply still goes out once', async () => {
  let runs = 0;
  const app = await h.instance({
    route: () => async (ctx: EventContext) => {
      runs += 1;
      await ctx.reply([text('รับเรื่องแล้วค่ะ')]);
      ctx.afterReply?.(runs === 1 ? Promise.reject(new Error('database unavailable')) : Promise.resolve());
      return true;
    },
  });
  const user = 'U-after-2';
  const e = textEvent({ userId: user, text: 'ยืนยัน', replyToken: h.emulator.issueReplyToken(user) });
  await app.post([e]);
  await waitFor(async () => (await statusOf(app.conn, e.webhookEventId)) === 'done', 'done on the second run', 15_000);
  expect(runs).toBe(2);
  await waitFor(() => h.emulator.deliveries(user).length >= 1, 'the reply');
  expect(h.emulator.messagesTo(user)).toHaveLength(1);
  await app.stop();
});

it('when a pin opens an urgent case, then the reporter is answered while the duty card is still being written, and the event is done once the card is queued', async () => {
  const group = 'Cafterreply0000000000000000000001';
  const app = await h.instance({ env: { DUTY_GROUP_ID: group } });
  // The duty card's outbox write hangs until released (a slow database under a surge).
  const outbox = driverCollection(outboxModel(app.conn));
  const original = outbox.insertMany.bind(outbox);
  const held = deferred();
  let cardWrites = 0;
  type Args = Parameters<typeof outbox.insertMany>;
  jest.spyOn(outbox, 'insertMany').mockImplementation((async (...args: Args) => {
    if ((args[0] as readonly { key?: string }[]).some((d) => d.key === group)) {
      cardWrites += 1;
      await held.promise;
    }
    return original(...args);
  }) as unknown as typeof outbox.insertMany);
  const user = 'U-after-sos';
  try {
    // A pin with no conversation going is the urgent path's first step: it opens the case at once.
    const e = locationEvent({ userId: user, latitude: 18.1446, longitude: 100.1403, replyToken: h.emulator.issueReplyToken(user) });
    expect((await app.post([e])).status).toBe(200);
    // The first pin of a test process builds the country's geography (a few seconds on a loaded
    // machine), hence the longer bound; the order asserted is the same.
    await waitFor(() => h.emulator.deliveries(user).length === 1, 'the reporter answered while the card waits', 30_000);
    await waitFor(() => cardWrites === 1, 'the card being written', 30_000);
    expect(h.emulator.messagesTo(group)).toHaveLength(0);
    expect(await statusOf(app.conn, e.webhookEventId)).toBe('pending');
    held.resolve();
    await waitFor(async () => (await statusOf(app.conn, e.webhookEventId)) === 'done', 'done once the card is queued');
    await waitFor(() => h.emulator.messagesTo(group).length === 1, 'the card in the duty group');
    const [brief] = await app.service.cases.openCasesOfReporter(user, 5);
    const c = await app.service.cases.get(brief!.caseNumber);
    expect([c?.urgent, c?.pendingNotify]).toEqual([true, []]);
    expect(h.emulator.deliveries(user).map((d) => d.via)).toEqual(['reply']);
  } finally {
    // Never leave the instance stuck on the held write (its stop would wait for it).
    held.resolve();
  }
  await app.stop();
});
