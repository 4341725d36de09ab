/**
 * Conversation load (issue 13), part of `npm run bench`, or alone:
 *   npx tsx scripts/bench-conversation.ts [--reporters 50] [--conv-seconds 20] [--step-timeout 20] [--bots echo,service] [--trace] [--cpu-prof DIR]
 *
 * N simulated reporters (all starting at once: the flood) each run whole intake conversations —
 * rich menu แจ้งเหตุ → problem type → pin → who needs help → sex → details ข้าม → contact ข้าม →
 * ยืนยัน — each conversation as a new LINE user, back to back, with no think time. Every step is a
 * signed webhook to the bot; its answer is what the bot sent through the LINE emulator (in this
 * process); a reporter sends its next step only after the previous answer arrived, and taps only
 * buttons that answer showed. The same reporters drive a minimal @line/bot-sdk echo bot first, as the
 * ceiling of this machine. Each bot runs in its own process, MongoDB (the in-memory server) in
 * another. Loopback only; each bot's run is bounded (--conv-seconds plus a drain of at most
 * --step-timeout seconds, default 20); the script stops by itself. A step not answered by then is
 * counted in the latencies as the timeout (so the percentiles are lower bounds), and its reporter stops.
 *
 * Right before the load, the driver opens one keep-alive connection per reporter to the bot with
 * LINE's "Verify" webhook (no events), so that the flood measures the bot's serving order, not the
 * driver opening N connections at once (see `openConnections`). For each overtaken step the output
 * says whether it waited before the 200 (HTTP) or after it (the bot's queue and the step itself).
 *
 * Before the load, the service also gets a quiet profile: one reporter, one conversation, and for
 * each step the MongoDB commands it caused (counted by the driver's command monitoring in the
 * service process, grouped by collection and command, until the service is quiet again).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import type { messagingApi, webhook } from '@line/bot-sdk';
import { startLineEmulator, type LineEmulator } from '../src/sandbox/line-emulator';
import { followEvent, locationEvent, postbackEvent, textEvent } from '../src/sandbox/line-emulator/events';
import { TYPED_WORDS } from '../src/strings/th/intake';
import { newUserId } from '../src/sandbox/line-emulator/ids';
import { postWebhook, webhookBody } from '../src/sandbox/line-emulator/webhook-body';
import {
  BENCH_PIN,
  BENCH_SECRET,
  BENCH_TOKEN,
  caseNumberShown,
  diffCounts,
  fairness,
  overtakes,
  percentile,
  REPORT_SCRIPT,
  tapIn,
  type Act,
  type CommandCounts,
  type Fairness,
  type StepRecord,
  Inboxes,
} from './bench-conversation-lib';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : dflt;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
};
const strOpt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? String(args[i + 1]) : dflt;
};
const REPORTERS = Math.round(opt('reporters', 50));
const SECONDS = opt('conv-seconds', 20);
const STEP_TIMEOUT_MS = opt('step-timeout', 20) * 1000;
const BOTS = strOpt('bots', 'echo,service').split(',');
/** Print the profile's commands one by one (shapes, no values): where each step's commands come from. */
const TRACE = args.includes('--trace');
/**
 * Write V8 CPU profiles into this directory (open them in Chrome DevTools): the bot process's whole
 * life in DIR/<bot>/, and this process (the driver: reporters + LINE emulator) during the load only
 * in DIR/driver-<bot>.cpuprofile (its CPU figures then include the profiler's own cost).
 */
const CPU_PROF_DIR = args.includes('--cpu-prof') ? strOpt('cpu-prof', '') : '';
/** What a person types to start a report (the first of the words the intake reads as "report"). */
const INTAKE_TH_REPORT_WORD = TYPED_WORDS.report[0];
/** Other work on the machine skews every figure: printed with them. */
const LOAD_BEFORE = loadavg();

// ---------------------------------------------------------------------------------------------
// Processes

interface Child {
  proc: ChildProcess;
  line: string;
}

