/**
 * Bundled district data. Districts are listed in the province's official order (Department of
 * Provincial Administration geocode order); the report lists them in this order. Coordinates are
 * the district offices (approximate), used to propose the nearest district for a pin.
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

export const PROVINCES: Record<string, Province> = {
  แพร่: {
    name: 'แพร่',
    nameEn: 'Phrae',
    districts: [
      { code: '5401', name: 'เมืองแพร่', nameEn: 'Mueang Phrae', lat: 18.1446, lng: 100.1403 },
      { code: '5402', name: 'ร้องกวาง', nameEn: 'Rong Kwang', lat: 18.3397, lng: 100.3175 },
      { code: '5403', name: 'ลอง', nameEn: 'Long', lat: 18.0783, lng: 99.8297 },
      { code: '5404', name: 'สูงเม่น', nameEn: 'Sung Men', lat: 18.0521, lng: 100.1029 },
      { code: '5405', name: 'เด่นชัย', nameEn: 'Den Chai', lat: 17.9836, lng: 100.0561 },
      { code: '5406', name: 'สอง', nameEn: 'Song', lat: 18.4694, lng: 100.1889 },
      { code: '5407', name: 'วังชิ้น', nameEn: 'Wang Chin', lat: 17.8917, lng: 99.6222 },
      { code: '5408', name: 'หนองม่วงไข่', nameEn: 'Nong Muang Khai', lat: 18.2847, lng: 100.1722 },
    ],
  },
};

/** The center's province data, or an empty district list when none is bundled for it. */
export function provinceData(provinceName: string): Province {
  return PROVINCES[provinceName] ?? { name: provinceName, nameEn: provinceName, districts: [] };
}
