import { AsyncLocalStorage } from 'node:async_hooks';
import type { Connection, PipelineStage, QueryFilter } from 'mongoose';
import { Types } from 'mongoose';
import type { Logger } from '../log/logger';
import { safeErrorText } from '../queue/safe-error';
import { buddhistYear } from '../time/thai-time';
import { caseModel, counterModel, type CaseModel, type CounterModel } from './model';
import type { Actor, AttachmentEvidence, CaseDraft, CaseRecord, TimelineEntry } from './types';
import { decideCaseAction, type CaseAction, type Refusal } from './decide';
import type { CaseStatus, Channel, ProblemType, TargetGroup } from './vocab';
import { CASE_STATUSES, URGENT_PROBLEM_TYPES } from './vocab';
import type { RouteCase } from '../centers/routing';

/**
 * The case repository: the only module that queries or writes case documents (features, the admin
 * API and the reports call it; the case model is used nowhere else in src). It persists cases and
 * runs the lifecycle. No multi-document transactions: every write is one atomic document update,
 * keyed so a retry of the same cause is recognised (sourceId for opening, the timeline entry id for
 * actions).
 *
 * Notifications (duty group cards, reporter updates, escalation timers) are listeners. A change is
 * written together with its entry id in `pendingNotify`; listeners run after the write and the id
 * is removed once they all succeeded. `sweepPendingNotifications` re-runs listeners whose run was
 * cut short (crash, LINE outage), so a change is never left unannounced. Listeners must therefore be
 * idempotent: they enqueue outbox messages and timers under ids derived from the entry id.
 * The sweep takes the cases whose retry is due longest (`notifyAfter`), and a case whose listeners
 * fail again moves back by a growing delay, so a few cases that always fail cannot starve the rest.
 */

export type CaseListener = (c: CaseRecord, entry: TimelineEntry) => Promise<void>;

export type ActResult =
  | { ok: true; case: CaseRecord; entry: TimelineEntry; duplicate: boolean }
  | { ok: false; reason: Refusal | 'not_found'; case?: CaseRecord };

export interface OpenResult {
  case: CaseRecord;
  created: boolean;
  /**
   * With `deferNotify`: the new case's listeners (duty card, escalation timer), running now; true
   * once all succeeded. Never rejects: a failure stays in `pendingNotify` for the sweeper.
   */
  notified?: Promise<boolean>;
}

/** What the admin API's case list shows: no phone, details, address, coordinates or LINE id. */
export interface CaseSummary {
  id: string;
  caseNumber: string;
  centerCode: string;
  channel: Channel;
  problemTypes: ProblemType[];
  urgent: boolean;
  sos: boolean;
  targetGroup?: CaseRecord['targetGroup'];
  sex?: CaseRecord['sex'];
  status: CaseStatus;
  location?: Pick<NonNullable<CaseRecord['location']>, 'district' | 'districtCode' | 'province' | 'outOfProvince'>;
  outcome?: CaseRecord['outcome'];
  referredTo?: string;
  attachmentCount: number;
  reopenCount: number;
  escalationRound: number;
  createdAt: Date;
  updatedAt: Date;
  acknowledgedAt?: Date;
  closedAt?: Date;
  reopenedAt?: Date;
}

/** Keyset position in the list order (createdAt desc, then id desc). */
export interface CasePosition {
  createdAt: Date;
  id: string;
}

export interface CaseListQuery {
  /** createdAt ≥ from */
  from?: Date;
  /** createdAt < to */
  to?: Date;
  status?: CaseStatus;
  channel?: Channel;
  targetGroup?: TargetGroup;
  problemType?: ProblemType;
  urgent?: boolean;
  districtCode?: string;
  /** Only this center's cases (see CenterScope). */
  center?: CenterScope;
  after?: CasePosition;
  limit: number;
}

/**
 * Which cases belong to a center: a stored center's cases carry its code; the home center's are its
 * own code and every code no stored center has (a case of a center since deleted, or a code
 * mistyped in seeded data, is never orphaned).
 */
export type CenterScope = { code: string } | { notIn: readonly string[] };

