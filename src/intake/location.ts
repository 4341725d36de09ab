import type { CaseLocation } from '../cases/types';
import type { District, Province } from '../cases/geo';
import { locate, thailand, type District as GeoDistrict, type Geography, type Province as GeoProvince } from '../geo';

/**
 * Where a report happened, from a LINE location pin (coordinates plus the address text LINE adds)
 * or from an address the person typed. The address text wins over coordinates because it names the
 * district officially; coordinates fall back to the nearest bundled district office, but only
 * within a plausible radius so a pin in another province is never forced into ours.
 */

/** Farther than this from every district office of the province: treat the pin as outside it. */
export const PLAUSIBLE_RADIUS_KM = 60;
/** Typed addresses are stored as given, up to this length. */
export const MAX_ADDRESS_LENGTH = 300;

/**
 * Thai postal codes start with a province's two digits. Used when an address names no province
 * (map providers often write "… แพร่ 54000 ประเทศไทย" without "จ."). 10 is shared by Bangkok
 * and Samut Prakan, so it names no province.
 */
const POSTAL_PROVINCES: Record<string, string> = {
  '11': 'นนทบุรี', '12': 'ปทุมธานี', '13': 'พระนครศรีอยุธยา', '14': 'อ่างทอง', '15': 'ลพบุรี',
  '16': 'สิงห์บุรี', '17': 'ชัยนาท', '18': 'สระบุรี', '20': 'ชลบุรี', '21': 'ระยอง', '22': 'จันทบุรี',
  '23': 'ตราด', '24': 'ฉะเชิงเทรา', '25': 'ปราจีนบุรี', '26': 'นครนายก', '27': 'สระแก้ว',
  '30': 'นครราชสีมา', '31': 'บุรีรัมย์', '32': 'สุรินทร์', '33': 'ศรีสะเกษ', '34': 'อุบลราชธานี',
  '35': 'ยโสธร', '36': 'ชัยภูมิ', '37': 'อำนาจเจริญ', '38': 'บึงกาฬ', '39': 'หนองบัวลำภู',
  '40': 'ขอนแก่น', '41': 'อุดรธานี', '42': 'เลย', '43': 'หนองคาย', '44': 'มหาสารคาม', '45': 'ร้อยเอ็ด',
  '46': 'กาฬสินธุ์', '47': 'สกลนคร', '48': 'นครพนม', '49': 'มุกดาหาร', '50': 'เชียงใหม่', '51': 'ลำพูน',
  '52': 'ลำปาง', '53': 'อุตรดิตถ์', '54': 'แพร่', '55': 'น่าน', '56': 'พะเยา', '57': 'เชียงราย',
  '58': 'แม่ฮ่องสอน', '60': 'นครสวรรค์', '61': 'อุทัยธานี', '62': 'กำแพงเพชร', '63': 'ตาก',
  '64': 'สุโขทัย', '65': 'พิษณุโลก', '66': 'พิจิตร', '67': 'เพชรบูรณ์', '70': 'ราชบุรี',
  '71': 'กาญจนบุรี', '72': 'สุพรรณบุรี', '73': 'นครปฐม', '74': 'สมุทรสาคร', '75': 'สมุทรสงคราม',
  '76': 'เพชรบุรี', '77': 'ประจวบคีรีขันธ์', '80': 'นครศรีธรรมราช', '81': 'กระบี่', '82': 'พังงา',
  '83': 'ภูเก็ต', '84': 'สุราษฎร์ธานี', '85': 'ระนอง', '86': 'ชุมพร', '90': 'สงขลา', '91': 'สตูล',
  '92': 'ตรัง', '93': 'พัทลุง', '94': 'ปัตตานี', '95': 'ยะลา', '96': 'นราธิวาส',
};
const BANGKOK = 'กรุงเทพมหานคร';

