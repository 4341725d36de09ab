import type { CaseRecord } from '../cases/types';

/** What the API shows of a case: everything an officer sees, minus storage internals. */
export type CaseView = Omit<CaseRecord, 'pendingNotify'>;
export type CaseListItem = Omit<CaseView, 'timeline'>;

type Stored = Partial<CaseRecord> & { _id?: unknown; __v?: unknown };

export function caseView(c: Stored): CaseView {
  const { _id, __v, pendingNotify, ...rest } = c;
  void _id, void __v, void pendingNotify;
  return rest as CaseView;
}

export function caseListItem(c: Stored): CaseListItem {
  const { timeline, ...rest } = caseView(c);
  void timeline;
  return rest;
}

/** Message ids of every attachment of a case, including those added later through its timeline. */
export function attachmentIds(c: Pick<CaseRecord, 'attachments' | 'timeline'>): Set<string> {
  const ids = new Set<string>();
  for (const a of c.attachments ?? []) ids.add(a.messageId);
  for (const e of c.timeline ?? []) for (const a of e.attachments ?? []) ids.add(a.messageId);
  return ids;
}
