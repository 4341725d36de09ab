// Speed figures of the in-memory MongoDB sandbox, measured through mongoose as the product uses it.
//   npx tsx scripts/mongo-sandbox-speed.ts            # server in a child process (as the benchmark runs it)
//   npx tsx scripts/mongo-sandbox-speed.ts --inline   # server in this process (CPU figures then include the client)
//   npx tsx scripts/mongo-sandbox-speed.ts --docs 100000 --seconds 5
//   npx tsx scripts/mongo-sandbox-speed.ts --soak 120 [--cap 30]   # server RSS under queue traffic, uncapped then TTL-capped
// Prints one line per figure. Not a test: timings are never asserted anywhere.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { deserialize, serialize } from 'bson';
import mongoose, { Schema, Types } from 'mongoose';
import { caseModel } from '../src/cases/model';
import { createCaseService } from '../src/cases/store';
import { silentLogger } from '../src/log/logger';
import { randomCases } from '../src/reports/demo-data';
import { startMongoServer } from '../src/sandbox/mongo/server';

const argValue = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const DOCS = argValue('docs', 100_000);
const SECONDS = argValue('seconds', 5);
const CALLERS = 50;
const out = (line: string): boolean => process.stdout.write(`${line}\n`);

interface RunningServer {
  uri: string;
  /** The server's process id (this one when inline). */
  pid: number;
  cpu: CpuClock;
  stop(): Promise<void>;
}

