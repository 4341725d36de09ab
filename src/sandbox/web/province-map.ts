import { PROVINCES, type Province } from '../../cases/geo';

/**
 * The outline map the browser chat offers for picking a location. Drawn from the geography bundled
 * with the service (src/cases/geo.ts): only district-office points are bundled today, so the outline is
 * their convex hull, widened around its centre so that the border districts sit inside it. It is a
 * sketch, not a border: when real province outlines are bundled (src/geo), `outlineOf` is the one
 * place to swap in the real polygon; the page only needs points in degrees.
 */

export interface MapPoint {
  /** Name shown on the map and sent as the location's title. */
  title: string;
  address: string;
  lat: number;
  lng: number;
}

export interface ProvinceMap {
  province: string;
  /** Closed outline, [lat, lng] pairs, in order. */
  outline: Array<[number, number]>;
  /** Named places the tester can pick with one tap (district offices, the provincial hall). */
  points: MapPoint[];
}

type LatLng = [number, number];

/** Andrew's monotone chain over [lat, lng] treated as (y, x). */
function convexHull(points: LatLng[]): LatLng[] {
  const pts = [...points].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  if (pts.length < 3) return pts;
  const cross = (o: LatLng, a: LatLng, b: LatLng) => (a[1] - o[1]) * (b[0] - o[0]) - (a[0] - o[0]) * (b[1] - o[1]);
  const lower: LatLng[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: LatLng[] = [];
  for (const p of [...pts].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** Hull of the district offices pushed out from its centre by a fraction plus a fixed margin (degrees). */
export function outlineOf(province: Province, grow = 0.3, marginDeg = 0.14): LatLng[] {
  const hull = convexHull(province.districts.map((d) => [d.lat, d.lng] as LatLng));
  if (!hull.length) return [];
  const cLat = hull.reduce((s, p) => s + p[0], 0) / hull.length;
  const cLng = hull.reduce((s, p) => s + p[1], 0) / hull.length;
  const round = (n: number) => Math.round(n * 10_000) / 10_000;
  return hull.map(([lat, lng]) => {
    const dLat = lat - cLat;
    const dLng = lng - cLng;
    const len = Math.hypot(dLat, dLng) || 1;
    return [round(lat + dLat * grow + (dLat / len) * marginDeg), round(lng + dLng * grow + (dLng / len) * marginDeg)] as LatLng;
  });
}

export function provinceMap(province: Province): ProvinceMap {
  const points: MapPoint[] = province.districts.map((d) => ({
    title: `ที่ว่าการอำเภอ${d.name}`,
    address: `อำเภอ${d.name} จังหวัด${province.name}`,
    lat: d.lat,
    lng: d.lng,
  }));
  return { province: province.name, outline: outlineOf(province), points };
}

/** Every bundled province, the first one shown by default. */
export function provinceMaps(): ProvinceMap[] {
  return Object.values(PROVINCES)
    .filter((p) => p.districts.length > 0)
    .map(provinceMap);
}
