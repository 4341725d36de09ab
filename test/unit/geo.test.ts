import { PROVINCES } from '../../src/cases/geo';
import { buildGeography, locate, thailand } from '../../src/geo';
import { readGeoFile } from '../../src/geo/data';
import { REGION_LABELS } from '../../src/strings/th/geo';

const geo = thailand();
const province = (code: string) => geo.province(code)!;

describe('the country geography', () => {
  it('has the 77 provinces and 928 districts, each district coded under its province', () => {
    expect(geo.provinces).toHaveLength(77);
    expect(geo.provinces.flatMap((p) => p.districts)).toHaveLength(928);
    for (const p of geo.provinces) for (const d of p.districts) expect(d.code.slice(0, 2)).toBe(p.code);
    expect(new Set(geo.provinces.flatMap((p) => p.districts.map((d) => d.code))).size).toBe(928);
  });

  it('lists Bangkok with its 50 khet and Bueng Kan under its DOPA code 38', () => {
    expect(province('10').name).toBe('กรุงเทพมหานคร');
    expect(province('10').districts).toHaveLength(50);
    expect(province('38').districts.map((d) => d.code)).toEqual(['3801', '3802', '3803', '3804', '3805', '3806', '3807', '3808']);
    expect(geo.district('5025')?.name).toBe('กัลยาณิวัฒนา');
    expect(geo.district('5304')?.name).toBe('น้ำปาด');
  });

  it("keeps Phrae's 8 districts in DOPA order with the names, English names and offices the report uses", () => {
    expect(PROVINCES['แพร่'].districts.map((d) => [d.code, d.name, d.nameEn])).toEqual([
      ['5401', 'เมืองแพร่', 'Mueang Phrae'],
      ['5402', 'ร้องกวาง', 'Rong Kwang'],
      ['5403', 'ลอง', 'Long'],
      ['5404', 'สูงเม่น', 'Sung Men'],
      ['5405', 'เด่นชัย', 'Den Chai'],
      ['5406', 'สอง', 'Song'],
      ['5407', 'วังชิ้น', 'Wang Chin'],
      ['5408', 'หนองม่วงไข่', 'Nong Muang Khai'],
    ]);
    expect(PROVINCES['แพร่'].districts[0]).toMatchObject({ lat: 18.1446, lng: 100.1403 });
  });

  it.each([
    ['แพร่', '54'],
    ['จังหวัดแพร่', '54'],
    ['จ.เชียงใหม่', '50'],
    ['Chiang Mai', '50'],
    ['chiangmai', '50'],
    ['กทม.', '10'],
    ['กรุงเทพฯ', '10'],
    ['TH-38', '38'],
    ['96', '96'],
  ])('when a province is written "%s", then it is found', (text, code) => {
    expect(geo.findProvince(text)?.code).toBe(code);
  });

  it('when a name is no province, then none is found', () => {
    expect(geo.findProvince('เวียงจันทน์')).toBeUndefined();
    expect(geo.findProvince('99')).toBeUndefined();
  });

  it('groups provinces by region for a two-tap choice', () => {
    expect(geo.regions).toHaveLength(6);
    expect(geo.regions.reduce((n, r) => n + geo.provincesIn(r).length, 0)).toBe(77);
    expect(geo.provincesIn('Northern').map((p) => p.code)).toContain('54');
    for (const r of geo.regions) expect(REGION_LABELS[r]).toMatch(/^ภาค/);
  });
});

