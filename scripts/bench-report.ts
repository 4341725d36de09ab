/**
 * `npx tsx scripts/bench-report.ts [--cases 100000] [--runs 5]` (called by `npm run bench`):
 * times the report summary over generated cases on the in-memory MongoDB sandbox and prints the
 * figures. Target: under 1 second per summary. `benchReport()` is exported for the bench runner.
 */
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { Types } from 'mongoose';
import { caseModel, type CaseModel } from '../src/cases/model';
import type { CaseRecord } from '../src/cases/types';
import { provinceData } from '../src/cases/geo';
import { dayRange } from '../src/reports/date-range';
import { randomCases } from '../src/reports/demo-data';
import { computeSummary, type ReportSummary } from '../src/reports/summary';
import { startMongoServer } from '../src/sandbox/mongo/server';
import { connectMongo } from '../src/store/connection';

export interface ReportBenchResult {
  cases: number;
  runs: number;
  /** Milliseconds per summary. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  targetMs: number;
  withinTarget: boolean;
  loadMs: number;
  /** CPU time (user + system) of this process while loading: steadier than wall time on a busy machine. */
  loadCpuMs: number;
  /** Median CPU time per summary. */
  medianCpuMs: number;
  /** Resident memory of this process (client and server) after loading, in MB. */
  rssMb: number;
  summary: ReportSummary;
}

/** Cases per generator call: its seed depends on the offset, so this fixes the data set (and the figures). */
const BATCH = 5000;
/**
 * Cases per insert command. Smaller than BATCH: the driver copies a command's documents three
 * times while framing it, and 1,000 cases (1.6 MB) stay in the CPU cache where 5,000 (8 MB) do
 * not (measured at 300,000 cases: loading CPU 11.5–12.8 s against 14–17 s).
 */
const INSERT_BATCH = 1000;
const RANGE = { from: '2024-01-01', to: '2024-12-31' };
const TARGET_MS = 1000;

export async function benchReport(opts: { cases?: number; runs?: number } = {}): Promise<ReportBenchResult> {
  const total = opts.cases ?? 100_000;
  const runs = opts.runs ?? 5;
  const sandbox = await startMongoServer({ port: 0 });
  const conn = await connectMongo(`${sandbox.uri}/husec-bench`);
  try {
    const Case = caseModel(conn);
    await Case.init();
    const loadStart = performance.now();
    const loadCpu = process.cpuUsage();
    await loadInWorker(sandbox.uri, total);
    const loadMs = performance.now() - loadStart;
    const loadCpuMs = cpuMs(process.cpuUsage(loadCpu));
    const rssMb = process.memoryUsage().rss / 2 ** 20;
    // The loader's first case, generated again (the generator is deterministic).
    await checkAsModelWrites(Case, randomCases(1, { ...RANGE, seed: 1300, offset: 0 })[0]!);

    const ctx = { range: dayRange(RANGE.from, RANGE.to), centerName: 'bench', province: provinceData('แพร่'), now: new Date() };
    let summary = await computeSummary(Case, ctx); // warm-up: connection pool, JIT
    const times: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      summary = await computeSummary(Case, ctx);
      times.push(performance.now() - t0);
      cpus.push(cpuMs(process.cpuUsage(c0)));
    }
    times.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    const medianMs = times[Math.floor(times.length / 2)]!;
    return {
      cases: total,
      runs,
      medianMs,
      minMs: times[0]!,
      maxMs: times[times.length - 1]!,
      targetMs: TARGET_MS,
      withinTarget: medianMs < TARGET_MS,
      loadMs,
      loadCpuMs,
      medianCpuMs: cpus[Math.floor(cpus.length / 2)]!,
      rssMb,
      summary,
    };
  } finally {
    await conn.close();
    await sandbox.close();
  }
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

interface LoaderData {
  benchReportLoader: true;
  uri: string;
  total: number;
}

/**
 * Loads the cases from a worker thread of this process: the client (generator, BSON
 * serialisation) then runs beside the in-memory server instead of taking turns with it, and its
 * short-lived garbage is collected in its own small heap instead of triggering collections of
 * the server's heap of a million stored cases.
 */
