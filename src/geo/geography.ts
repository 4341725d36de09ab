import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon } from 'geojson';
import { decodeRing, readGeoFile, type GeoFile, type Ring } from './data';
import { DISTRICT_OFFICES } from './offices';

/**
 * Thailand's 77 provinces and 928 districts (อำเภอ / เขต) with DOPA codes, and pin → province by
 * polygon. Pure lookups over immutable data: no I/O after loading, no clock.
 */

export interface LatLng {
  lat: number;
  lng: number;
}

export interface District {
  /** DOPA code, 4 digits; the first two are the province's. */
  code: string;
  /** Thai name without the "อำเภอ"/"เขต" prefix. */
  name: string;
  nameEn: string;
  postcodes: readonly string[];
  /** The district office, where bundled (see offices.ts). */
  office?: LatLng;
}

export interface Province {
  /** DOPA code, 2 digits (= ISO 3166-2 TH-nn). */
  code: string;
  /** Thai name without "จังหวัด". */
  name: string;
  nameEn: string;
  /** Natural Earth's region: Northern, Northeastern, Central, Eastern, Western, Southern. */
  region: string;
  /** In DOPA order (by code), the order reports list them in. */
  districts: readonly District[];
}

/** How a province was found for a pin. `coast`: just outside every polygon, nearest within COAST_KM. */
export interface ProvinceHit {
  province: Province;
  method: 'polygon' | 'coast';
  /** Distance to the province's outline, for `coast`. */
  km?: number;
}

/**
 * Natural Earth's outlines are simplified: beaches and piers can fall just outside them. A pin
 * within this distance of a province's outline is taken to be in it; farther is the sea or another
 * country. Kept small because the outline also runs along border rivers (the Mekong at Nong Khai is
 * about 1 km wide), so a pin on the far bank within this distance is still read as Thai.
 */
export const COAST_KM = 2;

interface Indexed {
  province: Province;
  bbox: [number, number, number, number];
  geometry: MultiPolygon;
}

export interface Geography {
  readonly provinces: readonly Province[];
  /** Regions in the order of their first province's code. */
  readonly regions: readonly string[];
  provincesIn(region: string): readonly Province[];
  province(code: string): Province | undefined;
  /** A province by Thai or English name, with or without "จังหวัด"/"จ.", or by code ("54", "TH-54"). */
  findProvince(text: string): Province | undefined;
  district(code: string): District | undefined;
  /** A district of `province` by a written name ("เมือง" alone: the capital district). */
  findDistrict(province: Province, name: string): District | undefined;
  districtsForPostcode(postcode: string): readonly District[];
  provinceAt(point: LatLng): ProvinceHit | undefined;
  /** 0 inside the province, else the distance to its outline in km. */
  kmFromProvince(province: Province, point: LatLng): number;
}

const squash = (s: string) => s.toLowerCase().replace(/[\s.\-]/g, '');
const stripProvincePrefix = (s: string) => s.trim().replace(/^(จังหวัด|จ\.)\s*/, '').replace(/^changwat\s+/i, '').replace(/\s+province$/i, '');

/** Names people use for Bangkok besides its official one. */
const BANGKOK_ALIASES = ['กรุงเทพ', 'กรุงเทพฯ', 'กทม', 'กทม.', 'bangkok', 'krungthep', 'bangkokmetropolis'];

