import type { TimelineEntry, TimelineKind } from '../cases/types';
import type { CaseStatus } from '../cases/vocab';
import { OUTCOME_LABELS } from '../cases/vocab';
import { UPDATES_TH } from '../strings/th/updates';
import { thaiDateTime } from '../time/thai-time';
import { excerpt } from './text';

/**
 * What of a case's history a reporter may see. The lifecycle marks entries `public`; this module
 * also keeps an explicit list of kinds, so that an entry wrongly marked public (an officer's note)
 * still never reaches a citizen.
 */

const REPORTER_VISIBLE: ReadonlySet<TimelineKind> = new Set<TimelineKind>([
  'opened',
  'acknowledged',
  'in_progress',
  'referred',
  'closed',
  'reopened',
  'relay',
  'reporter_info',
  'merged_from',
]);

// A sticker is kept for the officers as a sign of life; on the reporter's own timeline it says nothing.
export const isReporterVisible = (e: TimelineEntry): boolean => e.public && REPORTER_VISIBLE.has(e.kind) && !e.sticker;

/** Entries that send the reporter an update, when made by someone other than the reporter. */
export const UPDATE_KINDS = ['acknowledged', 'in_progress', 'referred', 'closed', 'relay'] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];
export const isUpdateKind = (k: TimelineKind): k is UpdateKind => (UPDATE_KINDS as readonly string[]).includes(k);

const STATUS_OF: Partial<Record<TimelineKind, CaseStatus>> = {
  opened: 'new',
  reopened: 'new',
  acknowledged: 'acknowledged',
  in_progress: 'in_progress',
  referred: 'referred',
  closed: 'closed',
};

/**
 * The timeline up to and including `entryId`. A listener re-run by the notification sweep sees a case
 * that may have moved on; cutting here keeps the message about that entry the same on every run.
 */
export function timelineUntil(timeline: readonly TimelineEntry[], entryId: string): TimelineEntry[] {
  const i = timeline.findIndex((e) => e.id === entryId);
  return i < 0 ? [...timeline] : timeline.slice(0, i + 1);
}

/** The case's status as of the end of `timeline` (replayed, so it is right for older entries too). */
export function statusAfter(timeline: readonly TimelineEntry[]): CaseStatus {
  let status: CaseStatus = 'new';
  for (const e of timeline) status = STATUS_OF[e.kind] ?? status;
  return status;
}

/** One line of the reporter's view of an entry. Officer names are left out on purpose. */
export function entryLabel(e: TimelineEntry): string {
  const t = UPDATES_TH.entry;
  switch (e.kind) {
    case 'opened':
      return t.opened;
    case 'acknowledged':
      return t.acknowledged;
    case 'in_progress':
      return t.in_progress;
    case 'referred':
      return t.referred(e.text);
    case 'closed':
      if (e.mergedInto) return t.mergedInto(e.mergedInto);
      return t.closed(e.outcome ? OUTCOME_LABELS[e.outcome] : undefined);
    case 'reopened':
      return t.reopened;
    case 'relay':
      if (!e.text && e.attachments?.length) return e.after ? t.afterPhoto : t.relayPhoto;
      return t.relay(excerpt(e.text ?? '', 80));
    case 'reporter_info':
      return e.location && !e.text && !e.attachments?.length ? t.reporter_pin : t.reporter_info;
    case 'merged_from':
      return t.merged_from(mergedFromNumber(e));
    default:
      // Not reached for visible entries; a safe word rather than an internal kind name.
      return t.opened;
  }
}

/** The copy named by a 'merged_from' entry (the lifecycle keeps it as the entry's text). */
function mergedFromNumber(e: TimelineEntry): string | undefined {
  const extra = e as TimelineEntry & { from?: string; mergedFrom?: string };
  return extra.mergedFrom ?? extra.from ?? e.text;
}

export interface PublicLine {
  when: string;
  text: string;
}

/** The newest `max` visible entries, oldest first, and how many older ones were left out. */
export function publicLines(timeline: readonly TimelineEntry[], max: number): { lines: PublicLine[]; hidden: number } {
  const visible = timeline.filter(isReporterVisible);
  const shown = visible.slice(-max);
  return {
    lines: shown.map((e) => ({ when: thaiDateTime(e.at), text: entryLabel(e) })),
    hidden: visible.length - shown.length,
  };
}

/** The newest visible entry, for "last update" in tracking. */
export const lastVisible = (timeline: readonly TimelineEntry[]): TimelineEntry | undefined =>
  [...timeline].reverse().find(isReporterVisible);
