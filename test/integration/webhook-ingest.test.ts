import request from 'supertest';
import type { EventContext } from '../../src/bot/context';
import { inboxModel } from '../../src/inbox/inbox';
import { followEvent, sign, textEvent, webhookBody } from '../helpers/line';
import { SECRET, startHarness, waitFor, type Harness } from '../helpers/service';

/** A route that records what it processed, so tests see exactly-once from the outside. */
function recorder() {
  const seen: Array<{ id: string; chat: string; text?: string }> = [];
  const route = () => async (ctx: EventContext) => {
    const e = ctx.event;
    seen.push({ id: ctx.eventId, chat: ctx.source.chatId, text: e.type === 'message' && e.message.type === 'text' ? e.message.text : undefined });
    return true;
  };
  return { seen, route };
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness('webhook_ingest');
});
afterAll(async () => {
  await h.stop();
});
// Each test starts from an empty inbox: an event one test leaves pending must not reach another's recorder.
afterEach(async () => {
  const app = await h.instance({ start: false });
  await inboxModel(app.conn).deleteMany({});
  await app.stop();
});

describe('POST /webhook', () => {
  it('when the signature is right, then it answers 200 and the event is stored', async () => {
    const r = recorder();
    const app = await h.instance({ route: r.route, start: false });
    const e = textEvent({ userId: 'U-store-1', text: 'สวัสดี' });
    const res = await app.post([e]);
    expect(res.status).toBe(200);
    const stored = await inboxModel(app.conn).findById(e.webhookEventId).lean();
    expect(stored?.status).toBe('pending');
    await app.stop();
  });

  it('when the body is the LINE Verify call (no events), then it answers 200', async () => {
    const app = await h.instance({ start: false });
    const res = await app.post([]);
    expect(res.status).toBe(200);
    await app.stop();
  });

  describe('when the signature is missing, wrong, forged or belongs to another body', () => {
    const body = webhookBody([textEvent({ userId: 'U-sig', text: 'x' })]);
    const cases: Array<[string, string | undefined]> = [
      ['missing', undefined],
      ['not base64 of the right length', 'abc'],
      ['signed with another secret', sign(body, 'another-secret')],
      ['replayed with another body', sign(webhookBody([textEvent({ userId: 'U-sig', text: 'y' })]), SECRET)],
      // Decodes to the valid HMAC (base64 decoding drops "!"), but is not the header LINE sends.
      ['non-canonical ("!!!!" + the valid one)', `!!!!${sign(body, SECRET)}`],
    ];
    it.each(cases)('then a %s signature gets 401 and nothing is stored', async (_name, signature) => {
      const app = await h.instance({ start: false });
      const req = request(app.service.app).post('/webhook').type('json');
      const res = await (signature ? req.set('x-line-signature', signature) : req).send(body);
      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain(SECRET);
      expect(await inboxModel(app.conn).countDocuments({ key: 'u:U-sig' })).toBe(0);
      await app.stop();
    });
  });

  it('when a signed body is not JSON, then it answers 400 without detail', async () => {
    const app = await h.instance({ start: false });
    const body = '{"events": [';
    const res = await request(app.service.app).post('/webhook').set('x-line-signature', sign(body, SECRET)).type('json').send(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'bad_json' });
    await app.stop();
  });

  it('when a signed JSON body is not a webhook, then it answers 400', async () => {
    const app = await h.instance({ start: false });
    const body = JSON.stringify({ events: [{ type: 'message' }] });
    const res = await request(app.service.app).post('/webhook').set('x-line-signature', sign(body, SECRET)).type('json').send(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'bad_shape' });
    await app.stop();
  });

  it('when the body is over 1 MB, then it answers 413', async () => {
    const app = await h.instance({ start: false });
    const body = JSON.stringify({ events: [], padding: 'x'.repeat(1024 * 1024 + 10) });
    const res = await request(app.service.app).post('/webhook').set('x-line-signature', sign(body, SECRET)).type('json').send(body);
    expect(res.status).toBe(413);
    await app.stop();
  });
});