/** Starts a TypeScript child and resolves with the first line it prints (its port or URI). */
function startChild(file: string, childArgs: string[], ipc: boolean, execArgv: string[] = []): Promise<Child> {
  const proc = ipc
    ? fork(file, childArgs, { execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
    : spawn(process.execPath, ['--import', 'tsx', file, ...childArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = createInterface({ input: proc.stdout! });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within 30 s`)), 30_000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      resolve({ proc, line: line.trim() });
    });
    proc.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

async function stop(proc: ChildProcess) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill('SIGTERM');
  const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await once(proc, 'exit');
  clearTimeout(t);
}

/** CPU seconds (user + system) and RSS of a process, from /proc (Linux). */
function usage(pid: number | undefined): { cpuS: number; rssMB: number } {
  if (!pid) return { cpuS: Number.NaN, rssMB: Number.NaN };
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]); // utime, stime (fields 14, 15)
    const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return { cpuS: ticks / 100, rssMB: Number(rss) / 1024 };
  } catch {
    return { cpuS: Number.NaN, rssMB: Number.NaN };
  }
}

/** Asks the bot process over IPC and resolves with the answer's `field`. */
function ask<T>(child: Child, type: string, field: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not answer ${type}`)), 5000);
    const onMessage = (m: Record<string, unknown>) => {
      if (m?.type !== type || m[field] === undefined) return;
      clearTimeout(timer);
      child.proc.off('message', onMessage);
      resolve(m[field] as T);
    };
    child.proc.on('message', onMessage);
    child.proc.send({ type });
  });
}

// ---------------------------------------------------------------------------------------------
// Reporters


interface Step extends StepRecord {
  index: number;
  /** The reporter's first conversation: the flood's first messages. */
  flood: boolean;
  /** When the webhook was answered (200): before it, the step is in the HTTP path; after it, in the service's queue. */
  acked: number;
  /** Not answered within the step timeout: counted in the latencies as the timeout (a lower bound). */
  censored?: boolean;
}

interface LoadResult {
  steps: Step[];
  conversations: number;
  /** Conversations that went off script (a button not shown, no case number at the end). */
  offScript: number;
  /** Steps never answered within the step timeout. */
  unanswered: number;
  /** Webhook calls answered other than 200 (or not within the emulator's 10 s), as LINE would see them fail. */
  rejected: number;
  /** Steps the bot took (webhook answered 200). */
  posted: number;
  startedAt: number;
  lastAnswerAt: number;
}

function eventFor(act: Act, userId: string, replyToken: string): webhook.Event {
  if (act.kind === 'pin') return locationEvent({ userId, replyToken, ...BENCH_PIN });
  if (act.kind === 'text') return textEvent({ userId, replyToken, text: act.text });
  return postbackEvent({ userId, replyToken, data: act.data });
}

/**
 * `reporters` people in a flood, until `untilMs`: each runs whole conversations back to back.
 * `blind`: the echo bot shows no buttons, so each step sends its scripted act.
 */
async function runLoad(o: {
  emulator: LineEmulator;
  inboxes: Inboxes;
  webhookUrl: string;
  reporters: number;
  seconds: number;
  blind: boolean;
  conversationsEach?: number;
}): Promise<LoadResult> {
  const r: LoadResult = { steps: [], conversations: 0, offScript: 0, unanswered: 0, rejected: 0, posted: 0, startedAt: Date.now(), lastAnswerAt: Date.now() };
  const until = r.startedAt + o.seconds * 1000;

  async function conversation(reporter: number, flood: boolean): Promise<boolean> {
    const userId = newUserId();
    o.inboxes.open(userId);
    try {
      for (const [index, step] of REPORT_SCRIPT.entries()) {
        const act = o.blind || !step.button ? step.blind : tapIn(o.inboxes.shown(userId), step.button);
        if (!act) {
          r.offScript++;
          return true;
        }
        const count = o.inboxes.shown(userId).length;
        const body = webhookBody([eventFor(act, userId, o.emulator.issueReplyToken(userId))]);
        const sent = Date.now();
        const answered = o.inboxes.next(userId, count, STEP_TIMEOUT_MS);
        const res = await postWebhook(o.webhookUrl, BENCH_SECRET, body).catch(() => ({ status: 0, body: '' }));
        const acked = Date.now();
        if (res.status !== 200) {
          r.rejected++;
          return true;
        }
        r.posted++;
        if (!(await answered)) {
          r.unanswered++;
          r.steps.push({ reporter, sent, acked, answered: sent + STEP_TIMEOUT_MS, index, flood, censored: true });
          return false;
        }
        const at = Date.now();
        r.lastAnswerAt = Math.max(r.lastAnswerAt, at);
        r.steps.push({ reporter, sent, acked, answered: at, index, flood });
        if (at >= until) return false;
      }
      r.conversations++;
      if (!o.blind && !caseNumberShown(o.inboxes.shown(userId))) r.offScript++;
      return true;
    } finally {
      o.inboxes.close(userId);
    }
  }

  async function reporter(n: number) {
    let flood = true;
    for (let c = 0; Date.now() < until && c < (o.conversationsEach ?? Infinity); c++) {
      if (!(await conversation(n, flood))) return;
      flood = false;
    }
  }

  await Promise.all(Array.from({ length: o.reporters }, (_, n) => reporter(n)));
  return r;
}

