import { MongoClient, Long, Decimal128, ObjectId } from 'mongodb';
import { startMongoServer } from '../src/sandbox/mongo/server';
async function main() {
  const s = await startMongoServer();
  const c = await new MongoClient(s.uri).connect();
  const coll = c.db('t').collection('x');
  await coll.insertMany([
    { _id: 1 as unknown as ObjectId, loc: { district: 'A', prov: 'B' }, arr: [{ k: 1, v: 'a' }, { k: 2, v: 'b' }], n: Long.fromString('9223372036854775807'), d: Decimal128.fromString('0.1'), tags: ['x', 'y', 'z'] },
    { _id: 2 as unknown as ObjectId, loc: { district: 'C' }, arr: [{ k: 3 }], n: 5, tags: [] },
  ]);
  const show = (label: string, v: unknown) => console.log(label, JSON.stringify(v));
  show('dotted proj', await coll.find({}, { projection: { 'loc.district': 1 } }).toArray());
  show('positional proj', await coll.find({ 'arr.k': 2 }, { projection: { 'arr.$': 1 } }).toArray());
  show('slice proj', await coll.find({ _id: 1 as unknown as ObjectId }, { projection: { tags: { $slice: 1 } } }).toArray());
  show('elemMatch filter', await coll.find({ arr: { $elemMatch: { k: 2, v: 'b' } } }, { projection: { _id: 1 } }).toArray());
  show('size', await coll.find({ tags: { $size: 0 } }, { projection: { _id: 1 } }).toArray());
  show('all', await coll.find({ tags: { $all: ['x', 'z'] } }, { projection: { _id: 1 } }).toArray());
  show('not', await coll.find({ 'loc.prov': { $not: { $eq: 'B' } } }, { projection: { _id: 1 } }).toArray());
  const one = await c.db('t').collection('x').findOne({ _id: 1 as unknown as ObjectId }, { promoteLongs: false });
  console.log('long', one?.n?.toString(), one?.n?._bsontype, 'dec', one?.d?.toString());
  show('expr', await coll.find({ $expr: { $gt: [{ $size: '$tags' }, 1] } }, { projection: { _id: 1 } }).toArray());
  show('agg lookup', await coll.aggregate([{ $match: { _id: 2 } }, { $lookup: { from: 'x', localField: '_id', foreignField: '_id', as: 'self' } }, { $project: { 'self._id': 1 } }]).toArray());
  show('agg addFields+sort', await coll.aggregate([{ $addFields: { t: { $size: '$tags' } } }, { $sort: { t: -1 } }, { $project: { t: 1 } }]).toArray());
  show('stored after', await coll.find({}, { projection: { t: 1 } }).toArray());
  show('bulkWrite', await coll.bulkWrite([{ insertOne: { document: { _id: 3 as unknown as ObjectId } } }, { updateOne: { filter: { _id: 3 as unknown as ObjectId }, update: { $set: { a: 1 } } } }, { deleteOne: { filter: { _id: 2 as unknown as ObjectId } } }]));
  show('replace', await coll.findOneAndReplace({ _id: 3 as unknown as ObjectId }, { b: 2 }, { returnDocument: 'after' }));
  show('listColl', await c.db('t').listCollections().toArray());
  show('dbs', await c.db('admin').admin().listDatabases());
  await c.db('t').renameCollection('x', 'y');
  show('after rename', await c.db('t').collection('y').countDocuments());
  show('drop missing', await c.db('t').collection('nope').drop().catch((e: Error) => e.message));
  show('listIndexes missing', await c.db('t').collection('nope').listIndexes().toArray().catch((e: Error) => e.message));
  show('createIndex twice', [await c.db('t').collection('y').createIndex({ a: 1 }), await c.db('t').collection('y').createIndex({ a: 1 })]);
  show('createIndex conflict', await c.db('t').collection('y').createIndex({ a: 1 }, { unique: true }).catch((e: Error & {code?: number}) => [e.code, e.message]));
  show('stats', await c.db('t').stats());
  await c.close(); await s.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
