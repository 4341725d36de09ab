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
  /** Every registered group; from this process's copy when it is younger than the TTL. */
  list(): Promise<RegisteredGroup[]>;
  /** The registered group of a chat, read again when this process's copy does not know it. */
  find(chatId: string): Promise<RegisteredGroup | undefined>;
  /** The role of a chat: from the configuration first, then from registration. */
  roleOf(chatId: string): Promise<DutyRole | undefined>;
  register(groupId: string, role: DutyRole, now: Date, centerCode?: string): Promise<void>;
  /** Forgets a registered group (the bot left it). Configured groups are not affected. */
  remove(groupId: string): Promise<boolean>;
}

/**
 * How long a process answers `list` from its own copy. Every new case asks which group is on shift
 * (several times per case: the card, the routing, escalation), and registrations change a few times a
 * year, so one read per TTL replaces one per lookup. This process's own writes drop the copy at once;
 * another instance's registration or removal is seen here at most this late. That is safe: a card in
 * that window goes to the group that was on shift a moment before (still a duty group of the center,
 * whose officers can take it, and the case records which group it went to), and a chat this copy does
 * not know at all (`find`, `roleOf`: a group registered a moment ago) is always read again.
 */
export const GROUP_LIST_TTL_MS = 5_000;

export function createGroupRegistry(
  conn: Connection,
  configured: ConfiguredGroups,
  opts: { ttlMs?: number; clock?: () => number } = {},
): GroupRegistry {
  const DutyGroup = dutyGroupModel(conn);
  const ttlMs = opts.ttlMs ?? GROUP_LIST_TTL_MS;
  const clock = opts.clock ?? Date.now;
  const configuredRole = (chatId: string): DutyRole | undefined => {
    if (!isConfiguredGroup(chatId, configured)) return undefined;
    if (chatId === configured.DUTY_GROUP_ID) return configured.DUTY_NIGHT_GROUP_ID ? 'day' : 'both';
    if (chatId === configured.DUTY_NIGHT_GROUP_ID) return 'night';
    return 'escalation';
  };
  const read = async (): Promise<RegisteredGroup[]> =>
    (await DutyGroup.find({}).lean<DutyGroupRecord[]>()).map((g) => ({
      groupId: g.groupId,
      role: g.role,
      registeredAt: g.registeredAt,
      ...(g.centerCode ? { centerCode: g.centerCode } : {}),
    }));
  // One read in flight at a time: concurrent lookups of one case share it.
  let copy: { at: number; groups: Promise<RegisteredGroup[]> } | undefined;
  const drop = () => {
    copy = undefined;
  };
  function list(fresh = false): Promise<RegisteredGroup[]> {
    if (!fresh && copy && clock() - copy.at < ttlMs) return copy.groups;
    const mine = { at: clock(), groups: read() };
    copy = mine;
    // A failed read is not remembered.
    mine.groups.catch(() => {
      if (copy === mine) drop();
    });
    return mine.groups;
  }
  async function find(chatId: string): Promise<RegisteredGroup | undefined> {
    return (await list()).find((g) => g.groupId === chatId) ?? (await list(true)).find((g) => g.groupId === chatId);
  }
  return {
    list: () => list(),
    find,
    roleOf: async (chatId) => configuredRole(chatId) ?? (await find(chatId))?.role,
    register: async (groupId, role, now, centerCode) => {
      const update = centerCode ? { $set: { role, registeredAt: now, centerCode } } : { $set: { role, registeredAt: now }, $unset: { centerCode: 1 } };
      try {
        await DutyGroup.updateOne({ groupId }, update, { upsert: true });
      } finally {
        drop();
      }
    },
    remove: async (groupId) => {
      try {
        return (await DutyGroup.deleteOne({ groupId })).deletedCount > 0;
      } finally {
        drop();
      }
    },
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
