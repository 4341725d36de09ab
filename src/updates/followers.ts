import type { CaseRecord, TimelineEntry, TimelineKind } from '../cases/types';

/**
 * The reporters of copies merged into a case ("รวม <copy> <main>", or the ซ้ำ/รวมกับเรื่องอื่น close)
 * keep hearing about their emergency through the case that carries on: its acknowledgement, progress,
 * referral, transfer and close (with the outcome). They are found from the main case's `merged_from`
 * entries (the lifecycle writes the copy's number there), so nothing about one reporter is stored
 * on the other's case. A copy counts while it is still closed as merged into that case: a copy its
 * reporter reopened ("ยังไม่ได้รับการแก้ไข") is their own case again and stops following.
 *
 * Privacy: a follower sees only the case's lifecycle, never what belongs to the other reporter:
 * no relayed officer messages or photos (written to that person), no closing note (it may name
 * them), no "you sent more information", reopening, rating or the other copies merged in.
 */

/** The entries a follower sees, on the timeline and as pushes. */
const FOLLOWER_VISIBLE: ReadonlySet<TimelineKind> = new Set<TimelineKind>(['opened', 'acknowledged', 'in_progress', 'referred', 'closed']);

/** Changes a follower is told about (by someone other than a reporter). */
export const FOLLOWER_UPDATE_KINDS = ['acknowledged', 'in_progress', 'referred', 'closed', 'transferred'] as const;
export type FollowerUpdateKind = (typeof FOLLOWER_UPDATE_KINDS)[number];
export const isFollowerUpdate = (e: TimelineEntry): e is TimelineEntry & { kind: FollowerUpdateKind } =>
  e.public && e.actor.kind !== 'reporter' && (FOLLOWER_UPDATE_KINDS as readonly string[]).includes(e.kind);

/** The main case's timeline as a follower may read it. */
export const followerTimeline = (timeline: readonly TimelineEntry[]): TimelineEntry[] =>
  timeline.filter((e) => e.public && FOLLOWER_VISIBLE.has(e.kind));

/** The copies a case says were merged into it, in merge order, each once. */
export const copiesNamed = (c: Pick<CaseRecord, 'timeline'>): string[] => [
  ...new Set(c.timeline.filter((e) => e.kind === 'merged_from' && e.text?.trim()).map((e) => e.text!.trim())),
];

/** Whether `copy` still follows `main`: closed as merged into it and not reopened since. */
export const stillMergedInto = (copy: Pick<CaseRecord, 'status' | 'mergedInto'>, main: string): boolean =>
  copy.status === 'closed' && copy.mergedInto === main;

export interface Follower {
  /** The follower's own case (the copy). */
  copy: string;
  userId: string;
  /** The copy was urgent: its reporter's pushes stay silent as their own case's were. */
  urgent: boolean;
}

/** Cases loaded at most while looking for followers: merges are rare and chains short. */
export const MAX_FOLLOWER_LOOKUPS = 20;

/**
 * Everyone who follows `main` through a merged copy, also through a chain (A merged into B, B into
 * C: A's reporter follows C). The main case's own reporter is left out (they hear as the reporter),
 * and each person is listed once.
 */
export async function findFollowers(
  get: (caseNumber: string) => Promise<CaseRecord | null>,
  main: Pick<CaseRecord, 'caseNumber' | 'timeline' | 'reporterUserId'>,
): Promise<Follower[]> {
  const out: Follower[] = [];
  const seenUsers = new Set<string>(main.reporterUserId ? [main.reporterUserId] : []);
  const seenCases = new Set<string>([main.caseNumber]);
  const queue: { parent: Pick<CaseRecord, 'caseNumber' | 'timeline'> }[] = [{ parent: main }];
  let lookups = 0;
  while (queue.length) {
    const { parent } = queue.shift()!;
    for (const n of copiesNamed(parent)) {
      if (seenCases.has(n) || lookups >= MAX_FOLLOWER_LOOKUPS) continue;
      seenCases.add(n);
      lookups++;
      const copy = await get(n);
      if (!copy || !stillMergedInto(copy, parent.caseNumber)) continue;
      if (copy.reporterUserId && !seenUsers.has(copy.reporterUserId)) {
        seenUsers.add(copy.reporterUserId);
        out.push({ copy: copy.caseNumber, userId: copy.reporterUserId, urgent: !!copy.urgent });
      }
      queue.push({ parent: copy });
    }
  }
  return out;
}

/**
 * The case a merged copy carries on in: its `mergedInto`, followed along a chain while that case is
 * itself merged on. Null when the copy is not (or no longer) merged, or the case is gone.
 */
export async function carryingCase(
  get: (caseNumber: string) => Promise<CaseRecord | null>,
  copy: Pick<CaseRecord, 'caseNumber' | 'status' | 'mergedInto'>,
): Promise<CaseRecord | null> {
  let at: Pick<CaseRecord, 'caseNumber' | 'status' | 'mergedInto'> = copy;
  let found: CaseRecord | null = null;
  const seen = new Set<string>([copy.caseNumber]);
  for (let i = 0; i < MAX_FOLLOWER_LOOKUPS && at.mergedInto && at.status === 'closed' && !seen.has(at.mergedInto); i++) {
    seen.add(at.mergedInto);
    const next = await get(at.mergedInto);
    if (!next) return found;
    found = next;
    at = next;
  }
  return found;
}
