import type { CaseFigures } from '../cases/store';
import { thailand, type Province } from '../geo';
import { decodeRing, readGeoFile } from '../geo/data';

/**
 * The map's geometry, drawn on the server as SVG from the bundled outlines (geo-data/thailand.json):
 * no tiles, no script, works offline. The bundled geography has province polygons but no district
 * polygons, so districts are shown as their office points with names (where bundled), and a case
 * without a pin but with a district is placed at that office, marked as approximate. An area is one
 * center's provinces, or the whole country for the national desk.
 */

export interface MapPoint {
  x: number;
  y: number;
}

export interface AreaOutline {
  /** The provinces drawn, each its own path (SVG path data in the map's coordinates). */
  provinces: Array<{ province: Province; path: string }>;
  width: number;
  height: number;
  project(lat: number, lng: number): MapPoint;
  /** District offices of the area, where a case without a pin is placed. */
  offices: Array<{ code: string; name: string; at: MapPoint }>;
  /** Whether the offices are drawn with their names (one center's area; the country has ~930). */
  labelled: boolean;
}

const WIDTH = 600;
const PAD = 12;
/** More provinces than this: the country view (no district labels, whole pixels). */
const LABELLED_UP_TO = 6;
let outlines: Map<string, Array<Array<[number, number]>>> | undefined;

function ringsOf(code: string) {
  if (!outlines) {
    const file = readGeoFile();
    outlines = new Map(file.provinces.map((p) => [p.code, p.polygons.flatMap((poly) => poly.map((r) => decodeRing(r, file.scale)))]));
  }
  return outlines.get(code) ?? [];
}

const cache = new Map<string, AreaOutline>();

/**
 * The provinces' outlines (DOPA codes; 'country' for all 77) projected to a WIDTH-wide box
 * (equirectangular, x scaled by cos(latitude)); undefined when none of the codes is a province.
 */
export function areaOutline(codes: readonly string[] | 'country'): AreaOutline | undefined {
  const geo = thailand();
  const list = codes === 'country' ? geo.provinces : codes.flatMap((c) => geo.province(c) ?? []);
  if (!list.length) return undefined;
  const key = list.map((p) => p.code).sort().join(',');
  const hit = cache.get(key);
  if (hit) return hit;
  const rings = list.map((p) => ({ province: p, rings: ringsOf(p.code) }));
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { rings: rs } of rings)
    for (const r of rs)
      for (const [lng, lat] of r) {
        x0 = Math.min(x0, lng);
        x1 = Math.max(x1, lng);
        y0 = Math.min(y0, lat);
        y1 = Math.max(y1, lat);
      }
  const labelled = list.length <= LABELLED_UP_TO;
  // The country at 600 px: a tenth of a pixel is invisible and would double the page's weight.
  const digits = labelled ? 10 : 1;
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const scale = (WIDTH - 2 * PAD) / Math.max(1e-9, (x1 - x0) * k);
  const height = Math.round((y1 - y0) * scale + 2 * PAD);
  const project = (lat: number, lng: number): MapPoint => ({
    x: Math.round((PAD + (lng - x0) * k * scale) * digits) / digits,
    y: Math.round((PAD + (y1 - lat) * scale) * digits) / digits,
  });
  const pathOf = (rs: Array<Array<[number, number]>>) =>
    rs
      .map((r) => {
        // Points that round to the one before add bytes and draw nothing (most of the country's, at 1 px).
        const pts = r.map(([lng, lat]) => project(lat, lng)).filter((p, i, all) => i === 0 || p.x !== all[i - 1].x || p.y !== all[i - 1].y);
        // Relative steps after the first point: short numbers, about half the bytes of absolute ones.
        const d = (v: number) => Math.round(v * digits) / digits;
        return pts.map((p, i) => (i ? `l${d(p.x - pts[i - 1].x)} ${d(p.y - pts[i - 1].y)}` : `M${p.x} ${p.y}`)).join('') + 'z';
      })
      .join('');
  const offices = list.flatMap((p) => p.districts.flatMap((d) => (d.office ? [{ code: d.code, name: d.name, at: project(d.office.lat, d.office.lng) }] : [])));
  const o: AreaOutline = { provinces: rings.map((r) => ({ province: r.province, path: pathOf(r.rings) })), width: WIDTH, height, project, offices, labelled };
  cache.set(key, o);
  return o;
}

/** Where a case goes on the map: its pin, else its district's office (approximate), else nowhere. */
export function placeOf(c: CaseFigures, o: AreaOutline): (MapPoint & { approximate: boolean }) | undefined {
  const l = c.location;
  if (typeof l?.lat === 'number' && typeof l.lng === 'number') {
    const p = o.project(l.lat, l.lng);
    // A pin far outside the area's box (out-of-province report) is listed, not drawn off the map.
    if (p.x < 0 || p.y < 0 || p.x > o.width || p.y > o.height) return undefined;
    return { ...p, approximate: false };
  }
  const d = l?.districtCode ? o.offices.find((x) => x.code === l.districtCode) : l?.district ? o.offices.find((x) => x.name === l.district) : undefined;
  return d ? { ...d.at, approximate: true } : undefined;
}
