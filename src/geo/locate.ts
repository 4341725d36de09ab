import { distanceKm, type District, type Geography, type LatLng, type Province } from './geography';

/**
 * Where a report happened, for the whole country: province and district from a LINE pin
 * (coordinates plus the address text LINE adds) or a typed address. The reporter confirms the
 * result as today; this only proposes. Pure: no I/O, no clock.
 *
 * Province: the address text names it officially (the map that wrote it uses the real boundaries,
 * finer than our simplified polygons), so it wins when the pin is within ADDRESS_TRUST_KM of that
 * province; otherwise the polygon under the pin; otherwise the postcode.
 * District: the address text ("อำเภอ…"/"อ."/"เขต…" or the English name), then the postcode when it
 * belongs to one district of the province, then the nearest bundled district office.
 */

export interface RawPlace {
  lat?: number;
  lng?: number;
  /** Address text and/or title of the pin, or what the person typed. */
  address?: string;
}

export interface Located {
  province?: Province;
  provinceFrom?: 'address' | 'polygon' | 'coast' | 'postcode';
  district?: District;
  districtFrom?: 'address' | 'postcode' | 'nearest';
  /** Districts still possible when none is certain: a shared postcode's, else the province's list. */
  candidates: readonly District[];
}

/** A pin this close to the province its address names is taken to be in it (polygons are simplified). */
export const ADDRESS_TRUST_KM = 10;
/** Farther than this from every district office: no "nearest district" guess. */
export const PLAUSIBLE_RADIUS_KM = 60;

const BOUNDARY = '(?:^|[\\s,])';
const END = '(?=$|[\\s,0-9()])';
const TOKEN = '([^\\s,()0-9]+)';
const DISTRICT_RE = new RegExp(`${BOUNDARY}(?:อำเภอ|อ\\.|เขต)\\s*${TOKEN}`);
const PROVINCE_RE = new RegExp(`${BOUNDARY}(?:จังหวัด|จ\\.)\\s*${TOKEN}`);
const POSTCODE_RE = /(?:^|\D)(\d{5})(?!\d)/g;
const BANGKOK_RE = /กรุงเทพ|กทม|bangkok/i;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const englishRe = (name: string, flags = '') => new RegExp(`\\b${name.split(/\s+/).map(escape).join('[\\s-]*')}\\b`, `i${flags}`);

function postcodesIn(text: string): string[] {
  return [...text.matchAll(POSTCODE_RE)].map((m) => m[1]);
}

/** The province an address names (or its postcode implies), if any. */
export function provinceInText(geo: Geography, text: string): { province: Province; from: 'address' | 'postcode' } | undefined {
  const found = (p: Province | undefined, from: 'address' | 'postcode' = 'address') => (p ? { province: p, from } : undefined);
  const token = PROVINCE_RE.exec(text)?.[1];
  const named = token ? geo.findProvince(token) : undefined;
  if (named) return found(named);
  if (BANGKOK_RE.test(text)) return found(geo.province('10'));
  // Addresses run from the house to the province, and roads are named after the provinces they
  // join ("Chiang Mai-Lampang Road, …, Lampang 52000"): the name written last is the province.
  let last: { p: Province; at: number } | undefined;
  for (const p of geo.provinces)
    for (const re of [new RegExp(`${BOUNDARY}${escape(p.name)}${END}`, 'g'), englishRe(p.nameEn, 'g')])
      for (const m of text.matchAll(re)) {
        const at = m.index + m[0].length;
        if (!last || at > last.at) last = { p, at };
      }
  if (last) return found(last.p);
  for (const pc of postcodesIn(text)) {
    const ps = new Set(geo.districtsForPostcode(pc).map((d) => d.code.slice(0, 2)));
    if (ps.size === 1) return found(geo.province([...ps][0]), 'postcode');
  }
  return undefined;
}

function districtInText(geo: Geography, province: Province, text: string): District | undefined {
  const token = DISTRICT_RE.exec(text)?.[1];
  const named = token ? geo.findDistrict(province, token) : undefined;
  if (named) return named;
  return [...province.districts].sort((a, b) => b.nameEn.length - a.nameEn.length).find((d) => englishRe(d.nameEn).test(text));
}

function nearestOffice(province: Province, point: LatLng): District | undefined {
  // Only where every office is bundled: a guess among some districts would favour those.
  if (!province.districts.length || province.districts.some((d) => !d.office)) return undefined;
  let best: { d: District; km: number } | undefined;
  for (const d of province.districts) {
    const km = distanceKm(point, d.office!);
    if (!best || km < best.km) best = { d, km };
  }
  return best && best.km <= PLAUSIBLE_RADIUS_KM ? best.d : undefined;
}

export function locate(geo: Geography, raw: RawPlace): Located {
  const text = raw.address?.trim() ?? '';
  const pin = raw.lat !== undefined && raw.lng !== undefined ? { lat: raw.lat, lng: raw.lng } : undefined;

  const named = text ? provinceInText(geo, text) : undefined;
  const hit = pin ? geo.provinceAt(pin) : undefined;
  let province: Province | undefined;
  let provinceFrom: Located['provinceFrom'];
  if (named && (!pin || named.province === hit?.province || geo.kmFromProvince(named.province, pin) <= ADDRESS_TRUST_KM)) {
    province = named.province;
    provinceFrom = named.from;
  } else if (hit) {
    province = hit.province;
    provinceFrom = hit.method;
  }
  if (!province) return { candidates: [] };

  const byText = text ? districtInText(geo, province, text) : undefined;
  if (byText) return { province, provinceFrom, district: byText, districtFrom: 'address', candidates: [byText] };

  const byPostcode = postcodesIn(text).flatMap((pc) => geo.districtsForPostcode(pc).filter((d) => d.code.startsWith(province.code)));
  const unique = [...new Map(byPostcode.map((d) => [d.code, d])).values()];
  if (unique.length === 1) return { province, provinceFrom, district: unique[0], districtFrom: 'postcode', candidates: unique };

  const near = pin ? nearestOffice(province, pin) : undefined;
  if (near) return { province, provinceFrom, district: near, districtFrom: 'nearest', candidates: unique.length ? unique : province.districts };
  return { province, provinceFrom, candidates: unique.length ? unique : province.districts };
}
