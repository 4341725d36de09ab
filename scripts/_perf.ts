import { startMongoServer } from '../src/sandbox/mongo/server';
import { connectMongo } from '../src/store/connection';
import { caseModel } from '../src/cases/case-model';
import { randomCases } from '../src/reports/demo-data';
import { summaryPipeline } from '../src/reports/summary-pipeline';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
(async () => {
  const s = await startMongoServer();
  const conn = await connectMongo(`${s.uri}/p`);
  const Case = caseModel(conn); await Case.init();
  for (let o = 0; o < 100000; o += 2000) await Case.insertMany(randomCases(2000, { from: '2024-02-01', to: '2024-08-28', seed: o, offset: o } as never), { ordered: false, timestamps: false, lean: true });
  const m = { $match: { createdAt: { $gte: new Date('2024-01-31T17:00:00Z'), $lt: new Date('2024-08-28T17:00:00Z') } } };
  const t = async (name: string, p: object[]) => {
    await Case.aggregate(p as never);
    const ts: number[] = [];
    for (let i = 0; i < 3; i++) { const t0 = performance.now(); await Case.aggregate(p as never); ts.push(performance.now() - t0); }
    ts.sort((a, b) => a - b);
    console.log(name, ts[1].toFixed(0), 'ms');
  };
  await t('match+count', [m, { $count: 'n' }]);
  await t('match+group sex', [m, { $group: { _id: '$sex', n: { $sum: 1 } } }]);
  await t('match+group district', [m, { $group: { _id: '$location.districtCode', n: { $sum: 1 } } }]);
  await t('match+cube', [m, { $group: { _id: { s: '$sex', u: '$urgent', d: '$location.districtCode', c: '$channel', t: '$targetGroup', st: '$status' }, n: { $sum: 1 } } }]);
  await t('match+unwind', [m, { $unwind: { path: '$problemTypes', preserveNullAndEmptyArrays: true } }, { $group: { _id: '$problemTypes', n: { $sum: 1 } } }]);
  const full = summaryPipeline({ start: new Date('2024-01-31T17:00:00Z'), end: new Date('2024-08-28T17:00:00Z') });
  await t('summary', full);
  if (process.env.PROF) {
    const sess = new Session(); sess.connect(); await sess.post('Profiler.enable'); await sess.post('Profiler.setSamplingInterval', { interval: 100 }); await sess.post('Profiler.start');
    for (let i = 0; i < 3; i++) await Case.aggregate(full as never);
    const { profile } = await sess.post('Profiler.stop'); writeFileSync('/tmp/prof/agg.cpuprofile', JSON.stringify(profile));
  }
  await conn.close(); await s.close();
})();
