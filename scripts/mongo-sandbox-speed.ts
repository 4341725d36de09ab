// Speed figures of the in-memory MongoDB sandbox, measured through mongoose as the product uses it.
//   npx tsx scripts/mongo-sandbox-speed.ts            # server in a child process (as the benchmark runs it)
//   npx tsx scripts/mongo-sandbox-speed.ts --inline   # server in this process
//   npx tsx scripts/mongo-sandbox-speed.ts --docs 100000 --seconds 5
// Prints one line per figure. Not a test: timings are never asserted anywhere.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
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

async function startServer(): Promise<{ uri: string; stop(): Promise<void> }> {
  if (process.argv.includes('--inline')) {
    const s = await startMongoServer();
    return { uri: s.uri, stop: () => s.close() };
  }
  const entry = path.join(__dirname, '..', 'src', 'sandbox', 'mongo', 'main.ts');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise<string>((resolve, reject) => {
    if (child.stdout === null) return reject(new Error('no stdout'));
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)}`)));
  });
  return {
    uri,
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

async function measureInserts(uri: string): Promise<void> {
  const conn = await mongoose.createConnection(`${uri}/speed_insert`, { maxPoolSize: CALLERS }).asPromise();
  const Event = conn.model('Event', new Schema({ eventId: { type: String, unique: true }, kind: String, at: Date, body: String }));
  await Event.init();
  let docs = 0;
  let dups = 0;
  let seq = 0;
  const until = Date.now() + SECONDS * 1000;
  const caller = async (): Promise<void> => {
    while (Date.now() < until) {
      const n = 1 + (seq % 3);
      // Every 20th batch repeats an earlier id, as redelivered webhooks do.
      const batch = Array.from({ length: n }, () => {
        const id = seq++;
        return { eventId: id % 20 === 0 && id > 0 ? `e-${id - 1}` : `e-${id}`, kind: 'message', at: new Date(), body: 'hello' };
      });
      try {
        const res = await Event.insertMany(batch, { ordered: false });
        docs += res.length;
      } catch (e) {
        const err = e as { insertedDocs?: unknown[]; writeErrors?: unknown[] };
        docs += err.insertedDocs?.length ?? 0;
        dups += err.writeErrors?.length ?? 0;
      }
    }
  };
  const t = Date.now();
  await Promise.all(Array.from({ length: CALLERS }, caller));
  const secs = (Date.now() - t) / 1000;
  out(`insertMany (ordered:false, 1-3 docs, unique string index), ${CALLERS} callers: ${(docs / secs).toFixed(0)} docs/s (${docs} docs, ${dups} duplicates rejected, final collection ${await Event.estimatedDocumentCount()})`);

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
  out(`sequential create + findById().lean(): ${(pairs / ((Date.now() - t2) / 1000)).toFixed(0)} pairs/s (${pairs} documents)`);
  await conn.dropDatabase();
  await conn.close();
}

async function main(): Promise<void> {
  const server = await startServer();
  try {
    out(`server: ${process.argv.includes('--inline') ? 'in-process' : 'child process'} ${server.uri}`);
    await measureAggregate(server.uri);
    await measureInserts(server.uri);
  } finally {
    await server.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
