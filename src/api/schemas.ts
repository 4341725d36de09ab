import { z } from 'zod';
import type { CaseDraft, CaseLocation } from '../cases/types';
import type { Province } from '../cases/geo';
import type { CaseAction } from '../cases/decide';
import { CASE_STATUSES, CHANNELS, OUTCOMES, PROBLEM_TYPES, SEXES, TARGET_GROUPS, type Outcome } from '../cases/vocab';
import { calendarDay, isCalendarDay } from '../reports/date-range';

/**
 * Every input of the admin API, validated at the boundary. Objects are strict: an unknown field is
 * an error rather than silently ignored (a misspelt filter would otherwise list every case).
 */

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const uniqueProblemTypes = z
  .array(z.enum(PROBLEM_TYPES))
  .min(1, 'must name at least one problem type')
  .refine((xs) => new Set(xs).size === xs.length, 'must not repeat a problem type');

const rangeOrdered = <T extends { from?: string; to?: string }>(r: T) =>
  !r.from || !r.to || !isCalendarDay(r.from) || !isCalendarDay(r.to) || r.from <= r.to;
const rangeIssue = { message: 'must not be before from', path: ['to'] };

export const caseNumberSchema = z.string().regex(/^[A-Z0-9]{2,8}(-[A-Z0-9]{2,8}){1,2}$/, 'must be a case number like PHR-2567-0001');
export const messageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a LINE message id');
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(200, 'must be at most 200 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII characters');

export const listQuerySchema = z
  .strictObject({
    status: z.enum(CASE_STATUSES).optional(),
    from: calendarDay.optional(),
    to: calendarDay.optional(),
    district: text(100).optional(),
    problemType: z.enum(PROBLEM_TYPES).optional(),
    targetGroup: z.enum(TARGET_GROUPS).optional(),
    channel: z.enum(CHANNELS).optional(),
    urgent: z
      .enum(['true', 'false'], 'must be true or false')
      .transform((v) => v === 'true')
      .optional(),
    limit: z.coerce.number('must be a number').int('must be a whole number').min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .refine(rangeOrdered, rangeIssue);
export type ListQuery = z.output<typeof listQuerySchema>;

/** `center`: a center code or `all` (national); absent: the caller's own center (the home center for the national key). */
export const summaryQuerySchema = z
  .strictObject({
    from: calendarDay,
    to: calendarDay,
    center: z.string().regex(/^([A-Z]{2,6}|all)$/, 'must be a center code or all').optional(),
  })
  .refine(rangeOrdered, rangeIssue);

/** Resolves a district given by Thai name (with or without "อำเภอ") or by code. */
export function findDistrict(province: Province, nameOrCode: string) {
  const name = nameOrCode.replace(/^อำเภอ\s*/, '').trim();
  return province.districts.find((d) => d.code === nameOrCode || d.name === name);
}

/** POST /api/cases: the same fields as a case opened in LINE, plus the channel it came through. */
export function createCaseSchema(province: Province) {
  const location = z.strictObject({
    district: text(100).optional(),
    province: text(100).optional(),
    address: text(500).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  });
  return z
    .strictObject({
      channel: z.enum(CHANNELS),
      problemTypes: uniqueProblemTypes,
      urgent: z.boolean().optional(),
      targetGroup: z.enum(TARGET_GROUPS).optional(),
      sex: z.enum(SEXES).optional(),
      location: location.optional(),
      details: text(2000).optional(),
      phone: z
        .string()
        .regex(/^\+?[0-9][0-9 -]{2,19}$/, 'must be a phone number')
        .optional(),
    })
    .superRefine((b, ctx) => {
      const loc = b.location;
      const inProvince = !loc?.province || loc.province === province.name;
      if (loc?.district && inProvince && !findDistrict(province, loc.district)) {
        ctx.addIssue({ code: 'custom', path: ['location', 'district'], message: `must be a district of ${province.name}` });
      }
    })
    .transform((b): CaseDraft => {
      const { location: loc, ...rest } = b;
      let location: CaseLocation | undefined;
      if (loc) {
        const inProvince = !loc.province || loc.province === province.name;
        const d = inProvince && loc.district ? findDistrict(province, loc.district) : undefined;
        location = {
          ...(loc.address ? { address: loc.address } : {}),
          ...(loc.lat !== undefined ? { lat: loc.lat } : {}),
          ...(loc.lng !== undefined ? { lng: loc.lng } : {}),
          province: inProvince ? province.name : loc.province,
          ...(d ? { district: d.name, districtCode: d.code } : loc.district ? { district: loc.district } : {}),
          ...(inProvince ? {} : { outOfProvince: true }),
        };
      }
      return { ...rest, ...(location ? { location } : {}) };
    });
}

const withActor = { actorName: text(100).optional() };
/** A duplicate is closed by a merge, which names the case that carries on; the API offers no merge. */
const CLOSE_OUTCOMES = OUTCOMES.filter((o): o is Exclude<Outcome, 'duplicate'> => o !== 'duplicate');

/** PATCH /api/cases/:caseNumber: the officer actions of the lifecycle. */
export const patchCaseSchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('acknowledge'), ...withActor }),
    z.strictObject({ action: z.literal('start'), ...withActor }),
    z.strictObject({ action: z.literal('refer'), agency: text(200), ...withActor }),
    z.strictObject({ action: z.literal('close'), outcome: z.enum(CLOSE_OUTCOMES), note: z.string().trim().max(2000).default(''), ...withActor }),
    z.strictObject({ action: z.literal('note'), text: text(2000), ...withActor }),
    z.strictObject({ action: z.literal('relay'), text: text(2000), ...withActor }),
    z.strictObject({ action: z.literal('add_problem_types'), problemTypes: uniqueProblemTypes, ...withActor }),
    z.strictObject({ action: z.literal('transfer'), center: z.string().regex(/^[A-Z]{2,6}$/, 'must be a center code'), ...withActor }),
  ],
  'must be one of acknowledge, start, refer, close, note, relay, add_problem_types, transfer',
);
export type PatchCaseBody = z.output<typeof patchCaseSchema>;

/** `transfer` needs the case's center now and the new center's name: `ctx` (the API looks them up). */
export function toCaseAction(b: PatchCaseBody, ctx?: { from: string; toName: string }): CaseAction {
  switch (b.action) {
    case 'transfer':
      return { type: 'transfer', to: b.center, from: ctx?.from ?? '', toName: ctx?.toName ?? b.center };
    case 'acknowledge':
      return { type: 'acknowledge' };
    case 'start':
      return { type: 'start' };
    case 'refer':
      return { type: 'refer', agency: b.agency };
    case 'close':
      return { type: 'close', outcome: b.outcome, note: b.note };
    case 'note':
      return { type: 'note', text: b.text };
    case 'relay':
      return { type: 'relay', text: b.text };
    case 'add_problem_types':
      return { type: 'add_problem_types', problemTypes: b.problemTypes };
  }
}