const scopeFilter = (s: CenterScope): QueryFilter<CaseRecord> =>
  'code' in s ? { centerCode: s.code } : { centerCode: { $nin: [...s.notIn] } };

/** The few fields a conversation needs to tell a reporter's open cases apart. */
export type CaseBrief = Pick<CaseRecord, 'caseNumber' | 'status' | 'urgent' | 'sos' | 'problemTypes' | 'createdAt'>;

/**
 * What the console's map and dashboard read of a case: no phone, details, address, reporter or
 * timeline text; the timeline only as kinds, times and scores (for acknowledge/close times, escalations, ratings).
 */
export type CaseFigures = Pick<
  CaseRecord,
  'caseNumber' | 'centerCode' | 'status' | 'urgent' | 'problemTypes' | 'createdAt' | 'acknowledgedAt' | 'closedAt' | 'reopenCount' | 'escalationRound' | 'rating' | 'dutyTeam'
> & {
  location?: Pick<NonNullable<CaseRecord['location']>, 'lat' | 'lng' | 'district' | 'districtCode' | 'province'>;
  timeline: Array<Pick<TimelineEntry, 'kind' | 'at' | 'score'>>;
};

/** Case fields the duty listener records about where the case's messages go. */
export type DutyRouting = Partial<Pick<CaseRecord, 'dutyGroupId' | 'dutyTeam'>>;

/** The duty routing a change's listeners recorded, while they run (see `notify` in createCaseService). */
interface RoutingScope {
  caseNumber: string;
  routing: DutyRouting;
  open: boolean;
}
const routingOfChange = new AsyncLocalStorage<RoutingScope>();

export interface OpenOptions {
  sourceId: string;
  actor: Actor;
  now: Date;
  fingerprint?: string;
  deferNotify?: boolean;
  existing?: Promise<CaseRecord | null | undefined>;
}

export interface CaseService {
  /** `fingerprint`: a hash of the request that opened it, kept on the 'opened' entry (see admin API). */
  /**
   * `deferNotify`: return once the case is stored, with its listeners still running (`notified`),
   * so that the caller's answer need not wait for the duty card's writes; the change is in
   * `pendingNotify` from the insert on, so a crash meanwhile leaves it to the sweeper.
   * `existing`: the caller's own read of the case opened from this source (`bySource`), started
   * earlier so it overlapped other work; undefined when that read failed (then open reads itself).
   */
  open(draft: CaseDraft, opts: OpenOptions): Promise<OpenResult>;
  /** The case opened from this source (an intake's id, an API idempotency key), if any. */
  bySource(sourceId: string): Promise<CaseRecord | null>;
  /** `fingerprint` is kept on the entry so a retry under the same entry id can be told from a different request. */
  act(
    caseNumber: string,
    action: CaseAction,
    actor: Actor,
    opts: { entryId: string; now: Date; fingerprint?: string },
  ): Promise<ActResult>;
  get(caseNumber: string): Promise<CaseRecord | null>;
  /** Open cases, urgent first then oldest first (the duty queue), and how many are open in all; `districtCode`: of one district only. */
  openQueue(limit: number, center?: CenterScope, filter?: { districtCode?: string }): Promise<{ cases: CaseRecord[]; total: number }>;
  /** Whether the center has a case not yet closed (a center is not deleted while it has). */
  hasOpenCases(centerCode: string): Promise<boolean>;
  /**
   * A short summary of the open queue (its cases and when each last changed), for noticing changes
   * made by another instance: equal summaries, same queue. No personal field is read.
   */
  openQueueStamp(center?: CenterScope): Promise<string>;
  /** A reporter's cases, newest first, at most `limit`, and how many they have in all. */
  casesOfReporter(userId: string, limit: number): Promise<{ cases: CaseRecord[]; total: number }>;
  /** A reporter's most recently opened closed case. */
  latestClosedOfReporter(userId: string): Promise<CaseRecord | null>;
  /** A reporter's open cases, newest first. */
  openCasesOfReporter(userId: string, limit: number): Promise<CaseBrief[]>;
  /** The admin API's list: summaries, newest first, keyset-paged; `next` is set when more follow. */
  list(q: CaseListQuery): Promise<{ items: CaseSummary[]; next?: CasePosition }>;
  /** Whether `messageId` is an attachment of the case (sent with the report or added later). */
  hasAttachment(caseNumber: string, messageId: string): Promise<boolean>;
  /** Notification bookkeeping that is not a lifecycle step: no timeline entry, no version change. */
  setDutyRouting(caseNumber: string, routing: DutyRouting): Promise<void>;
  /** Evidence bookkeeping (src/evidence): where one attachment's stored content stands. No timeline entry. */
  setAttachmentEvidence(caseNumber: string, messageId: string, evidence: AttachmentEvidence): Promise<void>;
  /**
   * Removes the case document (retention: the admin API's DELETE, after its evidence files are gone).
   * True when a document was removed; a second call finds nothing and answers false.
   */
  remove(caseNumber: string): Promise<boolean>;
  onChange(listener: CaseListener): void;
  /**
   * A center's cases opened in [from, to) (the dashboard's figures), newest first, at most `limit`
   * (bounded read; the caller says when it was cut). Personal fields are not read. No `centerCode`:
   * every center's (the national desk).
   */
  figuresOpenedBetween(q: { centerCode?: string; from: Date; to: Date; limit: number }): Promise<CaseFigures[]>;
  /** A center's (no `centerCode`: every center's) open cases and those opened since `since` (the map), newest first, at most `limit`. */
  figuresOpenOrSince(q: { centerCode?: string; since: Date; limit: number }): Promise<CaseFigures[]>;
  /** Re-runs listeners of changes written before `olderThan` whose run did not complete. */
  sweepPendingNotifications(olderThan: Date, now?: Date): Promise<number>;
}

