import { LineApiError, type Messenger } from '../line/messenger';
import type { Role } from './sessions';

/** A center as the console sees it: its LINE groups decide who may open its cases. */
export interface ConsoleCenter {
  code: string;
  name: string;
  dutyGroupIds: string[];
  escalationGroupIds: string[];
  /** Minutes a case may wait for acknowledgement; absent: the console's default (the environment's). */
  sla?: { urgent: number; normal: number };
}

/**
 * Access follows LINE group membership, asked of LINE itself (get group member profile: 404 when
 * the user is not in the group). A member of an escalation group is a supervisor, of a duty group
 * an officer. Transient LINE failures are thrown: sign-in fails and is retried, never granted.
 */
export async function roleIn(center: ConsoleCenter, userId: string, line: Pick<Messenger, 'getGroupMemberProfile'>): Promise<Role | null> {
  const isMember = async (groupId: string) => {
    try {
      await line.getGroupMemberProfile(groupId, userId);
      return true;
    } catch (err) {
      if (err instanceof LineApiError && err.status === 404) return false;
      throw err;
    }
  };
  for (const g of center.escalationGroupIds) if (await isMember(g)) return 'supervisor';
  for (const g of center.dutyGroupIds) if (await isMember(g)) return 'officer';
  return null;
}

/** The pseudo-center of the national desk: its groups are NATIONAL_DESK_GROUP_IDS, its members supervise every center. */
export const nationalDesk = (groupIds: readonly string[]): ConsoleCenter => ({ code: '*', name: '', dutyGroupIds: [], escalationGroupIds: [...groupIds] });

/**
 * The national desk first (a member of both sees every center), then the first center the user
 * belongs to. `national` sessions carry the home center's code only as a default for settings.
 */
export async function findAccess(
  centers: ConsoleCenter[],
  userId: string,
  line: Pick<Messenger, 'getGroupMemberProfile'>,
  nationalGroupIds: readonly string[] = [],
): Promise<{ center: ConsoleCenter; role: Role; national: boolean } | null> {
  if (nationalGroupIds.length && (await roleIn(nationalDesk(nationalGroupIds), userId, line))) {
    const first = centers[0];
    if (first) return { center: first, role: 'supervisor', national: true };
  }
  for (const c of centers) {
    const role = await roleIn(c, userId, line);
    if (role) return { center: c, role, national: false };
  }
  return null;
}

/** A center from src/centers as the console sees it (duty and night groups make officers). */
export const consoleCenterOf = (c: {
  code: string;
  name: string;
  dutyGroupId?: string;
  nightGroupId?: string;
  escalationGroupId?: string;
  ackSlaUrgentMinutes: number;
  ackSlaNormalMinutes: number;
}): ConsoleCenter => ({
  code: c.code,
  name: c.name,
  dutyGroupIds: [c.dutyGroupId, c.nightGroupId].filter((g): g is string => !!g),
  escalationGroupIds: c.escalationGroupId ? [c.escalationGroupId] : [],
  sla: { urgent: c.ackSlaUrgentMinutes, normal: c.ackSlaNormalMinutes },
});
