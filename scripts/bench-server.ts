/**
 * One server under test for `npm run bench`, in its own process so the load generator does not
 * share its event loop. Variants:
 *   bare        express answering 200 (the floor of any Node HTTP service here)
 *   middleware  @line/bot-sdk's middleware() alone: signature check + JSON parse, no storage
 *   nodb        this service's POST /webhook with storage switched off (diagnostic: the HTTP layer alone)
 *   ingest      this service's POST /webhook: verify, validate, store every event in MongoDB, 200
 *   service     the whole service with its workers and production timings, talking to the LINE
 *               emulator at argv[4] (scripts/bench-kill.ts kills one of two such instances)
 * Prints the port on stdout once listening.
 */
import express from 'express';
import { middleware } from '@line/bot-sdk';
import { loadConfig } from '../src/config/env';
import { createMessenger } from '../src/line/messenger';
import { createLogger } from '../src/log/logger';
import { buildService } from '../src/service';
import { createApp } from '../src/http/app';
import { connectMongo } from '../src/store/connection';

const [variant, mongoUri, lineUrl] = process.argv.slice(2);
const SECRET = 'bench-secret';

async function main() {
  let app: express.Express;
  if (variant === 'bare') {
    app = express();
    app.post('/webhook', (_req, res) => {
      res.status(200).json({});
    });
  } else if (variant === 'middleware') {
    app = express();
    app.post('/webhook', middleware({ channelSecret: SECRET }), (_req, res) => {
      res.status(200).json({});
    });
  } else if (variant === 'ingest') {
    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'error', MONGODB_URI: mongoUri, LINE_CHANNEL_SECRET: SECRET, LINE_CHANNEL_ACCESS_TOKEN: 'bench' });
    const conn = await connectMongo(mongoUri);
    const service = buildService({
      config,
      conn,
      logger: createLogger('error'),
      channelSecret: SECRET,
      messenger: createMessenger({ channelAccessToken: 'bench', apiBaseUrl: 'http://127.0.0.1:9', dataApiBaseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 }),
      // Measure the ingest path alone: events are stored and left for the workers, which stay off.
      route: () => async () => true,
    });
    await conn.syncIndexes();
    app = service.app;
  } else if (variant === 'service') {
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      MONGODB_URI: mongoUri,
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: 'bench',
      LINE_API_BASE_URL: lineUrl,
      LINE_DATA_API_BASE_URL: lineUrl,
    });
    const conn = await connectMongo(mongoUri);
    const service = buildService({
      config,
      conn,
      logger: createLogger('error'),
      channelSecret: SECRET,
      messenger: createMessenger({ channelAccessToken: 'bench', apiBaseUrl: lineUrl, dataApiBaseUrl: lineUrl, timeoutMs: config.LINE_TIMEOUT_MS }),
    });
    await service.start();
    app = service.app;
  } else if (variant === 'nodb') {
    app = createApp({ logger: createLogger('error'), channelSecret: SECRET, storeEvents: async () => undefined, ready: async () => true });
  } else {
    throw new Error(`unknown variant ${variant}`);
  }
  const server = app.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    process.stdout.write(`${typeof addr === 'object' && addr ? addr.port : 0}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