/**
 * Opens `n` keep-alive connections to the bot before the load, with LINE's own "Verify" webhook (no
 * events), all at once. Without this the flood's first webhooks each opened a connection while the
 * few reporters that found one left open by the warm-up went on: opening 50–200 connections at once
 * costs this 2-CPU machine 0.2–1 s (a plain node:http server shows the same), so those reporters
 * were overtaken before the bot even had their event: a cost of the driver's HTTP client, not of
 * the bot's serving order, which is what the fairness figure is about. LINE delivers over
 * connections it keeps open too.
 */
async function openConnections(webhookUrl: string, n: number): Promise<void> {
  const body = webhookBody([]);
  const res = await Promise.all(Array.from({ length: n }, () => postWebhook(webhookUrl, BENCH_SECRET, body).catch(() => ({ status: 0, body: '' }))));
  const failed = res.filter((r) => r.status !== 200).length;
  if (failed) throw new Error(`the bot refused ${failed} of ${n} verify webhooks`);
}

// ---------------------------------------------------------------------------------------------
// The quiet profile: commands per step, one step at a time

interface ProfileStep {
  name: string;
  counts: CommandCounts;
  trace: string[];
}

interface Probe {
  emulator: LineEmulator;
  inboxes: Inboxes;
  webhookUrl: string;
  commands: () => Promise<CommandCounts>;
  trace: () => Promise<string[]>;
}

/** Waits until the service sent no work command for 600 ms (queue polls go on and are counted apart); bounded. */
async function quiet(commands: () => Promise<CommandCounts>): Promise<CommandCounts> {
  let last = await commands();
  for (let still = 0, i = 0; still < 3 && i < 50; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await commands();
    still = now.work === last.work ? still + 1 : 0;
    last = now;
  }
  return last;
}

/** The commands one event caused, from a quiet service to a quiet service (its answer arrived meanwhile). */
async function measureStep(
  o: Probe,
  userId: string,
  name: string,
  event: (replyToken: string) => webhook.Event,
): Promise<ProfileStep> {
  const count = o.inboxes.shown(userId).length;
  const before = await quiet(o.commands);
  await o.trace();
  const answered = o.inboxes.next(userId, count, STEP_TIMEOUT_MS);
  const res = await postWebhook(o.webhookUrl, BENCH_SECRET, webhookBody([event(o.emulator.issueReplyToken(userId))]));
  if (res.status !== 200 || !(await answered)) throw new Error(`profile: step ${name} was not answered`);
  const counts = diffCounts(await quiet(o.commands), before);
  return { name, counts, trace: await o.trace() };
}

/**
 * One report step by step, then two other ways a new user's first message arrives: adding the OA
 * (follow: welcome, privacy notice, menu) and typing แจ้งเหตุ instead of tapping the rich menu.
 */