describe('pin → province', () => {
  // Phrae's district offices (bundled, src/geo/offices.ts): Den Chai, Wang Chin, Long and Song lie
  // within 10-20 km of the borders with Uttaradit, Lampang, Sukhothai, Nan and Phayao.
  it.each(Object.keys(PROVINCES['แพร่'].districts).map((i) => PROVINCES['แพร่'].districts[Number(i)]))(
    'when the pin is the district office of $nameEn, then the province is Phrae',
    (d) => {
      expect(geo.provinceAt(d)).toEqual({ province: province('54'), method: 'polygon' });
    },
  );

  it.each([
    { place: 'Chiang Mai old city', lat: 18.7883, lng: 98.9853, code: '50' },
    { place: 'Bangkok, Sanam Luang', lat: 13.7563, lng: 100.4918, code: '10' },
    { place: 'Nonthaburi pier', lat: 13.8446, lng: 100.4952, code: '12' },
    { place: 'Hat Yai', lat: 7.0086, lng: 100.4747, code: '90' },
    { place: 'Ko Samui', lat: 9.512, lng: 100.0136, code: '84' },
    { place: 'Mae Sai, at the Myanmar border', lat: 20.4275, lng: 99.8837, code: '57' },
  ])('when the pin is in $place, then the province is $code', ({ lat, lng, code }) => {
    expect(geo.provinceAt({ lat, lng })?.province.code).toBe(code);
  });

  it('when the pin is at sea or far in a neighbouring country, then no province is found', () => {
    expect(geo.provinceAt({ lat: 10, lng: 101 })).toBeUndefined();
    expect(geo.provinceAt({ lat: 21.0285, lng: 105.8542 })).toBeUndefined(); // Hanoi
    expect(geo.provinceAt({ lat: Number.NaN, lng: 100 })).toBeUndefined();
  });

  it('when the pin is just off the simplified coastline, then the nearest province is taken, marked coast', () => {
    // Pattaya beach: under a kilometre into the Gulf from Natural Earth's outline.
    expect(geo.provinceAt({ lat: 12.93, lng: 100.86 })).toMatchObject({ province: { code: '20' }, method: 'coast', km: 0.9 });
  });

  it('when the geography is built from its file, then it is the same as the bundled one', () => {
    expect(buildGeography(readGeoFile()).provinces).toEqual(geo.provinces);
  });
});

describe('place → province and district', () => {
  it('when LINE’s Thai address names the district, then it is proposed from the address', () => {
    const r = locate(geo, { lat: 18.79, lng: 98.98, address: '123 ถนนห้วยแก้ว ตำบลสุเทพ อำเภอเมืองเชียงใหม่ เชียงใหม่ 50200 ประเทศไทย' });
    expect(r).toMatchObject({ province: { code: '50' }, provinceFrom: 'address', district: { code: '5001' }, districtFrom: 'address' });
  });

  it('when the English address names a Bangkok khet, then that khet is found', () => {
    const r = locate(geo, { address: 'Khlong Toei, Bangkok 10110, Thailand' });
    expect(r).toMatchObject({ province: { code: '10' }, district: { code: '1033' }, districtFrom: 'address' });
  });

  it.each([
    ['Chiang Mai-Lampang Road, Phichai, Mueang Lampang District, Lampang 52000, Thailand', '52', '5201'],
    ['ถนนซุปเปอร์ไฮเวย์ เชียงใหม่ - ลำปาง ตำบลพิชัย อำเภอเมืองลำปาง ลำปาง 52000', '52', '5201'],
  ])('when a road named after another province is in the address "%s", then the province written last is taken', (address, province, district) => {
    expect(locate(geo, { address })).toMatchObject({ province: { code: province }, district: { code: district } });
  });

  it('when only a postcode of one district is given, then province and district come from it', () => {
    const r = locate(geo, { address: 'บ้านเลขที่ 9 หมู่ 3 54140' });
    expect(r).toMatchObject({ province: { code: '54' }, provinceFrom: 'postcode', district: { code: '5402' }, districtFrom: 'postcode' });
  });

  it('when a pin in Phrae comes without an address, then the nearest district office is proposed', () => {
    expect(locate(geo, { lat: 18.3, lng: 100.2 })).toMatchObject({ province: { code: '54' }, provinceFrom: 'polygon', district: { code: '5408' }, districtFrom: 'nearest' });
  });

  it('when a pin in Bangkok comes without an address, then no district is guessed and all 50 khet are the choices', () => {
    const r = locate(geo, { lat: 13.7563, lng: 100.4918 });
    expect(r.district).toBeUndefined();
    expect(r.candidates).toHaveLength(50);
  });

  it('when the address names a neighbouring province and the pin is just across the simplified border, then the address wins', () => {
    // South of Den Chai, about 1 km into Uttaradit by our polygons; the map that wrote the address draws finer.
    const pin = { lat: 17.8276, lng: 100.0561 };
    expect(geo.provinceAt(pin)?.province.code).toBe('53');
    expect(locate(geo, { ...pin, address: 'ตำบลปงป่าหวาย อำเภอเด่นชัย จังหวัดแพร่' })).toMatchObject({
      province: { code: '54' },
      provinceFrom: 'address',
      district: { code: '5405' },
    });
  });

  it('when a typed address names a province far from the pin, then the pin decides', () => {
    const r = locate(geo, { lat: 18.7883, lng: 98.9853, address: 'จังหวัดสงขลา' });
    expect(r).toMatchObject({ province: { code: '50' }, provinceFrom: 'polygon' });
  });

  it('when nothing places it, then there is no province', () => {
    expect(locate(geo, { address: 'ใกล้ตลาด' })).toEqual({ candidates: [] });
  });
});
