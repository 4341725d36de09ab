/**
 * Memory soak (issue 13), part of `npm run bench` (short), or alone:
 *   npx tsx scripts/bench-soak.ts [--conversations 10000] [--open-steps 3] [--reporters 50]
 *     [--soak-minutes 1] [--rate 1] [--sample-seconds 5] [--embedded] [--no-ttl-cap]
 *     [--step-timeout 20] [--open-minutes 20] [--heap-snapshot DIR] [--node-flags "--heap-growing-percent=0"]
 *
 * 1. Opens N conversations: each a new LINE user who taps แจ้งเหตุ and answers a step or two
 *    (--open-steps of the report script: start, problem type, pin), then goes quiet, so the intake
 *    session stays open (--reporters of them at a time).
 * 2. Soaks: for --soak-minutes, a steady trickle of whole reports (--rate new conversations per
 *    second, 8 steps each, a new user each), while the N stay open.
 * Every few seconds it samples the RSS and heap of the service and of the database.
 *
 * The service is the real `npm start` process (node scripts/start.js → dist/main.js, built first
 * when stale), configured like production: a MongoDB URI, LINE credentials, a duty group. There is
 * no mongod on this machine, so "a real MongoDB" is the in-memory server in its own process,
 * reached over the wire exactly as a mongod would be: the SERVICE figure is what the service would
 * use beside a real MongoDB (its own heap, driver, sockets); the database figure is only the
 * in-memory server's. The server gets the same finished-record caps as the embedded start
 * (src/sandbox/index.ts sandboxTtlCaps), or none with --no-ttl-cap.
 * --embedded: the service's own embedded start instead (no MONGODB_URI: the in-memory server runs
 * inside the service process, as `npm start` with nothing configured), so its RSS is the total.
 *
 * --heap-snapshot DIR writes the service's heap after the opening and at the end (the service also
 * takes `kill -USR2 <pid>` for one at any time); --node-flags passes V8/node flags to the service
 * (`npm start` paces V8's collector by itself beside a real MongoDB, see scripts/start.js;
 * --node-flags "--heap-growing-percent=0" measures V8's own pacing instead).
 * Printed with the figures: the service's RSS at its peak by where it is (V8's young and old
 * generation, buffers, file-backed pages) and its CPU per answered step.
 *
 * The LINE emulator and the reporters run in this process. Loopback only; bounded: the opening
 * stops after --open-minutes (default 20), the soak after --soak-minutes plus one step timeout.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { messagingApi, webhook } from '@line/bot-sdk';
import mongoose, { type Connection } from 'mongoose';
import { loadConfig } from '../src/config/env';
import { SANDBOX_CAPPED_COLLECTIONS, sandboxTtlCaps } from '../src/sandbox';
import { startLineEmulator, type LineEmulator } from '../src/sandbox/line-emulator';
import { locationEvent, postbackEvent, textEvent } from '../src/sandbox/line-emulator/events';
import { newUserId } from '../src/sandbox/line-emulator/ids';
import { postWebhook, webhookBody } from '../src/sandbox/line-emulator/webhook-body';
import { BENCH_DUTY_GROUP, BENCH_PIN, BENCH_SECRET, BENCH_TOKEN, CASE_NUMBER_SEEN, Inboxes, percentile, REPORT_SCRIPT, tapIn, type Act } from './bench-conversation-lib';
import { linearSlope, summarise, type Sample, type ServiceDetail } from './bench-soak-lib';

// scripts/start.js is plain JavaScript (it runs before anything is compiled).
const { serviceV8Flags } = require('./start.js') as {
  serviceV8Flags(env: Record<string, string | undefined>, execArgv: readonly string[], dotEnvPath: string): string[];
};

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : dflt;
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number ≥ 0`);
  return v;
};
const strOpt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const CONVERSATIONS = Math.round(opt('conversations', 10_000));
const OPEN_STEPS = Math.min(REPORT_SCRIPT.length - 1, Math.max(1, Math.round(opt('open-steps', 3))));
const REPORTERS = Math.max(1, Math.round(opt('reporters', 50)));
const SOAK_MINUTES = opt('soak-minutes', 1);
const RATE = opt('rate', 1);
const SAMPLE_MS = Math.max(1, opt('sample-seconds', 5)) * 1000;
const STEP_TIMEOUT_MS = opt('step-timeout', 20) * 1000;
const OPEN_MINUTES = opt('open-minutes', 20);
const EMBEDDED = args.includes('--embedded');
const NO_CAP = args.includes('--no-ttl-cap');
const SNAPSHOT_DIR = strOpt('heap-snapshot');
/** Extra node flags for the service process (e.g. "--max-semi-space-size=4"), to measure their effect. */
const NODE_FLAGS = (strOpt('node-flags') ?? '').split(' ').filter(Boolean);
/** The service's RSS target with N open conversations (issue 13). */
const SERVICE_RSS_TARGET_MB = 200;
/** "Bounded": the last half of the soak grows by at most this (cases and users the trickle adds stay, by design). */
const BOUNDED_SLOPE_MB_PER_MIN = 1;
const LOAD_BEFORE = loadavg();
const MB = 2 ** 20;
const CAPS = sandboxTtlCaps(loadConfig({}));
/** Collections whose document counts are sampled: the capped queues and the state that grows with users. */
const COUNTED = [...SANDBOX_CAPPED_COLLECTIONS, 'intake_sessions', 'reporter_states', 'cases'];