describe('processing', () => {
  it('when LINE redelivers an event, then it is processed once', async () => {
    const r = recorder();
    const app = await h.instance({ route: r.route });
    const e = textEvent({ userId: 'U-redeliver', text: 'หนึ่ง' });
    expect((await app.post([e])).status).toBe(200);
    await waitFor(() => r.seen.length === 1, 'first processing');
    expect((await app.post([{ ...e, deliveryContext: { isRedelivery: true } }])).status).toBe(200);
    const later = textEvent({ userId: 'U-redeliver', text: 'สอง' });
    await app.post([later]);
    await waitFor(() => r.seen.some((s) => s.id === later.webhookEventId), 'later event');
    expect(r.seen.filter((s) => s.id === e.webhookEventId)).toHaveLength(1);
    await app.stop();
  });

  it('when events of one user arrive out of order, then they are processed in timestamp order', async () => {
    const r = recorder();
    const app = await h.instance({ route: r.route, start: false });
    const t = Date.now();
    const events = [3, 1, 2].map((n) => textEvent({ userId: 'U-order', text: String(n), timestamp: t + n }));
    await app.post(events);
    await app.service.start();
    await waitFor(() => r.seen.filter((s) => s.chat === 'U-order').length === 3, 'three events');
    expect(r.seen.filter((s) => s.chat === 'U-order').map((s) => s.text)).toEqual(['1', '2', '3']);
    await app.stop();
  });

  it('when the app crashes after storing an event, then a restarted app processes it', async () => {
    const r = recorder();
    const crashed = await h.instance({ route: r.route, start: false });
    const e = followEvent({ userId: 'U-crash' });
    expect((await crashed.post([e])).status).toBe(200);
    await crashed.stop();
    expect(r.seen).toHaveLength(0);

    const restarted = await h.instance({ route: r.route });
    await waitFor(() => r.seen.some((s) => s.id === e.webhookEventId), 'recovered event');
    await waitFor(async () => (await inboxModel(restarted.conn).findById(e.webhookEventId).lean())?.status === 'done', 'done');
    await restarted.stop();
  });

  it('when an event keeps failing, then it is parked with its error and later events of that user go on', async () => {
    const seen: string[] = [];
    const app = await h.instance({
      route: () => async (ctx) => {
        const e = ctx.event;
        if (e.type === 'message' && e.message.type === 'text' && e.message.text === 'boom') throw new Error('handler failed');
        seen.push(ctx.eventId);
        return true;
      },
    });
    const bad = textEvent({ userId: 'U-park', text: 'boom' });
    const good = textEvent({ userId: 'U-park', text: 'fine', timestamp: bad.timestamp + 1 });
    await app.post([bad, good]);
    await waitFor(() => seen.includes(good.webhookEventId), 'the later event');
    const parked = await inboxModel(app.conn).findById(bad.webhookEventId).lean();
    expect(parked?.status).toBe('parked');
    expect(parked?.attempts).toBe(3);
    expect(parked?.lastError).toBe('Error');
    // The person is told, once, that the message could not be handled.
    const told = await waitFor(() => (h.emulator.messagesTo('U-park').length ? h.emulator.messagesTo('U-park') : undefined), 'the apology');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ type: 'text', text: expect.stringContaining('ขออภัย') });
    await app.stop();
  });

  it('when two app instances share one database, then a burst of events is processed exactly once, in order per user', async () => {
    const r = recorder();
    const a = await h.instance({ route: r.route });
    const b = await h.instance({ route: r.route });
    const t = Date.now();
    const users = Array.from({ length: 10 }, (_, i) => `U-burst-${i}`);
    const all = users.flatMap((u) => Array.from({ length: 10 }, (_, n) => textEvent({ userId: u, text: String(n), timestamp: t + n })));
    // Each request goes to one instance; LINE redelivers some of them to the other.
    const posts = all.map((e, i) => (i % 2 ? a : b).post([e]));
    const redeliveries = all.filter((_, i) => i % 7 === 0).map((e, i) => (i % 2 ? b : a).post([{ ...e, deliveryContext: { isRedelivery: true } }]));
    const answers = await Promise.all([...posts, ...redeliveries]);
    expect(answers.every((res) => res.status === 200)).toBe(true);
    await waitFor(() => r.seen.filter((s) => s.chat.startsWith('U-burst-')).length >= all.length, 'all events', 20_000);
    await waitFor(async () => (await inboxModel(a.conn).countDocuments({ key: /^u:U-burst-/, status: { $ne: 'done' } })) === 0, 'inbox drained');
    const burst = r.seen.filter((s) => s.chat.startsWith('U-burst-'));
    expect(burst).toHaveLength(all.length);
    expect(new Set(burst.map((s) => s.id)).size).toBe(all.length);
    for (const u of users) {
      expect(burst.filter((s) => s.chat === u).map((s) => s.text)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    }
    await a.stop();
    await b.stop();
  });
});

describe('other methods', () => {
  it('when /webhook is called with GET, then it answers 405 and says POST', async () => {
    const app = await h.instance({ start: false });
    const res = await request(app.service.app).get('/webhook');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    await app.stop();
  });
});

describe('health', () => {
  it('when the database answers, then /healthz and /readyz are 200', async () => {
    const app = await h.instance({ start: false });
    expect((await request(app.service.app).get('/healthz')).status).toBe(200);
    expect((await request(app.service.app).get('/readyz')).status).toBe(200);
    await app.stop();
  });
});
