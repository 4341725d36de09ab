import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Router } from 'express';
import { AppError, normaliseError } from '../errors';
import { verifySignature } from '../line/signature';
import { readRawBody } from './raw-body';
import { webhookBodySchema, type WebhookEventShape } from '../line/webhook-schema';
import { runWithContext } from '../log/context';
import type { Logger } from '../log/logger';

export interface AppDeps {
  logger: Logger;
  channelSecret: string;
  /** Durably stores the events; resolves only when all are in the database. */
  storeEvents(events: WebhookEventShape[]): Promise<void>;
  /** Whether the database answers. */
  ready(): Promise<boolean>;
  /** The admin API, mounted at /api. */
  adminApi?: Router;
  /** Extra routers mounted at the root (e.g. the sandbox notice). */
  extra?: Router[];
  /** LINE waits 2 s; past this the request fails with 503 so LINE redelivers. */
  storeTimeoutMs?: number;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;
/** LINE's webhook bodies are small; 1 MB leaves room for large event batches. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** Builds the HTTP app. It connects and listens to nothing itself: main.ts (or a test) does. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const storeTimeoutMs = deps.storeTimeoutMs ?? 1500;

  const requestContext: RequestHandler = (req, res, next) => {
    const given = req.get('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    runWithContext({ requestId }, next);
  };
  app.use(requestContext);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ok = await deps.ready().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'database unavailable' });
  });

  app.post(
    '/webhook',
    async (req: Request, res, next) => {
      try {
        const raw = await readRawBody(req, WEBHOOK_BODY_LIMIT);
        if (!verifySignature(raw, req.get('x-line-signature'), deps.channelSecret)) {
          throw new AppError('bad_signature', 'invalid signature', 401, true);
        }
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new AppError('bad_json', 'body is not JSON', 400, true);
        }
        const parsed = webhookBodySchema.safeParse(json);
        if (!parsed.success) throw new AppError('bad_shape', 'body is not a LINE webhook', 400, true);
        const { events } = parsed.data;
        if (events.length) await withTimeout(deps.storeEvents(events), storeTimeoutMs);
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': 2 }).end('{}');
      } catch (err) {
        next(err);
      }
    },
  );

  app.all('/webhook', (_req, res) => {
    res.setHeader('allow', 'POST');
    res.status(405).json({ error: 'method_not_allowed' });
  });

  if (deps.adminApi) app.use('/api', deps.adminApi);
  for (const r of deps.extra ?? []) app.use(r);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  app.use(errorHandler(deps.logger));
  return app;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError('store_timeout', 'storing events timed out', 503)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The express side of the one failure policy: normaliseError (src/errors.ts) decides the answer and
 * the safe log text. Nothing about the cause is echoed to the caller: only a machine code.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const n = normaliseError(err);
    let { status, code } = n;
    if (status === 500 && req.path === '/webhook') {
      // The events could not be stored (database down or slow): LINE must redeliver.
      status = 503;
      code = 'unavailable';
    }
    if (status >= 500) logger.error('request failed', { path: req.path, status, error: n.text, transient: n.transient });
    else logger.info('request refused', { path: req.path, status, code });
    if (status === 503) res.setHeader('retry-after', '1');
    res.status(status).json({ error: code });
  };
}
