import express, { Router } from 'express';
import request from 'supertest';
import { createApp } from '../../src/http/app';
import type { WebhookEventShape } from '../../src/line/webhook-schema';
import { sign, textEvent, webhookBody } from '../helpers/line';
import { capturingLogger } from '../helpers/service';

/**
 * The express side of the one failure policy, over real HTTP: every refusal gets its 4xx and a
 * machine code, every failure a 5xx; no answer and no log line carries what the caller sent.
 */

const SECRET = 'http-errors-secret';
const PERSONAL = 'นางสมศรี 0812345678';

function appWith(storeEvents: (events: WebhookEventShape[]) => Promise<void>) {
  const { logger, lines } = capturingLogger();
  const extra = Router();
  extra.post('/echo', express.json({ limit: '1kb' }), (_req, res) => {
    res.json({ ok: true });
  });
  extra.get('/bug', () => {
    throw new TypeError(`cannot read "${PERSONAL}"`);
  });
  const app = createApp({ logger, channelSecret: SECRET, storeEvents, ready: async () => true, extra: [extra], storeTimeoutMs: 500 });
  return { app, lines };
}

const body = webhookBody([textEvent({ userId: 'U-http-errors', text: PERSONAL })]);

/** Nothing of the request or of the cause's message in the answer or the logs. */
function expectNothingLeaked(res: request.Response, lines: string[]) {
  expect(Object.keys(res.body as object)).toEqual(['error']);
  for (const text of [res.text, ...lines]) {
    expect(text).not.toContain('0812345678');
    expect(text).not.toContain('สมศรี');
  }
}

describe('when a request is refused, then it gets the right 4xx and only a code', () => {
  const stored: WebhookEventShape[][] = [];
  const { app, lines } = appWith(async (events) => {
    stored.push(events);
  });

  it.each<[string, () => request.Test, number, string]>([
    ['an unsigned webhook', () => request(app).post('/webhook').set('content-type', 'application/json').send(body), 401, 'bad_signature'],
    ['a webhook signed with another secret', () => request(app).post('/webhook').set('x-line-signature', sign(body, 'other')).set('content-type', 'application/json').send(body), 401, 'bad_signature'],
    ['a signed webhook that is not JSON', () => request(app).post('/webhook').set('x-line-signature', sign(`{${PERSONAL}`, SECRET)).send(`{${PERSONAL}`), 400, 'bad_json'],
    ['a signed webhook of the wrong shape', () => {
      const b = JSON.stringify({ events: [{ type: 'message', note: PERSONAL }] });
      return request(app).post('/webhook').set('x-line-signature', sign(b, SECRET)).set('content-type', 'application/json').send(b);
    }, 400, 'bad_shape'],
    ['a webhook body over 1 MB', () => {
      const b = JSON.stringify({ events: [], pad: PERSONAL.repeat(60_000) });
      return request(app).post('/webhook').set('x-line-signature', sign(b, SECRET)).set('content-type', 'application/json').send(b);
    }, 413, 'too_large'],
    ['broken JSON to a JSON route', () => request(app).post('/echo').set('content-type', 'application/json').send(`{"name": "${PERSONAL}"`), 400, 'bad_json'],
    ['a JSON body over the route limit', () => request(app).post('/echo').set('content-type', 'application/json').send(JSON.stringify({ t: PERSONAL.repeat(100) })), 413, 'too_large'],
    ['an unsupported charset', () => request(app).post('/echo').set('content-type', 'application/json; charset=klingon').send('{}'), 415, 'unsupported_media_type'],
    ['an unknown path', () => request(app).get(`/nothing/${encodeURIComponent(PERSONAL)}`), 404, 'not_found'],
  ])('%s', async (_what, send, status, code) => {
    lines.length = 0;
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: code });
    expectNothingLeaked(res, lines);
    expect(stored).toEqual([]);
  });
});

describe('when handling fails, then it answers 5xx without the cause', () => {
  it('when the database is unreachable, then the webhook answers 503 with Retry-After so LINE redelivers', async () => {
    const { app, lines } = appWith(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoServerSelectionError' });
    });
    const res = await request(app).post('/webhook').set('x-line-signature', sign(body, SECRET)).set('content-type', 'application/json').send(body);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toEqual({ error: 'unavailable' });
    expectNothingLeaked(res, lines);
    expect(lines.join('\n')).toContain('"transient":true');
  });

  it('when storing fails for an unknown reason whose message quotes the event, then the webhook still answers 503 and logs only the name', async () => {
    const { app, lines } = appWith(async () => {
      throw new RangeError(`bad value "${PERSONAL}"`);
    });
    const res = await request(app).post('/webhook').set('x-line-signature', sign(body, SECRET)).set('content-type', 'application/json').send(body);
    expect(res.status).toBe(503);
    expectNothingLeaked(res, lines);
    expect(lines.join('\n')).toContain('"error":"RangeError"');
  });

  it('when another route has a bug, then it answers 500 internal and logs only the error name', async () => {
    const { app, lines } = appWith(async () => undefined);
    const res = await request(app).get('/bug');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'internal' });
    expectNothingLeaked(res, lines);
    expect(lines.join('\n')).toContain('"error":"TypeError"');
  });
});
