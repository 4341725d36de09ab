import type { z } from 'zod';
import type { Geography } from '../geo';
import {
  centerCodeSchema,
  centerInputSchema,
  type Center,
  type CenterEnv,
  type CenterRecord,
  type Routing,
} from './types';

/**
 * The centers' rules, pure: the home center from the environment, a stored center with defaults
 * applied, whether a new or replaced center may be written (and what exactly), and which center a
 * province's case goes to.
 */

export interface FieldIssue {
  field: string;
  reason: string;
}

export interface Conflict {
  /** What is claimed twice: a province (DOPA code) or a LINE group id. */
  kind: 'province' | 'group';
  value: string;
  /** The province's Thai name, for a province. */
  name?: string;
  /** The center that already has it. */
  center: string;
}

export type CenterCheck =
  | { ok: true; record: Omit<CenterRecord, 'updatedAt'> }
  | { ok: false; status: 400; issues: FieldIssue[] }
  | { ok: false; status: 409; error: 'home_center' | 'conflict'; conflicts: Conflict[] };

export function homeCenter(env: CenterEnv, geo: Geography): Center {
  const province = geo.findProvince(env.CENTER_PROVINCE);
  return {
    code: env.CENTER_CODE,
    name: env.CENTER_NAME,
    provinces: province ? [province.code] : [],
    ...(env.DUTY_GROUP_ID ? { dutyGroupId: env.DUTY_GROUP_ID } : {}),
    ...(env.DUTY_NIGHT_GROUP_ID ? { nightGroupId: env.DUTY_NIGHT_GROUP_ID } : {}),
    ...(env.ESCALATION_GROUP_ID ? { escalationGroupId: env.ESCALATION_GROUP_ID } : {}),
    dayShift: env.DAY_SHIFT,
    ackSlaUrgentMinutes: env.ACK_SLA_URGENT_MINUTES,
    ackSlaNormalMinutes: env.ACK_SLA_NORMAL_MINUTES,
    home: true,
    defaults: ['dayShift', 'ackSlaUrgentMinutes', 'ackSlaNormalMinutes'],
  };
}

export function resolveCenter(r: CenterRecord, env: CenterEnv): Center {
  const defaults: Center['defaults'][number][] = [];
  const pick = <K extends 'dayShift' | 'ackSlaUrgentMinutes' | 'ackSlaNormalMinutes'>(k: K, fallback: NonNullable<CenterRecord[K]>) => {
    const v = r[k];
    if (v === undefined || v === null) {
      defaults.push(k);
      return fallback;
    }
    return v as NonNullable<CenterRecord[K]>;
  };
  return {
    code: r.code,
    name: r.name,
    provinces: [...r.provinces].sort(),
    ...(r.dutyGroupId ? { dutyGroupId: r.dutyGroupId } : {}),
    ...(r.nightGroupId ? { nightGroupId: r.nightGroupId } : {}),
    ...(r.escalationGroupId ? { escalationGroupId: r.escalationGroupId } : {}),
    dayShift: pick('dayShift', env.DAY_SHIFT),
    ackSlaUrgentMinutes: pick('ackSlaUrgentMinutes', env.ACK_SLA_URGENT_MINUTES),
    ackSlaNormalMinutes: pick('ackSlaNormalMinutes', env.ACK_SLA_NORMAL_MINUTES),
    home: false,
    defaults,
    updatedAt: r.updatedAt,
  };
}

const issuesOf = (error: z.ZodError, root: string): FieldIssue[] =>
  error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: [...i.path, k].map(String).join('.'), reason: 'unknown field' }))
      : [{ field: i.path.length ? i.path.map(String).join('.') : root, reason: i.message }],
  );

const groupsOf = (c: Pick<Center, 'dutyGroupId' | 'nightGroupId' | 'escalationGroupId'>) =>
  [c.dutyGroupId, c.nightGroupId, c.escalationGroupId].filter((g): g is string => !!g);

/**
 * Whether `body` may be written as center `code`, given every other center (the home center
 * included). 400: the input itself is wrong (each field named, values never echoed). 409: the code
 * is the home center's, or a province or group already belongs to another center (each named).
 */
export function checkCenter(code: string, body: unknown, ctx: { geo: Geography; home: Center; others: readonly Center[] }): CenterCheck {
  const issues: FieldIssue[] = [];
  const codeOk = centerCodeSchema.safeParse(code);
  if (!codeOk.success) issues.push({ field: 'code', reason: codeOk.error.issues[0]?.message ?? 'invalid' });
  const parsed = centerInputSchema.safeParse(body);
  if (!parsed.success) issues.push(...issuesOf(parsed.error, 'body'));
  if (!parsed.success || issues.length) return { ok: false, status: 400, issues };
  const input = parsed.data;

  const provinces: string[] = [];
  input.provinces.forEach((p, i) => {
    const found = ctx.geo.findProvince(p);
    if (!found) issues.push({ field: `provinces.${i}`, reason: 'must be a Thai province (DOPA code or name)' });
    else if (!provinces.includes(found.code)) provinces.push(found.code);
  });
  const groups = groupsOf(input);
  if (issues.length) return { ok: false, status: 400, issues };

  if (code === ctx.home.code) return { ok: false, status: 409, error: 'home_center', conflicts: [] };
  const conflicts: Conflict[] = [];
  for (const other of [ctx.home, ...ctx.others]) {
    if (other.code === code) continue;
    for (const p of provinces)
      if (other.provinces.includes(p)) conflicts.push({ kind: 'province', value: p, name: ctx.geo.province(p)?.name, center: other.code });
    for (const g of groups) if (groupsOf(other).includes(g)) conflicts.push({ kind: 'group', value: g, center: other.code });
  }
  if (conflicts.length) return { ok: false, status: 409, error: 'conflict', conflicts };

  const { provinces: _written, ...rest } = input;
  return { ok: true, record: { ...rest, code, provinces: provinces.sort() } };
}

/** The center serving a province; the home center, marked out of area, when none does. */
export function routeProvince(provinceCode: string | undefined, home: Center, others: readonly Center[]): Routing {
  if (provinceCode) {
    if (home.provinces.includes(provinceCode)) return { center: home, outOfArea: false };
    const serving = others.find((c) => c.provinces.includes(provinceCode));
    if (serving) return { center: serving, outOfArea: false };
  }
  return { center: home, outOfArea: true };
}

/** The group settings of a center in the shape the duty feature's groupForShift takes. */
export const configuredGroupsOf = (c: Center) => ({
  DUTY_GROUP_ID: c.dutyGroupId,
  DUTY_NIGHT_GROUP_ID: c.nightGroupId,
  ESCALATION_GROUP_ID: c.escalationGroupId,
});
