import { Schema, type Connection, type Model } from 'mongoose';
import type { SessionState } from './types';
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
    expiredNoted: Boolean,
    recent: { type: [new Schema({ intakeId: String, caseNumber: String }, { _id: false })], default: [] },
    appliedEventIds: { type: [String], default: [] },
    updatedAt: Date,
    savedAt: Date,
  },
  { collection: 'intake_sessions', versionKey: false, minimize: false },
);
// Least data kept: a conversation untouched for 30 days (its draft answers included) is deleted.
sessionSchema.index({ savedAt: 1 }, { expireAfterSeconds: 30 * 24 * 3600 });

export type SessionModel = Model<SessionDoc>;

export const sessionModel = (conn: Connection): SessionModel =>
  (conn.models.IntakeSession as SessionModel | undefined) ?? conn.model<SessionDoc>('IntakeSession', sessionSchema);
