import express from 'express';
import type { AddressInfo } from 'node:net';
import type { messagingApi, webhook } from '@line/bot-sdk';
import { apiRouter } from './api-routes';
import { chatRouter } from './chat-routes';
import { loginRouter } from './login-routes';
import { EmulatorState, type Delivery, type Fault } from './emulator-state';
import { SANDBOX_BOT_USER_ID } from './ids';
import { postWebhook, webhookBody, type WebhookResult } from './webhook-body';

/**
 * A LINE platform emulator over HTTP, for tests and for `npm start` without LINE credentials.
 * Serves the Messaging API and data API at its root, a browser chat at `/`, and can act as LINE
 * towards the bot (signed webhooks).
 */

export type { Delivery, Fault, TranscriptItem } from './emulator-state';
export type { WebhookResult } from './webhook-body';
export { SANDBOX_BOT_USER_ID } from './ids';

export interface LineEmulator {
  /** http://host:port — use as both apiBaseUrl and dataApiBaseUrl. */
  url: string;
  /** The bot's user id: `destination` of the webhooks this emulator sends. */
  botUserId: string;
  close(): Promise<void>;
  /** A fresh single-use reply token bound to a user or group id, to put in a webhook event. */
  issueReplyToken(to: string): string;
  setProfile(userId: string, displayName: string): void;
  /** Adds a member (creating the group, named `groupName` or its id, if it is new). */
  addGroupMember(groupId: string, userId: string, displayName: string, groupName?: string): void;
  putContent(messageId: string, contentType: string, data: Buffer): void;
  /** Successful deliveries, in arrival order. */
  deliveries(to?: string): Delivery[];
  /** The messages delivered to a chat, flattened, in order. */
  messagesTo(to: string): messagingApi.Message[];
  /** Makes the next `times` matching calls fail, hang, or succeed-then-fail (see Fault). */
  inject(fault: Fault): void;
  /** Forgets deliveries, faults, tokens and accepted retry keys. */
  reset(): void;
  onDelivery(listener: (d: Delivery) => void): () => void;
  /** Signs and POSTs `{ destination, events }` to the configured bot, once. Throws without `webhook`. */
  sendWebhook(events: webhook.Event[]): Promise<WebhookResult>;
}

export interface LineEmulatorOptions {
  port?: number;
  host?: string;
  /** When set, API calls must carry `Authorization: Bearer <token>`; otherwise any token is accepted. */
  channelAccessToken?: string;
  replyTokenTtlMs?: number;
  webhook?: { url: string; channelSecret: string };
  /** Clock for reply-token expiry and timestamps; tests pass a controllable one. */
  now?: () => number;
  /** The center's province (Thai name), for the browser chat's location map. */
  province?: string;
}

const chatIdOf = (e: webhook.Event): string | undefined => {
  const s = e.source;
  if (!s) return undefined;
  return s.type === 'group' ? s.groupId : s.type === 'room' ? s.roomId : s.userId;
};

export async function startLineEmulator(opts: LineEmulatorOptions = {}): Promise<LineEmulator> {
  const state = new EmulatorState(opts.now ?? Date.now, opts.replyTokenTtlMs ?? 60_000);
  const hook = opts.webhook;

  // Held calls (fault delayMs) end when the emulator closes, so tests never wait out a long delay.
  const holds = new Set<{ timer: NodeJS.Timeout; done: (ok: boolean) => void }>();
  const hold = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const h = {
        timer: setTimeout(() => h.done(true), ms),
        done: (ok: boolean) => {
          clearTimeout(h.timer);
          holds.delete(h);
          resolve(ok);
        },
      };
      holds.add(h);
    });

  const send = async (events: webhook.Event[], note?: string): Promise<WebhookResult | null> => {
    for (const e of events) {
      const chatId = chatIdOf(e);
      if (chatId) state.logInbound(chatId, e, note);
    }
    return hook ? postWebhook(hook.url, hook.channelSecret, webhookBody(events, SANDBOX_BOT_USER_ID)) : null;
  };

  const app = express();
  app.disable('x-powered-by');
  const api = apiRouter({ state, channelAccessToken: opts.channelAccessToken, hold });
  // Reply and push (every answer of every conversation) go to the API router at once: no other
  // router serves /v2/bot/message/, so this only skips walking the chat page's and LINE Login's
  // routes first, a visible part of a surge bench's load generator (it shares the cores with the bot).
  app.use((req, res, next) => (req.path.startsWith('/v2/bot/message/') ? api(req, res, next) : next()));
  app.use(chatRouter({ state, webhookConfigured: !!hook, province: opts.province, send }));
  app.use(loginRouter({ state, now: opts.now ?? Date.now }));
  app.use(api);

  const server = app.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    botUserId: SANDBOX_BOT_USER_ID,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const h of [...holds]) h.done(false);
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
    issueReplyToken: (to) => state.issueReplyToken(to),
    setProfile: (userId, displayName) => {
      state.profiles.set(userId, displayName);
    },
    addGroupMember: (groupId, userId, displayName, groupName) => {
      const group = state.groups.get(groupId) ?? { name: groupName ?? groupId, members: new Map<string, string>() };
      group.members.set(userId, displayName);
      state.groups.set(groupId, group);
    },
    putContent: (messageId, contentType, data) => {
      state.contents.set(messageId, { contentType, data });
    },
    deliveries: (to) => state.deliveries(to),
    messagesTo: (to) => state.deliveries(to).flatMap((d) => d.messages),
    inject: (fault) => state.inject(fault),
    reset: () => state.reset(),
    onDelivery: (listener) => state.onDelivery(listener),
    sendWebhook: async (events) => {
      if (!hook) throw new Error('sendWebhook needs the emulator to be started with a webhook { url, channelSecret }');
      const result = await send(events);
      return result as WebhookResult;
    },
  };
}
