import mongoose, { Schema } from 'mongoose';
import { startMongoServer } from '../src/sandbox/mongo/server';
async function main() {
  const srv = await startMongoServer();
  const conn = await mongoose.createConnection(`${srv.uri}/smoke`).asPromise();
  const User = conn.model('User', new Schema({ email: { type: String, unique: true }, n: Number, tags: [String], at: Date }, { timestamps: true }));
  await User.init();
  const u = await User.create({ email: 'a@b', n: 1, tags: ['x'], at: new Date() });
  console.log('created', u._id.toString());
  console.log('found', await User.findById(u._id).lean());
  try { await User.create({ email: 'a@b' }); } catch (e) { console.log('dup', (e as {code?: number}).code, (e as Error).message); }
  const r = await User.findOneAndUpdate({ email: 'c@d' }, { $set: { n: 5 }, $setOnInsert: { tags: ['new'] } }, { upsert: true, new: true }).lean();
  console.log('upsert', r);
  await User.insertMany(Array.from({ length: 250 }, (_, i) => ({ email: `u${i}`, n: i })), { ordered: false });
  const all = await User.find().sort({ n: -1 }).lean();
  console.log('count', all.length, await User.countDocuments({ n: { $gte: 100 } }), await User.estimatedDocumentCount());
  console.log('agg', await User.aggregate([{ $match: { n: { $lt: 10 } } }, { $group: { _id: null, s: { $sum: '$n' } } }]));
  console.log('indexes', await User.listIndexes());
  console.log('update', await User.updateMany({ n: { $lt: 5 } }, { $inc: { n: 100 } }));
  try { await User.updateOne({ email: 'a@b' }, { $inc: { email: 1 } }); } catch (e) { console.log('inc', (e as {code?: number}).code, (e as Error).message); }
  console.log('distinct', (await User.distinct('tags')));
  console.log('delete', await User.deleteMany({ n: { $gte: 200 } }));
  const session = await conn.startSession();
  try { await session.withTransaction(async () => { await User.create([{ email: 'tx' }], { session }); }); } catch (e) { const err = e as { code?: number; originalError?: { code?: number }; message: string }; console.log('txn', err.originalError?.code ?? err.code, err.message); }
  await session.endSession();
  await conn.close();
  await srv.close();
}
main().catch((e) => { console.error('FAIL', e); process.exit(1); });
