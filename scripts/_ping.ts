import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';
const cpuOf = (pid: number): number => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
async function main() {
  const child = spawn(process.execPath, ['--import', 'tsx', ...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof3'] : []), 'src/sandbox/mongo/main.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise<string>((r) => createInterface({ input: child.stdout! }).once('line', r));
  const client = await new MongoClient(uri, { maxPoolSize: 50 }).connect();
  const db = client.db('p');
  const coll = db.collection('x');
  await coll.createIndex({ a: 1 }, { unique: true });
  for (let round = 0; round < 6; round++) {
    const c0 = process.cpuUsage(); const s0 = cpuOf(child.pid!); const t = performance.now(); let n = 0; let ops = 0;
    await Promise.all(Array.from({ length: 50 }, async (_, k) => { for (let i = 0; i < 30; i++) { await coll.insertMany([{ a: `${round}-${k}-${i}` }, { a: `${round}-${k}-${i}b` }], { ordered: false }); n += 2; ops++; } }));
    const wall = performance.now() - t; const c = process.cpuUsage(c0); const s = cpuOf(child.pid!) - s0;
    console.log(`docs/s ${(n / wall * 1000).toFixed(0)} wall ${wall.toFixed(0)}ms client cpu ${((c.user + c.system) / 1000).toFixed(0)}ms (${((c.user + c.system) / ops).toFixed(0)}us/op) server cpu ${s}ms (${(s * 1000 / ops).toFixed(0)}us/op)`);
  }
  await client.close();
  child.kill('SIGTERM');
}
main();
