import { checkCenter, configuredGroupsOf, homeCenter, resolveCenter, routeProvince } from '../../src/centers';
import { loadConfig } from '../../src/config/env';
import { thailand } from '../../src/geo';

const geo = thailand();
const group = (n: number) => `C${n.toString(16).padStart(32, '0')}`;
const env = loadConfig({ NODE_ENV: 'test', DUTY_GROUP_ID: group(1), DAY_SHIFT: '08:00-16:00', ACK_SLA_URGENT_MINUTES: '7' });
const home = homeCenter(env, geo);

describe('the home center', () => {
  it('is the environment’s center: its code, name, province, groups, shift and SLAs', () => {
    expect(home).toMatchObject({ code: 'PHR', provinces: ['54'], dutyGroupId: group(1), dayShift: '08:00-16:00', ackSlaUrgentMinutes: 7, home: true });
    expect(home.nightGroupId).toBeUndefined();
  });

  it('when CENTER_PROVINCE is written with "จังหวัด" or in English, then the province is still found', () => {
    expect(homeCenter({ ...env, CENTER_PROVINCE: 'จังหวัดเชียงใหม่' }, geo).provinces).toEqual(['50']);
    expect(homeCenter({ ...env, CENTER_PROVINCE: 'Chiang Mai' }, geo).provinces).toEqual(['50']);
  });

  it('when CENTER_PROVINCE names no province, then the home center serves none by name and still takes every unserved case', () => {
    const h = homeCenter({ ...env, CENTER_PROVINCE: 'ไม่มีจังหวัดนี้' }, geo);
    expect(h.provinces).toEqual([]);
    expect(routeProvince('54', h, [])).toEqual({ center: h, outOfArea: true });
  });
});

describe('a stored center', () => {
  it('takes the settings it leaves out from the environment, and says which', () => {
    const c = resolveCenter({ code: 'CMI', name: 'x', provinces: ['51', '50'], dutyGroupId: group(2), ackSlaNormalMinutes: 30, updatedAt: new Date(0) }, env);
    expect(c).toMatchObject({ provinces: ['50', '51'], dayShift: '08:00-16:00', ackSlaUrgentMinutes: 7, ackSlaNormalMinutes: 30, home: false });
    expect(c.defaults).toEqual(['dayShift', 'ackSlaUrgentMinutes']);
    expect(configuredGroupsOf(c)).toEqual({ DUTY_GROUP_ID: group(2), DUTY_NIGHT_GROUP_ID: undefined, ESCALATION_GROUP_ID: undefined });
  });

  it('when one province is named twice in different ways, then it is stored once, as its code', () => {
    const r = checkCenter('CMI', { name: 'x', provinces: ['เชียงใหม่', '50', 'TH-50', 'Lamphun'], dutyGroupId: group(2) }, { geo, home, others: [] });
    expect(r).toEqual({ ok: true, record: { code: 'CMI', name: 'x', provinces: ['50', '51'], dutyGroupId: group(2) } });
  });

  it('when a body is not an object, then 400 names the body', () => {
    expect(checkCenter('CMI', 'nonsense', { geo, home, others: [] })).toMatchObject({ ok: false, status: 400, issues: [{ field: 'body' }] });
  });
});

describe('routing a province', () => {
  const cmi = resolveCenter({ code: 'CMI', name: 'x', provinces: ['50'], dutyGroupId: group(2), updatedAt: new Date(0) }, env);
  it.each([
    ['50', 'CMI', false],
    ['54', 'PHR', false],
    ['10', 'PHR', true],
    [undefined, 'PHR', true],
  ])('province %s goes to %s (out of area: %s)', (province, code, outOfArea) => {
    const r = routeProvince(province, home, [cmi]);
    expect([r.center.code, r.outOfArea]).toEqual([code, outOfArea]);
  });
});
