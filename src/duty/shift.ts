import { bangkokMinuteOfDay } from '../time/thai-time';

/**
 * Shifts and which group is on duty. The day shift is `DAY_SHIFT` ("08:30-16:30", Bangkok time),
 * start inclusive and end exclusive: 08:30 is day, 16:30 is night. A window whose end is before its
 * start wraps midnight.
 */

export type Shift = 'day' | 'night';
export type DutyRole = 'day' | 'night' | 'both' | 'escalation';
export const DUTY_ROLES: readonly DutyRole[] = ['day', 'night', 'both', 'escalation'];

const toMinute = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

export function shiftAt(now: Date, dayShift: string): Shift {
  const [from, to] = dayShift.split('-');
  const start = toMinute(from);
  const end = toMinute(to);
  const m = bangkokMinuteOfDay(now);
  const inDay = start < end ? m >= start && m < end : m >= start || m < end;
  return inDay ? 'day' : 'night';
}

export interface ConfiguredGroups {
  DUTY_GROUP_ID?: string;
  DUTY_NIGHT_GROUP_ID?: string;
  ESCALATION_GROUP_ID?: string;
}

export interface RegisteredGroup {
  groupId: string;
  role: DutyRole;
  registeredAt: Date;
  /** The center the group belongs to (named by its enrolment code); absent: the home center. */
  centerCode?: string;
}

/** The most recently registered group of the first role in `roles` that has one. */
function latest(registered: readonly RegisteredGroup[], roles: DutyRole[]): string | undefined {
  for (const role of roles) {
    const hit = registered
      .filter((g) => g.role === role)
      .sort((a, b) => b.registeredAt.getTime() - a.registeredAt.getTime())[0];
    if (hit) return hit.groupId;
  }
  return undefined;
}

/**
 * The group that receives cases in `shift`. Configuration wins over registration. A case that
 * reaches nobody is the worst failure, so when the shift's own group is missing the case goes to
 * the other shift's group, and as a last resort to the supervisors' group.
 */
export function groupForShift(shift: Shift, configured: ConfiguredGroups, registered: readonly RegisteredGroup[]): string | undefined {
  const day = configured.DUTY_GROUP_ID ?? latest(registered, ['day', 'both']);
  const night = configured.DUTY_NIGHT_GROUP_ID ?? latest(registered, ['night']);
  const both = configured.DUTY_GROUP_ID ?? latest(registered, ['both', 'day']);
  const last = configured.ESCALATION_GROUP_ID ?? latest(registered, ['escalation']);
  return shift === 'day' ? (day ?? night ?? last) : (night ?? both ?? last);
}

/** Whether a chat is a configured duty or escalation group (these need no registration). */
export const isConfiguredGroup = (chatId: string, configured: ConfiguredGroups): boolean =>
  [configured.DUTY_GROUP_ID, configured.DUTY_NIGHT_GROUP_ID, configured.ESCALATION_GROUP_ID].includes(chatId);

/** The escalation group: configured, else the latest registered one. */
export const escalationGroup = (configured: ConfiguredGroups, registered: readonly RegisteredGroup[]): string | undefined =>
  configured.ESCALATION_GROUP_ID ?? latest(registered, ['escalation']);
