import mongoose, { Schema } from 'mongoose';
import { startMongoServer } from '../src/sandbox/mongo/server';
async function main() {
  const srv = await startMongoServer();
  const conn = await mongoose.createConnection(`${srv.uri}/p`).asPromise();
  const Case = conn.model('Case', new Schema({ caseNumber: { type: String, unique: true }, createdAt: Date }));
  await Case.init();
  let t = Date.now();
  for (let i = 0; i < 500; i++) { const c = await Case.create({ caseNumber: `k-${i}`, createdAt: new Date() }); await Case.findById(c._id).lean(); }
  console.log('pairs 500 in', Date.now() - t);
  t = Date.now();
  for (let i = 0; i < 500; i++) { await conn.db!.command({ ping: 1 }); }
  console.log('ping 500 in', Date.now() - t);
  await conn.close(); await srv.close();
}
main();
