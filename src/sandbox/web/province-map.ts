import { decodeRing, readGeoFile } from '../../geo/data';
import { thailand } from '../../geo';

/**
 * The outline map the browser chat offers for picking a location: the province's outline from the
 * country geography bundled with the service (geo-data/thailand.json, Natural Earth polygons, read
 * through src/geo) and its district offices as one-tap places. The page only needs rings of
 * [lat, lng] and named points, so another source of outlines can replace this module alone.
 */

export interface MapPoint {
  /** Sent as the location's title ("ที่ว่าการอำเภอลอง", "สำนักงานเขตบางรัก"). */
  title: string;
  /** The district's name alone, written next to its dot on the map (no อำเภอ/เขต office prefix). */
  label: string;
  address: string;
  lat: number;
  lng: number;
}

export interface ProvinceMap {
  province: string;
  /** Outer rings of the province's polygons, [lat, lng] pairs, rounded to about 10 m. */
  outline: Array<Array<[number, number]>>;
  /** Named places the tester can pick with one tap (the district offices). */
  points: MapPoint[];
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** The map of a province by its Thai name ("แพร่", "จังหวัดแพร่"); undefined when it is not known. */
export function provinceMap(provinceName: string): ProvinceMap | undefined {
  const province = thailand().findProvince(provinceName);
  if (!province) return undefined;
  const file = readGeoFile();
  const entry = file.provinces.find((p) => p.code === province.code);
  const outline = (entry?.polygons ?? []).map((poly) => decodeRing(poly[0] ?? [], file.scale).map(([lng, lat]) => [round(lat), round(lng)] as [number, number]));
  // Bangkok's districts are เขต with a สำนักงานเขต; everywhere else อำเภอ with a ที่ว่าการอำเภอ.
  const bangkok = province.code === '10';
  const points = province.districts.flatMap((d) =>
    d.office
      ? [{
          title: `${bangkok ? 'สำนักงานเขต' : 'ที่ว่าการอำเภอ'}${d.name}`,
          label: d.name,
          address: bangkok ? `เขต${d.name} ${province.name}` : `อำเภอ${d.name} จังหวัด${province.name}`,
          lat: d.office.lat,
          lng: d.office.lng,
        }]
      : [],
  );
  return { province: province.name, outline: outline.filter((r) => r.length >= 4), points };
}