export interface ParsedAddress {
  /** District name as written, without "อำเภอ"/"อ."/"เขต". */
  district?: string;
  /** Province name as written or derived, without "จังหวัด"/"จ.". */
  province?: string;
}

const BOUNDARY = '(?:^|[\\s,])';
const TOKEN = '([^\\s,()0-9]+)';
const DISTRICT_RE = new RegExp(`${BOUNDARY}(?:อำเภอ|อ\\.)\\s*${TOKEN}`);
const KHET_RE = new RegExp(`${BOUNDARY}เขต\\s*${TOKEN}`);
const PROVINCE_RE = new RegExp(`${BOUNDARY}(?:จังหวัด|จ\\.)\\s*${TOKEN}`);
const POSTAL_RE = /(?:^|\D)([1-9]\d)\d{3}(?!\d)/;

/** Reads district and province out of an address line, Thai or LINE's English form. */
export function parseAddress(text: string): ParsedAddress {
  const out: ParsedAddress = {};
  const district = DISTRICT_RE.exec(text)?.[1] ?? KHET_RE.exec(text)?.[1];
  if (district) out.district = district;
  const province = PROVINCE_RE.exec(text)?.[1];
  if (province) out.province = province;
  else if (/กรุงเทพ|bangkok/i.test(text)) out.province = BANGKOK;
  else {
    const named = Object.values(POSTAL_PROVINCES).find((p) => new RegExp(`${BOUNDARY}${p}(?:$|[\\s,0-9])`).test(text));
    const postal = POSTAL_RE.exec(text)?.[1];
    const fromPostal = postal ? POSTAL_PROVINCES[postal] : undefined;
    if (named ?? fromPostal) out.province = named ?? fromPostal;
  }
  return out;
}

const squash = (s: string) => s.toLowerCase().replace(/[\s.]/g, '');

/** The bundled district a written name refers to ("เมือง" alone means the capital district). */
export function findDistrict(province: Province, name: string): District | undefined {
  const n = squash(name).replace(/^(อำเภอ|อ)(?=\S)/, '');
  return (
    province.districts.find((d) => squash(d.name) === n || squash(d.nameEn) === n) ??
    (n === 'เมือง' ? province.districts.find((d) => d.name === `เมือง${province.name}`) : undefined)
  );
}

/** Districts named in English ("Amphoe Long", "Mueang Phrae District"): longest name first. */
function findEnglishDistrict(province: Province, text: string): District | undefined {
  const sorted = [...province.districts].sort((a, b) => b.nameEn.length - a.nameEn.length);
  return sorted.find((d) => new RegExp(`\\b${d.nameEn.replace(/\s+/g, '\\s*')}\\b`, 'i').test(text));
}

const EARTH_KM = 6371;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in kilometres. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.sqrt(h));
}

/** The nearest district office within the plausible radius, if any. */
export function nearestDistrict(province: Province, point: { lat: number; lng: number }): District | undefined {
  let best: { d: District; km: number } | undefined;
  for (const d of province.districts) {
    const km = distanceKm(point, d);
    if (!best || km < best.km) best = { d, km };
  }
  return best && best.km <= PLAUSIBLE_RADIUS_KM ? best.d : undefined;
}

/**
 * What to ask after a location: `propose` a district to confirm, `pick` one from the list, or
 * `outside` (kept, flagged for referral). `location` is what is stored if the person accepts.
 */
export type Resolution =
  /** `address`: LINE's address names the district officially; `nearest`: a guess from coordinates. */
  | { kind: 'propose'; district: District; location: CaseLocation; from: 'address' | 'nearest' }
  | { kind: 'pick'; location: CaseLocation }
  | { kind: 'outside'; location: CaseLocation };

export interface RawLocation {
  lat?: number;
  lng?: number;
  address?: string;
  title?: string;
}

/** Sets the district on a location inside the center's province. */
export const withDistrict = (loc: CaseLocation, province: Province, d: District | undefined): CaseLocation => ({
  ...stripPlace(loc),
  province: province.name,
  outOfProvince: false,
  ...(d ? { district: d.name, districtCode: d.code } : {}),
});

