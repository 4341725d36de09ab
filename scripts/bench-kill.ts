/**
 * Part of `npm run bench`: how long a conversation waits after one of two service instances dies
 * with kill -9. Two real child processes run the whole service (production timings) on one database
 * and the LINE emulator. Every user's message goes to instance A, whose replies LINE takes at once but
 * answers slowly, so A holds those users' outbox items (their claims) when it is killed; each user's next message then
 * goes to B. Measured: from the kill to each user's next answer arriving at LINE; also counted: answers
 * lost or doubled (expected 0 and 0).
 * Usage: tsx scripts/bench-kill.ts <mongodb uri> [--users N] [--runs N]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { startLineEmulator, type LineEmulator } from '../src/sandbox/line-emulator';
import { textEvent } from '../src/sandbox/line-emulator/events';
import { postWebhook, webhookBody } from '../src/sandbox/line-emulator/webhook-body';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const USERS = opt('users', 20);
const RUNS = opt('runs', 3);
const SECRET = 'bench-secret';

function startInstance(mongoUri: string, lineUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-server.ts', 'service', mongoUri, lineUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    rl.once('line', (line) => resolve({ child, port: Number(line.trim()) }));
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, ms = 60_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function say(emu: LineEmulator, port: number, userId: string, text: string) {
  const e = textEvent({ userId, text, replyToken: emu.issueReplyToken(userId) });
  const res = await postWebhook(`http://127.0.0.1:${port}/webhook`, SECRET, webhookBody([e]));
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
}

async function run(mongoUri: string, round: number) {
  const emu = await startLineEmulator({ channelAccessToken: 'bench' });
  const uri = mongoUri.replace(/\/[^/]*$/, `/benchkill${round}`);
  const a = await startInstance(uri, emu.url);
  const b = await startInstance(uri, emu.url);
  const users = Array.from({ length: USERS }, (_, i) => `Ubenchkill${round}x${String(i).padStart(4, '0')}`);
  const count = (u: string) => emu.deliveries(u).length;
  try {
    // Warm-up through B: connections, indexes, and how many deliveries one message brings.
    for (const u of users) await say(emu, b.port, u, 'สวัสดี');
    await until(() => users.every((u) => count(u) >= 1), 'warm-up answers');
    await sleep(1000);
    const perMessage = count(users[0]);

    // A takes the next message of every user; LINE does the replies at once but answers late.
    emu.inject({ path: 'reply', answerDelayMs: 5000, times: USERS * perMessage });
    for (const u of users) await say(emu, a.port, u, 'แจ้งเหตุ');
    await until(() => users.every((u) => count(u) >= 2 * perMessage), 'the replies A sent');
    await sleep(200);

    const before = new Map(users.map((u) => [u, count(u)]));
    const answered = new Map<string, number>();
    const off = emu.onDelivery((d) => {
      if (!answered.has(d.to) && before.has(d.to) && count(d.to) > before.get(d.to)!) answered.set(d.to, Date.now());
    });
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    await once(a.child, 'exit');
    for (const u of users) await say(emu, b.port, u, 'ติดตามเรื่อง');
    await until(() => answered.size === users.length, 'answers after the kill');
    off();
    await sleep(2000);
    const waits = users.map((u) => answered.get(u)! - killedAt).sort((x, y) => x - y);
    const extra = users.reduce((n, u) => n + Math.max(0, count(u) - before.get(u)! - perMessage), 0);
    const lost = users.filter((u) => count(u) - before.get(u)! < perMessage).length;
    return { median: waits[Math.floor(waits.length / 2)], max: waits[waits.length - 1], extra, lost };
  } finally {
    for (const c of [a.child, b.child]) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    await Promise.all([a.child, b.child].map((c) => (c.exitCode === null && c.signalCode === null ? once(c, 'exit') : undefined)));
    await emu.close();
  }
}

async function main() {
  const mongoUri = args.find((a) => a.startsWith('mongodb://'));
  if (!mongoUri) throw new Error('usage: tsx scripts/bench-kill.ts <mongodb uri>');
  process.stdout.write(`\nkill -9 of one of two instances, ${USERS} users mid-conversation, ${RUNS} runs:\n\n`);
  process.stdout.write('| run | kill → next answer, median ms | max ms | answers doubled | users without an answer |\n|---|---:|---:|---:|---:|\n');
  for (let r = 1; r <= RUNS; r++) {
    const f = await run(mongoUri, r);
    process.stdout.write(`| ${r} | ${f.median} | ${f.max} | ${f.extra} | ${f.lost} |\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
