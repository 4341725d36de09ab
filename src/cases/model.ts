import { Schema, type Connection, type Model } from 'mongoose';
import type { CaseRecord } from './types';
import { CASE_STATUSES, CHANNELS, OUTCOMES, PROBLEM_TYPES, SEXES, TARGET_GROUPS } from './vocab';

const actorSchema = new Schema(
  { kind: { type: String, required: true }, id: String, name: String },
  { _id: false },
);
const evidenceSchema = new Schema(
  { status: { type: String, required: true }, contentType: String, size: Number, sha256: String, at: Date, reason: String },
  { _id: false },
);
const attachmentSchema = new Schema(
  { messageId: { type: String, required: true }, type: String, duration: Number, evidence: { type: evidenceSchema, default: undefined }, from: String },
  { _id: false },
);

/** Where help is needed; also kept by intake sessions while a report is being made. */
export const locationSchema = new Schema(
  { lat: Number, lng: Number, address: String, district: String, districtCode: String, province: String, outOfProvince: Boolean },
  { _id: false },
);

const locationHistorySchema = new Schema(
  { ...locationSchema.obj, at: { type: Date, required: true } },
  { _id: false },
);

const timelineSchema = new Schema(
  {
    id: { type: String, required: true },
    at: { type: Date, required: true },
    kind: { type: String, required: true },
    actor: { type: actorSchema, required: true },
    public: { type: Boolean, required: true },
    fingerprint: String,
    text: String,
    outcome: String,
    problemTypes: { type: [String], default: undefined },
    attachments: { type: [attachmentSchema], default: undefined },
    score: Number,
    round: Number,
    mergedInto: String,
    location: { type: locationSchema, default: undefined },
    safe: Boolean,
    sticker: Boolean,
    fromCenter: String,
    toCenter: String,
    after: Boolean,
    province: String,
  },
  { _id: false },
);

const caseSchema = new Schema<CaseRecord>(
  {
    caseNumber: { type: String, required: true },
    centerCode: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    sourceId: { type: String, required: true },
    reporterUserId: String,
    problemTypes: { type: [String], enum: PROBLEM_TYPES, default: [] },
    urgent: { type: Boolean, default: false },
    sos: { type: Boolean, default: false },
    targetGroup: { type: String, enum: TARGET_GROUPS },
    sex: { type: String, enum: SEXES },
    location: { type: locationSchema },
    details: String,
    attachments: { type: [attachmentSchema], default: [] },
    phone: String,
    contactViaLine: Boolean,
    status: { type: String, enum: CASE_STATUSES, default: 'new' },
    owner: { type: new Schema({ id: String, name: String }, { _id: false }) },
    referredTo: String,
    outcome: { type: String, enum: OUTCOMES },
    closingNote: String,
    rating: { type: new Schema({ score: Number, comment: String, at: Date }, { _id: false }) },
    reopenCount: { type: Number, default: 0 },
    escalationRound: { type: Number, default: 0 },
    dutyGroupId: String,
    timeline: { type: [timelineSchema], default: [] },
    pendingNotify: { type: [String], default: [] },
    notifyAfter: Date,
    notifyAttempts: Number,
    version: { type: Number, default: 0 },
    acknowledgedAt: Date,
    closedAt: Date,
    reopenedAt: Date,
    mergedInto: String,
    locationHistory: { type: [locationHistorySchema], default: undefined },
    dutyTeam: { type: String, enum: ['day', 'night'] },
  },
  { collection: 'cases', timestamps: true, versionKey: false },
);

// Every query the bot, the admin API and the report run is covered by one of these (see README).
caseSchema.index({ caseNumber: 1 }, { unique: true });
caseSchema.index({ sourceId: 1 }, { unique: true });
caseSchema.index({ reporterUserId: 1, createdAt: -1 });
caseSchema.index({ status: 1, urgent: -1, createdAt: 1 });
caseSchema.index({ createdAt: 1 });
caseSchema.index({ createdAt: -1, _id: -1 });
caseSchema.index({ pendingNotify: 1 });
// A center's open cases (hasOpenCases before a center is deleted; the per-center queue).
caseSchema.index({ centerCode: 1, status: 1 });

export type CaseModel = Model<CaseRecord>;

export const caseModel = (conn: Connection): CaseModel =>
  (conn.models.Case as CaseModel | undefined) ?? conn.model<CaseRecord>('Case', caseSchema);

interface CounterRecord {
  _id: string;
  seq: number;
}
const counterSchema = new Schema<CounterRecord>({ _id: String, seq: Number }, { collection: 'counters', versionKey: false });
export type CounterModel = Model<CounterRecord>;
export const counterModel = (conn: Connection): CounterModel =>
  (conn.models.Counter as CounterModel | undefined) ?? conn.model<CounterRecord>('Counter', counterSchema);
