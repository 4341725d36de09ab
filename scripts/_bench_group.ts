import { runPipeline } from '../src/sandbox/mongo/aggregate';
import { Collection } from '../src/sandbox/mongo/collection';
import { queryRecs } from '../src/sandbox/mongo/query';
import { ObjectId } from 'bson';
const N = 100000;
const SEXES = ['male', 'female', 'unspecified'];
const PROBLEMS = ['violence', 'neglect', 'poverty', 'housing', 'health', 'trafficking', 'other'];
const coll = new Collection('b', 'c');
coll.addIndex({ key: { createdAt: 1 }, name: 'createdAt_1' });
const start = Date.UTC(2025, 0, 1);
for (let i = 0; i < N; i++) coll.insert({ _id: new ObjectId(), caseNumber: `C-${i}`, sourceId: `s-${i}`, centerCode: 'BKK', channel: ['line','phone','web'][i%3], sex: SEXES[i % 3], targetGroup: 'T' + (i % 7), problemTypes: [PROBLEMS[i % 7], PROBLEMS[(i * 7) % 7]], location: { district: `District ${i % 50}`, province: 'Bangkok' }, status: 'new', urgent: i % 10 === 0, details: 'x', reopenCount: 0, createdAt: new Date(start + i * 1000), updatedAt: new Date(start + i * 1000) });
const facet = { bySex: [{ $group: { _id: '$sex', n: { $sum: 1 } } }], byDistrict: [{ $group: { _id: '$location.district', n: { $sum: 1 } } }], byChannel: [{ $group: { _id: '$channel', n: { $sum: 1 } } }], byTarget: [{ $group: { _id: '$targetGroup', n: { $sum: 1 } } }], byProblem: [{ $unwind: '$problemTypes' }, { $group: { _id: '$problemTypes', n: { $sum: 1 } } }] };
const ctx = { resolve: () => [] };
for (let r = 0; r < 5; r++) {
  let t = performance.now();
  const docs = queryRecs(coll, { createdAt: { $gte: new Date(start), $lt: new Date(start + N * 1000) } }).map((x) => x.doc);
  const tq = performance.now() - t; t = performance.now();
  const times: string[] = [];
  for (const [k, p] of Object.entries(facet)) { const t1 = performance.now(); runPipeline(docs, p, ctx); times.push(`${k}=${(performance.now() - t1).toFixed(0)}`); }
  console.log('query', tq.toFixed(0), 'facets', (performance.now() - t).toFixed(0), times.join(' '));
}
