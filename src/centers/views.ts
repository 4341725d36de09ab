import type { Geography } from '../geo';
import type { Center } from './types';

/** A center as the admin API and the export show it: provinces with their names, defaults marked. */
export interface CenterView {
  code: string;
  name: string;
  home: boolean;
  provinces: Array<{ code: string; name: string; nameEn: string }>;
  dutyGroupId?: string;
  nightGroupId?: string;
  escalationGroupId?: string;
  dayShift: string;
  ackSlaUrgentMinutes: number;
  ackSlaNormalMinutes: number;
  /** Settings that follow the environment's defaults. */
  defaults: string[];
  updatedAt?: string;
}

export function centerView(c: Center, geo: Geography): CenterView {
  return {
    code: c.code,
    name: c.name,
    home: c.home,
    provinces: c.provinces.map((p) => {
      const province = geo.province(p);
      return { code: p, name: province?.name ?? p, nameEn: province?.nameEn ?? p };
    }),
    ...(c.dutyGroupId ? { dutyGroupId: c.dutyGroupId } : {}),
    ...(c.nightGroupId ? { nightGroupId: c.nightGroupId } : {}),
    ...(c.escalationGroupId ? { escalationGroupId: c.escalationGroupId } : {}),
    dayShift: c.dayShift,
    ackSlaUrgentMinutes: c.ackSlaUrgentMinutes,
    ackSlaNormalMinutes: c.ackSlaNormalMinutes,
    defaults: [...c.defaults],
    ...(c.updatedAt ? { updatedAt: c.updatedAt.toISOString() } : {}),
  };
}

/**
 * A stored center as an import file element (what `npm run centers -- export` writes and `import`
 * reads back): only what was set, provinces as codes, defaults left out so they keep following the
 * environment.
 */
export function centerExport(c: Center): Record<string, unknown> {
  const set = (k: 'dayShift' | 'ackSlaUrgentMinutes' | 'ackSlaNormalMinutes') => (c.defaults.includes(k) ? {} : { [k]: c[k] });
  return {
    code: c.code,
    name: c.name,
    provinces: [...c.provinces],
    ...(c.dutyGroupId ? { dutyGroupId: c.dutyGroupId } : {}),
    ...(c.nightGroupId ? { nightGroupId: c.nightGroupId } : {}),
    ...(c.escalationGroupId ? { escalationGroupId: c.escalationGroupId } : {}),
    ...set('dayShift'),
    ...set('ackSlaUrgentMinutes'),
    ...set('ackSlaNormalMinutes'),
  };
}