function loadInWorker(uri: string, total: number): Promise<void> {
  const data: LoaderData = { benchReportLoader: true, uri, total };
  // Workers do not inherit tsx's module hooks: register them, then run this file.
  const worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(__filename)});`, { eval: true, workerData: data });
  return new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`loader exited with ${code}`))));
  });
}

/** Two batches in flight: the next is generated and serialised while the server stores the last. */
const IN_FLIGHT = 2;

async function runLoader(data: LoaderData): Promise<void> {
  const conn = await connectMongo(`${data.uri}/husec-bench`);
  try {
    const cases = conn.collection('cases');
    const pending = new Set<Promise<unknown>>();
    for (let offset = 0; offset < data.total; offset += BATCH) {
      // Straight to the driver: the generator's records are complete and valid (checked after
      // loading), so mongoose's insertMany would add nothing but client time. `_id` first, as
      // mongod stores it, so the server need not move it.
      const batch = randomCases(Math.min(BATCH, data.total - offset), { ...RANGE, seed: 1300 + offset, offset }).map((c) => ({ _id: new Types.ObjectId(), ...c }));
      for (let i = 0; i < batch.length; i += INSERT_BATCH) {
        const p: Promise<unknown> = cases.insertMany(batch.slice(i, i + INSERT_BATCH), { ordered: false }).finally(() => pending.delete(p));
        pending.add(p);
        if (pending.size >= IN_FLIGHT) await Promise.race(pending);
      }
    }
    await Promise.all(pending);
  } finally {
    await conn.close();
  }
}

/**
 * The bench loads past mongoose; this proves a loaded case is what the product's model would
 * have written: it passes the model's validation, and reading it back through the model gives
 * the same values as the model's own cast of the generated record.
 */
async function checkAsModelWrites(Case: CaseModel, generated: CaseRecord): Promise<void> {
  const stored = await Case.findOne({ caseNumber: generated.caseNumber }).lean();
  if (stored === null) throw new Error(`case ${generated.caseNumber} was not loaded`);
  const asModel = new Case({ ...generated, _id: stored._id });
  await asModel.validate();
  const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
  if (!isDeepStrictEqual(plain(stored), plain(asModel.toObject()))) {
    throw new Error('a loaded case differs from what the case model writes');
  }
}

export function formatBench(r: ReportBenchResult): string {
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const s = r.summary;
  return [
    `report summary over ${r.cases.toLocaleString('en')} cases (in-memory MongoDB sandbox), ${r.runs} runs:`,
    `  median ${ms(r.medianMs)}, min ${ms(r.minMs)}, max ${ms(r.maxMs)} — target < ${ms(r.targetMs)}: ${r.withinTarget ? 'OK' : 'MISSED'} (median CPU ${ms(r.medianCpuMs)})`,
    `  (loading the cases took ${ms(r.loadMs)}, CPU ${ms(r.loadCpuMs)}; RSS after loading ${r.rssMb.toFixed(0)} MB)`,
    `  figures: total ${s.total}, urgent ${s.urgent}; ` + s.sex.map((x) => `${x.key} ${x.count}`).join(', '),
    `  districts: ${s.districts.rows.map((x) => `${x.label} ${x.count}`).join(', ')}`,
    `  channels: ${s.channels.rows.map((x) => `${x.key} ${x.count}`).join(', ')}`,
    `  problem types: ${s.problemTypes.rows.map((x) => `${x.key} ${x.count}`).join(', ')}`,
  ].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { cases: { type: 'string' }, runs: { type: 'string' } },
    strict: true,
  });
  const cases = values.cases === undefined ? undefined : Number(values.cases);
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if ((cases !== undefined && !(Number.isInteger(cases) && cases > 0)) || (runs !== undefined && !(Number.isInteger(runs) && runs > 0))) {
    process.stderr.write('usage: tsx scripts/bench-report.ts [--cases N] [--runs N]\n');
    return 2;
  }
  const r = await benchReport({ cases, runs });
  process.stdout.write(`${formatBench(r)}\n`);
  return r.withinTarget ? 0 : 1;
}

if (!isMainThread && (workerData as Partial<LoaderData> | null)?.benchReportLoader === true) {
  runLoader(workerData as LoaderData).catch((err: unknown) => {
    process.stderr.write(`bench loader failed: ${err instanceof Error ? err.message : 'unknown error'}\n`);
    process.exitCode = 1;
  });
} else if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.message : 'unknown error'}\n`);
      process.exit(1);
    },
  );
}