const stripPlace = (loc: CaseLocation): CaseLocation => {
  const { district: _d, districtCode: _c, province: _p, outOfProvince: _o, ...rest } = loc;
  return rest;
};

export function resolveLocation(raw: RawLocation, province: Province): Resolution {
  const text = [raw.title, raw.address].filter((s) => s && s.trim()).join(' ').trim().slice(0, MAX_ADDRESS_LENGTH);
  const base: CaseLocation = {
    ...(raw.lat !== undefined && raw.lng !== undefined ? { lat: raw.lat, lng: raw.lng } : {}),
    ...(text ? { address: text } : {}),
  };
  const parsed = text ? parseAddress(text) : {};
  const inOurs = parsed.province === undefined || parsed.province === province.name;

  if (!inOurs) {
    return {
      kind: 'outside',
      location: { ...base, province: parsed.province, ...(parsed.district ? { district: parsed.district } : {}), outOfProvince: true },
    };
  }
  const named =
    (parsed.district ? findDistrict(province, parsed.district) : undefined) ?? (text ? findEnglishDistrict(province, text) : undefined);
  if (named) return { kind: 'propose', district: named, location: withDistrict(base, province, named), from: 'address' };

  if (base.lat !== undefined && base.lng !== undefined) {
    const near = nearestDistrict(province, { lat: base.lat, lng: base.lng });
    if (near) return { kind: 'propose', district: near, location: withDistrict(base, province, near), from: 'nearest' };
    // The address said our province but the pin is far from every office: trust the words, ask.
    if (parsed.province === province.name) return { kind: 'pick', location: withDistrict(base, province, undefined) };
    return { kind: 'outside', location: { ...base, outOfProvince: true } };
  }
  return { kind: 'pick', location: withDistrict(base, province, undefined) };
}

/**
 * A report's place for the whole country (issue 12): the province and district `locate` finds from
 * the pin and its address, or none. The intake only proposes; the reporter confirms the district,
 * and the case store's router decides which center serves the province (and marks unserved ones),
 * so nothing here says "outside".
 */
export interface Place {
  location: CaseLocation;
  province?: GeoProvince;
  district?: GeoDistrict;
  districtFrom?: 'address' | 'postcode' | 'nearest';
}

export function placeOf(raw: RawLocation, geo: Geography = thailand()): Place {
  const text = [raw.title, raw.address].filter((s) => s && s.trim()).join(' ').trim().slice(0, MAX_ADDRESS_LENGTH);
  const base: CaseLocation = {
    ...(raw.lat !== undefined && raw.lng !== undefined ? { lat: raw.lat, lng: raw.lng } : {}),
    ...(text ? { address: text } : {}),
  };
  const found = locate(geo, { lat: raw.lat, lng: raw.lng, address: text });
  if (!found.province) {
    // "บ้านเลขที่ 9 อ.ลอง" names no province, but a district name found in one province only says which.
    const written = text ? parseAddress(text).district : undefined;
    const matches = written ? geo.provinces.flatMap((p) => { const d = geo.findDistrict(p, written); return d ? [{ p, d }] : []; }) : [];
    if (matches.length === 1) return { location: inDistrict(base, matches[0].p, matches[0].d), province: matches[0].p, district: matches[0].d, districtFrom: 'address' };
    return { location: base };
  }
  return {
    location: inDistrict(base, found.province, found.district),
    province: found.province,
    ...(found.district ? { district: found.district, districtFrom: found.districtFrom } : {}),
  };
}

/** The location in a province of the country, with its district when known (official names, DOPA code). */
export const inDistrict = (loc: CaseLocation, province: GeoProvince, d: GeoDistrict | undefined): CaseLocation => ({
  ...stripPlace(loc),
  province: province.name,
  ...(d ? { district: d.name, districtCode: d.code } : {}),
});
