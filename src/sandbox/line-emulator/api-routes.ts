import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { messagingApi } from '@line/bot-sdk';
import type { z } from 'zod';
import type { EmulatorState } from './emulator-state';
import { newMessageId, newQuoteToken, newRequestId, newRichMenuId, UUID_PATTERN } from './ids';
import { loadingRequest, pushRequest, replyRequest, richMenuRequest, validate } from './request-schemas';

/**
 * The Messaging API and data API endpoints the product calls, answering as LINE does: same status
 * codes, error bodies and headers. Both APIs share one root because the SDK drops base-URL paths.
 */

interface Result {
  status: number;
  json?: unknown;
  raw?: { contentType: string; data: Buffer };
  headers?: Record<string, string>;
}

/** The schema checked the shape and the limits; loose objects kept every property LINE would get. */
const asMessages = (validated: unknown[]) => validated as messagingApi.Message[];

const notFound: Result = { status: 404, json: { message: 'Not found' } };
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  429: 'The API rate limit has been exceeded. Try again later.',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/**
 * What `res.json` sends (same bytes, same content type), without express's `send`, which hashed every
 * body into an ETag and checked freshness (no Messaging API client sends If-None-Match, and a POST is
 * never answered 304): a visible part of a surge bench's load generator, which shares the cores with
 * the bot it measures.
 */
