// Speed figures of the in-memory MongoDB sandbox, measured through mongoose as the product uses it.
//   npx tsx scripts/mongo-sandbox-speed.ts            # server in a child process (as the benchmark runs it)
//   npx tsx scripts/mongo-sandbox-speed.ts --inline   # server in this process (CPU figures then include the client)
//   npx tsx scripts/mongo-sandbox-speed.ts --docs 100000 --seconds 5
// Prints one line per figure. Not a test: timings are never asserted anywhere.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { deserialize, serialize } from 'bson';
import mongoose, { Schema, Types } from 'mongoose';
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
  cpu: CpuClock;
  stop(): Promise<void>;
}

/** utime + stime of a process in ms, from /proc (Linux). */
function processCpu(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function startServer(): Promise<RunningServer> {
  if (process.argv.includes('--inline')) {
    const s = await startMongoServer();
    // In-process the server's CPU cannot be told apart from the client's; report the sum.
    return { uri: s.uri, cpu: () => process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000, stop: () => s.close() };
  }
  const entry = path.join(__dirname, '..', 'src', 'sandbox', 'mongo', 'main.ts');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise<string>((resolve, reject) => {
    if (child.stdout === null) return reject(new Error('no stdout'));
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)}`)));
  });
  const pid = child.pid ?? 0;
  return {
    uri,
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

async function main(): Promise<void> {
  calibrate();
  const server = await startServer();
  try {
    out(`server: ${process.argv.includes('--inline') ? 'in-process' : 'child process'} ${server.uri}`);
    await measureAggregate(server.uri);
    await measureInserts(server.uri, server.cpu);
  } finally {
    await server.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
