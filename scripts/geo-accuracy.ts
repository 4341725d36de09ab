/**
 * `npx tsx scripts/geo-accuracy.ts <reference.geojson> [--step 0.005]`: how often pin → province
 * (src/geo) agrees with a reference set of district polygons, e.g. the Royal Thai Survey
 * Department's admin-2 boundaries published by UN OCHA (features with ADM1_PCODE "TH50", or a
 * `province` property holding the DOPA code). For each district: its vertex centroid, and a grid of
 * points inside it (step in degrees; 0.005 ≈ 550 m). Disagreements lie in the strip along province
 * borders, where both sources are simplified. No reference data is bundled: bring the file.
 */
import { readFileSync } from 'node:fs';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { thailand } from '../src/geo';

const [file, ...rest] = process.argv.slice(2);
const stepAt = rest.indexOf('--step');
const step = stepAt >= 0 ? Number(rest[stepAt + 1]) : 0.005;
if (!file || !(step > 0)) {
  process.stderr.write('usage: npx tsx scripts/geo-accuracy.ts <reference.geojson> [--step 0.005]\n');
  process.exit(2);
}
const geo = thailand();
const features = (JSON.parse(readFileSync(file, 'utf8')) as { features: Array<Feature<Polygon | MultiPolygon>> }).features;
let points = 0;
let agree = 0;
let centroids = 0;
let rows = 0;
for (const f of features) {
  const props = (f.properties ?? {}) as Record<string, unknown>;
  const province = String(props.province ?? props.ADM1_PCODE ?? '').replace(/^TH/, '');
  const name = String(props.name ?? props.ADM2_EN ?? '?');
  if (!geo.province(province) || !f.geometry) continue;
  const rings = f.geometry.type === 'Polygon' ? [f.geometry.coordinates[0]] : f.geometry.coordinates.map((p) => p[0]);
  const all = rings.flat();
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  let n = 0;
  let k = 0;
  for (let x = Math.min(...xs); x <= Math.max(...xs); x += step)
    for (let y = Math.min(...ys); y <= Math.max(...ys); y += step) {
      if (!booleanPointInPolygon([x, y], f.geometry)) continue;
      n++;
      if (geo.provinceAt({ lat: y, lng: x })?.province.code === province) k++;
    }
  const cx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const cy = ys.reduce((a, b) => a + b, 0) / ys.length;
  const centroidOk = geo.provinceAt({ lat: cy, lng: cx })?.province.code === province;
  rows++;
  centroids += centroidOk ? 1 : 0;
  points += n;
  agree += k;
  process.stdout.write(`${name.padEnd(24)} ${province}  centroid ${centroidOk ? 'ok   ' : 'WRONG'}  grid ${k}/${n}\n`);
}
process.stdout.write(
  `\n${rows} districts: centroids ${centroids}/${rows}; grid points ${agree}/${points} = ${points ? ((agree / points) * 100).toFixed(2) : '-'}% in the right province\n`,
);