// ---------------------------------------------------------------------------------------------
// Processes

interface Probed {
  proc: ChildProcess;
  name: string;
}

let asked = 0;
/** Asks a probed process (scripts/bench-soak-probe.cjs) and resolves with its answer. */
function ask<T extends Record<string, unknown>>(p: Probed, msg: Record<string, unknown>, timeoutMs = 10_000): Promise<T> {
  const id = ++asked;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      p.proc.off('message', onMessage);
      reject(new Error(`${p.name} did not answer ${String(msg.type)}`));
    }, timeoutMs);
    const onMessage = (m: Record<string, unknown>) => {
      if (m?.id !== id) return;
      clearTimeout(timer);
      p.proc.off('message', onMessage);
      resolve(m as T);
    };
    p.proc.on('message', onMessage);
    p.proc.send({ ...msg, id });
  });
}

type GcTotals = Record<'minor' | 'major' | 'incremental' | 'weak', { n: number; ms: number }>;
interface Probe {
  memory: NodeJS.MemoryUsage;
  spaces: Record<string, { sizeMB: number; usedMB: number }>;
  kernel: Record<string, number>;
  gc: GcTotals;
}
const gcOf = async (p: Probed) => (await probe(p))!.gc;
/** The collections between two readings, per answered step: how much of the CPU the pacing costs. */
function gcPerStep(a: GcTotals, b: GcTotals, steps: number): string {
  const d = (k: keyof GcTotals) => `${k} ${((b[k].n - a[k].n) / Math.max(1, steps) * 1000).toFixed(1)} per 1,000 steps, ${((b[k].ms - a[k].ms) / Math.max(1, steps)).toFixed(2)} ms/step`;
  return `${d('minor')}; ${d('major')}; ${d('incremental')} (main-thread pauses)`;
}
const probe = async (p: Probed | undefined, gc = false) => (p ? await ask<Probe & Record<string, unknown>>(p, { type: 'memory', gc }, gc ? 60_000 : 10_000) : undefined);
const memoryOf = async (p: Probed | undefined, gc = false) => (await probe(p, gc))?.memory;