/**
 * Every case write waits for a majority of a replica set and the journal: a failover must not roll
 * back a case (or an officer's step) that LINE or a caller was told is stored. Set explicitly,
 * because MongoDB's implicit default is `majority` only on replica sets without an arbiter.
 */
export const CASE_WRITE_CONCERN = { w: 'majority', j: true } as const;
const W = { writeConcern: CASE_WRITE_CONCERN };

const MAX_CONFLICT_RETRIES = 8;
const SWEEP_BATCH = 100;
const SWEEP_BACKOFF_BASE_MS = 30_000;
const SWEEP_BACKOFF_MAX_MS = 10 * 60_000;

// `$in` rather than `$ne`: index bounds on the `{ status, urgent, createdAt }` queue index.
const OPEN: QueryFilter<CaseRecord> = { status: { $in: CASE_STATUSES.filter((s) => s !== 'closed') } };

const SUMMARY_PROJECTION = {
  caseNumber: 1,
  centerCode: 1,
  channel: 1,
  problemTypes: 1,
  urgent: 1,
  sos: 1,
  targetGroup: 1,
  sex: 1,
  status: 1,
  'location.district': 1,
  'location.districtCode': 1,
  'location.province': 1,
  'location.outOfProvince': 1,
  outcome: 1,
  referredTo: 1,
  // Only the types: the count is what the list shows, message ids stay with the full read.
  'attachments.type': 1,
  reopenCount: 1,
  escalationRound: 1,
  createdAt: 1,
  updatedAt: 1,
  acknowledgedAt: 1,
  closedAt: 1,
  reopenedAt: 1,
} as const;

type SummaryDoc = Omit<CaseSummary, 'id' | 'attachmentCount'> & { _id: Types.ObjectId; attachments?: unknown[] };

function toSummary(d: SummaryDoc): CaseSummary {
  const { _id, attachments, ...rest } = d;
  return { id: _id.toHexString(), ...rest, attachmentCount: attachments?.length ?? 0 };
}

