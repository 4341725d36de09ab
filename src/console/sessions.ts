import { createHash, randomBytes } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Console sessions, kept in MongoDB so a restart or a second instance keeps officers signed in.
 * The cookie carries a random token; the database keeps only its SHA-256, so a leaked database
 * dump cannot be replayed as cookies. A 'login' document holds the OIDC state/nonce between the
 * redirect to LINE and the callback.
 */

export const SESSION_MAX_MS = 8 * 60 * 60_000;
export const SESSION_IDLE_MS = 30 * 60_000;
/** Membership in the LINE groups is checked again at least this often. */
export const MEMBERSHIP_RECHECK_MS = 60 * 60_000;
const LOGIN_MAX_MS = 10 * 60_000;

export type Role = 'officer' | 'supervisor';

export interface ConsoleSession {
  _id: string;
  kind: 'session' | 'login';
  userId?: string;
  name?: string;
  centerCode?: string;
  role?: Role;
  /** A member of the national desk's groups: sees every center's cases. */
  national?: boolean;
  csrf: string;
  state?: string;
  nonce?: string;
  returnTo?: string;
  createdAt: Date;
  lastSeenAt: Date;
  checkedAt?: Date;
  /** Hard end: TTL index removes the document after it. */
  expiresAt: Date;
}

const schema = new Schema<ConsoleSession>(
  {
    _id: { type: String },
    kind: { type: String, required: true },
    userId: String,
    name: String,
    centerCode: String,
    role: String,
    national: Boolean,
    csrf: { type: String, required: true },
    state: String,
    nonce: String,
    returnTo: String,
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    checkedAt: Date,
    expiresAt: { type: Date, required: true },
  },
  { collection: 'console_sessions', versionKey: false },
);
schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const sessionModel = (conn: Connection): Model<ConsoleSession> =>
  (conn.models.ConsoleSession as Model<ConsoleSession>) ?? conn.model<ConsoleSession>('ConsoleSession', schema);

export const newToken = () => randomBytes(32).toString('base64url');
const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface SessionStore {
  startLogin(returnTo: string, now: Date): Promise<{ token: string; state: string; nonce: string }>;
  /** Takes the login document (single use). */
  takeLogin(token: string, now: Date): Promise<ConsoleSession | null>;
  create(who: { userId: string; name: string; centerCode: string; role: Role; national?: boolean }, now: Date): Promise<{ token: string; session: ConsoleSession }>;
  /** The live session of a cookie token, its idle time refreshed; null when missing, idle or past 8 h. */
  touch(token: string, now: Date): Promise<ConsoleSession | null>;
  rechecked(id: string, role: Role, now: Date): Promise<void>;
  end(token: string): Promise<void>;
  endById(id: string): Promise<void>;
}

export function createSessionStore(conn: Connection): SessionStore {
  const S = sessionModel(conn);
  return {
    async startLogin(returnTo, now) {
      const token = newToken();
      const state = newToken();
      const nonce = newToken();
      await S.create({ _id: hashOf(token), kind: 'login', csrf: newToken(), state, nonce, returnTo, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + LOGIN_MAX_MS) });
      return { token, state, nonce };
    },
    async takeLogin(token, now) {
      const doc = await S.findOneAndDelete({ _id: hashOf(token), kind: 'login' }).lean<ConsoleSession>();
      return doc && doc.expiresAt > now ? doc : null;
    },
    async create(who, now) {
      const token = newToken();
      const doc: ConsoleSession = {
        _id: hashOf(token),
        kind: 'session',
        ...who,
        csrf: newToken(),
        createdAt: now,
        lastSeenAt: now,
        checkedAt: now,
        expiresAt: new Date(now.getTime() + SESSION_MAX_MS),
      };
      await S.create(doc);
      return { token, session: doc };
    },
    async touch(token, now) {
      const doc = await S.findOne({ _id: hashOf(token), kind: 'session' }).lean<ConsoleSession>();
      if (!doc) return null;
      if (doc.expiresAt <= now || now.getTime() - doc.lastSeenAt.getTime() > SESSION_IDLE_MS) {
        await S.deleteOne({ _id: doc._id });
        return null;
      }
      // Written at most once a minute: an open queue page polls nothing, but every request would write.
      if (now.getTime() - doc.lastSeenAt.getTime() > 60_000) await S.updateOne({ _id: doc._id }, { $set: { lastSeenAt: now } });
      return doc;
    },
    async rechecked(id, role, now) {
      await S.updateOne({ _id: id }, { $set: { role, checkedAt: now } });
    },
    async end(token) {
      await S.deleteOne({ _id: hashOf(token) });
    },
    async endById(id) {
      await S.deleteOne({ _id: id });
    },
  };
}
