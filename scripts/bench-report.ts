/**
 * `npx tsx scripts/bench-report.ts [--cases 100000] [--runs 5]` (called by `npm run bench`):
 * times the report summary over generated cases on the in-memory MongoDB sandbox and prints the
 * figures. Target: under 1 second per summary. `benchReport()` is exported for the bench runner.
 */
import { parseArgs } from 'node:util';
import { caseModel } from '../src/cases/model';
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

const BATCH = 5000;
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
    for (let offset = 0; offset < total; offset += BATCH) {
      const batch = randomCases(Math.min(BATCH, total - offset), { ...RANGE, seed: 1300 + offset, offset });
      // Lean: the generator's records are already complete; casting 100,000 documents would time the client, not the report.
      await Case.insertMany(batch, { ordered: false, timestamps: false, lean: true });
    }
    const loadMs = performance.now() - loadStart;
    const loadCpuMs = cpuMs(process.cpuUsage(loadCpu));
    const rssMb = process.memoryUsage().rss / 2 ** 20;

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

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.message : 'unknown error'}\n`);
      process.exit(1);
    },
  );
}
