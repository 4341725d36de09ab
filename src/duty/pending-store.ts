import { Schema, type Connection, type Model } from 'mongoose';
import { PENDING_TTL_MS, type Pending } from './decide';

/**
 * An officer's unfinished step (a close waiting for its note), per group and officer, in MongoDB
 * (`duty_pending`) so it survives a restart and is shared by every app instance.
 */

interface PendingRecord {
  _id: string;
  pending: Pending;
  expiresAt: Date;
}

const pendingSchema = new Schema<PendingRecord>(
  {
    _id: { type: String, required: true },
    pending: {
      type: new Schema(
        { kind: { type: String, required: true }, caseNumber: { type: String, required: true }, outcome: String, note: String },
        { _id: false },
      ),
      required: true,
    },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'duty_pending', versionKey: false },
);
pendingSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 24 * 3600 });

export type PendingModel = Model<PendingRecord>;
export const pendingModel = (conn: Connection): PendingModel =>
  (conn.models.DutyPending as PendingModel | undefined) ?? conn.model<PendingRecord>('DutyPending', pendingSchema);

export interface PendingStore {
  get(chatId: string, userId: string, now: Date): Promise<Pending | undefined>;
  set(chatId: string, userId: string, pending: Pending, now: Date): Promise<void>;
  clear(chatId: string, userId: string): Promise<void>;
}

const key = (chatId: string, userId: string) => `${chatId}:${userId}`;

export function createPendingStore(conn: Connection): PendingStore {
  const P = pendingModel(conn);
  return {
    get: async (chatId, userId, now) => {
      const doc = await P.findOne({ _id: key(chatId, userId), expiresAt: { $gt: now } }).lean<PendingRecord>();
      if (!doc) return undefined;
      const { kind, caseNumber, outcome, note } = doc.pending;
      return { kind, caseNumber, ...(outcome ? { outcome } : {}), ...(note ? { note } : {}) };
    },
    set: async (chatId, userId, pending, now) => {
      await P.updateOne(
        { _id: key(chatId, userId) },
        { $set: { pending, expiresAt: new Date(now.getTime() + PENDING_TTL_MS) } },
        { upsert: true },
      );
    },
    clear: async (chatId, userId) => {
      await P.deleteOne({ _id: key(chatId, userId) });
    },
  };
}
