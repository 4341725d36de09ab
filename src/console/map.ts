import type { CaseFigures } from '../cases/store';
import { thailand, type Province } from '../geo';
import { decodeRing, readGeoFile } from '../geo/data';

/**
 * The map's geometry, drawn on the server as SVG from the bundled outlines (geo-data/thailand.json):
 * no tiles, no script, works offline. The bundled geography has province polygons but no district
 * polygons, so districts are shown as their office points with names (where bundled), and a case
 * without a pin but with a district is placed at that office, marked as approximate.
 */

export interface MapPoint {
  x: number;
  y: number;
}

export interface ProvinceOutline {
  province: Province;
  /** SVG path data in the map's coordinates */
  path: string;
  width: number;
  height: number;
  project(lat: number, lng: number): MapPoint;
  districts: Array<{ code: string; name: string; at: MapPoint }>;
}

const WIDTH = 600;
const PAD = 12;
let outlines: Map<string, Array<Array<[number, number]>>> | undefined;

function ringsOf(code: string) {
  if (!outlines) {
    const file = readGeoFile();
    outlines = new Map(file.provinces.map((p) => [p.code, p.polygons.flatMap((poly) => poly.map((r) => decodeRing(r, file.scale)))]));
  }
  return outlines.get(code) ?? [];
}

const cache = new Map<string, ProvinceOutline>();

/** The province's outline projected to a WIDTH-wide box (equirectangular, x scaled by cos(latitude)). */
export function provinceOutline(provinceName: string): ProvinceOutline | undefined {
  const province = thailand().findProvince(provinceName);
  if (!province) return undefined;
  const hit = cache.get(province.code);
  if (hit) return hit;
  const rings = ringsOf(province.code);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rings)
    for (const [lng, lat] of r) {
      x0 = Math.min(x0, lng);
      x1 = Math.max(x1, lng);
      y0 = Math.min(y0, lat);
      y1 = Math.max(y1, lat);
    }
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const scale = (WIDTH - 2 * PAD) / Math.max(1e-9, (x1 - x0) * k);
  const height = Math.round((y1 - y0) * scale + 2 * PAD);
  const project = (lat: number, lng: number): MapPoint => ({
    x: Math.round((PAD + (lng - x0) * k * scale) * 10) / 10,
    y: Math.round((PAD + (y1 - lat) * scale) * 10) / 10,
  });
  const path = rings
    .map((r) => r.map(([lng, lat], i) => `${i ? 'L' : 'M'}${project(lat, lng).x} ${project(lat, lng).y}`).join('') + 'Z')
    .join('');
  const districts = province.districts.flatMap((d) => (d.office ? [{ code: d.code, name: d.name, at: project(d.office.lat, d.office.lng) }] : []));
  const o: ProvinceOutline = { province, path, width: WIDTH, height, project, districts };
  cache.set(province.code, o);
  return o;
}

/** Where a case goes on the map: its pin, else its district's office (approximate), else nowhere. */
export function placeOf(c: CaseFigures, o: ProvinceOutline): (MapPoint & { approximate: boolean }) | undefined {
  const l = c.location;
  if (typeof l?.lat === 'number' && typeof l.lng === 'number') {
    const p = o.project(l.lat, l.lng);
    // A pin far outside the province's box (out-of-province report) is listed, not drawn off the map.
    if (p.x < 0 || p.y < 0 || p.x > o.width || p.y > o.height) return undefined;
    return { ...p, approximate: false };
  }
  const d = l?.districtCode ? o.districts.find((x) => x.code === l.districtCode) : l?.district ? o.districts.find((x) => x.name === l.district) : undefined;
  return d ? { ...d.at, approximate: true } : undefined;
}
