import express, { type Request, type Response, type Router } from 'express';
import type { webhook } from '@line/bot-sdk';
import { z } from 'zod';
import { chatPageHtml } from '../web/chat-page';
import type { EmulatorState } from './emulator-state';
import { audioEvent, fileEvent, followEvent, imageEvent, joinEvent, locationEvent, memberJoinedEvent, postbackEvent, stickerEvent, textEvent, videoEvent } from './events';
import { newGroupId, newMessageId, newUserId } from './ids';
import type { WebhookResult } from './webhook-body';

/**
 * Endpoints behind the browser chat (GET /): users and groups, sending as a user (the emulator builds
 * the webhook event, with a reply token bound to the chat, and posts it to the bot), and the chat's
 * transcript for polling. Development only: no authentication, bound to localhost by default.
 */

export interface ChatRouterOptions {
  state: EmulatorState;
  webhookConfigured: boolean;
  /** The center's province (Thai name): the location picker shows its outline. Default แพร่. */
  province?: string;
  /** Records the events in the transcript and posts them to the bot; null when no bot is configured. */
  send(events: webhook.Event[], note?: string): Promise<WebhookResult | null>;
}

const name = z.string().trim().min(1).max(40);
const id = z.string().min(1).max(64);
const dataBase64 = z.string().min(1);
/** Measured by the page from the file's metadata; LINE reports media length in milliseconds. */
const durationMs = z.number().int().min(0).max(24 * 60 * 60 * 1000);

const sendRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().min(1).max(5000) }),
  z.object({
    kind: z.literal('postback'),
    data: z.string().max(300),
    displayText: z.string().max(300).optional(),
    params: z.record(z.string(), z.string()).optional(),
  }),
  z.object({
    kind: z.literal('location'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    title: z.string().max(100).optional(),
    address: z.string().max(300).optional(),
  }),
  z.object({ kind: z.literal('sticker'), packageId: z.string().min(1), stickerId: z.string().min(1) }),
  z.object({ kind: z.literal('image'), contentType: z.string().regex(/^image\//), dataBase64 }),
  z.object({ kind: z.literal('audio'), contentType: z.string().regex(/^audio\//), dataBase64, durationMs }),
  z.object({ kind: z.literal('video'), contentType: z.string().regex(/^video\//), dataBase64, durationMs }),
  z.object({ kind: z.literal('file'), contentType: z.string().max(200).optional(), dataBase64, fileName: z.string().trim().min(1).max(255) }),
]);
// userId may be absent in a group: LINE omits it for some clients, and the bot must cope.
const sendBody = z.object({ chatId: id, userId: id.optional() }).and(sendRequest);

export function chatRouter({ state, webhookConfigured, province, send }: ChatRouterOptions): Router {
  const router = express.Router();
  // Media arrive as base64 in JSON: room for a phone video of a minute or two.
  router.use('/__emulator', express.json({ limit: '40mb' }));

  router.get('/', (_req, res) => {
    res.set('content-type', 'text/html; charset=utf-8').send(chatPageHtml(province));
  });

  router.get('/__emulator/state', (_req, res) => {
    res.json({
      webhook: webhookConfigured,
      users: [...state.profiles].map(([userId, displayName]) => ({ userId, displayName })),
      groups: [...state.groups].map(([groupId, g]) => ({
        groupId,
        name: g.name,
        members: [...g.members].map(([userId, displayName]) => ({ userId, displayName })),
      })),
      chats: state.chatIds(),
    });
  });

  // What a user sent, for the page's thumbnails and players (the data API route needs the bot's token).
  router.get('/__emulator/content/:messageId', (req, res) => {
    const content = state.contents.get(String(req.params.messageId));
    if (!content) {
      res.status(404).json({ message: 'Not found' });
      return;
    }
    res.type(content.contentType).set('cache-control', 'no-store').send(content.data);
  });

  router.get('/__emulator/messages', (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to : '';
    const after = Number(req.query.after ?? 0);
    res.json({ items: to ? state.chat(to, Number.isFinite(after) ? after : 0) : [] });
  });

  /** Sends to the bot; a bot that is down or answers non-2xx is reported, not thrown. */
  const post = async (res: Response, events: webhook.Event[], extra: object, note?: string) => {
    try {
      const result = await send(events, note);
      res.json({ ...extra, webhook: result && { status: result.status } });
    } catch (err) {
      res.status(502).json({ ...extra, message: `The bot did not answer: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  const parse = <T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined => {
    const parsed = schema.safeParse(req.body);
    if (parsed.success) return parsed.data;
    res.status(400).json({ message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    return undefined;
  };

  router.post('/__emulator/users', async (req, res) => {
    const body = parse(z.object({ displayName: name }), req, res);
    if (!body) return;
    const userId = newUserId();
    state.profiles.set(userId, body.displayName);
    await post(res, [followEvent({ userId, replyToken: state.issueReplyToken(userId) })], { userId, displayName: body.displayName });
  });

  router.post('/__emulator/groups', async (req, res) => {
    const body = parse(z.object({ name, memberIds: z.array(id).max(50) }), req, res);
    if (!body) return;
    const groupId = newGroupId();
    const members = new Map(body.memberIds.map((u) => [u, state.profiles.get(u) ?? u] as const));
    state.groups.set(groupId, { name: body.name, members });
    await post(res, [joinEvent({ groupId, replyToken: state.issueReplyToken(groupId) })], { groupId, name: body.name });
  });

  router.post('/__emulator/groups/:groupId/members', async (req, res) => {
    const group = state.groups.get(String(req.params.groupId));
    const body = parse(z.object({ userId: id }), req, res);
    if (!body) return;
    if (!group) {
      res.status(404).json({ message: 'Not found' });
      return;
    }
    const groupId = String(req.params.groupId);
    group.members.set(body.userId, state.profiles.get(body.userId) ?? body.userId);
    await post(res, [memberJoinedEvent({ groupId, userIds: [body.userId], replyToken: state.issueReplyToken(groupId) })], { groupId });
  });

  router.post('/__emulator/send', async (req, res) => {
    const body = parse(sendBody, req, res);
    if (!body) return;
    const groupId = state.groups.has(body.chatId) ? body.chatId : undefined;
    const userId = body.userId ?? (groupId ? undefined : body.chatId);
    const from = { userId, groupId, replyToken: state.issueReplyToken(body.chatId) };
    let event: webhook.Event;
    let note: string | undefined;
    switch (body.kind) {
      case 'text':
        event = textEvent({ ...from, text: body.text });
        break;
      case 'postback':
        event = postbackEvent({ ...from, data: body.data, params: body.params });
        note = body.displayText;
        break;
      case 'location':
        event = locationEvent({ ...from, latitude: body.latitude, longitude: body.longitude, title: body.title, address: body.address });
        break;
      case 'sticker':
        event = stickerEvent({ ...from, packageId: body.packageId, stickerId: body.stickerId });
        break;
      case 'image':
      case 'audio':
      case 'video':
      case 'file': {
        // Stored first, as LINE does: the bot fetches it from the data API when the event arrives.
        const messageId = newMessageId();
        const data = Buffer.from(body.dataBase64, 'base64');
        state.contents.set(messageId, { contentType: body.contentType || 'application/octet-stream', data });
        if (body.kind === 'image') event = imageEvent({ ...from, messageId });
        else if (body.kind === 'audio') event = audioEvent({ ...from, messageId, duration: body.durationMs });
        else if (body.kind === 'video') event = videoEvent({ ...from, messageId, duration: body.durationMs });
        else event = fileEvent({ ...from, messageId, fileName: body.fileName, fileSize: data.length });
        break;
      }
    }
    await post(res, [event], {}, note);
  });

  return router;
}
