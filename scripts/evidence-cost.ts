/**
 * What evidence costs (issue 14): GridFS bytes per stored attachment against its content size, and
 * the time from a citizen's photo reaching the webhook to its content being stored with its digest.
 * Runs on the in-memory MongoDB-compatible server and the LINE emulator (loopback only), with the
 * service's production queue timings.
 *
 *   npx tsx scripts/evidence-cost.ts [photos=20] [photoKB=500]
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { calculateObjectSize } from 'bson';
import request from 'supertest';
import { loadConfig } from '../src/config/env';
import { createMessenger } from '../src/line/messenger';
import { createLogger } from '../src/log/logger';
import { startLineEmulator } from '../src/sandbox/line-emulator';
import { imageEvent, locationEvent } from '../src/sandbox/line-emulator/events';
import { sign, webhookBody } from '../src/sandbox/line-emulator/webhook-body';
import { startMongoServer } from '../src/sandbox/mongo/server';
import { buildService } from '../src/service';
import { connectMongo } from '../src/store/connection';

const SECRET = 'evidence-cost-secret';
const TOKEN = 'evidence-cost-token';

async function main() {
  const photos = Number(process.argv[2] ?? 20);
  const photoBytes = Number(process.argv[3] ?? 500) * 1024;
  const mongo = await startMongoServer();
  const emulator = await startLineEmulator({ channelAccessToken: TOKEN });
  const uri = `${mongo.uri.replace(/\/$/, '')}/evidence_cost`;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error', LINE_CHANNEL_SECRET: SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN, MONGODB_URI: uri, PUBLIC_BASE_URL: 'https://husec.example.test' });
  const conn = await connectMongo(uri);
  const messenger = createMessenger({ channelAccessToken: TOKEN, apiBaseUrl: emulator.url, dataApiBaseUrl: emulator.url, timeoutMs: 5000 });
  const service = buildService({ config, conn, messenger, logger: createLogger('error', { silent: true }), channelSecret: SECRET });
  await service.start();
  const post = (events: Parameters<typeof webhookBody>[0]) => {
    const body = webhookBody(events);
    return request(service.app).post('/webhook').set('x-line-signature', sign(body, SECRET)).type('json').send(body);
  };
  const storedAt = async (userId: string, messageId: string, until: number) => {
    for (;;) {
      const [c] = (await service.cases.casesOfReporter(userId, 1)).cases;
      if (c?.attachments.find((a) => a.messageId === messageId)?.evidence?.status === 'stored') return performance.now();
      if (performance.now() > until) throw new Error('not stored in time');
      await new Promise((r) => setTimeout(r, 2));
    }
  };

  // 1. Time from the photo's webhook to its storage (an SOS case opened by pin first, one per reporter).
  const times: number[] = [];
  for (let i = 0; i < photos; i++) {
    const userId = `Ucost${String(i).padStart(28, '0')}`;
    await post([locationEvent({ userId, latitude: 18.1446, longitude: 100.1403 })]);
    for (let t = 0; t < 500 && !(await service.cases.casesOfReporter(userId, 1)).total; t++) await new Promise((r) => setTimeout(r, 5));
    const messageId = `cost-${i}`;
    emulator.putContent(messageId, 'image/jpeg', randomBytes(photoBytes));
    const t0 = performance.now();
    await post([imageEvent({ userId, messageId })]);
    times.push((await storedAt(userId, messageId, t0 + 30_000)) - t0);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  console.log(`photo (${photoBytes / 1024} KB) webhook → stored with digest, ${photos} photos: median ${pct(0.5)} ms, p90 ${pct(0.9)} ms, max ${pct(1)} ms`);

  // 2. GridFS bytes per attachment: the files document and the chunk documents, as BSON.
  const db = conn.db!;
  console.log('content bytes | files doc | chunks | chunk docs overhead | total overhead');
  for (const size of [10 * 1024, 300 * 1024, 1024 * 1024, 5 * 1024 * 1024]) {
    const id = `line:size-${size}`;
    await service.evidence.files.put({ caseNumber: 'COST', messageId: `size-${size}`, contentType: 'image/jpeg', data: randomBytes(size) });
    const file = await db.collection('evidence.files').findOne({ _id: id as never });
    const chunks = await db.collection('evidence.chunks').find({ files_id: id }).toArray();
    const filesBytes = calculateObjectSize(file!);
    const chunkBytes = chunks.reduce((n, c) => n + calculateObjectSize(c), 0);
    const overhead = filesBytes + chunkBytes - size;
    console.log(`${size} | ${filesBytes} | ${chunks.length} | ${chunkBytes - size} | ${overhead} (${((overhead / size) * 100).toFixed(2)}%)`);
  }
  const c = (await service.cases.casesOfReporter(`Ucost${'0'.repeat(28)}`, 1)).cases[0]!;
  const a = c.attachments[0]!;
  console.log(`attachment entry on the case: ${calculateObjectSize({ messageId: a.messageId, type: a.type })} B before, ${calculateObjectSize(JSON.parse(JSON.stringify(a)) as object)} B after (evidence fields as JSON-shaped BSON; the Date is 8 B in BSON)`);

  await service.stop();
  await conn.close();
  await emulator.close();
  await mongo.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
