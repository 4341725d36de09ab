/**
 * `npm run bench`: the speed figures the issues ask for, measured on this machine.
 *  1. Ingest: signed webhook requests/s and p50/p99 latency at 50 connections, for a bare express
 *     handler, the SDK's middleware() alone, and this service's /webhook storing every event in the
 *     in-memory MongoDB-compatible server (which runs in its own process, over the wire).
 *  2. Crash recovery: scripts/bench-kill.ts (kill -9 of one of two instances → the next answer).
 *  3. Report: scripts/bench-report.ts (the summary over 100,000 cases).
 *  4. Memory soak: scripts/bench-soak.ts (service and database RSS with open conversations and a
 *     steady trickle), short here: --soak-conversations N (default 1000) open, then --soak-minutes M
 *     (default 1) of whole reports. The figure: --soak-conversations 10000 --soak-minutes 10.
 * Options: --seconds N (default 10 per variant), --connections N (default 50), --skip-kill, --skip-report, --skip-soak;
 * VARIANTS=bare,middleware,nodb,ingest picks the servers (default bare,middleware,ingest).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { loadBenchConfig } from '../src/config/env';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SECONDS = opt('seconds', 10);
const CONNECTIONS = opt('connections', 50);
const SECRET = 'bench-secret';

function startChild(file: string, childArgs: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...childArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    rl.once('line', (line) => resolve({ child, line: line.trim() }));
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

let n = 0;
function signedBody() {
  const id = `01BENCH${(n++).toString(36).padStart(19, '0').toUpperCase()}`;
  const body = JSON.stringify({
    destination: 'Ubench',
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: Date.now(),
        source: { type: 'user', userId: `Ubench${n % 500}` },
        webhookEventId: id,
        deliveryContext: { isRedelivery: false },
        replyToken: 'bench-reply-token',
        message: { type: 'text', id: String(n), quoteToken: 'q', text: 'แจ้งเหตุ' },
      },
    ],
  });
  return { body, signature: createHmac('sha256', SECRET).update(body).digest('base64') };
}

interface Figures {
  variant: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/**
 * Bodies are signed before the run, so the load generator spends its time sending, not hashing
 * (it shares the two cores with the server under test and the database).
 */
const PREPARED = 80_000;
let prepared: Array<{ body: string; signature: string }> = [];
let next = 0;
function nextBody() {
  if (next >= prepared.length) return signedBody();
  return prepared[next++];
}

async function load(variant: string, port: number): Promise<Figures> {
  prepared = Array.from({ length: PREPARED }, signedBody);
  next = 0;
  const run = (duration: number) =>
    autocannon({
      url: `http://127.0.0.1:${port}/webhook`,
      connections: CONNECTIONS,
      duration,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => {
            const { body, signature } = nextBody();
            return { ...req, body, headers: { ...req.headers, 'content-type': 'application/json', 'x-line-signature': signature } };
          },
        },
      ],
    });
  await run(2); // warm-up: JIT, connection pools, index creation
  const r = await run(SECONDS);
  return { variant, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

async function main() {
  const mongo = await startChild('src/sandbox/mongo/main.ts', ['--port', '0']);
  const mongoUri = `${mongo.line.match(/mongodb:\/\/\S+/)?.[0] ?? mongo.line}/bench`;
  const results: Figures[] = [];
  let killTable = '';
  try {
    for (const variant of loadBenchConfig().variants) {
      const srv = await startChild('scripts/bench-server.ts', [variant, mongoUri]);
      try {
        results.push(await load(variant, Number(srv.line)));
      } finally {
        await stop(srv.child);
      }
    }
    if (!args.includes('--skip-kill')) {
      const kill = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-kill.ts', mongoUri], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      kill.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      await once(kill, 'exit');
      killTable = out;
    }
  } finally {
    await stop(mongo.child);
  }
  const mw = results.find((r) => r.variant === 'middleware');
  const ingest = results.find((r) => r.variant === 'ingest');
  process.stdout.write(`\nIngest path, ${CONNECTIONS} connections, ${SECONDS} s per variant (after a 2 s warm-up):\n\n`);
  process.stdout.write('| variant | requests/s | p50 ms | p99 ms | errors | non-2xx |\n|---|---:|---:|---:|---:|---:|\n');
  for (const r of results) process.stdout.write(`| ${r.variant} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |\n`);
  if (mw && ingest) {
    const ratio = ingest.rps / mw.rps;
    process.stdout.write(
      `\ningest / middleware = ${ratio.toFixed(2)} (target ≥ 0.50); ingest p99 = ${ingest.p99} ms (target < 50 ms): ${
        ratio >= 0.5 && ingest.p99 < 50 ? 'MET' : 'NOT MET'
      }\n`,
    );
  }
  process.stdout.write(killTable);
  if (!args.includes('--skip-conversation')) await once(spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-conversation.ts', ...args], { stdio: 'inherit' }), 'exit');
  if (!args.includes('--skip-soak')) {
    const soak = ['--conversations', String(opt('soak-conversations', 1000)), '--soak-minutes', String(opt('soak-minutes', 1))];
    await once(spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-soak.ts', ...soak], { stdio: 'inherit' }), 'exit');
  }
  if (!args.includes('--skip-report')) {
    const report = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-report.ts'], { stdio: 'inherit' });
    await once(report, 'exit');
  }
  await once(spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/bench-geo.ts'], { stdio: 'inherit' }), 'exit');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
