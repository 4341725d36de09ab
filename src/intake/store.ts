import { Schema, type Connection, type Model } from 'mongoose';
import type { Say, SessionState } from './types';
import { locationSchema } from '../cases/model';

/**
 * One document per LINE user in `intake_sessions`: the conversation lives here, never in process
 * memory, so any instance can answer the next message and a restart loses nobody's progress.
 * Writes are conditional on `version` (optimistic concurrency, no transactions).
 */

export interface SessionDoc extends SessionState {
  /** The LINE user id. */
  _id: string;
  /** Events whose decision was saved, most recent last: a redelivered event is skipped. */
  appliedEventIds: string[];
  updatedAt: Date;
  /** Wall-clock time of the last save (event times may lag); what retention counts from. */
  savedAt?: Date;
  /**
   * The reply of the event this save applied, when it is queued only after the save (a step whose only
   * effect is its reply): a re-run of that event after a crash between the save and the reply sends it
   * again from here (same reply id) instead of finding the event applied and saying nothing.
   */
  lastReply?: { eventId: string; say: Say[] };
}

/**
 * The last session this process saved or read, per user (null: none stored), so an ordinary step
 * needs no read. Safe because every save is conditional on `version`: if another instance (or a timer
 * elsewhere) saved since, the save from a stale entry matches nothing, and the service drops the
 * entry, reads the session and decides again. Only steps whose effects are their reply (and a new
 * conversation's timer) are decided on a cached session: their reply is queued after the save won,
 * so a stale decision sends nothing. A step that writes to a case reads first. Sessions are written
 * only by `intake/handle.ts`. Bounded: the least recently used entries go first.
 */
export interface SessionCache {
  /** The entry, or undefined when this process has none (null: known to have no session). */
  get(userId: string): SessionDoc | null | undefined;
  set(userId: string, doc: SessionDoc | null): void;
  delete(userId: string): void;
  readonly size: number;
}

export function sessionCache(maxEntries: number): SessionCache {
  // A Map keeps insertion order: re-inserting on use makes its first key the least recently used.
  const entries = new Map<string, SessionDoc | null>();
  return {
    get(userId) {
      const doc = entries.get(userId);
      if (doc === undefined) return undefined;
      entries.delete(userId);
      entries.set(userId, doc);
      return doc;
    },
    set(userId, doc) {
      entries.delete(userId);
      // A copy: the caller's objects may be changed after the save; the cache holds what was written.
      entries.set(userId, doc && structuredClone(doc));
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    delete(userId) {
      entries.delete(userId);
    },
    get size() {
      return entries.size;
    },
  };
}


const answersSchema = new Schema(
  {
    problemType: String,
    location: { type: locationSchema },
    proposedDistrictCode: String,
    districtSettled: Boolean,
    provinceCode: String,
    region: String,
    page: Number,
    proposedProblem: String,
    targetGroup: String,
    sex: String,
    details: String,
    attachments: { type: [new Schema({ messageId: String, type: String, duration: Number }, { _id: false })], default: [] },
    phone: String,
    contactViaLine: Boolean,
    skipped: { type: [String], default: [] },
  },
  { _id: false },
);

const sessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true },
    mode: String,
    intakeId: String,
    step: String,
    history: { type: [String], default: [] },
    editing: { type: Boolean, default: false },
    answers: { type: answersSchema, default: () => ({}) },
    caseNumber: String,
    lastActivityAt: Date,
    timeoutAt: Date,
    expiredNoted: Boolean,
    recent: { type: [new Schema({ intakeId: String, caseNumber: String }, { _id: false })], default: [] },
    appliedEventIds: { type: [String], default: [] },
    updatedAt: Date,
    savedAt: Date,
    lastReply: { type: new Schema({ eventId: String, say: Schema.Types.Mixed }, { _id: false }), default: undefined },
  },
  { collection: 'intake_sessions', versionKey: false, minimize: false },
);
// Least data kept: a conversation untouched for 30 days (its draft answers included) is deleted.
sessionSchema.index({ savedAt: 1 }, { expireAfterSeconds: 30 * 24 * 3600 });

export type SessionModel = Model<SessionDoc>;

export const sessionModel = (conn: Connection): SessionModel =>
  (conn.models.IntakeSession as SessionModel | undefined) ?? conn.model<SessionDoc>('IntakeSession', sessionSchema);