/** The list filter: always bounded and sorted by createdAt (the `{ createdAt: -1, _id: -1 }` index). */
function listFilter(q: CaseListQuery): QueryFilter<CaseRecord> {
  const and: QueryFilter<CaseRecord>[] = [];
  if (q.from || q.to) {
    const createdAt: Record<string, Date> = {};
    if (q.from) createdAt.$gte = q.from;
    if (q.to) createdAt.$lt = q.to;
    and.push({ createdAt });
  }
  if (q.status) and.push({ status: q.status });
  if (q.channel) and.push({ channel: q.channel });
  if (q.targetGroup) and.push({ targetGroup: q.targetGroup });
  if (q.problemType) and.push({ problemTypes: q.problemType });
  if (q.urgent !== undefined) and.push({ urgent: q.urgent });
  // Intake and the API store the district code with the name; the code is what the report counts too.
  if (q.districtCode) and.push({ 'location.districtCode': q.districtCode });
  if (q.center) and.push(scopeFilter(q.center));
  if (q.after) {
    const id = new Types.ObjectId(q.after.id);
    and.push({ $or: [{ createdAt: { $lt: q.after.createdAt } }, { createdAt: q.after.createdAt, _id: { $lt: id } }] });
  }
  return and.length ? { $and: and } : {};
}