export function buildGeography(file: GeoFile, offices: Readonly<Record<string, LatLng>> = DISTRICT_OFFICES): Geography {
  const provinces: Province[] = [];
  const indexed: Indexed[] = [];
  const districts = new Map<string, District>();
  const byPostcode = new Map<string, District[]>();
  const byName = new Map<string, Province>();

  for (const p of file.provinces) {
    const ds: District[] = p.districts.map((d) => {
      const office = offices[d.code];
      const district: District = Object.freeze({ ...d, postcodes: Object.freeze([...d.postcodes]), ...(office ? { office } : {}) });
      districts.set(d.code, district);
      for (const pc of d.postcodes) byPostcode.set(pc, [...(byPostcode.get(pc) ?? []), district]);
      return district;
    });
    const province: Province = Object.freeze({ code: p.code, name: p.name, nameEn: p.nameEn, region: p.region, districts: Object.freeze(ds) });
    provinces.push(province);
    byName.set(squash(p.name), province);
    byName.set(squash(p.nameEn), province);
    const rings: Ring[][] = p.polygons.map((poly) => poly.map((r) => decodeRing(r, file.scale)));
    const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const poly of rings)
      for (const [x, y] of poly[0]) {
        bbox[0] = Math.min(bbox[0], x);
        bbox[1] = Math.min(bbox[1], y);
        bbox[2] = Math.max(bbox[2], x);
        bbox[3] = Math.max(bbox[3], y);
      }
    indexed.push({ province, bbox, geometry: { type: 'MultiPolygon', coordinates: rings } });
  }
  const bangkok = provinces.find((p) => p.code === '10');
  if (bangkok) for (const a of BANGKOK_ALIASES) byName.set(squash(a), bangkok);

  const byCode = new Map(provinces.map((p) => [p.code, p]));
  const regions = [...new Set(provinces.map((p) => p.region))];

  function provinceAt(point: LatLng): ProvinceHit | undefined {
    const { lat, lng } = point;
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) return undefined;
    const pos = [lng, lat];
    for (const i of indexed) {
      const [x0, y0, x1, y1] = i.bbox;
      if (lng < x0 || lng > x1 || lat < y0 || lat > y1) continue;
      if (booleanPointInPolygon(pos, i.geometry)) return { province: i.province, method: 'polygon' };
    }
    // Outside every polygon: the nearest outline within COAST_KM (only boxes that close are measured).
    const margin = COAST_KM / 100; // degrees; generous at Thailand's latitudes (1° ≥ 100 km)
    let best: { i: Indexed; km: number } | undefined;
    for (const i of indexed) {
      const [x0, y0, x1, y1] = i.bbox;
      if (lng < x0 - margin || lng > x1 + margin || lat < y0 - margin || lat > y1 + margin) continue;
      const km = distanceToOutlineKm(point, i.geometry);
      if (km <= COAST_KM && (!best || km < best.km)) best = { i, km };
    }
    return best ? { province: best.i.province, method: 'coast', km: Math.round(best.km * 10) / 10 } : undefined;
  }

  return Object.freeze({
    provinces: Object.freeze(provinces),
    regions: Object.freeze(regions),
    provincesIn: (region: string) => provinces.filter((p) => p.region === region),
    province: (code: string) => byCode.get(code),
    findProvince(text: string) {
      const t = text.trim();
      const code = /^(?:TH-)?(\d{2})$/i.exec(t)?.[1];
      if (code) return byCode.get(code);
      return byName.get(squash(stripProvincePrefix(t)));
    },
    district: (code: string) => districts.get(code),
    findDistrict(province: Province, name: string) {
      const whole = squash(name);
      // The name as written first: a district may itself begin with "อ" (อมก๋อย).
      for (const n of [whole, whole.replace(/^(อำเภอ|อ|เขต|khet|amphoe)(?=\S)/, '').replace(/district$/, '')]) {
        const d = province.districts.find((x) => squash(x.name) === n || squash(x.nameEn) === n);
        if (d) return d;
        if (n === 'เมือง' || n === 'mueang') return province.districts.find((x) => x.name === `เมือง${province.name}`);
      }
      return undefined;
    },
    districtsForPostcode: (postcode: string) => byPostcode.get(postcode.trim()) ?? [],
    provinceAt,
    kmFromProvince(province: Province, point: LatLng) {
      const i = indexed.find((x) => x.province === province);
      if (!i) return Infinity;
      return booleanPointInPolygon([point.lng, point.lat], i.geometry) ? 0 : distanceToOutlineKm(point, i.geometry);
    },
  });
}

const EARTH_KM = 6371;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in kilometres. */
export function distanceKm(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.sqrt(h));
}

/** Distance from a point to the nearest edge of a multipolygon (local flat projection: fine within tens of km). */
function distanceToOutlineKm(p: LatLng, g: MultiPolygon): number {
  const kx = 111.32 * Math.cos(rad(p.lat));
  const ky = 110.57;
  let best = Infinity;
  for (const poly of g.coordinates)
    for (const ring of poly)
      for (let j = 1; j < ring.length; j++) {
        const ax = (ring[j - 1][0] - p.lng) * kx;
        const ay = (ring[j - 1][1] - p.lat) * ky;
        const bx = (ring[j][0] - p.lng) * kx;
        const by = (ring[j][1] - p.lat) * ky;
        const dx = bx - ax;
        const dy = by - ay;
        const len2 = dx * dx + dy * dy;
        const t = len2 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
        const d = Math.hypot(ax + t * dx, ay + t * dy);
        if (d < best) best = d;
      }
  return best;
}

let loaded: Geography | undefined;

/** The bundled geography, loaded on first use (about 0.3 MB of JSON). */
export function thailand(): Geography {
  loaded ??= buildGeography(readGeoFile());
  return loaded;
}
