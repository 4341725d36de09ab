import type { CaseFigures } from '../../src/cases/store';
import { scopeFor, type InsightCenter } from '../../src/console/insights';
import { areaCounts } from '../../src/console/insights-views';
import { areaOutline } from '../../src/console/map';
import type { ConsoleSession } from '../../src/console/sessions';
import { imageTypeOf } from '../../src/evidence/decide';
import { thailand } from '../../src/geo';

/** Whose cases a console page shows, the counts beside the map, the country outline, and what an uploaded photo is. */

const PHR: InsightCenter = { code: 'PHR', name: 'ศรส.จ.แพร่', provinces: ['54'], dayShift: '08:30-16:30', sla: { urgent: 10, normal: 60 } };
const NAN: InsightCenter = { code: 'NAN', name: 'ศรส.จ.น่าน', provinces: ['55'], dayShift: '08:30-16:30', sla: { urgent: 10, normal: 60 } };
const session = (o: Partial<ConsoleSession>): ConsoleSession => ({ _id: 's', kind: 'session', csrf: 'c', createdAt: new Date(), lastSeenAt: new Date(), expiresAt: new Date(), centerCode: 'PHR', role: 'officer', ...o });

describe('scopeFor', () => {
  test.each([
    ['an officer asks for nothing, then their center', {}, undefined, 'PHR'],
    ['an officer asks for another center, then still their own', {}, 'NAN', 'PHR'],
    ['an officer asks for every center, then still their own', {}, 'all', 'PHR'],
    ['the national desk asks for nothing, then every center', { national: true }, undefined, 'all'],
    ['the national desk asks for all, then every center', { national: true }, 'all', 'all'],
    ['the national desk picks a center, then that center', { national: true }, 'NAN', 'NAN'],
    ['the national desk asks for an unknown center, then every center', { national: true }, 'XYZ', 'all'],
    ['the national desk sends a malformed choice, then every center', { national: true }, ['NAN'], 'all'],
  ])('when %s', (_what, s, asked, expected) => {
    const sc = scopeFor(session(s), asked, [PHR, NAN]);
    expect(sc?.kind === 'center' ? sc.center.code : sc?.kind).toBe(expected);
  });

  test('when an officer\'s center is no longer listed, then there is no scope (the page answers 404)', () => {
    expect(scopeFor(session({ centerCode: 'OLD' }), undefined, [PHR, NAN])).toBeUndefined();
  });
});

const fig = (o: Partial<CaseFigures>): CaseFigures => ({ caseNumber: 'X', centerCode: 'PHR', status: 'new', urgent: false, problemTypes: ['income'], createdAt: new Date(), timeline: [], ...o }) as CaseFigures;

describe('areaCounts', () => {
  const geo = thailand();
  test('when a center has cases in some districts, then every district is a row in official order, a district named without its code still counts, and the rest are counted last', () => {
    const cases = [
      fig({ location: { districtCode: '5403', district: 'ลอง', province: 'แพร่' }, urgent: true }),
      fig({ location: { district: 'ลอง', province: 'แพร่' }, status: 'closed' }),
      fig({ location: { districtCode: '5501', district: 'เมืองน่าน', province: 'น่าน' } }),
      fig({}),
    ];
    const c = areaCounts({ kind: 'center', center: PHR, national: false }, cases, geo);
    expect(c.by).toBe('district');
    expect(c.rows.map((r) => r.key)).toEqual([...geo.province('54')!.districts.map((d) => d.code), 'other']);
    expect(c.rows.find((r) => r.key === '5403')).toMatchObject({ label: 'ลอง', total: 2, open: 1, urgent: 1, href: '/console?district=5403' });
    expect(c.rows.at(-1)).toMatchObject({ total: 2, open: 2, urgent: 0 });
    expect(c.rows.at(-1)?.href).toBeUndefined();
  });

  test('when the national desk looks at one center, then the links keep the center; at every center, the rows are the centers', () => {
    expect(areaCounts({ kind: 'center', center: NAN, national: true }, [], geo).rows[0].href).toBe('/console?district=5501&center=NAN');
    const all = areaCounts({ kind: 'all', centers: [PHR, NAN] }, [fig({ centerCode: 'NAN' }), fig({ centerCode: 'GONE' })], geo);
    expect(all.rows.map((r) => [r.key, r.total])).toEqual([['PHR', 0], ['NAN', 1], ['other', 1]]);
  });

  test('when the center is Bangkok\'s, then its districts are เขต, and a center serving Bangkok and another province says both', () => {
    const bkk = areaCounts({ kind: 'center', center: { ...PHR, provinces: ['10'] }, national: false }, [], geo);
    expect(bkk.unit).toBe('เขต');
    expect(bkk.rows).toHaveLength(50);
    expect(areaCounts({ kind: 'center', center: { ...PHR, provinces: ['10', '54'] }, national: false }, [], geo).unit).toBe('อำเภอ/เขต');
    expect(areaCounts({ kind: 'center', center: PHR, national: false }, [], geo).unit).toBe('อำเภอ');
  });

  test('when a center serves two provinces, then each district says its province', () => {
    const two = areaCounts({ kind: 'center', center: { ...PHR, provinces: ['54', '55'] }, national: false }, [], geo);
    expect(two.rows.find((r) => r.key === '5501')?.label).toBe('เมืองน่าน (จ.น่าน)');
  });
});

describe('areaOutline', () => {
  test('when the country is drawn, then all 77 provinces are paths in whole pixels and no district is labelled', () => {
    const o = areaOutline('country');
    expect(o?.provinces).toHaveLength(77);
    expect(o?.labelled).toBe(false);
    expect(o?.provinces[0].path).not.toMatch(/\d\.\d/);
    const bangkok = o!.project(13.75, 100.5);
    expect(bangkok.x).toBeGreaterThan(0);
    expect(bangkok.y).toBeLessThan(o!.height);
  });

  test('when no code is a province, then there is no outline', () => {
    expect(areaOutline(['99'])).toBeUndefined();
  });
});

describe('imageTypeOf', () => {
  test.each([
    ['a JPEG, then image/jpeg', [0xff, 0xd8, 0xff, 0xe0, 0, 0], 'image/jpeg'],
    ['a PNG, then image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0], 'image/png'],
    ['a GIF, then none (LINE takes JPEG and PNG only)', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], undefined],
    ['an SVG, then none', [...Buffer.from('<svg xmlns=')], undefined],
    ['a PNG signature cut short, then none', [0x89, 0x50, 0x4e, 0x47], undefined],
    ['empty, then none', [], undefined],
  ])('when the bytes are %s', (_what, bytes, type) => {
    expect(imageTypeOf(Buffer.from(bytes))).toBe(type);
  });
});