export function createCaseService(deps: {
  conn: Connection;
  /** The home center: takes every case when there is no `route`. */
  centerCode: string;
  logger: Logger;
  /** Which center a new case belongs to (src/centers/routing.ts), with the location as stored. */
  route?: RouteCase;
}): CaseService {
  const Case = caseModel(deps.conn);
  const Counter: CounterModel = counterModel(deps.conn);
  const listeners: CaseListener[] = [];

  /**
   * Runs every listener for one change; true when all succeeded and the change is done. The duty
   * routing its listeners record (`setDutyRouting`: the group and team the card went to) is written
   * with the change's done write, one command instead of two. If a listener fails, the routing
   * recorded so far is written at once, as before (a re-run of the opening sends the card to the
   * group recorded, whatever shift it is then); if the process stops first, the change stays pending
   * and its listeners run again, routing included.
   */
  async function notify(c: CaseRecord, entry: TimelineEntry): Promise<boolean> {
    const scope: RoutingScope = { caseNumber: c.caseNumber, routing: {}, open: true };
    try {
      await routingOfChange.run(scope, async () => {
        for (const l of listeners) await l(c, entry);
      });
    } catch (err) {
      // Left in pendingNotify: the sweeper runs the listeners again.
      deps.logger.warn('case listener failed; will retry', { caseNumber: c.caseNumber, error: safeErrorText(err) });
      scope.open = false;
      if (Object.keys(scope.routing).length) {
        await Case.updateOne({ caseNumber: c.caseNumber }, { $set: scope.routing }, { timestamps: false, ...W }).catch((e: unknown) =>
          deps.logger.warn('duty routing not recorded; the re-run records it', { caseNumber: c.caseNumber, error: safeErrorText(e) }),
        );
      }
      return false;
    } finally {
      // Work a listener left running that records routing later writes it on its own.
      scope.open = false;
    }
    await donePending(c.caseNumber, entry.id, scope.routing);
    return true;
  }

  async function donePending(caseNumber: string, entryId: string, routing: DutyRouting = {}): Promise<void> {
    // The usual case, one pending change: clear it and the retry bookkeeping in one write.
    const cleared = await Case.updateOne(
      { caseNumber, pendingNotify: [entryId] },
      { $set: { pendingNotify: [], ...routing }, $unset: { notifyAfter: 1, notifyAttempts: 1 } },
      { timestamps: false, ...W },
    );
    if (cleared.matchedCount === 0) {
      const set = Object.keys(routing).length ? { $set: routing } : {};
      await Case.updateOne({ caseNumber }, { $pull: { pendingNotify: entryId }, ...set }, { timestamps: false, ...W });
    }
  }

  const bySource = (sourceId: string) => Case.findOne({ sourceId }).lean<CaseRecord>().exec();

  async function nextCaseNumber(centerCode: string, now: Date): Promise<string> {
    const year = buddhistYear(now);
    // One yearly sequence per center: CMI-2569-0001 and PHR-2569-0001 are different cases.
    const counter = await Counter.findOneAndUpdate(
      { _id: `case:${centerCode}:${year}` },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after', ...W },
    ).lean();
    return `${centerCode}-${year}-${String(counter!.seq).padStart(4, '0')}`;
  }

  async function open(
    draft: CaseDraft,
    opts: OpenOptions,
  ): Promise<OpenResult> {
    const read = opts.existing ? await opts.existing : undefined;
    const existing = read !== undefined ? read : await bySource(opts.sourceId);
    if (existing) {
      const opened = existing.timeline.find((e) => e.kind === 'opened');
      if (opened && existing.pendingNotify.includes(opened.id)) await notify(existing, opened);
      return { case: existing, created: false };
    }
    const routed = deps.route ? await deps.route(draft.location) : { centerCode: deps.centerCode, location: draft.location };
    const caseNumber = await nextCaseNumber(routed.centerCode, opts.now);
    const entry: TimelineEntry = {
      id: `${opts.sourceId}:opened`,
      at: opts.now,
      kind: 'opened',
      actor: opts.actor,
      public: true,
      ...(opts.fingerprint ? { fingerprint: opts.fingerprint } : {}),
    };
    const urgent = draft.urgent || draft.sos || draft.problemTypes.some((p) => URGENT_PROBLEM_TYPES.includes(p));
    const doc = {
      ...draft,
      ...(routed.location ? { location: routed.location } : {}),
      caseNumber,
      centerCode: routed.centerCode,
      sourceId: opts.sourceId,
      urgent: !!urgent,
      sos: !!draft.sos,
      attachments: draft.attachments ?? [],
      status: 'new' as const,
      timeline: [entry],
      pendingNotify: [entry.id],
      notifyAfter: opts.now,
      createdAt: opts.now,
      updatedAt: opts.now,
    };
    let saved;
    try {
      saved = await new Case(doc).save({ timestamps: false, ...W });
    } catch (err) {
      if ((err as { code?: number }).code === 11000) {
        // A concurrent run of the same cause won the insert; this number stays unused.
        const winner = await Case.findOne({ sourceId: opts.sourceId }).lean<CaseRecord>();
        if (winner) return { case: winner, created: false };
      }
      throw err;
    }
    // What was written, as a read would return it (no read back: the insert is the whole document).
    const created: CaseRecord = saved.toObject<CaseRecord>({ virtuals: false, versionKey: false, flattenMaps: true });
    if (opts.deferNotify) {
      const notified = notify(created, entry).catch((err: unknown) => {
        deps.logger.warn('case notification not completed; the sweeper retries', { caseNumber, error: safeErrorText(err) });
        return false;
      });
      return { case: created, created: true, notified };
    }
    await notify(created, entry);
    return { case: created, created: true };
  }

  /**
   * A place the reporter gives after the opening (a pin sent later, a place in the SOS follow-ups) is
   * stored as an opening place is (`routedLocation`): the official province name, and `outOfProvince`
   * exactly when no center serves that province, so the card, the console and the reports read a
   * moved person's place the way they read a new case's (duty/reroute.ts decides whether it moves).
   */
  async function withRoutedPlace(action: CaseAction): Promise<CaseAction> {
    if (!deps.route) return action;
    if (action.type === 'reporter_info' && action.location) {
      return { ...action, location: (await deps.route(action.location)).location ?? action.location };
    }
    if (action.type === 'update_details' && action.patch.location) {
      return { ...action, patch: { ...action.patch, location: (await deps.route(action.patch.location)).location ?? action.patch.location } };
    }
    return action;
  }

  async function act(
    caseNumber: string,
    action: CaseAction,
    actor: Actor,
    opts: { entryId: string; now: Date; fingerprint?: string },
  ): Promise<ActResult> {
    let placed: CaseAction | undefined;
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const c = await Case.findOne({ caseNumber }).lean<CaseRecord>();
      if (!c) return { ok: false, reason: 'not_found' };
      const done = c.timeline.find((e) => e.id === opts.entryId);
      if (done) {
        if (c.pendingNotify.includes(done.id)) await notify(c, done);
        return { ok: true, case: c, entry: done, duplicate: true };
      }
      placed ??= await withRoutedPlace(action);
      const decision = decideCaseAction(c, placed, actor, opts.now, opts.entryId);
      if (!decision.ok) return { ok: false, reason: decision.reason, case: c };
      const { changes } = decision;
      const entry: TimelineEntry = opts.fingerprint ? { ...decision.entry, fingerprint: opts.fingerprint } : decision.entry;
      const update: Record<string, unknown> = {
        $set: { ...changes.set, updatedAt: opts.now },
        $push: { timeline: entry, pendingNotify: entry.id },
        $inc: { version: 1, ...(changes.inc ?? {}) },
        // Due for the sweep from now on, unless an earlier change is already due sooner.
        $min: { notifyAfter: opts.now },
      };
      if (changes.addToSet) {
        update.$addToSet = Object.fromEntries(Object.entries(changes.addToSet).map(([k, v]) => [k, { $each: v }]));
      }
      // Optimistic concurrency: the decision holds only for the version it was made on.
      const updated = await Case.findOneAndUpdate({ caseNumber, version: c.version }, update, {
        returnDocument: 'after',
        timestamps: false,
        ...W,
      }).lean<CaseRecord>();
      if (!updated) continue;
      await notify(updated, entry);
      return { ok: true, case: updated, entry, duplicate: false };
    }
    throw new Error(`case ${caseNumber}: too many concurrent updates`);
  }

  async function sweepPendingNotifications(olderThan: Date, now: Date = new Date()): Promise<number> {
    const stuck = await Case.find({
      pendingNotify: { $gt: '' },
      $or: [
        { notifyAfter: { $lt: olderThan } },
        // Written before `notifyAfter` existed: the change's own time is the best we know.
        { notifyAfter: { $exists: false }, updatedAt: { $lt: olderThan } },
      ],
    })
      // Longest due first (missing sorts first): failing cases moved back make room for the others.
      .sort({ notifyAfter: 1, updatedAt: 1, _id: 1 })
      .limit(SWEEP_BATCH)
      .lean<CaseRecord[]>();
    let n = 0;
    for (const c of stuck) {
      let failed = false;
      for (const id of c.pendingNotify) {
        const entry = c.timeline.find((e) => e.id === id);
        if (entry) {
          if (await notify(c, entry)) n++;
          else failed = true;
        } else {
          await Case.updateOne({ caseNumber: c.caseNumber }, { $pull: { pendingNotify: id } }, { timestamps: false, ...W });
        }
      }
      if (failed) {
        const attempts = c.notifyAttempts ?? 0;
        const delay = Math.min(SWEEP_BACKOFF_BASE_MS * 2 ** attempts, SWEEP_BACKOFF_MAX_MS);
        await Case.updateOne(
          { caseNumber: c.caseNumber },
          { $set: { notifyAfter: new Date(now.getTime() + delay) }, $inc: { notifyAttempts: 1 } },
          { timestamps: false, ...W },
        );
      }
    }
    return n;
  }

  async function casesOfReporter(userId: string, limit: number): Promise<{ cases: CaseRecord[]; total: number }> {
    // One more than asked tells whether a count is needed at all.
    const found = await Case.find({ reporterUserId: userId })
      .sort({ createdAt: -1 })
      .limit(limit + 1)
      .lean<CaseRecord[]>();
    const total = found.length > limit ? await Case.countDocuments({ reporterUserId: userId }) : found.length;
    return { cases: found.slice(0, limit), total };
  }

  async function list(q: CaseListQuery): Promise<{ items: CaseSummary[]; next?: CasePosition }> {
    const docs = await Case.find(listFilter(q), SUMMARY_PROJECTION)
      .sort({ createdAt: -1, _id: -1 })
      .limit(q.limit + 1)
      .lean<SummaryDoc[]>()
      .exec();
    const items = docs.slice(0, q.limit).map(toSummary);
    const last = items.at(-1);
    return docs.length > q.limit && last ? { items, next: { createdAt: last.createdAt, id: last.id } } : { items };
  }

  return {
    open,
    bySource,
    act,
    get: (caseNumber) => Case.findOne({ caseNumber }).lean<CaseRecord>().exec(),
    async openQueue(limit, center, only) {
      const filter = { ...OPEN, ...(center ? scopeFilter(center) : {}), ...(only?.districtCode ? { 'location.districtCode': only.districtCode } : {}) };
      const [cases, total] = await Promise.all([
        Case.find(filter).sort({ urgent: -1, createdAt: 1 }).limit(limit).lean<CaseRecord[]>(),
        Case.countDocuments(filter),
      ]);
      return { cases, total };
    },
    hasOpenCases: async (centerCode) => (await Case.exists({ ...OPEN, centerCode })) !== null,
    async openQueueStamp(center) {
      const rows = await Case.find({ ...OPEN, ...(center ? scopeFilter(center) : {}) }, { _id: 0, caseNumber: 1, updatedAt: 1 })
        .lean<Array<{ caseNumber: string; updatedAt?: Date }>>()
        .exec();
      return rows
        .map((r) => `${r.caseNumber}@${r.updatedAt ? new Date(r.updatedAt).getTime() : 0}`)
        .sort()
        .join(',');
    },
    casesOfReporter,
    latestClosedOfReporter: (userId) =>
      Case.findOne({ reporterUserId: userId, status: 'closed' }).sort({ createdAt: -1 }).lean<CaseRecord>().exec(),
    openCasesOfReporter: (userId, limit) =>
      Case.find({ reporterUserId: userId, ...OPEN })
        .sort({ createdAt: -1 })
        .limit(limit)
        .select({ _id: 0, caseNumber: 1, status: 1, urgent: 1, sos: 1, problemTypes: 1, createdAt: 1 })
        .lean<CaseBrief[]>()
        .exec(),
    list,
    async hasAttachment(caseNumber, messageId) {
      const hit = await Case.exists({
        caseNumber,
        $or: [{ 'attachments.messageId': messageId }, { 'timeline.attachments.messageId': messageId }],
      });
      return hit !== null;
    },
    async setDutyRouting(caseNumber, routing) {
      // Recorded by a listener of this case's change: written with the change's done write (see notify).
      const scope = routingOfChange.getStore();
      if (scope?.open && scope.caseNumber === caseNumber) {
        Object.assign(scope.routing, routing);
        return;
      }
      await Case.updateOne({ caseNumber }, { $set: routing }, { timestamps: false, ...W });
    },
    async setAttachmentEvidence(caseNumber, messageId, evidence) {
      await Case.updateOne(
        { caseNumber, 'attachments.messageId': messageId },
        { $set: { 'attachments.$.evidence': evidence } },
        { timestamps: false, ...W },
      );
    },
    async remove(caseNumber) {
      const r = await Case.deleteOne({ caseNumber }, W);
      return r.deletedCount > 0;
    },
    onChange: (l) => void listeners.push(l),
    figuresOpenedBetween: (q) =>
      Case.find({ ...(q.centerCode ? { centerCode: q.centerCode } : {}), createdAt: { $gte: q.from, $lt: q.to } })
        .sort({ createdAt: -1 })
        .limit(q.limit)
        .select(FIGURES)
        .lean<CaseFigures[]>()
        .exec(),
    figuresOpenOrSince: (q) =>
      Case.find({ ...(q.centerCode ? { centerCode: q.centerCode } : {}), $or: [OPEN, { createdAt: { $gte: q.since } }] })
        .sort({ createdAt: -1 })
        .limit(q.limit)
        .select(FIGURES)
        .lean<CaseFigures[]>()
        .exec(),
    sweepPendingNotifications,
  };
}

