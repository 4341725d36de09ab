import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Enrolment codes are 8 characters from a 32-letter alphabet: unguessable one at a time, but a bot in
 * a group could type hundreds a second. Per group, ENROLL_MAX_FAILURES wrong codes within
 * ENROLL_WINDOW_MS lock the group out for ENROLL_LOCK_MS. The failure that locks is answered (once);
 * codes typed during the lockout are neither tried nor answered, so a guesser learns nothing and the
 * bot sends nothing. Events of one group are processed one at a time (the inbox key is the chat), so
 * the read-then-write below cannot race itself.
 */

export const ENROLL_MAX_FAILURES = 5;
export const ENROLL_WINDOW_MS = 10 * 60_000;
export const ENROLL_LOCK_MS = 30 * 60_000;

export interface EnrollAttemptsState {
  failures: { eventId: string; at: Date }[];
  lockedUntil?: Date;
  /** The event whose failure started the lockout: a redelivery of it is answered the same way. */
  lockedByEventId?: string;
}

export type EnrollGate = 'open' | 'locked_answer' | 'locked_silent';

/** Whether a code typed by `eventId` at `now` may be tried. */
export function decideEnrollGate(s: EnrollAttemptsState | undefined, eventId: string, now: Date): EnrollGate {
  if (!s?.lockedUntil || s.lockedUntil.getTime() <= now.getTime()) return 'open';
  return s.lockedByEventId === eventId ? 'locked_answer' : 'locked_silent';
}

/** The state after a wrong code; `locked` when this failure starts a lockout. */
export function decideEnrollFailure(
  s: EnrollAttemptsState | undefined,
  eventId: string,
  now: Date,
): { state: EnrollAttemptsState; locked: boolean } {
  const since = now.getTime() - ENROLL_WINDOW_MS;
  const earlier = (s?.failures ?? []).filter((f) => f.at.getTime() > since && f.eventId !== eventId);
  const failures = [...earlier, { eventId, at: now }].slice(-ENROLL_MAX_FAILURES);
  if (failures.length >= ENROLL_MAX_FAILURES) {
    // The window starts afresh after a lockout: five more tries, then locked again.
    return { state: { failures: [], lockedUntil: new Date(now.getTime() + ENROLL_LOCK_MS), lockedByEventId: eventId }, locked: true };
  }
  return { state: { failures }, locked: false };
}

interface EnrollAttemptsRecord extends EnrollAttemptsState {
  _id: string;
  updatedAt: Date;
}

const schema = new Schema<EnrollAttemptsRecord>(
  {
    _id: { type: String, required: true },
    failures: { type: [new Schema({ eventId: String, at: Date }, { _id: false })], default: [] },
    lockedUntil: Date,
    lockedByEventId: String,
    updatedAt: { type: Date, required: true },
  },
  { collection: 'duty_enroll_attempts', versionKey: false },
);
// Housekeeping: a group that stopped guessing is forgotten after a day.
schema.index({ updatedAt: 1 }, { expireAfterSeconds: 24 * 3600 });

type EnrollAttemptsModel = Model<EnrollAttemptsRecord>;
export const enrollAttemptsModel = (conn: Connection): EnrollAttemptsModel =>
  (conn.models.DutyEnrollAttempts as EnrollAttemptsModel | undefined) ??
  conn.model<EnrollAttemptsRecord>('DutyEnrollAttempts', schema);

export interface EnrollAttempts {
  get(groupId: string): Promise<EnrollAttemptsState | undefined>;
  /** Records a wrong code; true when it locks the group out. */
  fail(groupId: string, eventId: string, now: Date): Promise<boolean>;
  clear(groupId: string): Promise<void>;
}

export function createEnrollAttempts(conn: Connection): EnrollAttempts {
  const M = enrollAttemptsModel(conn);
  const get = async (groupId: string) => {
    const d = await M.findById(groupId).lean<EnrollAttemptsRecord>();
    return d ? { failures: d.failures ?? [], lockedUntil: d.lockedUntil, lockedByEventId: d.lockedByEventId } : undefined;
  };
  return {
    get,
    async fail(groupId, eventId, now) {
      const { state, locked } = decideEnrollFailure(await get(groupId), eventId, now);
      await M.replaceOne({ _id: groupId }, { ...state, updatedAt: now }, { upsert: true });
      return locked;
    },
    async clear(groupId) {
      await M.deleteOne({ _id: groupId });
    },
  };
}
