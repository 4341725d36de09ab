import { createServer, type Server } from 'node:http';
import { ConfigError, loadConfig, loadDotEnv, usesLineSandbox, usesMongoSandbox, type Config } from './config/env';
import { createMessenger } from './line/messenger';
import { createLogger, setHashSalt, type Logger } from './log/logger';
import { startLineEmulator, type LineEmulator } from './sandbox/line-emulator';
import { startMongoServer, type MongoSandbox } from './sandbox/mongo/server';
import { buildService } from './service';
import { connectMongo } from './store/connection';

/**
 * The composition root: reads the config, connects, builds the service, listens, and shuts down
 * cleanly on SIGTERM/SIGINT (stop accepting, finish the work in hand, close the database).
 * With nothing configured it runs on the embedded MongoDB-compatible server and the LINE emulator.
 */

const SANDBOX_SECRET = 'sandbox-channel-secret';
const SANDBOX_TOKEN = 'sandbox-channel-access-token';
const SANDBOX_DUTY_GROUP = 'Csandbox0dutygroup00000000000001';
const SANDBOX_OFFICERS: Array<[string, string]> = [
  ['Usandbox0officer00000000000000001', 'เจ้าหน้าที่เวร สมชาย'],
  ['Usandbox0officer00000000000000002', 'เจ้าหน้าที่เวร สมศรี'],
];

function readConfig(): Config {
  try {
    loadDotEnv();
    return loadConfig();
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
  const cleanups: Array<() => Promise<void>> = [];

  let mongoUri = config.MONGODB_URI;
  let mongo: MongoSandbox | undefined;
  if (usesMongoSandbox(config)) {
    mongo = await startMongoServer({ port: config.SANDBOX_MONGO_PORT });
    mongoUri = `${mongo.uri}/husec`;
    cleanups.push(() => mongo!.close());
    logger.warn(
      'SANDBOX DATABASE: MONGODB_URI is not set, so cases are kept in an in-memory server and are LOST when the process stops. Set MONGODB_URI for real use.',
      { sandbox: 'mongo', uri: mongoUri },
    );
  }

  let emulator: LineEmulator | undefined;
  let lineBase = { api: config.LINE_API_BASE_URL, data: config.LINE_DATA_API_BASE_URL };
  let secret = config.LINE_CHANNEL_SECRET ?? SANDBOX_SECRET;
  let token = config.LINE_CHANNEL_ACCESS_TOKEN ?? SANDBOX_TOKEN;
  if (usesLineSandbox(config)) {
    secret = SANDBOX_SECRET;
    token = SANDBOX_TOKEN;
    emulator = await startLineEmulator({
      port: config.SANDBOX_LINE_PORT,
      channelAccessToken: token,
      webhook: { url: `http://127.0.0.1:${config.PORT}/webhook`, channelSecret: secret },
    });
    lineBase = { api: emulator.url, data: emulator.url };
    if (!config.DUTY_GROUP_ID) {
      // A ready duty group with two officers, so a newcomer sees both sides of a case at once.
      for (const [id, name] of SANDBOX_OFFICERS) {
        emulator.addGroupMember(SANDBOX_DUTY_GROUP, id, name, 'กลุ่มเจ้าหน้าที่เวร (sandbox)');
        emulator.setProfile(id, name);
      }
      config = Object.freeze({ ...config, DUTY_GROUP_ID: SANDBOX_DUTY_GROUP });
    }
    cleanups.push(() => emulator!.close());
    logger.warn(
      `SANDBOX LINE: no LINE credentials are set, so the bot talks to a local LINE emulator. Chat with it in a browser at ${emulator.url}/ . Set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN to use a real channel.`,
      { sandbox: 'line', chat: `${emulator.url}/` },
    );
  }

  const conn = await connectMongo(mongoUri!);
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
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection', { error: reason instanceof Error ? reason.name : 'unknown' });
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`start-up failed: ${err instanceof Error ? err.message : 'unknown error'}\n`);
  process.exit(1);
});