/** The projection behind CaseFigures (no personal data leaves the database). */
const FIGURES = Object.fromEntries(
  [
    'caseNumber', 'centerCode', 'status', 'urgent', 'problemTypes', 'createdAt', 'acknowledgedAt', 'closedAt', 'reopenCount', 'escalationRound',
    'rating.score', 'rating.at', 'dutyTeam', 'location.lat', 'location.lng', 'location.district', 'location.districtCode',
    'location.province', 'timeline.kind', 'timeline.at', 'timeline.score',
  ].map((f) => [f, 1]).concat([['_id', 0]]),
);

/**
 * The reports' entry point: aggregations over the whole register (read-only) and bulk loading of
 * prepared cases (demo and bench data). Kept here so the case collection stays behind this module;
 * the report's pipeline stays in src/reports, which knows what it counts.
 */
export interface CaseReporting {
  aggregate<T>(pipeline: PipelineStage[]): PromiseLike<T[]>;
  /** Stores prepared cases, skipping those whose sourceId is already stored. */
  insertPrepared(cases: CaseRecord[], opts?: { validate?: boolean }): Promise<{ inserted: number; skipped: number }>;
  /** Creates the collection and its indexes (before a bulk load into an empty database). */
  init(): Promise<void>;
}

const SEED_CHUNK = 1000;
const CASE_NUMBER = /^([A-Z]{2,6})-(\d{4})-(\d{4,})$/;
const WRITING_STAGES = ['$out', '$merge'];

