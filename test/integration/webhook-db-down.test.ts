import request from 'supertest';
import { loadConfig } from '../../src/config/env';
import { createMessenger } from '../../src/line/messenger';
import { startLineEmulator, type LineEmulator } from '../../src/sandbox/line-emulator';
import { startMongoServer, type MongoSandbox } from '../../src/sandbox/mongo/server';
import { buildService, type Service } from '../../src/service';
import { connectMongo } from '../../src/store/connection';
import { signedWebhook, textEvent } from '../helpers/line';
import { FAST, SECRET, TOKEN, testLogger } from '../helpers/service';

// This suite needs a database it can take down, so it always runs its own in-memory server.
let mongo: MongoSandbox;
let emulator: LineEmulator;
let service: Service;
let close: () => Promise<void>;

beforeAll(async () => {
  mongo = await startMongoServer();
  emulator = await startLineEmulator({ channelAccessToken: TOKEN });
  const uri = `${mongo.uri}/db_down`;
  const conn = await connectMongo(uri, { serverSelectionTimeoutMS: 500 });
  const config = loadConfig({ NODE_ENV: 'test', MONGODB_URI: uri, LINE_CHANNEL_SECRET: SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN });
  service = buildService({
    config,
    conn,
    logger: testLogger(),
    channelSecret: SECRET,
    tuning: FAST,
    messenger: createMessenger({ channelAccessToken: TOKEN, apiBaseUrl: emulator.url, dataApiBaseUrl: emulator.url, timeoutMs: 1000 }),
    route: () => async () => true,
  });
  await service.start();
  close = () => conn.close();
});

afterAll(async () => {
  await service.stop();
  await close();
  await emulator.close();
});

it('when the database is down, then the webhook answers 503 (so LINE redelivers) and /readyz is 503', async () => {
  await mongo.close();
  const { body, signature } = signedWebhook([textEvent({ userId: 'U-down', text: 'ช่วยด้วย' })], SECRET);
  const res = await request(service.app).post('/webhook').set('x-line-signature', signature).type('json').send(body);
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ error: expect.any(String) });
  expect((await request(service.app).get('/readyz')).status).toBe(503);
  expect((await request(service.app).get('/healthz')).status).toBe(200);
});
