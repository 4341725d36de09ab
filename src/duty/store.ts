import { Schema, type Connection, type Model } from 'mongoose';
import { DUTY_ROLES, isConfiguredGroup, type ConfiguredGroups, type DutyRole, type RegisteredGroup } from './shift';
import { isPhotoWindow, PENDING_TTL_MS, PHOTO_WINDOW_MS, type Pending, type PendingClose } from './decide';

/** Persistence of the duty feature: registered duty groups, and officers' pending answers. */

/**
 * Duty groups registered with a one-time code (`duty_groups`). Groups named in the configuration
 * need no entry here. Only ids and roles are stored: nothing about the members.
 */

interface DutyGroupRecord {
  groupId: string;
  role: DutyRole;
  registeredAt: Date;
  /** Absent on groups registered before centers existed: those are the home center's. */
  centerCode?: string;
}

const dutyGroupSchema = new Schema<DutyGroupRecord>(
  {
    groupId: { type: String, required: true },
    role: { type: String, enum: DUTY_ROLES, required: true },
    registeredAt: { type: Date, required: true },
    centerCode: String,
  },
  { collection: 'duty_groups', versionKey: false },
);
dutyGroupSchema.index({ groupId: 1 }, { unique: true });

export type DutyGroupModel = Model<DutyGroupRecord>;
export const dutyGroupModel = (conn: Connection): DutyGroupModel =>
  (conn.models.DutyGroup as DutyGroupModel | undefined) ?? conn.model<DutyGroupRecord>('DutyGroup', dutyGroupSchema);

export interface GroupRegistry {
  list(): Promise<RegisteredGroup[]>;
  /** The role of a chat: from the configuration first, then from registration. */
  roleOf(chatId: string): Promise<DutyRole | undefined>;
  register(groupId: string, role: DutyRole, now: Date, centerCode?: string): Promise<void>;
  /** Forgets a registered group (the bot left it). Configured groups are not affected. */
  remove(groupId: string): Promise<boolean>;
}

export function createGroupRegistry(conn: Connection, configured: ConfiguredGroups): GroupRegistry {
  const DutyGroup = dutyGroupModel(conn);
  const configuredRole = (chatId: string): DutyRole | undefined => {
    if (!isConfiguredGroup(chatId, configured)) return undefined;
    if (chatId === configured.DUTY_GROUP_ID) return configured.DUTY_NIGHT_GROUP_ID ? 'day' : 'both';
    if (chatId === configured.DUTY_NIGHT_GROUP_ID) return 'night';
    return 'escalation';
  };
  return {
    list: async () =>
      (await DutyGroup.find({}).lean<DutyGroupRecord[]>()).map((g) => ({
        groupId: g.groupId,
        role: g.role,
        registeredAt: g.registeredAt,
        ...(g.centerCode ? { centerCode: g.centerCode } : {}),
      })),
    roleOf: async (chatId) => configuredRole(chatId) ?? (await DutyGroup.findOne({ groupId: chatId }).lean<DutyGroupRecord>())?.role,
    register: async (groupId, role, now, centerCode) => {
      const update = centerCode ? { $set: { role, registeredAt: now, centerCode } } : { $set: { role, registeredAt: now }, $unset: { centerCode: 1 } };
      await DutyGroup.updateOne({ groupId }, update, { upsert: true });
    },
    remove: async (groupId) => (await DutyGroup.deleteOne({ groupId })).deletedCount > 0,
  };
}

/**
 * An officer's unfinished step (a close waiting for its note, a referral for its agency, a merge for
 * the case that carries on), per group and officer, in MongoDB
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
      const p = doc.pending as { kind: string; caseNumber: string; outcome?: PendingClose['outcome']; note?: string };
      if (p.kind === 'refer' || p.kind === 'merge' || p.kind === 'relay_photo' || p.kind === 'after_photo') return { kind: p.kind, caseNumber: p.caseNumber };
      if (p.kind !== 'close') return undefined;
      return { kind: 'close', caseNumber: p.caseNumber, ...(p.outcome ? { outcome: p.outcome } : {}), ...(p.note ? { note: p.note } : {}) };
    },
    set: async (chatId, userId, pending, now) => {
      await P.updateOne(
        { _id: key(chatId, userId) },
        { $set: { pending, expiresAt: new Date(now.getTime() + (isPhotoWindow(pending) ? PHOTO_WINDOW_MS : PENDING_TTL_MS)) } },
        { upsert: true },
      );
    },
    clear: async (chatId, userId) => {
      await P.deleteOne({ _id: key(chatId, userId) });
    },
  };
}
