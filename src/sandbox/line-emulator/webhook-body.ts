import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { webhook } from '@line/bot-sdk';
import { SANDBOX_BOT_USER_ID } from './ids';

/**
 * The bytes LINE posts to a bot, and their signature. LINE escapes emoji as `\uXXXX` surrogate pairs;
 * doing the same here means a bot that verifies a re-serialised body instead of the raw bytes fails
 * in the sandbox and in tests, as it would in production.
 */
export function webhookBody(events: webhook.Event[], destination: string = SANDBOX_BOT_USER_ID): string {
  return JSON.stringify({ destination, events }).replace(
    /[\uD800-\uDFFF]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** base64(HMAC-SHA256(raw body, channel secret)): the `x-line-signature` header. */
export function sign(body: string | Buffer, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}

export interface WebhookResult {
  status: number;
  body: string;
}

/**
 * Kept-alive connections for webhook deliveries. `fetch` builds a WHATWG request, a web stream and an
 * abort signal per call: a surge bench spent a fifth of its load generator's CPU there, on the same
 * cores as the bot it measures. A plain request on a pooled socket sends the same bytes.
 */
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/** Parsed webhook URLs: a bot has one, and a surge bench posted to it thousands of times a second. */
const targets = new Map<string, URL>();
const targetOf = (url: string): URL => {
  let target = targets.get(url);
  if (!target) {
    target = new URL(url);
    if (targets.size >= 16) targets.clear();
    targets.set(url, target);
  }
  return target;
};

/** POSTs a signed body the way LINE does: once, no retries. A network error or timeout rejects. */
export function postWebhook(url: string, channelSecret: string, body: string, timeoutMs = 10_000): Promise<WebhookResult> {
  const target = targetOf(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.reject(new Error('webhook URL must be http(s)'));
  const bytes = Buffer.from(body, 'utf8');
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        agent: agents[target.protocol as 'http:' | 'https:'],
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': bytes.length,
          'user-agent': 'LineBotWebhook/2.0',
          'x-line-signature': sign(bytes, channelSecret),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('webhook timed out')));
    req.on('error', reject);
    req.end(bytes);
  });
}