/** utime + stime of a process in ms, from /proc (Linux). */
function processCpu(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function startServer(extraArgs: string[] = []): Promise<RunningServer> {
  if (process.argv.includes('--inline') && extraArgs.length === 0) {
    const s = await startMongoServer();
    // In-process the server's CPU cannot be told apart from the client's; report the sum.
    return { uri: s.uri, pid: process.pid, cpu: () => process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000, stop: () => s.close() };
  }
  const entry = path.join(__dirname, '..', 'src', 'sandbox', 'mongo', 'main.ts');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry, '--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise<string>((resolve, reject) => {
    if (child.stdout === null) return reject(new Error('no stdout'));
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)}`)));
  });
  const pid = child.pid ?? 0;
  return {
    uri,
    pid,
    cpu: () => processCpu(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const SEXES = ['male', 'female', 'unspecified'];
const CHANNELS = ['line', 'phone', 'walk-in', 'web'];
const TARGETS = ['child', 'youth', 'women', 'elderly', 'disabled', 'family', 'other'];
const PROBLEMS = ['violence', 'neglect', 'poverty', 'housing', 'health', 'trafficking', 'other'];

function caseDoc(i: number, start: number): Record<string, unknown> {
  return {
    _id: new Types.ObjectId(),
    caseNumber: `C-${i}`,
    sourceId: `src-${i}`,
    centerCode: 'BKK',
    channel: CHANNELS[i % CHANNELS.length],
    sex: SEXES[i % SEXES.length],
    targetGroup: TARGETS[i % TARGETS.length],
    problemTypes: [PROBLEMS[i % PROBLEMS.length], PROBLEMS[(i * 7) % PROBLEMS.length]],
    location: { district: `District ${i % 50}`, province: 'Bangkok' },
    district: `District ${i % 50}`,
    status: 'new',
    urgent: i % 10 === 0,
    details: 'a short description of the situation',
    reopenCount: 0,
    createdAt: new Date(start + i * 1000),
    updatedAt: new Date(start + i * 1000),
  };
}

async function measureAggregate(uri: string): Promise<void> {
  const conn = await mongoose.createConnection(`${uri}/speed_report`).asPromise();
  const coll = conn.collection('cases');
  await coll.createIndex({ createdAt: 1 });
  const start = Date.UTC(2025, 0, 1);
  let t = Date.now();
  for (let i = 0; i < DOCS; i += 1000) {
    await coll.insertMany(Array.from({ length: Math.min(1000, DOCS - i) }, (_, j) => caseDoc(i + j, start)), { ordered: false });
  }
  out(`load: ${DOCS} documents in ${Date.now() - t} ms (insertMany batches of 1000)`);
  const pipeline = [
    { $match: { createdAt: { $gte: new Date(start), $lt: new Date(start + DOCS * 1000) } } },
    {
      $facet: {
        bySex: [{ $group: { _id: '$sex', n: { $sum: 1 } } }],
        byDistrict: [{ $group: { _id: '$location.district', n: { $sum: 1 } } }],
        byChannel: [{ $group: { _id: '$channel', n: { $sum: 1 } } }],
        byTarget: [{ $group: { _id: '$targetGroup', n: { $sum: 1 } } }],
        byProblem: [{ $unwind: '$problemTypes' }, { $group: { _id: '$problemTypes', n: { $sum: 1 } } }],
      },
    },
  ];
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    t = performance.now();
    const [res] = await coll.aggregate(pipeline).toArray();
    times.push(performance.now() - t);
    if (r === 0 && (res.bySex as Array<{ n: number }>).reduce((a, b) => a + b.n, 0) !== DOCS) throw new Error('wrong report total');
  }
  times.sort((a, b) => a - b);
  out(`aggregate $match(range)+$facet(5 groups, 1 unwind) over ${DOCS} docs: median ${times[2].toFixed(0)} ms, best ${times[0].toFixed(0)} ms`);
  await conn.dropDatabase();
  await conn.close();
}

/**
 * `GET /api/cases` paging as the admin API runs it (CaseService.list, 100 per page): the first
 * page, and the last one reached through the keyset cursor, which the server must answer from
 * the { createdAt: -1, _id: -1 } index as a range instead of scanning up to the position.
 */
async function measurePaging(uri: string): Promise<void> {
  const conn = await mongoose.createConnection(`${uri}/speed_paging`).asPromise();
  const Case = caseModel(conn);
  await Case.init();
  for (let i = 0; i < DOCS; i += 5000) {
    const batch = randomCases(Math.min(5000, DOCS - i), { from: '2024-01-01', to: '2024-12-31', seed: 7 + i, offset: i });
    await Case.insertMany(batch, { ordered: false, timestamps: false, lean: true });
  }
  const cases = createCaseService({ conn, centerCode: 'PHR', logger: silentLogger() });
  const limit = 100;
  const page = async (after?: { createdAt: Date; id: string }) => (await cases.list({ limit, after })).items;
  const ordered = await Case.find({}, { createdAt: 1 }).sort({ createdAt: -1, _id: -1 }).skip(DOCS - limit - 1).limit(1).lean();
  const lastCursor = { createdAt: ordered[0].createdAt, id: String(ordered[0]._id) };
  const time = async (run: () => Promise<unknown[]>): Promise<{ median: number; n: number }> => {
    await run(); // warm-up: the index's sorted entries are built on first use
    const times: number[] = [];
    let n = 0;
    for (let r = 0; r < 21; r++) {
      const t = performance.now();
      n = (await run()).length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { median: times[10], n };
  };
  const first = await time(() => page());
  const last = await time(() => page(lastCursor));
  out(
    `GET /api/cases paging over ${DOCS} cases (CaseService.list, 100 per page): first page median ${first.median.toFixed(1)} ms (${first.n} docs), last page median ${last.median.toFixed(1)} ms (${last.n} docs)`,
  );
  await conn.dropDatabase();
  await conn.close();
}

/** CPU time (ms) the server has used so far: its own process, or this one when inline. */
type CpuClock = () => number;

async function insertLoad(label: string, insertBatch: (batch: Array<Record<string, unknown>>) => Promise<number>, serverCpu: CpuClock): Promise<void> {
  let seq = 0;
  const run = async (seconds: number): Promise<{ docs: number; calls: number; dups: number; secs: number; cpu: number }> => {
    let docs = 0;
    let calls = 0;
    let dups = 0;
    const cpu0 = serverCpu();
    const t = Date.now();
    const until = t + seconds * 1000;
    const caller = async (): Promise<void> => {
      while (Date.now() < until) {
        const n = 1 + (seq % 3);
        // Every 20th id repeats the one before, as a redelivered webhook would.
        const batch = Array.from({ length: n }, () => {
          const id = seq++;
          return { eventId: id % 20 === 0 && id > 0 ? `e-${id - 1}` : `e-${id}`, kind: 'message', at: new Date(), body: 'hello' };
        });
        const inserted = await insertBatch(batch);
        docs += inserted;
        dups += n - inserted;
        calls++;
      }
    };
    await Promise.all(Array.from({ length: CALLERS }, caller));
    return { docs, calls, dups, secs: (Date.now() - t) / 1000, cpu: serverCpu() - cpu0 };
  };
  await run(1); // warm-up: JIT on both sides
  const r = await run(SECONDS);
  out(
    `${label}: ${(r.docs / r.secs).toFixed(0)} docs/s, ${(r.calls / r.secs).toFixed(0)} calls/s (${r.docs} docs, ${r.dups} duplicates rejected; server CPU ${((r.cpu * 1000) / r.calls).toFixed(0)} µs per call)`,
  );
}

async function measureInserts(uri: string, serverCpu: CpuClock): Promise<void> {
  const conn = await mongoose.createConnection(`${uri}/speed_insert`, { maxPoolSize: CALLERS }).asPromise();
  const Event = conn.model('Event', new Schema({ eventId: { type: String, unique: true }, kind: String, at: Date, body: String }));
  await Event.init();
  await insertLoad(
    `mongoose insertMany (ordered:false, 1-3 docs, unique string index), ${CALLERS} callers`,
    async (batch) => {
      try {
        return (await Event.insertMany(batch, { ordered: false })).length;
      } catch (e) {
        return (e as { insertedDocs?: unknown[] }).insertedDocs?.length ?? 0;
      }
    },
    serverCpu,
  );
  const raw = conn.collection('raw_events');
  await raw.createIndex({ eventId: 1 }, { unique: true });
  await insertLoad(
    `driver insertMany (same load)`,
    async (batch) => {
      try {
        return (await raw.insertMany(batch, { ordered: false })).insertedCount;
      } catch (e) {
        return (e as { insertedCount?: number }).insertedCount ?? 0;
      }
    },
    serverCpu,
  );
  out(`events stored: ${await Event.estimatedDocumentCount()} + ${await raw.estimatedDocumentCount()}`);

  const Case = conn.model('Case', new Schema({ caseNumber: { type: String, unique: true }, createdAt: Date }));
  await Case.init();
  let pairs = 0;
  const pairUntil = Date.now() + SECONDS * 1000;
  const t2 = Date.now();
  while (Date.now() < pairUntil) {
    const c = await Case.create({ caseNumber: `k-${pairs}`, createdAt: new Date() });
    await Case.findById(c._id).lean();
    pairs++;
  }
  out(`sequential mongoose create + findById().lean(): ${(pairs / ((Date.now() - t2) / 1000)).toFixed(0)} pairs/s (${pairs} documents)`);
  await conn.dropDatabase();
  await conn.close();
}

/** How fast this machine is right now, so the figures below can be compared across machines. */
function calibrate(): void {
  const doc = { insert: 'events', ordered: false, $db: 'x', documents: [{ a: 1, b: 'hello', c: new Date() }] };
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    for (let i = 0; i < 20_000; i++) deserialize(serialize(doc));
    best = Math.min(best, ((performance.now() - t) * 1000) / 20_000);
  }
  out(`calibration: bson serialize+deserialize of a small command ${best.toFixed(1)} µs (≈1-2 µs on an idle laptop)`);
}

/** Resident memory of a process in MB, from /proc (Linux). */
function processRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? 0) / 1024;
}

/** The queue collections as the product declares them (src/queue/keyed-queue.ts queueSchema). */
const QUEUES = [
  { name: 'inbox_events', retention: 7 * 24 * 3600 },
  { name: 'outbox', retention: 3 * 24 * 3600 },
  { name: 'timers', retention: 30 * 24 * 3600 },
];
const SOAK_STEPS_PER_SECOND = 100;
const SOAK_USERS = 1000;

/**
 * A bounded soak: for `seconds`, queue traffic like the service's (per conversation step an inbox
 * event stored then marked done, an outbox message stored then marked sent, the session's timeout
 * timer moved), at a fixed rate; the server's RSS is sampled as it goes. Finished records keep
 * their product retention (days) unless `capSeconds` caps the TTL of those collections.
 */
async function soak(seconds: number, capSeconds: number | null): Promise<void> {
  const cap = capSeconds === null ? [] : ['--ttl-cap', QUEUES.map((q) => `${q.name}=${capSeconds}`).join(',')];
  const server = await startServer(cap);
  if (process.argv.includes('--inline')) out('soak: the server runs as a child process (its RSS alone is measured)');
  const conn = await mongoose.createConnection(`${server.uri}/speed_soak`, { maxPoolSize: 20 }).asPromise();
  const db = conn.db;
  if (db === undefined) throw new Error('no database handle');
  for (const q of QUEUES) {
    const c = db.collection(q.name);
    await c.createIndex({ status: 1, nextAttemptAt: 1 });
    await c.createIndex({ key: 1, status: 1, order: 1 });
    await c.createIndex({ doneAt: 1 }, { expireAfterSeconds: q.retention });
  }
  const inbox = db.collection<Record<string, unknown> & { _id: string }>('inbox_events');
  const outbox = db.collection<Record<string, unknown> & { _id: string }>('outbox');
  const timers = db.collection<Record<string, unknown> & { _id: string }>('timers');
  const words = 'ข้อความทดสอบความจำของเซิร์ฟเวอร์ '.repeat(12);
  const label = capSeconds === null ? 'product TTLs (days)' : `TTL capped at ${capSeconds} s`;
  const t0 = Date.now();
  let step = 0;
  let nextSample = t0;
  const samples: string[] = [];
  while (Date.now() - t0 < seconds * 1000) {
    const tickStart = Date.now();
    const batch = Array.from({ length: SOAK_STEPS_PER_SECOND / 10 }, () => step++);
    await Promise.all(
      batch.map(async (i) => {
        const now = new Date();
        const key = `U${i % SOAK_USERS}`;
        const base = { key, order: i, attempts: 0, nextAttemptAt: now, createdAt: now };
        await inbox.insertOne({ _id: `ev-${i}`, ...base, status: 'pending', event: { type: 'message', message: { type: 'text', text: words }, source: { userId: key } } });
        await inbox.updateOne({ _id: `ev-${i}` }, { $set: { status: 'done', doneAt: new Date() }, $unset: { event: '' } });
        await outbox.insertOne({ _id: `out-${i}`, ...base, status: 'pending', retryKey: `r-${i}`, to: key, messages: [{ type: 'text', text: words }] });
        await outbox.updateOne({ _id: `out-${i}` }, { $set: { status: 'done', doneAt: new Date() }, $unset: { messages: '' } });
        await timers.updateOne(
          { _id: `timeout:${key}` },
          { $set: { key: `timeout:${key}`, status: 'pending', kind: 'timeout', dueAt: new Date(Date.now() + 600_000), nextAttemptAt: new Date(Date.now() + 600_000) }, $setOnInsert: { order: 0, attempts: 0, createdAt: now } },
          { upsert: true },
        );
      }),
    );
    if (Date.now() >= nextSample) {
      samples.push(`${Math.round((Date.now() - t0) / 1000)} s ${processRssMb(server.pid).toFixed(0)} MB`);
      nextSample += 15_000;
    }
    const wait = 100 - (Date.now() - tickStart);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const counts = await Promise.all(QUEUES.map(async (q) => `${q.name} ${await db.collection(q.name).estimatedDocumentCount()}`));
  out(`soak ${seconds} s, ${label}: ${step} steps (${(step / seconds).toFixed(0)}/s); server RSS ${samples.join(', ')}, end ${processRssMb(server.pid).toFixed(0)} MB; documents left: ${counts.join(', ')}`);
  await conn.close();
  await server.stop();
}

async function main(): Promise<void> {
  const soakSeconds = argValue('soak', 0);
  if (soakSeconds > 0) {
    const capArg = argValue('cap', 30);
    await soak(soakSeconds, null);
    await soak(soakSeconds, capArg);
    return;
  }
  calibrate();
  const server = await startServer();
  try {
    out(`server: ${process.argv.includes('--inline') ? 'in-process' : 'child process'} ${server.uri}`);
    await measureAggregate(server.uri);
    await measurePaging(server.uri);
    await measureInserts(server.uri, server.cpu);
  } finally {
    await server.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
