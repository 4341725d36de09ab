import type { CaseStatus, Outcome, ProblemType } from './vocab';
import { PROBLEM_TYPES, URGENT_PROBLEM_TYPES } from './vocab';
import type { Attachment, CaseLocation, TimelineEntry, Actor, LocationHistoryItem } from './types';
import type { Sex, TargetGroup } from './vocab';

/**
 * The case lifecycle as a pure state machine: (case, action, actor, now) → changes + one timeline
 * entry, or a refusal with a reason. No database, no LINE, no clock: callers persist and notify.
 *
 *   new ──acknowledge──▶ acknowledged ──start──▶ in_progress ──refer──▶ referred
 *    ▲                        │  └──────refer──────────┘ ◀──start──┘       │
 *    │                        └────────────── close ◀──────────────────────┘
 *    └────────────── reopen (reporter: "not helped yet") ── closed
 */

export type CaseAction =
  | { type: 'acknowledge' }
  | { type: 'start' }
  | { type: 'refer'; agency: string }
  | { type: 'close'; outcome: Outcome; note: string }
  | { type: 'reopen'; text?: string }
  | { type: 'note'; text: string }
  /** Text and/or officer photos to the reporter; `after`: the photo proves a close (the case must be closed). */
  | { type: 'relay'; text: string; attachments?: Attachment[]; after?: boolean }
  | { type: 'reporter_info'; text?: string; attachments?: Attachment[]; location?: CaseLocation; sticker?: boolean }
  | { type: 'add_problem_types'; problemTypes: ProblemType[] }
  | { type: 'rate'; score: number; comment?: string }
  | { type: 'comment'; text: string }
  | { type: 'escalate'; round: number }
  | { type: 'update_details'; patch: DetailsPatch }
  | { type: 'details_viewed' }
  /** Contract 1: this case is a copy of `into`; it closes with outcome 'duplicate'. */
  | { type: 'merge'; into: string }
  /** Contract 1: the case that carries on records the copy merged into it. */
  | { type: 'merged_from'; from: string }
  /** Contract 4: an acknowledged or in-progress case left without activity is announced again. */
  | { type: 'escalate_stale'; round: number }
  | { type: 'checkin'; safe: boolean }
  /** Issue 14: an officer opened one attachment through a signed media link (the access log). */
  | { type: 'media_viewed'; attachment: Attachment }
  /**
   * To another center (issue 12): the case keeps its number; `from` is its center now, `toName` the new one's Thai name.
   * `province`: set by a re-route (the system's transfer after a later place, duty/reroute.ts): the place's province.
   */
  | { type: 'transfer'; to: string; from: string; toName: string; province?: string };

/** Fields a reporter may fill in after an SOS case was opened with the pin alone. */
export interface DetailsPatch {
  problemTypes?: ProblemType[];
  targetGroup?: TargetGroup;
  sex?: Sex;
  details?: string;
  attachments?: Attachment[];
  phone?: string;
  contactViaLine?: boolean;
  location?: CaseLocation;
}

export type Refusal =
  | 'already_acknowledged'
  | 'not_acknowledged'
  | 'closed'
  | 'not_closed'
  | 'already_rated'
  | 'same_status'
  | 'not_allowed_for_actor'
  | 'invalid';

/** The part of a case the lifecycle reads. */
export interface CaseState {
  status: CaseStatus;
  owner?: { id?: string; name?: string };
  problemTypes: ProblemType[];
  urgent: boolean;
  rating?: { score: number };
  /** Read by 'reporter_info' with a pin: the place it replaces goes into the history. */
  location?: CaseLocation;
  locationHistory?: LocationHistoryItem[];
  createdAt?: Date;
}

/** Pins kept in `locationHistory`; every pin also stays on its own timeline entry. */
export const LOCATION_HISTORY_MAX = 50;

/** The newest pin becomes the case's place; the one it replaces is kept in the history first. */
function withPin(c: CaseState, pin: CaseLocation, now: Date): Record<string, unknown> {
  const history = [...(c.locationHistory ?? [])];
  if (!history.length && c.location) history.push({ ...c.location, at: c.createdAt ?? now });
  history.push({ ...pin, at: now });
  return { location: pin, locationHistory: history.slice(-LOCATION_HISTORY_MAX) };
}

export interface CaseChanges {
  set: Record<string, unknown>;
  inc?: Record<string, number>;
  addToSet?: Record<string, unknown[]>;
}

export type Decision =
  | { ok: true; changes: CaseChanges; entry: TimelineEntry }
  | { ok: false; reason: Refusal };

