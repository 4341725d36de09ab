import { Schema, type Connection, type Model } from 'mongoose';
import { DUTY_ROLES, isConfiguredGroup, type ConfiguredGroups, type DutyRole, type RegisteredGroup } from './shift';

/**
 * Duty groups registered with a one-time code (`duty_groups`). Groups named in the configuration
 * need no entry here. Only ids and roles are stored: nothing about the members.
 */

interface DutyGroupRecord {
  groupId: string;
  role: DutyRole;
  registeredAt: Date;
}

const dutyGroupSchema = new Schema<DutyGroupRecord>(
  {
    groupId: { type: String, required: true },
    role: { type: String, enum: DUTY_ROLES, required: true },
    registeredAt: { type: Date, required: true },
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
  register(groupId: string, role: DutyRole, now: Date): Promise<void>;
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
      })),
    roleOf: async (chatId) => configuredRole(chatId) ?? (await DutyGroup.findOne({ groupId: chatId }).lean<DutyGroupRecord>())?.role,
    register: async (groupId, role, now) => {
      await DutyGroup.updateOne({ groupId }, { $set: { role, registeredAt: now } }, { upsert: true });
    },
    remove: async (groupId) => (await DutyGroup.deleteOne({ groupId })).deletedCount > 0,
  };
}
