import type { Message } from '../bot/context';
import type { CaseRecord, TimelineEntry } from '../cases/types';
import type { OutboxItem } from '../outbox/types';
import { text } from '../bot/messages';
import { UPDATES_TH } from '../strings/th/updates';
import { isReporterVisible, isUpdateKind } from './public-timeline';
import { isMergeClose, reporterUpdateMessages, type CarriesOn } from './views';

/**
 * Which change of a case reaches its reporter, and as what. Pure: the listener in index.ts only
 * enqueues the result. The outbox id is derived from the timeline entry id, so the notification
 * sweep re-running the listener enqueues nothing twice.
 */
export function decideReporterUpdate(
  c: CaseRecord,
  entry: TimelineEntry,
  centerName: string,
  carriesOn?: CarriesOn,
  media?: Message[],
): OutboxItem | null {
  if (!c.reporterUserId) return null;
  // The reporter's own steps (extra information, reopening) are confirmed in the chat already.
  if (entry.actor.kind === 'reporter') return null;
  const silent = silentFor(c);
  if (entry.kind === 'transferred') {
    // A re-route by the place the reporter sent later says so: they just sent it, and may wonder who helps now.
    const words = entry.actor.kind === 'system' && entry.province
      ? UPDATES_TH.rerouted(c.caseNumber, entry.province, entry.text ?? '')
      : UPDATES_TH.transferred(c.caseNumber, entry.text ?? '');
    return { id: `${entry.id}:reporter`, to: c.reporterUserId, messages: [text(words)], ...silent };
  }
  if (!isReporterVisible(entry) || !isUpdateKind(entry.kind)) return null;
  return {
    id: `${entry.id}:reporter`,
    to: c.reporterUserId,
    messages: reporterUpdateMessages(c, entry, entry.kind, centerName, carriesOn, media),
    ...silent,
  };
}

/**
 * Pushes about an urgent case arrive without sound or vibration. The reporter of an urgent case may
 * be hiding from the person who hurts them, and a push comes when they did not just write (a reply
 * does, and stays as it is): a phone that rings could give them away. They still see the message
 * when they look; nothing is held back. Routine cases ring as usual.
 */
export const silentFor = (c: Pick<CaseRecord, 'urgent'>): Pick<OutboxItem, 'notificationDisabled'> =>
  c.urgent ? { notificationDisabled: true } : {};

/** The case a merge close points at, which the listener loads to tell whether it is the same reporter's. */
export const mergeTarget = (c: Pick<CaseRecord, 'mergedInto'>, entry: TimelineEntry): string | undefined =>
  isMergeClose(entry) ? (entry.mergedInto ?? c.mergedInto) : undefined;
