import { provinceData } from '../../src/cases/geo';
import { distanceKm, nearestDistrict, parseAddress, resolveLocation } from '../../src/intake/location';
import { parseThaiPhone } from '../../src/intake/phone';

const phrae = provinceData('แพร่');

describe('address parsing', () => {
  test.each<[string, { district?: string; province?: string }]>([
    ['123 ต.ในเวียง อ.เมืองแพร่ จ.แพร่ 54000 ประเทศไทย', { district: 'เมืองแพร่', province: 'แพร่' }],
    ['ตำบลบ้านปิน อำเภอลอง จังหวัดแพร่', { district: 'ลอง', province: 'แพร่' }],
    ['ตำบล ห้วยอ้อ อำเภอ ลอง แพร่ 54150 ประเทศไทย', { district: 'ลอง', province: 'แพร่' }],
    ['1 ต.ศรีภูมิ อ.เมืองเชียงใหม่ จ.เชียงใหม่ 50200', { district: 'เมืองเชียงใหม่', province: 'เชียงใหม่' }],
    ['99 แขวงลุมพินี เขตปทุมวัน กรุงเทพมหานคร 10330', { district: 'ปทุมวัน', province: 'กรุงเทพมหานคร' }],
    ['Nai Wiang, Mueang Phrae District, Phrae 54000, Thailand', { province: 'แพร่' }],
    ['หมู่ 3 บ้านนาตอง', {}],
  ])('when the address is "%s", then district and province are read', (text, expected) => {
    expect(parseAddress(text)).toEqual(expected);
  });
});

describe('district resolution', () => {
  test('when LINE names the district, then it is proposed from the address', () => {
    const r = resolveLocation({ lat: 18.14, lng: 100.14, address: '123 ต.ในเวียง อ.เมืองแพร่ จ.แพร่ 54000 ประเทศไทย' }, phrae);
    expect([r.kind, r.kind === 'propose' && r.from, r.location.districtCode]).toEqual(['propose', 'address', '5401']);
  });

  test('when the address says "อ.เมือง จ.แพร่", then the capital district is meant', () => {
    const r = resolveLocation({ address: 'ถ.ยันตรกิจโกศล อ.เมือง จ.แพร่' }, phrae);
    expect(r.location.district).toBe('เมืองแพร่');
  });

  test('when the address is in English, then the bundled English name finds the district', () => {
    const r = resolveLocation({ lat: 18.1, lng: 100.1, address: 'Nai Wiang, Mueang Phrae District, Phrae 54000, Thailand' }, phrae);
    expect(r.location.district).toBe('เมืองแพร่');
  });

  test('when only coordinates are known, then the nearest district office is proposed', () => {
    const r = resolveLocation({ lat: 17.9, lng: 99.63 }, phrae);
    expect([r.kind, r.kind === 'propose' && r.from, r.location.district]).toEqual(['propose', 'nearest', 'วังชิ้น']);
  });

  test('when the pin is more than 60 km from every office, then it is outside with no province', () => {
    const r = resolveLocation({ lat: 16.82, lng: 100.26 }, phrae);
    expect([r.kind, r.location.outOfProvince, r.location.province]).toEqual(['outside', true, undefined]);
  });

  test('when the address names another province, then it is outside and keeps that province', () => {
    const r = resolveLocation({ lat: 18.2, lng: 100.3, address: 'อ.เมืองน่าน จ.น่าน' }, phrae);
    expect(r.location).toMatchObject({ province: 'น่าน', district: 'เมืองน่าน', outOfProvince: true });
  });

  test('when a typed address names no district, then the person picks one', () => {
    expect(resolveLocation({ address: 'หน้าวัดพระนอน' }, phrae).kind).toBe('pick');
  });

  test('when the distance from Phrae to Long is measured, then it is about 34 km', () => {
    expect(Math.round(distanceKm({ lat: 18.1446, lng: 100.1403 }, { lat: 18.0783, lng: 99.8297 }))).toBe(34);
  });

  test('when a point sits on a district office, then that district is nearest', () => {
    expect(nearestDistrict(phrae, { lat: 18.2847, lng: 100.1722 })?.name).toBe('หนองม่วงไข่');
  });
});

describe('Thai phone numbers', () => {
  test.each<[string, string | undefined]>([
    ['0812345678', '0812345678'],
    ['081-234-5678', '0812345678'],
    ['+66 81 234 5678', '0812345678'],
    ['66812345678', '0812345678'],
    ['๐๘๑๒๓๔๕๖๗๘', '0812345678'],
    ['054 511 111', '054511111'],
    ['(02) 123-4567', '021234567'],
    ['1300', undefined],
    ['081234567', undefined],
    ['0112345678', undefined],
    ['โทร 0812345678', undefined],
  ])('when "%s" is typed, then it reads as %s', (typed, expected) => {
    expect(parseThaiPhone(typed)).toBe(expected);
  });
});
