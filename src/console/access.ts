import { LineApiError, type Messenger } from '../line/messenger';
import type { Role } from './sessions';

/** A center as the console sees it: its LINE groups decide who may open its cases. */
export interface ConsoleCenter {
  code: string;
  name: string;
  dutyGroupIds: string[];
  escalationGroupIds: string[];
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

/** The first center the user belongs to (the national desk's multi-center view is not built yet). */
export async function findAccess(centers: ConsoleCenter[], userId: string, line: Pick<Messenger, 'getGroupMemberProfile'>) {
  for (const c of centers) {
    const role = await roleIn(c, userId, line);
    if (role) return { center: c, role };
  }
  return null;
}
