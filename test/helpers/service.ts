import type { webhook } from '@line/bot-sdk';
import type { Connection } from 'mongoose';
import { Writable } from 'node:stream';
import request from 'supertest';
import winston from 'winston';
import { loadConfig, type Config } from '../../src/config/env';
import { createMessenger } from '../../src/line/messenger';
import { createLogger, type Logger } from '../../src/log/logger';
import { startLineEmulator, type LineEmulator } from '../../src/sandbox/line-emulator';
import { buildService, type Service, type ServiceDeps, type Tuning } from '../../src/service';
import { connectMongo } from '../../src/store/connection';
import { signedWebhook } from './line';
import { startTestDb } from './mongo';

export const SECRET = 'test-channel-secret';
export const TOKEN = 'test-channel-access-token';

/** Fast queues for tests: they change how soon things happen, never what happens. */
export const FAST: Tuning = {
  pollMs: 50,
  leaseMs: 3000,
  inboxBackoffBaseMs: 20,
  inboxMaxAttempts: 3,
  outboxBackoffBaseMs: 20,
  outboxBackoffCapMs: 200,
  outboxMaxAttempts: 8,
  timerBackoffBaseMs: 20,
  sweepEveryMs: 500,
  heartbeatMs: 100,
  ownerGoneAfterMs: 1000,
};

/** Logs are silent in tests unless TEST_LOG=1. */
export const testLogger = (): Logger =>
  createLogger(process.env.TEST_LOG ? 'debug' : 'error', { silent: !process.env.TEST_LOG });

export interface TestInstance {
  service: Service;
  conn: Connection;
  config: Config;
  post(events: webhook.Event[]): Promise<request.Response>;
  /** Stops the workers and closes the connection, as a crash or a restart would. */
  stop(): Promise<void>;
}

export interface Harness {
  emulator: LineEmulator;
  uri: string;
  instance(opts?: {
    env?: Record<string, string>;
    route?: ServiceDeps['route'];
    tuning?: Tuning;
    start?: boolean;
    lineTimeoutMs?: number;
    logger?: Logger;
  }): Promise<TestInstance>;
  stop(): Promise<void>;
}

/** A database and a LINE emulator for one test file; any number of app instances on them. */
export async function startHarness(name: string): Promise<Harness> {
  const db = await startTestDb(name);
  const emulator = await startLineEmulator({ channelAccessToken: TOKEN });
  const instances: TestInstance[] = [];

  return {
    emulator,
    uri: db.uri,
    async instance(opts = {}) {
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        LINE_CHANNEL_SECRET: SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
        LINE_API_BASE_URL: emulator.url,
        LINE_DATA_API_BASE_URL: emulator.url,
        MONGODB_URI: db.uri,
        ADMIN_API_TOKEN: 'test-admin-token-0123456789',
        ...opts.env,
      });
      const conn = await connectMongo(db.uri, { serverSelectionTimeoutMS: 2000 });
      const messenger = createMessenger({
        channelAccessToken: TOKEN,
        apiBaseUrl: emulator.url,
        dataApiBaseUrl: emulator.url,
        timeoutMs: opts.lineTimeoutMs ?? 2000,
      });
      const service = buildService({
        config,
        conn,
        messenger,
        logger: opts.logger ?? testLogger(),
        channelSecret: SECRET,
        tuning: opts.tuning ?? FAST,
        route: opts.route,
      });
      if (opts.start !== false) await service.start();
      let stopped = false;
      const inst: TestInstance = {
        service,
        conn,
        config,
        post(events) {
          const { body, signature } = signedWebhook(events, SECRET);
          return request(service.app).post('/webhook').set('x-line-signature', signature).type('json').send(body);
        },
        async stop() {
          if (stopped) return;
          stopped = true;
          await service.stop();
          await conn.close();
        },
      };
      instances.push(inst);
      return inst;
    },
    async stop() {
      for (const i of instances) await i.stop().catch(() => undefined);
      await emulator.close();
      await db.stop();
    },
  };
}

/** A debug-level logger whose JSON lines are kept in `lines`, to check what the service logs. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger('debug');
  logger.clear();
  logger.add(
    new winston.transports.Stream({
      stream: new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    }),
  );
  return { logger, lines };
}

/** Waits until `check` returns a truthy value (bounded; fails the test with `what` if it never does). */
export async function waitFor<T>(check: () => T | Promise<T>, what = 'condition', timeoutMs = 10_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
