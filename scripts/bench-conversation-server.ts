/**
 * One bot under conversation load for `scripts/bench-conversation.ts`, in its own process (as in
 * production: the load generator and the LINE emulator live in the parent, MongoDB in a third process).
 *   service  this service with its real workers: inbox → intake → outbox → LINE emulator
 *   echo     a minimal @line/bot-sdk echo bot: express + middleware() + replyMessage, no database
 * Usage: tsx scripts/bench-conversation-server.ts <variant> <lineApiUrl> [mongoUri]
 * Prints the port on stdout once listening. Over IPC it answers { type: 'counters' } with the
 * MongoDB commands this process sent so far, counted at the driver (command monitoring), and its RSS;
 * { type: 'trace' } with the work commands since the last trace, in order, as shapes without values.
 */
import express from 'express';
import { messagingApi, middleware, type webhook } from '@line/bot-sdk';
import type { Connection } from 'mongoose';
import { loadConfig } from '../src/config/env';
import { createMessenger } from '../src/line/messenger';
import { createLogger } from '../src/log/logger';
import { buildService } from '../src/service';
import { connectMongo } from '../src/store/connection';
import { BENCH_DUTY_GROUP, BENCH_SECRET, BENCH_TOKEN, CommandCounter } from './bench-conversation-lib';

const [variant, lineApiUrl, mongoUri] = process.argv.slice(2);

function echoApp(): express.Express {
  const client = new messagingApi.MessagingApiClient({ channelAccessToken: BENCH_TOKEN, baseURL: lineApiUrl });
  const echo = (e: webhook.Event): string =>
    e.type === 'message' ? (e.message.type === 'text' ? e.message.text : e.message.type) : e.type === 'postback' ? e.postback.data : e.type;
  const app = express();
  // The SDK's own echo example: verify, reply to every event, then answer LINE.
  app.post('/webhook', middleware({ channelSecret: BENCH_SECRET }), (req, res) => {
    const events = (req.body as webhook.CallbackRequest).events;
    Promise.all(
      events.map((e) =>
        'replyToken' in e && typeof e.replyToken === 'string'
          ? client.replyMessage({ replyToken: e.replyToken, messages: [{ type: 'text', text: echo(e) }] })
          : null,
      ),
    ).then(
      () => res.status(200).json({}),
      () => res.status(500).end(),
    );
  });
  return app;
}

async function serviceApp(counter: CommandCounter): Promise<{ app: express.Express; conn: Connection }> {
  // Command monitoring through the URI, so the connection is made by the product's own connectMongo.
  const uri = `${mongoUri}${mongoUri.includes('?') ? '&' : '?'}monitorCommands=true`;
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    MONGODB_URI: mongoUri,
    LINE_CHANNEL_SECRET: BENCH_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: BENCH_TOKEN,
    LINE_API_BASE_URL: lineApiUrl,
    LINE_DATA_API_BASE_URL: lineApiUrl,
    // A center on duty: every confirmed report also sends its card to the duty group, as in production.
    DUTY_GROUP_ID: BENCH_DUTY_GROUP,
  });
  const conn = await connectMongo(uri);
  conn.getClient().on('commandStarted', (e) => {
    // A listener that throws would fail the command itself: counting must never change what is measured.
    try {
      counter.add(e.commandName, e.command);
    } catch {
      counter.add('uncounted', {});
    }
  });
  const service = buildService({
    config,
    conn,
    logger: createLogger('error'),
    channelSecret: BENCH_SECRET,
    messenger: createMessenger({ channelAccessToken: BENCH_TOKEN, apiBaseUrl: lineApiUrl, dataApiBaseUrl: lineApiUrl, timeoutMs: config.LINE_TIMEOUT_MS }),
  });
  await service.start();
  return { app: service.app, conn };
}

async function main() {
  const counter = new CommandCounter();
  let app: express.Express;
  if (variant === 'echo') app = echoApp();
  else if (variant === 'service') app = (await serviceApp(counter)).app;
  else throw new Error(`unknown variant ${variant}`);

  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'counters') process.send?.({ type: 'counters', counters: counter.snapshot(), rss: process.memoryUsage().rss });
    if (m?.type === 'trace') process.send?.({ type: 'trace', trace: counter.takeTrace() });
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    process.stdout.write(`${typeof addr === 'object' && addr ? addr.port : 0}\n`);
  });
  server.keepAliveTimeout = 65_000;
  process.on('SIGTERM', () => process.exit(0));
  // Never outlive the bench: when the parent goes, so does this process.
  process.on('disconnect', () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
