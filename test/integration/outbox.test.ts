import { outboxModel } from '../../src/outbox/outbox';
import { text } from '../../src/bot/messages';
import { startHarness, waitFor, type Harness } from '../helpers/service';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('outbox');
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.emulator.reset());

const texts = (to: string) => h.emulator.messagesTo(to).map((m) => (m.type === 'text' ? m.text : m.type));

describe('durable delivery', () => {
  it('when LINE answers 429 and then 500, then the message is delivered once after retries', async () => {
    const app = await h.instance();
    h.emulator.inject({ path: 'push', status: 429 });
    h.emulator.inject({ path: 'push', status: 500 });
    await app.service.outbox.enqueue([{ id: 'm-429', to: 'U-o1', messages: [text('สวัสดี')] }]);
    await waitFor(() => h.emulator.deliveries('U-o1').length === 1, 'delivery');
    await waitFor(async () => (await outboxModel(app.conn).findById('m-429').lean())?.status === 'done', 'done');
    expect(texts('U-o1')).toEqual(['สวัสดี']);
    expect((await outboxModel(app.conn).findById('m-429').lean())?.attempts).toBe(3);
    await app.stop();
  });

  it('when LINE accepted a push but the answer was lost, then the retry with the same key gets 409 and nothing is sent twice', async () => {
    const app = await h.instance();
    h.emulator.inject({ path: 'push', acceptThenFail: true, status: 500 });
    await app.service.outbox.enqueue([{ id: 'm-409', to: 'U-o2', messages: [text('ครั้งเดียว')] }]);
    await waitFor(async () => (await outboxModel(app.conn).findById('m-409').lean())?.status === 'done', 'done');
    expect(h.emulator.deliveries('U-o2')).toHaveLength(1);
    await app.stop();
  });

  it('when a push times out, then it is retried with the same key and delivered once', async () => {
    const app = await h.instance({ lineTimeoutMs: 100 });
    h.emulator.inject({ path: 'push', delayMs: 400 });
    await app.service.outbox.enqueue([{ id: 'm-timeout', to: 'U-o3', messages: [text('ช้า')] }]);
    await waitFor(async () => (await outboxModel(app.conn).findById('m-timeout').lean())?.status === 'done', 'done');
    // The held call may still land after the client gave up; the retry key keeps it to one copy.
    await new Promise((r) => setTimeout(r, 500));
    expect(h.emulator.deliveries('U-o3')).toHaveLength(1);
    await app.stop();
  });

  it('when LINE refuses a message with another 4xx, then it is parked with the reason', async () => {
    const app = await h.instance();
    h.emulator.inject({ path: 'push', status: 400 });
    await app.service.outbox.enqueue([{ id: 'm-400', to: 'U-o4', messages: [text('ไม่ผ่าน')] }]);
    const doc = await waitFor(async () => {
      const d = await outboxModel(app.conn).findById('m-400').lean();
      return d?.status === 'parked' ? d : undefined;
    }, 'parked');
    expect(doc.lastError).toContain('HTTP 400');
    expect(doc.lastError).not.toContain('ไม่ผ่าน');
    await app.stop();
  });

  it('when the first of several messages to a person is retried, then they still arrive in the order written', async () => {
    const app = await h.instance();
    h.emulator.inject({ path: 'push', status: 503, times: 2 });
    for (const n of [1, 2, 3, 4]) await app.service.outbox.enqueue([{ id: `m-order-${n}`, to: 'U-o5', messages: [text(String(n))] }]);
    await waitFor(() => h.emulator.deliveries('U-o5').length === 4, 'four deliveries');
    expect(texts('U-o5')).toEqual(['1', '2', '3', '4']);
    await app.stop();
  });

  it('when more than five messages are enqueued at once, then they go out in calls of at most five, in order', async () => {
    const app = await h.instance();
    const seven = Array.from({ length: 7 }, (_, i) => text(`ข้อ ${i + 1}`));
    await app.service.outbox.enqueue([{ id: 'm-seven', to: 'U-o6', messages: seven }]);
    await waitFor(() => h.emulator.messagesTo('U-o6').length === 7, 'seven messages');
    expect(h.emulator.deliveries('U-o6').map((d) => d.messages.length)).toEqual([5, 2]);
    expect(texts('U-o6')).toEqual(seven.map((m) => (m.type === 'text' ? m.text : '')));
    await app.stop();
  });

  it('when the same item is enqueued twice, then it is sent once', async () => {
    const app = await h.instance();
    await app.service.outbox.enqueue([{ id: 'm-twice', to: 'U-o7', messages: [text('หนึ่งครั้ง')] }]);
    await app.service.outbox.enqueue([{ id: 'm-twice', to: 'U-o7', messages: [text('หนึ่งครั้ง')] }]);
    await waitFor(async () => (await outboxModel(app.conn).findById('m-twice').lean())?.status === 'done', 'done');
    expect(h.emulator.deliveries('U-o7')).toHaveLength(1);
    await app.stop();
  });

  it('when the reply token is fresh, then the message goes as a reply; when it has expired, as a push', async () => {
    const app = await h.instance();
    const token = h.emulator.issueReplyToken('U-o8');
    await app.service.outbox.enqueue([
      { id: 'm-reply', to: 'U-o8', messages: [text('ตอบกลับ')], replyToken: token, replyTokenExpiresAt: new Date(Date.now() + 30_000) },
    ]);
    await app.service.outbox.enqueue([
      { id: 'm-stale', to: 'U-o8', messages: [text('ส่งเอง')], replyToken: 'stale', replyTokenExpiresAt: new Date(Date.now() - 1) },
    ]);
    await waitFor(() => h.emulator.deliveries('U-o8').length === 2, 'two deliveries');
    expect(h.emulator.deliveries('U-o8').map((d) => d.via)).toEqual(['reply', 'push']);
    await app.stop();
  });

  it('when the reply token turns out to be invalid, then the message falls back to a push', async () => {
    const app = await h.instance();
    await app.service.outbox.enqueue([
      { id: 'm-badtoken', to: 'U-o9', messages: [text('สำรอง')], replyToken: 'never-issued', replyTokenExpiresAt: new Date(Date.now() + 30_000) },
    ]);
    await waitFor(() => h.emulator.deliveries('U-o9').length === 1, 'delivery');
    expect(h.emulator.deliveries('U-o9')[0].via).toBe('push');
    await app.stop();
  });

  it('when the app restarts while LINE is failing, then the restarted app delivers what was pending', async () => {
    const first = await h.instance();
    h.emulator.inject({ path: 'push', status: 500, times: 100 });
    await first.service.outbox.enqueue([{ id: 'm-restart', to: 'U-o10', messages: [text('ยังอยู่')] }]);
    await waitFor(async () => ((await outboxModel(first.conn).findById('m-restart').lean())?.attempts ?? 0) >= 1, 'a failed attempt');
    await first.stop();
    h.emulator.reset();
    const second = await h.instance();
    await waitFor(() => h.emulator.deliveries('U-o10').length === 1, 'delivery after restart');
    await waitFor(async () => (await outboxModel(second.conn).findById('m-restart').lean())?.status === 'done', 'done');
    expect(h.emulator.deliveries('U-o10')).toHaveLength(1);
    await second.stop();
  });

  it('when two instances share the outbox, then each message is delivered once and in order per person', async () => {
    const a = await h.instance();
    const b = await h.instance();
    h.emulator.inject({ path: 'push', status: 429, times: 5 });
    const people = ['U-two-1', 'U-two-2', 'U-two-3'];
    for (let n = 0; n < 10; n++) {
      for (const p of people) {
        await (n % 2 ? a : b).service.outbox.enqueue([{ id: `two-${p}-${n}`, to: p, messages: [text(String(n))] }]);
      }
    }
    for (const p of people) await waitFor(() => h.emulator.deliveries(p).length >= 10, `ten to ${p}`);
    await waitFor(async () => (await outboxModel(a.conn).countDocuments({ key: /^U-two-/, status: 'pending' })) === 0, 'drained');
    for (const p of people) expect(texts(p)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    await a.stop();
    await b.stop();
  });
});
