/**
 * `npm run bench` (or `npx tsx scripts/bench-geo.ts`): pin → province lookups per second and the
 * memory the country's geography costs. Points are drawn (seeded, so runs compare) uniformly over
 * Thailand's bounding box, which includes sea and neighbouring countries: the slow path (no polygon,
 * nearest-coast search) is part of the figure. Run with --expose-gc for an exact heap figure.
 */
import { performance } from 'node:perf_hooks';
import { locate, thailand } from '../src/geo';

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const before = heap();
const t0 = performance.now();
const geo = thailand();
const loadMs = performance.now() - t0;
const heapMb = (heap() - before) / 1e6;

const rand = seeded(12);
const N = 200_000;
const points = Array.from({ length: N }, () => ({ lat: 5.6 + rand() * 14.9, lng: 97.3 + rand() * 8.4 }));
let found = 0;
for (let i = 0; i < 5_000; i++) geo.provinceAt(points[i]); // warm-up
const t1 = performance.now();
for (const p of points) if (geo.provinceAt(p)) found++;
const s = (performance.now() - t1) / 1000;

const inland = points.filter((p) => geo.provinceAt(p)?.method === 'polygon').slice(0, 50_000);
const t2 = performance.now();
for (const p of inland) geo.provinceAt(p);
const sInland = (performance.now() - t2) / 1000;

const address = '123 ถนนห้วยแก้ว ตำบลสุเทพ อำเภอเมืองเชียงใหม่ เชียงใหม่ 50200 ประเทศไทย';
const M = 20_000;
const t3 = performance.now();
for (let i = 0; i < M; i++) locate(geo, { lat: 18.79, lng: 98.98, address });
const sLocate = (performance.now() - t3) / 1000;

process.stdout.write(
  `\nGeography: 77 provinces, ${geo.provinces.reduce((n, p) => n + p.districts.length, 0)} districts; load ${loadMs.toFixed(0)} ms, ` +
    `heap ${heapMb.toFixed(1)} MB${gc ? '' : ' (approximate: run with --expose-gc)'}\n` +
    `pin → province: ${Math.round(N / s).toLocaleString('en')} lookups/s over the country's bounding box ` +
    `(${((found / N) * 100).toFixed(0)}% in a province; ${((s / N) * 1e6).toFixed(1)} µs each), ` +
    `${Math.round(inland.length / sInland).toLocaleString('en')}/s for pins inside a province; ` +
    `locate() with a LINE address: ${Math.round(M / sLocate).toLocaleString('en')}/s\n`,
);