export function createCaseReporting(conn: Connection): CaseReporting {
  const Case: CaseModel = caseModel(conn);
  return {
    aggregate<T>(pipeline: PipelineStage[]) {
      if (pipeline.some((s) => WRITING_STAGES.some((k) => k in s))) throw new Error('case reporting is read-only');
      return Case.aggregate<T>(pipeline).exec();
    },
    async insertPrepared(cases, opts = {}) {
      let inserted = 0;
      let skipped = 0;
      for (let i = 0; i < cases.length; i += SEED_CHUNK) {
        const chunk = cases.slice(i, i + SEED_CHUNK);
        const existing = await Case.find({ sourceId: { $in: chunk.map((c) => c.sourceId) } }, { sourceId: 1, _id: 0 })
          .lean<{ sourceId: string }[]>()
          .exec();
        const have = new Set(existing.map((e) => e.sourceId));
        const missing = chunk.filter((c) => !have.has(c.sourceId));
        skipped += chunk.length - missing.length;
        if (!missing.length) continue;
        try {
          const res =
            opts.validate === false
              ? await Case.insertMany(missing, { ordered: false, timestamps: false, lean: true, ...W })
              : await Case.insertMany(missing, { ordered: false, timestamps: false, throwOnValidationError: true, ...W });
          inserted += res.length;
        } catch (err) {
          if (!onlyDuplicates(err)) throw err;
          // A concurrent seed inserted some of them first: the unique sourceId index refused those.
          const n = (err as { insertedDocs?: unknown[] }).insertedDocs?.length ?? 0;
          inserted += n;
          skipped += missing.length - n;
        }
      }
      await bumpCaseCounters(conn, cases);
      return { inserted, skipped };
    },
    init: () => Case.init().then(() => undefined),
  };
}

