import { createHmac } from 'node:crypto';
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

/** POSTs a signed body the way LINE does: once, no retries. */
export async function postWebhook(url: string, channelSecret: string, body: string, timeoutMs = 10_000): Promise<WebhookResult> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'LineBotWebhook/2.0',
      'x-line-signature': sign(body, channelSecret),
    },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, body: await res.text() };
}
