import type { Connection } from 'mongoose';
import type { Logger } from '../log/logger';
import { safeErrorText } from '../queue/safe-error';
import { buddhistYear } from '../time/thai-time';
import { caseModel, counterModel, type CaseModel, type CounterModel } from './model';
import type { Actor, CaseDraft, CaseRecord, TimelineEntry } from './types';
import { decideCaseAction, type CaseAction, type Refusal } from './decide';
import { URGENT_PROBLEM_TYPES } from './vocab';

/**
 * Persists cases and runs the lifecycle. No multi-document transactions: every write is one
 * atomic document update, keyed so a retry of the same cause is recognised (sourceId for opening,
 * the timeline entry id for actions).
 *
 * Notifications (duty group cards, reporter updates, escalation timers) are listeners. A change is
 * written together with its entry id in `pendingNotify`; listeners run after the write and the id
 * is removed once they all succeeded. `sweepPendingNotifications` re-runs listeners whose run was
 * cut short (crash, LINE outage), so a change is never left unannounced. Listeners must therefore be
 * idempotent: they enqueue outbox messages and timers under ids derived from the entry id.
 */

export type CaseListener = (c: CaseRecord, entry: TimelineEntry) => Promise<void>;

export type ActResult =
  | { ok: true; case: CaseRecord; entry: TimelineEntry; duplicate: boolean }
  | { ok: false; reason: Refusal | 'not_found'; case?: CaseRecord };

export interface OpenResult {
  case: CaseRecord;
  created: boolean;
}

export interface CaseService {
  open(draft: CaseDraft, opts: { sourceId: string; actor: Actor; now: Date }): Promise<OpenResult>;
  act(caseNumber: string, action: CaseAction, actor: Actor, opts: { entryId: string; now: Date }): Promise<ActResult>;
  get(caseNumber: string): Promise<CaseRecord | null>;
  onChange(listener: CaseListener): void;
  sweepPendingNotifications(olderThan: Date): Promise<number>;
  readonly model: CaseModel;
}

const MAX_CONFLICT_RETRIES = 8;

export function createCaseService(deps: { conn: Connection; centerCode: string; logger: Logger }): CaseService {
  const Case = caseModel(deps.conn);
  const Counter: CounterModel = counterModel(deps.conn);
  const listeners: CaseListener[] = [];

  async function notify(c: CaseRecord, entry: TimelineEntry): Promise<void> {
    try {
      for (const l of listeners) await l(c, entry);
    } catch (err) {
      // Left in pendingNotify: the sweeper runs the listeners again.
      deps.logger.warn('case listener failed; will retry', { caseNumber: c.caseNumber, error: safeErrorText(err) });
      return;
    }
    await Case.updateOne({ caseNumber: c.caseNumber }, { $pull: { pendingNotify: entry.id } }, { timestamps: false });
  }

  async function nextCaseNumber(now: Date): Promise<string> {
    const year = buddhistYear(now);
    const counter = await Counter.findOneAndUpdate(
      { _id: `case:${deps.centerCode}:${year}` },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    return `${deps.centerCode}-${year}-${String(counter!.seq).padStart(4, '0')}`;
  }

  async function open(draft: CaseDraft, opts: { sourceId: string; actor: Actor; now: Date }): Promise<OpenResult> {
    const existing = await Case.findOne({ sourceId: opts.sourceId }).lean<CaseRecord>();
    if (existing) {
      const opened = existing.timeline.find((e) => e.kind === 'opened');
      if (opened && existing.pendingNotify.includes(opened.id)) await notify(existing, opened);
      return { case: existing, created: false };
    }
    const caseNumber = await nextCaseNumber(opts.now);
    const entry: TimelineEntry = { id: `${opts.sourceId}:opened`, at: opts.now, kind: 'opened', actor: opts.actor, public: true };
    const urgent = draft.urgent || draft.sos || draft.problemTypes.some((p) => URGENT_PROBLEM_TYPES.includes(p));
    const doc = {
      ...draft,
      caseNumber,
      centerCode: deps.centerCode,
      sourceId: opts.sourceId,
      urgent: !!urgent,
      sos: !!draft.sos,
      attachments: draft.attachments ?? [],
      status: 'new' as const,
      timeline: [entry],
      pendingNotify: [entry.id],
      createdAt: opts.now,
      updatedAt: opts.now,
    };
    try {
      await new Case(doc).save({ timestamps: false });
    } catch (err) {
      if ((err as { code?: number }).code === 11000) {
        // A concurrent run of the same cause won the insert; this number stays unused.
        const winner = await Case.findOne({ sourceId: opts.sourceId }).lean<CaseRecord>();
        if (winner) return { case: winner, created: false };
      }
      throw err;
    }
    const created = (await Case.findOne({ caseNumber }).lean<CaseRecord>())!;
    await notify(created, entry);
    return { case: created, created: true };
  }

  async function act(
    caseNumber: string,
    action: CaseAction,
    actor: Actor,
    opts: { entryId: string; now: Date },
  ): Promise<ActResult> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const c = await Case.findOne({ caseNumber }).lean<CaseRecord>();
      if (!c) return { ok: false, reason: 'not_found' };
      const done = c.timeline.find((e) => e.id === opts.entryId);
      if (done) {
        if (c.pendingNotify.includes(done.id)) await notify(c, done);
        return { ok: true, case: c, entry: done, duplicate: true };
      }
      const decision = decideCaseAction(c, action, actor, opts.now, opts.entryId);
      if (!decision.ok) return { ok: false, reason: decision.reason, case: c };
      const { changes, entry } = decision;
      const update: Record<string, unknown> = {
        $set: { ...changes.set, updatedAt: opts.now },
        $push: { timeline: entry, pendingNotify: entry.id },
        $inc: { version: 1, ...(changes.inc ?? {}) },
      };
      if (changes.addToSet) {
        update.$addToSet = Object.fromEntries(Object.entries(changes.addToSet).map(([k, v]) => [k, { $each: v }]));
      }
      // Optimistic concurrency: the decision holds only for the version it was made on.
      const updated = await Case.findOneAndUpdate({ caseNumber, version: c.version }, update, {
        returnDocument: 'after',
        timestamps: false,
      }).lean<CaseRecord>();
      if (!updated) continue;
      await notify(updated, entry);
      return { ok: true, case: updated, entry, duplicate: false };
    }
    throw new Error(`case ${caseNumber}: too many concurrent updates`);
  }

  async function sweepPendingNotifications(olderThan: Date): Promise<number> {
    const stuck = await Case.find({ pendingNotify: { $gt: '' }, updatedAt: { $lt: olderThan } })
      .limit(100)
      .lean<CaseRecord[]>();
    let n = 0;
    for (const c of stuck) {
      for (const id of c.pendingNotify) {
        const entry = c.timeline.find((e) => e.id === id);
        if (entry) {
          await notify(c, entry);
          n++;
        } else {
          await Case.updateOne({ caseNumber: c.caseNumber }, { $pull: { pendingNotify: id } }, { timestamps: false });
        }
      }
    }
    return n;
  }

  return {
    open,
    act,
    get: (caseNumber) => Case.findOne({ caseNumber }).lean<CaseRecord>().exec(),
    onChange: (l) => void listeners.push(l),
    sweepPendingNotifications,
    model: Case,
  };
}
