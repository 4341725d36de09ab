import { thailand, type Province as GeoProvince } from '../geo';

/**
 * The center's province as the intake and the report use it today. Names, codes and the official
 * order (DOPA geocode order: the report lists districts in it) come from the country's geography in
 * src/geo; coordinates are the district offices (approximate), used to propose the nearest district
 * for a pin. Only provinces whose every district office is bundled are listed here (Phrae), so the
 * behaviour for them is unchanged; new code should use src/geo directly.
 */
export interface District {
  code: string;
  name: string; // Thai name without the "อำเภอ" prefix
  nameEn: string;
  lat: number;
  lng: number;
}
export interface Province {
  name: string;
  nameEn: string;
  districts: readonly District[];
}

function withOffices(p: GeoProvince): Province | undefined {
  const districts: District[] = [];
  for (const d of p.districts) {
    if (!d.office) return undefined;
    districts.push({ code: d.code, name: d.name, nameEn: d.nameEn, lat: d.office.lat, lng: d.office.lng });
  }
  return { name: p.name, nameEn: p.nameEn, districts };
}

export const PROVINCES: Record<string, Province> = Object.fromEntries(
  thailand().provinces.flatMap((p) => {
    const legacy = withOffices(p);
    return legacy ? [[p.name, legacy] as const] : [];
  }),
);

/** The center's province data, or an empty district list when none is bundled for it. */
export function provinceData(provinceName: string): Province {
  return PROVINCES[provinceName] ?? { name: provinceName, nameEn: provinceName, districts: [] };
}