async function profile(o: Probe): Promise<ProfileStep[]> {
  const out: ProfileStep[] = [];
  const userId = newUserId();
  o.inboxes.open(userId);
  try {
    for (const step of REPORT_SCRIPT) {
      const act = step.button ? tapIn(o.inboxes.shown(userId), step.button) : step.blind;
      if (!act) throw new Error(`profile: the service did not show the button for step ${step.name}`);
      out.push(await measureStep(o, userId, step.name, (replyToken) => eventFor(act, userId, replyToken)));
    }
  } finally {
    o.inboxes.close(userId);
  }
  const firsts: Array<[string, (userId: string, replyToken: string) => webhook.Event]> = [
    ['new: follow', (u, replyToken) => followEvent({ userId: u, replyToken })],
    ['new: typed', (u, replyToken) => textEvent({ userId: u, replyToken, text: INTAKE_TH_REPORT_WORD })],
  ];
  for (const [name, make] of firsts) {
    const u = newUserId();
    o.inboxes.open(u);
    try {
      out.push(await measureStep(o, u, name, (replyToken) => make(u, replyToken)));
    } finally {
      o.inboxes.close(u);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Figures and output

interface BotFigures {
  bot: string;
  load: LoadResult;
  stepsPerS: number;
  fair: Fairness;
  commands?: CommandCounts;
  profile?: ProfileStep[];
  cpu: Record<string, number>;
  rssMB: Record<string, number>;
}

const ms = (v: number) => (Number.isNaN(v) ? '–' : String(Math.round(v)));
const lat = (s: readonly Step[]) => s.map((x) => x.answered - x.sent);

/** Profiles this process from now until the returned function writes the profile to a file. */
async function startDriverProfile(): Promise<(file: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(CPU_PROF_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
  };
}

async function runBot(bot: string, mongo: Child | undefined, dbName: string): Promise<BotFigures> {
  const emulator = await startLineEmulator({ channelAccessToken: BENCH_TOKEN });
  const inboxes = new Inboxes(emulator);
  const childArgs = bot === 'service' ? ['service', emulator.url, `${mongo!.line}/${dbName}`] : ['echo', emulator.url];
  // One file per thread (the tsx loader has its own): the largest is the bot's main thread.
  const prof = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}/${bot}`] : [];
  const srv = await startChild('scripts/bench-conversation-server.ts', childArgs, true, prof);
  const webhookUrl = `http://127.0.0.1:${srv.line}/webhook`;
  const commands = () => ask<CommandCounts>(srv, 'counters', 'counters');
  const trace = () => ask<string[]>(srv, 'trace', 'trace');
  try {
    const blind = bot !== 'service';
    // Warm-up (not counted): JIT, connection pools, indexes, the case counter.
    await runLoad({ emulator, inboxes, webhookUrl, reporters: Math.min(REPORTERS, 5), seconds: 30, blind, conversationsEach: 1 });
    const quietProfile = bot === 'service' ? await profile({ emulator, inboxes, webhookUrl, commands, trace }) : undefined;

    await openConnections(webhookUrl, REPORTERS);
    const procs = { driver: process.pid, bot: srv.proc.pid, ...(bot === 'service' ? { mongo: mongo!.proc.pid } : {}) };
    const cpu0 = Object.fromEntries(Object.entries(procs).map(([k, pid]) => [k, k === 'driver' ? process.cpuUsage() : usage(pid).cpuS]));
    const before = bot === 'service' ? await commands() : undefined;
    const driverProf = CPU_PROF_DIR ? await startDriverProfile() : undefined;
    const load = await runLoad({ emulator, inboxes, webhookUrl, reporters: REPORTERS, seconds: SECONDS, blind });
    if (driverProf) await driverProf(`${CPU_PROF_DIR}/driver-${bot}.cpuprofile`);
    // Every step the service took is counted, so let it finish them (and their bookkeeping) first.
    const after = bot === 'service' ? await quiet(commands) : undefined;
    const cpu: Record<string, number> = {};
    const rssMB: Record<string, number> = {};
    for (const [k, pid] of Object.entries(procs)) {
      if (k === 'driver') {
        const d = process.cpuUsage(cpu0.driver as NodeJS.CpuUsage);
        cpu[k] = (d.user + d.system) / 1e6;
        rssMB[k] = process.memoryUsage().rss / 2 ** 20;
      } else {
        const u = usage(pid);
        cpu[k] = u.cpuS - (cpu0[k] as number);
        rssMB[k] = u.rssMB;
      }
    }
    const elapsedS = (load.lastAnswerAt - load.startedAt) / 1000;
    return {
      bot,
      load,
      stepsPerS: load.steps.filter((x) => !x.censored).length / elapsedS,
      fair: fairness(load.steps),
      ...(after && before ? { commands: diffCounts(after, before), profile: quietProfile } : {}),
      cpu,
      rssMB,
    };
  } finally {
    await stop(srv.proc);
    await emulator.close();
  }
}

/** The profile's first-message probes: the rich menu tap that starts the report, follow, typed แจ้งเหตุ. */
const firstMessages = (p: readonly ProfileStep[]) => [{ ...p[0]!, name: 'new: rich menu tap' }, ...p.slice(REPORT_SCRIPT.length)].filter((x) => x.counts);

function print(results: BotFigures[]) {
  const w = (s: string) => process.stdout.write(s);
  w(`\nConversation load: ${REPORTERS} reporters at once, whole reports back to back (8 steps each, a new LINE user each), `);
  w(`${SECONDS} s per bot after a warm-up; every step a signed webhook, every answer through the LINE emulator. `);
  w(`${cpus().length} CPUs, load average before the run ${LOAD_BEFORE.map((l) => l.toFixed(1)).join(' ')}. `);
  w(`Unanswered steps count as the ${STEP_TIMEOUT_MS / 1000} s step timeout.\n\n`);
  w('| bot | steps/s | step p50 ms | p95 | p99 | max | first step p50 ms | p95 | flood first p50 ms | p95 | reports | off script | unanswered | webhook failed |\n');
  w('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n');
  for (const r of results) {
    const all = lat(r.load.steps);
    const first = lat(r.load.steps.filter((s) => s.index === 0));
    const flood = lat(r.load.steps.filter((s) => s.index === 0 && s.flood));
    w(
      `| ${r.bot} | ${r.stepsPerS.toFixed(1)} | ${ms(percentile(all, 50))} | ${ms(percentile(all, 95))} | ${ms(percentile(all, 99))} | ${ms(percentile(all, 100))} | ` +
        `${ms(percentile(first, 50))} | ${ms(percentile(first, 95))} | ${ms(percentile(flood, 50))} | ${ms(percentile(flood, 95))} | ` +
        `${r.load.conversations} | ${r.load.offScript} | ${r.load.unanswered} | ${r.load.rejected} |\n`,
    );
  }
  w('\nFairness (a step is overtaken when another reporter sends AND gets answered 2+ whole steps while it waits):\n');
  for (const r of results) {
    w(
      `  ${r.bot}: max whole steps of one other reporter during one wait = ${r.fair.maxOvertakes}; overtaken steps = ${r.fair.overtaken} of ${r.load.steps.length}` +
        ` (${((100 * r.fair.overtaken) / Math.max(1, r.load.steps.length)).toFixed(1)} %); longest overtaken wait = ${ms(r.fair.maxUnfairWaitMs)} ms\n`,
    );
  }
  w('  overtaken steps by step (start, problem, pin, target, sex, details, contact, confirm):\n');
  for (const r of results) {
    const most = overtakes(r.load.steps);
    w(`    ${r.bot}: ${REPORT_SCRIPT.map((_, i) => r.load.steps.filter((s, j) => s.index === i && most[j] >= 2).length).join(' / ')}\n`);
  }
  // Where an overtaken step spent its wait: before the 200 (HTTP: connection, parse, the inbox insert)
  // or after it (the service's queue and the step itself).
  w('  overtaken steps: in the flood (first conversation) / later; their wait before the 200 p50 / max ms, after it p50 / max ms:\n');
  for (const r of results) {
    const most = overtakes(r.load.steps);
    const o = r.load.steps.filter((_, j) => most[j] >= 2);
    const pre = o.map((s) => s.acked - s.sent);
    const post = o.map((s) => s.answered - s.acked);
    w(
      `    ${r.bot}: ${o.filter((s) => s.flood).length} / ${o.filter((s) => !s.flood).length}; ` +
        `${ms(percentile(pre, 50))} / ${ms(percentile(pre, 100))}; ${ms(percentile(post, 50))} / ${ms(percentile(post, 100))}\n`,
    );
  }
  // The flood's first answers, split where they waited: before the 200 (HTTP and the inbox insert)
  // and after it (the service's queue, the step itself, the reply's way back).
  w('\nFlood first steps: until the 200 p50 / p95 ms; after it p50 / p95 ms:\n');
  for (const r of results) {
    const f = r.load.steps.filter((s) => s.index === 0 && s.flood && !s.censored);
    const pre = f.map((s) => s.acked - s.sent);
    const post = f.map((s) => s.answered - s.acked);
    w(`  ${r.bot}: ${ms(percentile(pre, 50))} / ${ms(percentile(pre, 95))}; ${ms(percentile(post, 50))} / ${ms(percentile(post, 95))}\n`);
  }
  w('\nStep p50 ms by step (start, problem, pin, target, sex, details, contact, confirm):\n');
  for (const r of results) {
    w(`  ${r.bot}: ${REPORT_SCRIPT.map((s, i) => ms(percentile(lat(r.load.steps.filter((x) => x.index === i)), 50))).join(' / ')}\n`);
  }
  w('\nCPU during the load (driver = reporters + LINE emulator): seconds, ms per answered step (less skewed by other work on the machine than latency), RSS MB at the end:\n');
  for (const r of results) {
    const n = Math.max(1, r.load.steps.filter((x) => !x.censored).length);
    w(`  ${r.bot}: ${Object.entries(r.cpu).map(([k, v]) => `${k} ${v.toFixed(1)} s, ${((1000 * v) / n).toFixed(1)} ms/step, ${Math.round(r.rssMB[k] ?? Number.NaN)} MB`).join('; ')}\n`);
  }

  const echo = results.find((r) => r.bot === 'echo');
  const svc = results.find((r) => r.bot === 'service');
  if (!svc?.commands) return;
  const steps = svc.load.posted;
  const c = svc.commands;
  w(`\nMongoDB commands (driver command monitoring in the service process) from the flood's start until the service was quiet: ${c.total} for the ${steps} steps it took = `);
  w(`${(c.total / steps).toFixed(2)} per step (${(c.work / steps).toFixed(2)} work + ${(c.background / steps).toFixed(2)} queue polls/sweep)\n`);
  const top = Object.entries(c.byTarget).sort((a, b) => b[1] - a[1]);
  w(`  per step, by collection and command: ${top.map(([k, v]) => `${k} ${(v / steps).toFixed(2)}`).join(', ')}\n`);
  if (svc.profile) {
    w('\nQuiet profile: one reporter, one step at a time, commands until the service is quiet again (work only):\n\n');
    const targets = [...new Set(svc.profile.flatMap((p) => Object.keys(p.counts.byTarget).filter((k) => !k.startsWith('bg:'))))].sort();
    w(`| collection command | ${svc.profile.map((p) => p.name).join(' | ')} |\n|---|${svc.profile.map(() => '---:').join('|')}|\n`);
    for (const t of targets) w(`| ${t} | ${svc.profile.map((p) => p.counts.byTarget[t] ?? 0).join(' | ')} |\n`);
    w(`| **total** | ${svc.profile.map((p) => `**${p.counts.work}**`).join(' | ')} |\n`);
    const report = svc.profile.slice(0, REPORT_SCRIPT.length);
    const avg = report.reduce((s, p) => s + p.counts.work, 0) / report.length;
    if (TRACE) for (const p of svc.profile) w(`\n  ${p.name}:\n${p.trace.map((t, i) => `    ${i + 1}. ${t}`).join('\n')}\n`);
    w(`\n  average over the report's ${report.length} steps: ${avg.toFixed(2)}; a new user's first message: ${firstMessages(svc.profile).map((p) => `${p.name.replace(/^new: /, '')} ${p.counts.work}`).join(', ')}\n`);
  }

  const all = lat(svc.load.steps);
  const firstP50 = percentile(lat(svc.load.steps.filter((s) => s.index === 0)), 50);
  const perStep = c.total / steps;
  const ratio = echo ? svc.stepsPerS / echo.stepsPerS : Number.NaN;
  const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  w(`\nTargets (issue 13):\n`);
  const firstMax = Math.max(...firstMessages(svc.profile ?? []).map((p) => p.counts.work));
  w(`  commands per step ${perStep.toFixed(2)} ≤ 6: ${verdict(perStep <= 6)}; a new user's first message (most of tap/follow/typed) ${firstMax} ≤ 10: ${verdict(firstMax <= 10)}\n`);
  if (echo) w(`  service / echo steps/s = ${ratio.toFixed(2)} (≥ 0.5 at 50 reporters): ${verdict(ratio >= 0.5)}\n`);
  w(`  step p95 ${ms(percentile(all, 95))} ms (< 500 at 50 reporters): ${verdict(percentile(all, 95) < 500)}\n`);
  w(`  first-step p50 ${ms(firstP50)} ms (< 1000 at 200 reporters): ${verdict(firstP50 < 1000)}; step p99 ${ms(percentile(all, 99))} ms (< 3000): ${verdict(percentile(all, 99) < 3000)}\n`);
  w(`  fair (no reporter overtaken by another's 2+ later steps): ${verdict(svc.fair.overtaken === 0)}\n`);
}

async function main() {
  const mongo = BOTS.includes('service') ? await startChild('src/sandbox/mongo/main.ts', ['--port', '0'], false) : undefined;
  if (mongo) mongo.line = mongo.line.match(/mongodb:\/\/[^/\s]+/)?.[0] ?? mongo.line;
  const results: BotFigures[] = [];
  try {
    for (const bot of BOTS) results.push(await runBot(bot, mongo, `benchconv${Date.now()}`));
  } finally {
    if (mongo) await stop(mongo.proc);
  }
  print(results);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
