import { createServer, type Server } from 'node:http';
import { ConfigError, loadDotEnv, loadServiceConfig, usesLineSandbox, usesMongoSandbox, type Config } from './config/env';
import { handleProcessError } from './errors';
import { createMessenger } from './line/messenger';
import { createLogger, setHashSalt, type Logger } from './log/logger';
import { buildService } from './service';
import { connectMongo } from './store/connection';

/**
 * The composition root: reads the config, connects, builds the service, listens, and shuts down
 * cleanly on SIGTERM/SIGINT (stop accepting, finish the work in hand, close the database).
 * With nothing configured it runs on the sandbox (src/sandbox: the in-memory MongoDB-compatible
 * server and the LINE emulator); with NODE_ENV=production it refuses to start without a real
 * database and LINE channel instead (see productionProblems in src/config/env.ts).
 */

function readConfig(): Config {
  try {
    loadDotEnv();
    return loadServiceConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every key and its meaning.\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function main() {
  let config = readConfig();
  setHashSalt(config.LOG_SALT);
  const logger: Logger = createLogger(config.LOG_LEVEL);
  // The one failure policy at process level (src/errors.ts): log without personal data; exit on what cannot be trusted.
  process.on('uncaughtException', (err) => handleProcessError('uncaughtException', err, { logger, exit: (c) => process.exit(c) }));
  process.on('unhandledRejection', (reason) => handleProcessError('unhandledRejection', reason, { logger, exit: (c) => process.exit(c) }));
  const cleanups: Array<() => Promise<void>> = [];

  let mongoUri = config.MONGODB_URI;
  let lineBase = { api: config.LINE_API_BASE_URL, data: config.LINE_DATA_API_BASE_URL };
  let secret = config.LINE_CHANNEL_SECRET;
  let token = config.LINE_CHANNEL_ACCESS_TOKEN;
  // The one sandbox switch. A lazy import, so a configured (production) start never loads src/sandbox
  // nor its development-only dependencies.
  if (usesMongoSandbox(config) || usesLineSandbox(config)) {
    const { startSandbox } = await import('./sandbox').catch((err: unknown) => {
      // A production install (npm ci --omit=dev) has no mingo/bson: say what to do rather than "Cannot find module".
      if ((err as { code?: unknown }).code === 'MODULE_NOT_FOUND') {
        throw new Error(
          'the sandbox (in-memory database, LINE emulator) needs the development install: run `npm ci` (not --omit=dev), or set MONGODB_URI, LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN',
        );
      }
      throw err;
    });
    const sandbox = await startSandbox(config, logger);
    cleanups.push(() => sandbox.close());
    config = sandbox.config;
    mongoUri = sandbox.mongoUri ?? mongoUri;
    if (sandbox.line) {
      lineBase = { api: sandbox.line.api, data: sandbox.line.data };
      secret = sandbox.line.secret;
      token = sandbox.line.token;
    }
  }
  if (!mongoUri || !secret || !token) throw new Error('no database or LINE channel configured and no sandbox started');

  const conn = await connectMongo(mongoUri);
  cleanups.unshift(() => conn.close());
  const messenger = createMessenger({
    channelAccessToken: token,
    apiBaseUrl: lineBase.api,
    dataApiBaseUrl: lineBase.data,
    timeoutMs: config.LINE_TIMEOUT_MS,
  });
  const service = buildService({ config, conn, messenger, logger, channelSecret: secret });
  await service.start();

  const server: Server = createServer(service.app);
  server.once('listening', () => logger.info('listening', { port: config.PORT, webhook: '/webhook', center: config.CENTER_CODE }));
  server.keepAliveTimeout = 65_000;
  server.on('error', (err: NodeJS.ErrnoException) => {
    process.stderr.write(
      err.code === 'EADDRINUSE' ? `Port ${config.PORT} is already in use: set PORT to a free port.\n` : `HTTP server failed: ${err.message}\n`,
    );
    process.exit(1);
  });
  server.listen(config.PORT);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await service.stop();
    for (const c of cleanups) await c().catch(() => undefined);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`start-up failed: ${err instanceof Error ? err.message : 'unknown error'}\n`);
  process.exit(1);
});
