import type { CaseRecord, TimelineEntry } from '../cases/types';
import type { CaseSummary } from '../cases/store';

/** What the API shows of one case: everything an officer sees, minus storage internals. */
export type CaseView = Omit<CaseRecord, 'pendingNotify' | 'notifyAfter' | 'notifyAttempts' | 'timeline'> & {
  timeline: Omit<TimelineEntry, 'fingerprint'>[];
};

type Stored = CaseRecord & { _id?: unknown; __v?: unknown };

export function caseView(c: Stored): CaseView {
  const { _id, __v, pendingNotify, notifyAfter, notifyAttempts, timeline, ...rest } = c;
  void _id, void __v, void pendingNotify, void notifyAfter, void notifyAttempts;
  return {
    ...rest,
    timeline: (timeline ?? []).map(({ fingerprint, ...e }) => {
      void fingerprint;
      return e;
    }),
  };
}

/** What the list shows of a case: a summary without phone, details, address, coordinates or LINE ids. */
export type CaseListItem = Omit<CaseSummary, 'id'>;

export function caseListItem(s: CaseSummary): CaseListItem {
  const { id, ...rest } = s;
  void id;
  return rest;
}