/** The probe's answer as where the RSS is: young vs old generation, anonymous vs file-backed pages. */
function detailOf(r: Probe): ServiceDetail {
  const sum = (f: (s: { sizeMB: number; usedMB: number }) => number) =>
    Object.entries(r.spaces).reduce((t, [name, s]) => (name === 'new' || name === 'new_large_object' ? t : t + f(s)), 0);
  return {
    newSpaceMB: (r.spaces.new?.sizeMB ?? 0) + (r.spaces.new_large_object?.sizeMB ?? 0),
    newUsedMB: (r.spaces.new?.usedMB ?? 0) + (r.spaces.new_large_object?.usedMB ?? 0),
    oldSpaceMB: sum((s) => s.sizeMB),
    oldUsedMB: sum((s) => s.usedMB),
    rssAnonMB: r.kernel.RssAnon ?? Number.NaN,
    rssFileMB: r.kernel.RssFile ?? Number.NaN,
  };
}

const PROBE = resolve(__dirname, 'bench-soak-probe.cjs');

/** CPU seconds (user + system) a process has used, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime (fields 14, 15), in clock ticks
  } catch {
    return Number.NaN;
  }
}

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const addr = srv.address();
  srv.close();
  return typeof addr === 'object' && addr ? addr.port : 0;
}

/** The in-memory server in its own process; resolves with its URI. */
async function startDatabase(): Promise<{ db: Probed; uri: string }> {
  const capArg = NO_CAP ? [] : ['--ttl-cap', Object.entries(CAPS).map(([k, v]) => `${k}=${v}`).join(',')];
  const proc = fork('src/sandbox/mongo/main.ts', ['--port', '0', ...capArg], {
    execArgv: ['--require', PROBE, '--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const line = await new Promise<string>((res, rej) => {
    const t = setTimeout(() => rej(new Error('the database did not start within 30 s')), 30_000);
    proc.stdout!.once('data', (c: Buffer) => {
      clearTimeout(t);
      res(c.toString().trim());
    });
    proc.once('exit', (code) => rej(new Error(`the database exited with ${code}`)));
  });
  return { db: { proc, name: 'database' }, uri: line.match(/mongodb:\/\/[^/\s]+/)?.[0] ?? line };
}

/** `npm start` as deployed (scripts/start.js builds dist/ first when stale), with the probe preloaded. */
async function startService(lineUrl: string, mongoUri: string | undefined, mongoPort: number): Promise<{ service: Probed; url: string }> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    // The embedded start refuses NODE_ENV=production (no real database); nothing else differs.
    NODE_ENV: mongoUri ? 'production' : 'development',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    LINE_CHANNEL_SECRET: BENCH_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: BENCH_TOKEN,
    LINE_API_BASE_URL: lineUrl,
    LINE_DATA_API_BASE_URL: lineUrl,
    DUTY_GROUP_ID: BENCH_DUTY_GROUP,
    // Keeps the N quiet conversations open for the whole run, however long the opening takes.
    SESSION_TIMEOUT_MINUTES: '240',
    ...(mongoUri ? { MONGODB_URI: mongoUri } : { SANDBOX_MONGO_PORT: String(mongoPort), ...(NO_CAP ? { SANDBOX_FINISHED_TTL_SECONDS: String(10 ** 9) } : {}) }),
  };
  // stdout carries the service's JSON log lines (warnings and errors only): counted, not shown.
  const execArgv = ['--require', PROBE, '--expose-gc', '--heapsnapshot-signal=SIGUSR2', ...NODE_FLAGS];
  startJsFlags = serviceV8Flags(env, execArgv, join(process.cwd(), '.env'));
  const proc = fork('scripts/start.js', [], { env, execArgv, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  proc.stdout!.on('data', (c: Buffer) => {
    for (const l of c.toString().split('\n')) if (l.includes('"level":"error"')) serviceErrors++;
  });
  const url = `http://127.0.0.1:${port}`;
  // Bounded: the first start may build dist/ (a minute or two on a busy machine).
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error(`the service exited with ${proc.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { service: { proc, name: 'service' }, url };
    await sleep(500);
  }
  throw new Error('the service did not become ready within 5 min');
}
let serviceErrors = 0;
/** The V8 flags scripts/start.js sets in the service by itself (GC pacing beside a real MongoDB). */
let startJsFlags: string[] = [];

async function stop(proc: ChildProcess | undefined) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill('SIGTERM');
  const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await once(proc, 'exit');
  clearTimeout(t);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Reporters


interface Tally {
  latencies: number[];
  conversations: number;
  failed: number;
  reports: number;
}
const tally = (): Tally => ({ latencies: [], conversations: 0, failed: 0, reports: 0 });

function eventFor(act: Act, userId: string, replyToken: string): webhook.Event {
  if (act.kind === 'pin') return locationEvent({ userId, replyToken, ...BENCH_PIN });
  if (act.kind === 'text') return textEvent({ userId, replyToken, text: act.text });
  return postbackEvent({ userId, replyToken, data: act.data });
}

/** One new user through the first `steps` steps of a report, tapping only what the bot showed. */
async function converse(emulator: LineEmulator, chats: Inboxes, webhookUrl: string, steps: number, t: Tally): Promise<void> {
  const userId = newUserId();
  chats.open(userId);
  try {
    for (const step of REPORT_SCRIPT.slice(0, steps)) {
      const act = step.button ? tapIn(chats.shown(userId), step.button) : step.blind;
      if (!act) {
        t.failed++;
        return;
      }
      const count = chats.shown(userId).length;
      const sent = Date.now();
      const answered = chats.next(userId, count, STEP_TIMEOUT_MS);
      const res = await postWebhook(webhookUrl, BENCH_SECRET, webhookBody([eventFor(act, userId, emulator.issueReplyToken(userId))])).catch(() => ({ status: 0 }));
      if (res.status !== 200 || !(await answered)) {
        t.failed++;
        return;
      }
      t.latencies.push(Date.now() - sent);
    }
    t.conversations++;
    if (steps === REPORT_SCRIPT.length && chats.shown(userId).some((m) => CASE_NUMBER_SEEN.test(JSON.stringify(m)))) t.reports++;
  } finally {
    chats.close(userId);
  }
}

// ---------------------------------------------------------------------------------------------
// Sampling

class Sampler {
  readonly samples: Sample[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  phase: Sample['phase'] = 'open';
  private readonly t0 = Date.now();

  constructor(
    private readonly service: Probed,
    private readonly db: Probed | undefined,
    private readonly conn: Connection,
  ) {}

  async sample(): Promise<Sample> {
    const [svcProbe, dbm] = await Promise.all([probe(this.service), memoryOf(this.db)]);
    const svc = svcProbe?.memory;
    const counts: Record<string, number> = {};
    for (const name of COUNTED) counts[name] = await this.conn.db!.collection(name).estimatedDocumentCount();
    const s: Sample = {
      tS: (Date.now() - this.t0) / 1000,
      phase: this.phase,
      serviceRssMB: svc!.rss / MB,
      serviceHeapMB: svc!.heapUsed / MB,
      serviceHeapTotalMB: svc!.heapTotal / MB,
      // arrayBuffers (Buffers included) is part of external already.
      serviceExternalMB: svc!.external / MB,
      serviceDetail: svcProbe && detailOf(svcProbe),
      dbRssMB: dbm ? dbm.rss / MB : 0,
      dbHeapMB: dbm ? dbm.heapUsed / MB : 0,
      counts,
    };
    this.samples.push(s);
    // Progress on stderr (a long soak is otherwise silent until its table).
    const d = s.serviceDetail;
    process.stderr.write(
      `soak ${s.tS.toFixed(0)} s ${s.phase}: service RSS ${s.serviceRssMB.toFixed(0)} MB heap ${s.serviceHeapMB.toFixed(0)}/${s.serviceHeapTotalMB.toFixed(0)} MB` +
        (d ? ` (new ${d.newUsedMB.toFixed(0)}/${d.newSpaceMB.toFixed(0)}, old ${d.oldUsedMB.toFixed(0)}/${d.oldSpaceMB.toFixed(0)}, external ${s.serviceExternalMB.toFixed(0)}, anon ${d.rssAnonMB.toFixed(0)} file ${d.rssFileMB.toFixed(0)})` : '') +
        `, db RSS ${s.dbRssMB.toFixed(0)} MB\n`,
    );
    return s;
  }

  start() {
    const tick = () => {
      this.running = this.sample()
        .then(
          () => undefined,
          (err: unknown) => {
            process.stderr.write(`sample failed: ${err instanceof Error ? err.message : String(err)}\n`);
          },
        )
        .then(() => {
          if (!this.stopped) this.timer = setTimeout(tick, SAMPLE_MS);
        });
    };
    this.timer = setTimeout(tick, SAMPLE_MS);
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

// ---------------------------------------------------------------------------------------------

const mb = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
const ms = (v: number) => (Number.isFinite(v) ? String(Math.round(v)) : '–');

async function main() {
  const emulator = await startLineEmulator({ channelAccessToken: BENCH_TOKEN });
  let db: Probed | undefined;
  let service: Probed | undefined;
  let conn: Connection | undefined;
  const w = (s: string) => process.stdout.write(s);
  try {
    const mongoPort = EMBEDDED ? await freePort() : 0;
    let mongoUri: string | undefined;
    if (!EMBEDDED) {
      const started = await startDatabase();
      db = started.db;
      mongoUri = `${started.uri}/soak`;
    }
    const started = await startService(emulator.url, mongoUri, mongoPort);
    service = started.service;
    const webhookUrl = `${started.url}/webhook`;
    // The bench's own connection, for document counts only (the embedded server's database is husec).
    conn = await mongoose.createConnection(mongoUri ?? `mongodb://127.0.0.1:${mongoPort}/husec`).asPromise();
    const chats = new Inboxes(emulator);

    // Warm-up (not counted): JIT, pools, indexes, the case counter.
    await Promise.all(Array.from({ length: 3 }, () => converse(emulator, chats, webhookUrl, REPORT_SCRIPT.length, tally())));
    const sampler = new Sampler(service, db, conn);
    const idle = await sampler.sample();
    sampler.start();

    // 1. Open N conversations, REPORTERS at a time.
    const opening = tally();
    const openCpu = cpuSeconds(service.proc.pid);
    const openGc = await gcOf(service);
    const openStart = Date.now();
    const openUntil = openStart + OPEN_MINUTES * 60_000;
    let next = 0;
    await Promise.all(
      Array.from({ length: REPORTERS }, async () => {
        while (next < CONVERSATIONS && Date.now() < openUntil) {
          next++;
          await converse(emulator, chats, webhookUrl, OPEN_STEPS, opening);
        }
      }),
    );
    const openS = (Date.now() - openStart) / 1000;
    const openCpuMsPerStep = ((cpuSeconds(service.proc.pid) - openCpu) * 1000) / Math.max(1, opening.latencies.length);
    const openGcPerStep = gcPerStep(openGc, await gcOf(service), opening.latencies.length);
    sampler.phase = 'soak';
    const afterOpen = await sampler.sample();
    const afterOpenGc = await memoryOf(service, true);
    if (SNAPSHOT_DIR) await snapshot(service, 'after-open');

    // 2. Soak: a steady trickle of whole reports, started on a clock (open loop), at most 200 at once.
    const soak = tally();
    const soakCpu = cpuSeconds(service.proc.pid);
    const soakGc = await gcOf(service);
    const soakStart = Date.now();
    const soakUntil = soakStart + SOAK_MINUTES * 60_000;
    const inFlight = new Set<Promise<void>>();
    let skipped = 0;
    for (let k = 0; RATE > 0; k++) {
      const at = soakStart + (k * 1000) / RATE;
      if (at >= soakUntil) break;
      await sleep(Math.max(0, at - Date.now()));
      if (inFlight.size >= 200) {
        skipped++;
        continue;
      }
      const p: Promise<void> = converse(emulator, chats, webhookUrl, REPORT_SCRIPT.length, soak).finally(() => {
        inFlight.delete(p);
      });
      inFlight.add(p);
    }
    if (RATE <= 0) await sleep(SOAK_MINUTES * 60_000);
    await Promise.all(inFlight);
    const soakCpuMsPerStep = ((cpuSeconds(service.proc.pid) - soakCpu) * 1000) / Math.max(1, soak.latencies.length);
    const soakGcPerStep = gcPerStep(soakGc, await gcOf(service), soak.latencies.length);
    await sampler.stop();
    const end = await sampler.sample();
    const endGc = await memoryOf(service, true);
    if (SNAPSHOT_DIR) await snapshot(service, 'end');

    // ------------------------------------------------------------------ output
    const soakSamples = sampler.samples.filter((s) => s.phase === 'soak');
    const sum = summarise(soakSamples);
    w(`\nMemory soak: ${CONVERSATIONS} conversations opened (${OPEN_STEPS} steps each, then quiet: the session stays open), ${REPORTERS} reporters at a time; `);
    w(`then ${SOAK_MINUTES} min of whole reports at ${RATE}/s. ${EMBEDDED ? 'Embedded start (the in-memory server inside the service process)' : 'Service and in-memory MongoDB server in separate processes (over the wire)'}; `);
    w(`service node flags: ${NODE_FLAGS.length ? NODE_FLAGS.join(' ') : 'none'}, set by npm start (scripts/start.js): ${startJsFlags.length ? startJsFlags.join(' ') : 'none'}; `);
    w(`finished-record cap ${NO_CAP ? 'OFF (--no-ttl-cap)' : `${Object.values(CAPS)[0]} s on ${SANDBOX_CAPPED_COLLECTIONS.join(', ')}`}. `);
    w(`${cpus().length} CPUs, load average before ${LOAD_BEFORE.map((l) => l.toFixed(1)).join(' ')}, after ${loadavg().map((l) => l.toFixed(1)).join(' ')}.\n\n`);
    w(
      `Opening: ${opening.conversations} of ${CONVERSATIONS} opened in ${openS.toFixed(0)} s (${((opening.conversations * OPEN_STEPS) / openS).toFixed(0)} steps/s), ${opening.failed} failed; ` +
        `step p50 ${ms(percentile(opening.latencies, 50))} ms, p99 ${ms(percentile(opening.latencies, 99))} ms; service CPU ${openCpuMsPerStep.toFixed(1)} ms per answered step.\n` +
        `  Service GC over the opening: ${openGcPerStep}.\n`,
    );
    w(
      `Soak: ${soak.conversations} whole reports (${soak.reports} with a case number), ${soak.failed} failed, ${skipped} not started (200 in flight); ` +
        `step p50 ${ms(percentile(soak.latencies, 50))} ms, p99 ${ms(percentile(soak.latencies, 99))} ms; service CPU ${soakCpuMsPerStep.toFixed(1)} ms per answered step (idle work included). ` +
        `Service error log lines: ${serviceErrors}.\n  Service GC over the soak: ${soakGcPerStep}.\n\n`,
    );

    w('| t s | phase | service RSS MB | heap used MB | heap total MB | external MB | db RSS MB | db heap MB | total RSS MB | ' + COUNTED.join(' | ') + ' |\n');
    w(`|---:|---|---:|---:|---:|---:|---:|---:|---:|${COUNTED.map(() => '---:').join('|')}|\n`);
    const all = [idle, ...sampler.samples.filter((s) => s !== idle)];
    const every = Math.max(1, Math.ceil(all.length / 24));
    for (const [i, s] of all.entries()) {
      if (i % every !== 0 && s !== afterOpen && s !== end) continue;
      w(
        `| ${s.tS.toFixed(0)} | ${s.phase} | ${mb(s.serviceRssMB)} | ${mb(s.serviceHeapMB)} | ${mb(s.serviceHeapTotalMB)} | ${mb(s.serviceExternalMB)} | ${mb(s.dbRssMB)} | ${mb(s.dbHeapMB)} | ${mb(s.serviceRssMB + s.dbRssMB)} | ` +
          `${COUNTED.map((c) => s.counts[c] ?? 0).join(' | ')} |\n`,
      );
    }
    const peak = sampler.samples.reduce((a, b) => (b.serviceRssMB > a.serviceRssMB ? b : a), idle);
    const pd = peak.serviceDetail;
    w(
      `\nService RSS at its peak (t ${peak.tS.toFixed(0)} s, ${peak.phase}): ${mb(peak.serviceRssMB)} MB = ` +
        (pd ? `anonymous ${mb(pd.rssAnonMB)} + file-backed ${mb(pd.rssFileMB)}; V8 young generation ${mb(pd.newSpaceMB)} reserved (${mb(pd.newUsedMB)} used), old generation ${mb(pd.oldSpaceMB)} reserved (${mb(pd.oldUsedMB)} used); ` : '') +
        `external (buffers) ${mb(peak.serviceExternalMB)} MB.\n`,
    );
    w(`\nService heap after a full GC: after the opening ${mb((afterOpenGc?.heapUsed ?? Number.NaN) / MB)} MB (RSS ${mb((afterOpenGc?.rss ?? Number.NaN) / MB)}), at the end ${mb((endGc?.heapUsed ?? Number.NaN) / MB)} MB (RSS ${mb((endGc?.rss ?? Number.NaN) / MB)}).\n`);
    w('\nDuring the soak (start / peak / end MB; slope of the last half in MB per minute, ~0 = bounded):\n');
    for (const [label, key] of [
      ['service RSS', 'serviceRssMB'],
      ['service heap', 'serviceHeapMB'],
      ['database RSS', 'dbRssMB'],
      ['database heap', 'dbHeapMB'],
      ['total RSS', 'totalRssMB'],
    ] as const) {
      const f = sum[key];
      w(`  ${label}: ${mb(f.start)} / ${mb(f.peak)} / ${mb(f.end)}; last-half slope ${f.slope.toFixed(2)} MB/min\n`);
    }
    const countSlopes = COUNTED.map((c) => `${c} ${linearSlope(sum.lastHalf.map((s) => [s.tS / 60, s.counts[c] ?? 0])).toFixed(0)}`);
    w(`  documents per minute over the last half: ${countSlopes.join(', ')}\n`);

    const serviceWithOpen = Math.max(afterOpen.serviceRssMB, ...soakSamples.map((s) => s.serviceRssMB));
    const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
    w('\nTargets (issue 13):\n');
    const rssJudged = !EMBEDDED && opening.conversations >= 10_000;
    w(
      `  service RSS with ${opening.conversations} open conversations (peak from the end of the opening on) ${mb(serviceWithOpen)} MB < ${SERVICE_RSS_TARGET_MB}: ` +
        `${rssJudged ? verdict(serviceWithOpen < SERVICE_RSS_TARGET_MB) : `not judged (${EMBEDDED ? 'embedded: this RSS includes the database' : 'fewer than 10,000 opened'})`}\n`,
    );
    const judged = SOAK_MINUTES >= 10;
    w(
      `  total RSS bounded over the soak: last-half slope ${sum.totalRssMB.slope.toFixed(2)} MB/min ≤ ${BOUNDED_SLOPE_MB_PER_MIN}: ` +
        `${judged ? verdict(sum.totalRssMB.slope <= BOUNDED_SLOPE_MB_PER_MIN) : 'not judged (needs --soak-minutes 10: the cap is 5 min)'}\n`,
    );
  } finally {
    await conn?.close().catch(() => undefined);
    await stop(service?.proc);
    await stop(db?.proc);
    await emulator.close();
  }
}

async function snapshot(p: Probed, label: string) {
  mkdirSync(SNAPSHOT_DIR!, { recursive: true });
  const file = join(resolve(SNAPSHOT_DIR!), `service-${label}-${Date.now()}.heapsnapshot`);
  const r = await ask<{ file: string }>(p, { type: 'heapsnapshot', file }, 300_000);
  process.stdout.write(`heap snapshot: ${r.file}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