const OFFICER_ACTIONS = new Set<CaseAction['type']>([
  'acknowledge',
  'start',
  'refer',
  'close',
  'note',
  'relay',
  'add_problem_types',
  'details_viewed',
  'merge',
  'merged_from',
  'media_viewed',
  'transfer',
]);
// media_viewed: the reporter opening an officer's photo sent to them (issue 14) is logged as theirs.
const REPORTER_ACTIONS = new Set<CaseAction['type']>(['reopen', 'reporter_info', 'rate', 'comment', 'update_details', 'checkin', 'media_viewed']);
// transfer: a re-route after the reporter's later place put the case in another center's province (duty/reroute.ts).
const SYSTEM_ACTIONS = new Set<CaseAction['type']>(['escalate', 'update_details', 'escalate_stale', 'transfer']);

function allowedFor(actor: Actor, type: CaseAction['type']): boolean {
  if (actor.kind === 'officer' || actor.kind === 'api') return OFFICER_ACTIONS.has(type);
  if (actor.kind === 'reporter') return REPORTER_ACTIONS.has(type);
  return SYSTEM_ACTIONS.has(type);
}

const refuse = (reason: Refusal): Decision => ({ ok: false, reason });

export function decideCaseAction(c: CaseState, action: CaseAction, actor: Actor, now: Date, entryId: string): Decision {
  if (!allowedFor(actor, action.type)) return refuse('not_allowed_for_actor');
  const entry = (kind: TimelineEntry['kind'], isPublic: boolean, extra: Partial<TimelineEntry> = {}): TimelineEntry => ({
    id: entryId,
    at: now,
    kind,
    actor,
    public: isPublic,
    ...extra,
  });
  const ok = (changes: CaseChanges, e: TimelineEntry): Decision => ({ ok: true, changes, entry: e });
  const closed = c.status === 'closed';

  switch (action.type) {
    case 'acknowledge':
      if (c.status !== 'new') return refuse(closed ? 'closed' : 'already_acknowledged');
      return ok(
        { set: { status: 'acknowledged', owner: { id: actor.id, name: actor.name }, acknowledgedAt: now } },
        entry('acknowledged', true),
      );
    case 'start':
      if (c.status === 'new') return refuse('not_acknowledged');
      if (closed) return refuse('closed');
      if (c.status === 'in_progress') return refuse('same_status');
      return ok({ set: { status: 'in_progress' } }, entry('in_progress', true));
    case 'refer': {
      const agency = action.agency.trim();
      if (!agency) return refuse('invalid');
      if (c.status === 'new') return refuse('not_acknowledged');
      if (closed) return refuse('closed');
      return ok({ set: { status: 'referred', referredTo: agency } }, entry('referred', true, { text: agency }));
    }
    case 'close':
      if (c.status === 'new') return refuse('not_acknowledged');
      if (closed) return refuse('closed');
      // A duplicate must name the case that carries on: only `merge` closes with that outcome.
      if (action.outcome === 'duplicate') return refuse('invalid');
      return ok(
        { set: { status: 'closed', outcome: action.outcome, closingNote: action.note.trim(), closedAt: now } },
        entry('closed', true, { outcome: action.outcome, text: action.note.trim() }),
      );
    case 'reopen':
      if (!closed) return refuse('not_closed');
      // A reopened case goes back to the queue: it must be picked up (and escalates) like a new one.
      return ok(
        { set: { status: 'new', reopenedAt: now, escalationRound: 0 }, inc: { reopenCount: 1 } },
        entry('reopened', true, { text: action.text }),
      );
    case 'note':
      if (!action.text.trim()) return refuse('invalid');
      return ok({ set: {} }, entry('note', false, { text: action.text.trim() }));
    case 'relay': {
      const text = action.text.trim() || undefined;
      const attachments = action.attachments?.length ? action.attachments : undefined;
      if (!text && !attachments) return refuse('invalid');
      if (action.after && !closed) return refuse('not_closed');
      // Officer photos join the case's attachments: kept, served and deleted with the case like the reporter's.
      return ok(
        attachments ? { set: {}, addToSet: { attachments } } : { set: {} },
        entry('relay', true, { ...(text ? { text } : {}), ...(attachments ? { attachments } : {}), ...(action.after ? { after: true } : {}) }),
      );
    }
    case 'reporter_info': {
      const text = action.text?.trim() || undefined;
      const attachments = action.attachments?.length ? action.attachments : undefined;
      if (!text && !attachments && !action.location && !action.sticker) return refuse('invalid');
      const set = action.location ? withPin(c, action.location, now) : {};
      return ok(
        attachments ? { set, addToSet: { attachments } } : { set },
        entry('reporter_info', true, {
          text,
          attachments,
          ...(action.location ? { location: action.location } : {}),
          ...(action.sticker && !text && !attachments && !action.location ? { sticker: true } : {}),
        }),
      );
    }
    case 'add_problem_types': {
      if (closed) return refuse('closed');
      const added = action.problemTypes.filter((p) => PROBLEM_TYPES.includes(p) && !c.problemTypes.includes(p));
      if (!added.length) return refuse('invalid');
      const urgent = c.urgent || added.some((p) => URGENT_PROBLEM_TYPES.includes(p));
      return ok(
        { set: { urgent }, addToSet: { problemTypes: added } },
        entry('problem_types_added', false, { problemTypes: added }),
      );
    }
    case 'rate':
      if (!closed) return refuse('not_closed');
      if (c.rating) return refuse('already_rated');
      if (!Number.isInteger(action.score) || action.score < 1 || action.score > 5) return refuse('invalid');
      return ok(
        { set: { rating: { score: action.score, comment: action.comment?.trim() || undefined, at: now } } },
        entry('rated', false, { score: action.score, text: action.comment?.trim() || undefined }),
      );
    case 'comment':
      if (!closed || !c.rating) return refuse('not_closed');
      if (!action.text.trim()) return refuse('invalid');
      return ok({ set: { 'rating.comment': action.text.trim() } }, entry('rated', false, { text: action.text.trim() }));
    case 'escalate':
      if (c.status !== 'new') return refuse('already_acknowledged');
      return ok({ set: { escalationRound: action.round } }, entry('escalated', false, { round: action.round }));
    case 'update_details': {
      if (closed) return refuse('closed');
      const { attachments, problemTypes, ...rest } = action.patch;
      // A place given in the SOS follow-ups is a later place like a pin sent later: the history keeps the
      // one it replaces, and the entry names it, so the re-route (duty/reroute.ts) reads it as it reads a pin.
      const set: Record<string, unknown> = { ...rest, ...(rest.location ? withPin(c, rest.location, now) : {}) };
      const addToSet: Record<string, unknown[]> = {};
      if (attachments?.length) addToSet.attachments = attachments;
      if (problemTypes?.length) {
        addToSet.problemTypes = problemTypes;
        if (!c.urgent && problemTypes.some((p) => URGENT_PROBLEM_TYPES.includes(p))) set.urgent = true;
      }
      return ok(
        { set, ...(Object.keys(addToSet).length ? { addToSet } : {}) },
        entry('details_updated', false, rest.location ? { location: rest.location } : {}),
      );
    }
    case 'details_viewed':
      return ok({ set: {} }, entry('details_viewed', false));
    case 'merge': {
      const into = action.into.trim();
      if (!into) return refuse('invalid');
      // A copy may be merged before anyone acknowledged it: it is the same emergency, already in hand.
      if (closed) return refuse('closed');
      return ok(
        { set: { status: 'closed', outcome: 'duplicate', mergedInto: into, closedAt: now } },
        entry('closed', true, { outcome: 'duplicate', mergedInto: into }),
      );
    }
    case 'merged_from':
      if (!action.from.trim()) return refuse('invalid');
      return ok({ set: {} }, entry('merged_from', true, { text: action.from.trim() }));
    case 'escalate_stale':
      if (c.status !== 'acknowledged' && c.status !== 'in_progress') return refuse('same_status');
      return ok({ set: {} }, entry('stale_escalated', false, { round: action.round }));
    case 'transfer':
      if (closed) return refuse('closed');
      if (action.to === action.from) return refuse('same_status');
      // The system moves only a case nobody has taken (a re-route): decided again on the version it
      // writes to, so an acknowledgement that won the race keeps the case where the officer has it.
      if (actor.kind === 'system' && c.status !== 'new') return refuse('already_acknowledged');
      return ok(
        { set: { centerCode: action.to } },
        entry('transferred', true, { fromCenter: action.from, toCenter: action.to, text: action.toName, ...(action.province ? { province: action.province } : {}) }),
      );
    case 'checkin':
      // "Not safe" on a closed case is answered with the emergency numbers by the caller.
      if (closed) return refuse('closed');
      return ok({ set: {} }, entry('checkin', false, { safe: action.safe }));
    case 'media_viewed':
      return ok({ set: {} }, entry('media_viewed', false, { attachments: [{ messageId: action.attachment.messageId, type: action.attachment.type }] }));
  }
}