function sendJson(res: Response, body: unknown): void {
  const text = JSON.stringify(body);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

export interface ApiRouterOptions {
  state: EmulatorState;
  channelAccessToken?: string;
  /** Resolves true after `ms`, or false when the emulator closes first (then nobody answers). */
  hold(ms: number): Promise<boolean>;
}

export function apiRouter({ state, channelAccessToken, hold }: ApiRouterOptions): Router {
  const router = express.Router();

  router.use((req, res, next) => {
    res.locals.requestId = newRequestId();
    res.setHeader('x-line-request-id', res.locals.requestId);
    if (channelAccessToken !== undefined && req.get('authorization') !== `Bearer ${channelAccessToken}`) {
      res.status(401).json({ message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
      return;
    }
    next();
  });
  router.use(express.json({ limit: '2mb' }));

  /** Runs a handler with fault injection: hold, fail instead, or handle and then fail. */
  const endpoint =
    (name: string, handle: (req: Request, requestId: string) => Result) =>
    async (req: Request, res: Response): Promise<void> => {
      const fault = state.takeFault(name, req.path);
      if (fault?.delayMs !== undefined && !(await hold(fault.delayMs))) return;
      // A delay alone only slows the call (or its answer) down; a status or acceptThenFail makes it fail.
      const slowOnly = fault?.delayMs !== undefined || fault?.answerDelayMs !== undefined;
      const failStatus = fault && (fault.acceptThenFail || fault.status !== undefined || !slowOnly) ? (fault.status ?? 500) : undefined;
      let result: Result;
      if (failStatus === undefined) result = handle(req, res.locals.requestId as string);
      else if (fault?.acceptThenFail) {
        const handled = handle(req, res.locals.requestId as string);
        result = handled.status >= 400 ? handled : { status: failStatus };
      } else result = { status: failStatus };
      // The work is done (or refused); only the answer is late. A client that gave up never hears it.
      if (fault?.answerDelayMs !== undefined && !(await hold(fault.answerDelayMs))) return;
      if (result.status >= 400 && result.json === undefined) result.json = { message: STATUS_TEXT[result.status] ?? 'Error' };
      for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
      res.status(result.status);
      if (result.raw) res.type(result.raw.contentType).send(result.raw.data);
      else sendJson(res, result.json ?? {});
    };

  const check = <T>(schema: z.ZodType<T>, body: unknown): { value: T } | { error: Result } => {
    const v = validate(schema, body);
    return v.ok ? { value: v.value } : { error: { status: 400, json: v.error } };
  };

  const sent = (messages: unknown[]) => messages.map(() => ({ id: newMessageId(), quoteToken: newQuoteToken() }));

  router.post(
    '/v2/bot/message/reply',
    endpoint('reply', (req, requestId) => {
      const v = check(replyRequest, req.body);
      if ('error' in v) return v.error;
      const to = state.replyTarget(v.value.replyToken);
      if (to === undefined) return { status: 400, json: { message: 'Invalid reply token' } };
      state.consumeReplyToken(v.value.replyToken);
      const messages = asMessages(v.value.messages);
      state.record({ to, via: 'reply', messages, ...(v.value.notificationDisabled ? { notificationDisabled: true } : {}), at: new Date(state.now()), requestId });
      return { status: 200, json: { sentMessages: sent(messages) } };
    }),
  );

  router.post(
    '/v2/bot/message/push',
    endpoint('push', (req, requestId) => {
      const retryKey = req.get('x-line-retry-key');
      if (retryKey !== undefined && !UUID_PATTERN.test(retryKey)) {
        return { status: 400, json: { message: "The value for the 'X-Line-Retry-Key' header is invalid" } };
      }
      const earlier = retryKey === undefined ? undefined : state.acceptedRetryKey(retryKey);
      if (earlier) {
        return {
          status: 409,
          json: { message: 'The retry key is already accepted', sentMessages: earlier.sentMessages },
          headers: { 'x-line-accepted-request-id': earlier.requestId },
        };
      }
      const v = check(pushRequest, req.body);
      if ('error' in v) return v.error;
      const messages = asMessages(v.value.messages);
      const sentMessages = sent(messages);
      if (retryKey !== undefined) state.acceptRetryKey(retryKey, { requestId, sentMessages });
      state.record({ to: v.value.to, via: 'push', messages, retryKey, ...(v.value.notificationDisabled ? { notificationDisabled: true } : {}), at: new Date(state.now()), requestId });
      return { status: 200, json: { sentMessages } };
    }),
  );

  router.get(
    '/v2/bot/profile/:userId',
    endpoint('profile', (req) => {
      const userId = String(req.params.userId);
      const displayName = state.profiles.get(userId);
      return displayName === undefined ? notFound : { status: 200, json: { userId, displayName, language: 'th' } };
    }),
  );

  router.get(
    '/v2/bot/group/:groupId/member/:userId',
    endpoint('profile', (req) => {
      const userId = String(req.params.userId);
      const displayName = state.groups.get(String(req.params.groupId))?.members.get(userId);
      return displayName === undefined ? notFound : { status: 200, json: { userId, displayName } };
    }),
  );

  router.get(
    '/v2/bot/group/:groupId/summary',
    endpoint('group', (req) => {
      const groupId = String(req.params.groupId);
      const group = state.groups.get(groupId);
      return group ? { status: 200, json: { groupId, groupName: group.name } } : notFound;
    }),
  );

  router.get(
    '/v2/bot/message/:messageId/content',
    endpoint('content', (req) => {
      const content = state.contents.get(String(req.params.messageId));
      return content ? { status: 200, raw: content } : notFound;
    }),
  );

  router.post(
    '/v2/bot/chat/loading/start',
    endpoint('loading', (req) => {
      const v = check(loadingRequest, req.body);
      return 'error' in v ? v.error : { status: 202, json: {} };
    }),
  );

  router.post(
    '/v2/bot/richmenu',
    endpoint('richmenu', (req) => {
      const v = check(richMenuRequest, req.body);
      if ('error' in v) return v.error;
      const richMenuId = newRichMenuId();
      state.richMenus.set(richMenuId, { richMenuId, definition: v.value });
      return { status: 200, json: { richMenuId } };
    }),
  );

  router.get(
    '/v2/bot/richmenu/list',
    endpoint('richmenu', () => ({
      status: 200,
      json: { richmenus: [...state.richMenus.values()].map((m) => ({ ...m.definition, richMenuId: m.richMenuId })) },
    })),
  );

  router.get(
    '/v2/bot/richmenu/:richMenuId',
    endpoint('richmenu', (req) => {
      const menu = state.richMenus.get(String(req.params.richMenuId));
      return menu ? { status: 200, json: { ...menu.definition, richMenuId: menu.richMenuId } } : notFound;
    }),
  );

  router.delete(
    '/v2/bot/richmenu/:richMenuId',
    endpoint('richmenu', (req) => {
      const id = String(req.params.richMenuId);
      if (!state.richMenus.delete(id)) return notFound;
      if (state.defaultRichMenuId === id) state.defaultRichMenuId = undefined;
      return { status: 200, json: {} };
    }),
  );

  // Upload is on the data API; LINE accepts JPEG or PNG up to 1 MB.
  router.post(
    '/v2/bot/richmenu/:richMenuId/content',
    express.raw({ type: () => true, limit: '1mb' }),
    endpoint('richmenu', (req) => {
      const menu = state.richMenus.get(String(req.params.richMenuId));
      if (!menu) return notFound;
      const contentType = req.get('content-type') ?? '';
      if (!/^image\/(jpeg|png)$/.test(contentType)) return { status: 415, json: { message: 'Unsupported Media Type' } };
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) return { status: 400, json: { message: 'The image is empty' } };
      if (menu.image) return { status: 400, json: { message: 'An image has already been uploaded to the richmenu' } };
      menu.image = { contentType, size: req.body.length, data: req.body };
      return { status: 200, json: {} };
    }),
  );

  router.get(
    '/v2/bot/richmenu/:richMenuId/content',
    endpoint('richmenu', (req) => {
      const image = state.richMenus.get(String(req.params.richMenuId))?.image;
      return image ? { status: 200, raw: { contentType: image.contentType, data: image.data } } : notFound;
    }),
  );

  router.post(
    '/v2/bot/user/all/richmenu/:richMenuId',
    endpoint('richmenu', (req) => {
      const id = String(req.params.richMenuId);
      if (!state.richMenus.has(id)) return notFound;
      state.defaultRichMenuId = id;
      return { status: 200, json: {} };
    }),
  );

  router.get(
    '/v2/bot/user/all/richmenu',
    endpoint('richmenu', () => (state.defaultRichMenuId ? { status: 200, json: { richMenuId: state.defaultRichMenuId } } : notFound)),
  );

  router.post(
    '/v2/bot/user/:userId/richmenu/:richMenuId',
    endpoint('richmenu', (req) => {
      const id = String(req.params.richMenuId);
      if (!state.richMenus.has(id)) return notFound;
      state.userRichMenus.set(String(req.params.userId), id);
      return { status: 200, json: {} };
    }),
  );

  router.use((_req, res) => {
    res.status(404).json({ message: 'Not found' });
  });

  // Body parser failures (bad JSON, too large) answer like LINE, without echoing the body.
  router.use((err: { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    const message = err.type === 'entity.parse.failed' ? 'The request body has 1 error(s)' : (STATUS_TEXT[status] ?? 'Error');
    res.status(status).json(err.type === 'entity.parse.failed' ? { message, details: [{ message: 'Invalid JSON', property: '' }] } : { message });
  });

  return router;
}
