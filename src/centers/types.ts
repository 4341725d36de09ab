import { z } from 'zod';

/**
 * A center (ศรส.) as data: which provinces it serves, where its cases go (LINE groups), when its
 * day shift works and how long a case may wait for acknowledgement. The home center comes from the
 * environment (CENTER_*, DUTY_*, …); the others are stored and managed through the admin API.
 */

export const CENTER_CODE_RE = /^[A-Z]{2,6}$/;
/** LINE group ids: "C" and 32 lowercase hex digits. */
export const LINE_GROUP_ID_RE = /^C[0-9a-f]{32}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const centerCodeSchema = z.string().regex(CENTER_CODE_RE, 'must be 2 to 6 capital letters');
const groupId = z.string().regex(LINE_GROUP_ID_RE, 'must be a LINE group id (C followed by 32 hex digits)');
const minutes = z.number().positive('must be a positive number of minutes').max(7 * 24 * 60, 'must be at most a week');
export const dayShiftSchema = z.string().refine((s) => {
  const [a, b, extra] = s.split('-');
  return !!a && !!b && extra === undefined && HHMM.test(a) && HHMM.test(b) && a !== b;
}, 'must look like 08:30-16:30');

/**
 * What an administrator sends for one center (PUT body; one element of an import file with `code`).
 * Provinces may be written as DOPA codes ("50", "TH-50") or names ("เชียงใหม่", "Chiang Mai"); they
 * are stored as codes. Settings left out follow the environment's defaults.
 */
export const centerInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  provinces: z.array(z.string().trim().min(1)).min(1, 'must name at least one province').max(77),
  dutyGroupId: groupId,
  nightGroupId: groupId.optional(),
  escalationGroupId: groupId.optional(),
  dayShift: dayShiftSchema.optional(),
  ackSlaUrgentMinutes: minutes.optional(),
  ackSlaNormalMinutes: minutes.optional(),
});
export type CenterInput = z.infer<typeof centerInputSchema>;

/** A stored center: the input with provinces as sorted DOPA codes. */
export interface CenterRecord extends Omit<CenterInput, 'provinces'> {
  code: string;
  provinces: string[];
  updatedAt: Date;
}

/** A center with every setting resolved (defaults applied), as routing and views use it. */
export interface Center {
  code: string;
  name: string;
  /** DOPA province codes, sorted. */
  provinces: readonly string[];
  dutyGroupId?: string;
  nightGroupId?: string;
  escalationGroupId?: string;
  dayShift: string;
  ackSlaUrgentMinutes: number;
  ackSlaNormalMinutes: number;
  /** The environment's center: serves its province and every province no other center serves. */
  home: boolean;
  /** Which settings follow the environment's defaults (not set on the center). */
  defaults: ReadonlyArray<'dayShift' | 'ackSlaUrgentMinutes' | 'ackSlaNormalMinutes'>;
  updatedAt?: Date;
}

/** The environment's keys a center takes its defaults (and, for the home center, everything) from. */
export interface CenterEnv {
  CENTER_CODE: string;
  CENTER_NAME: string;
  CENTER_PROVINCE: string;
  DUTY_GROUP_ID?: string;
  DUTY_NIGHT_GROUP_ID?: string;
  ESCALATION_GROUP_ID?: string;
  DAY_SHIFT: string;
  ACK_SLA_URGENT_MINUTES: number;
  ACK_SLA_NORMAL_MINUTES: number;
}

/** Where a case of a province goes: its serving center, or the home center marked out of area. */
export interface Routing {
  center: Center;
  /** No center serves the province (or it is unknown): the home center takes it, marked นอกพื้นที่. */
  outOfArea: boolean;
}
