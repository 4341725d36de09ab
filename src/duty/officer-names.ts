/**
 * Officers' display names, looked up once per group and officer and kept in memory for a while:
 * a name is needed on every action, and LINE's profile API is a network call. Names are not
 * persisted here (the case timeline keeps the name an action was taken under).
 */

export interface GroupProfiles {
  getGroupMemberProfile(groupId: string, userId: string): Promise<{ displayName: string }>;
}

export interface OfficerNames {
  /** The officer's display name in the group, or `fallback` when LINE cannot tell. */
  get(groupId: string, userId: string): Promise<string>;
}

export function createOfficerNames(
  profiles: GroupProfiles,
  opts: { fallback: string; ttlMs?: number; max?: number; clock?: () => number; onError?: (err: unknown) => void },
): OfficerNames {
  const ttl = opts.ttlMs ?? 60 * 60_000;
  const max = opts.max ?? 2000;
  const clock = opts.clock ?? Date.now;
  const cache = new Map<string, { name: string; at: number }>();
  return {
    async get(groupId, userId) {
      const k = `${groupId}:${userId}`;
      const hit = cache.get(k);
      if (hit && clock() - hit.at < ttl) return hit.name;
      try {
        const { displayName } = await profiles.getGroupMemberProfile(groupId, userId);
        const name = displayName.trim() || opts.fallback;
        cache.delete(k);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(k, { name, at: clock() });
        return name;
      } catch (err) {
        // Not cached: the next action tries LINE again.
        opts.onError?.(err);
        return hit?.name ?? opts.fallback;
      }
    },
  };
}