/**
 * True only for a bulk insert refused by duplicate keys alone. Anything else (a network error, a
 * write concern failure, a validation error) has no `writeErrors`, or other codes, and must surface.
 */
function onlyDuplicates(err: unknown): boolean {
  const e = err as { code?: unknown; writeErrors?: unknown };
  if (e.code === 11000) return true;
  if (!Array.isArray(e.writeErrors) || e.writeErrors.length === 0) return false;
  if (!e.writeErrors.every((w) => (w as { code?: unknown }).code === 11000)) return false;
  // A write concern error rides along with the write errors: the inserted ones may not be durable.
  return !(err as { writeConcernError?: unknown }).writeConcernError;
}

/**
 * Seeded case numbers come from the same sequence as live ones (`case:<center>:<year>`): move each
 * counter past the highest seeded number so the next live case does not collide with a seeded one.
 */
async function bumpCaseCounters(conn: Connection, cases: CaseRecord[]): Promise<void> {
  const highest = new Map<string, number>();
  for (const c of cases) {
    const m = CASE_NUMBER.exec(c.caseNumber);
    if (!m) continue;
    const key = `case:${m[1]}:${m[2]}`;
    highest.set(key, Math.max(highest.get(key) ?? 0, Number(m[3])));
  }
  const Counter = counterModel(conn);
  for (const [key, seq] of highest) {
    await Counter.updateOne({ _id: key }, { $max: { seq } }, { upsert: true, ...W }).exec();
  }
}
