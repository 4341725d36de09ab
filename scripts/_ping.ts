import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';
import { startMongoServer } from '../src/sandbox/mongo/server';
async function run(uri: string, label: string) {
  const client = await new MongoClient(uri, { maxPoolSize: 50 }).connect();
  const db = client.db('p');
  await db.command({ ping: 1 });
  let t = performance.now();
  for (let i = 0; i < 300; i++) await db.command({ ping: 1 });
  const seq = (performance.now() - t) / 300;
  t = performance.now();
  let n = 0;
  await Promise.all(Array.from({ length: 50 }, async () => { for (let i = 0; i < 20; i++) { await db.command({ ping: 1 }); n++; } }));
  const conc = n / ((performance.now() - t) / 1000);
  t = performance.now(); n = 0;
  const coll = db.collection('x');
  await Promise.all(Array.from({ length: 50 }, async (_, k) => { for (let i = 0; i < 20; i++) { await coll.insertMany([{ a: `${k}-${i}` }, { b: 1 }], { ordered: false }); n += 2; } }));
  const ins = n / ((performance.now() - t) / 1000);
  console.log(label, 'seq ping ms', seq.toFixed(2), 'concurrent pings/s', conc.toFixed(0), 'raw insertMany docs/s', ins.toFixed(0));
  await client.close();
}
async function main() {
  const s = await startMongoServer();
  await run(s.uri, 'inline');
  await s.close();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/mongo/main.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise<string>((r) => createInterface({ input: child.stdout! }).once('line', r));
  await run(uri, 'child');
  child.kill('SIGTERM');
}
main();
