import { createHash, randomInt } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { normaliseEnrollCode } from './commands';
import { DUTY_ROLES, type DutyRole } from './shift';

/**
 * One-time enrollment codes (`duty_enroll_codes`). Only a hash of the code is stored, so reading
 * the database does not let anyone register a group. A code is redeemed atomically (one
 * findOneAndUpdate), so two groups typing the same code cannot both get it; the same webhook event
 * processed again finds its own redemption and succeeds again.
 */

interface EnrollCodeRecord {
  codeHash: string;
  role: DutyRole;
  /** The center the group will belong to; absent: the home center. */
  centerCode?: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt?: Date;
  usedByGroupId?: string;
  usedByEventId?: string;
}

const enrollCodeSchema = new Schema<EnrollCodeRecord>(
  {
    codeHash: { type: String, required: true },
    role: { type: String, enum: DUTY_ROLES, required: true },
    centerCode: String,
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: Date,
    usedByGroupId: String,
    usedByEventId: String,
  },
  { collection: 'duty_enroll_codes', versionKey: false },
);
enrollCodeSchema.index({ codeHash: 1 }, { unique: true });
// Housekeeping only: validity is always checked against expiresAt in the query itself.
enrollCodeSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 7 * 24 * 3600 });

export type EnrollCodeModel = Model<EnrollCodeRecord>;
export const enrollCodeModel = (conn: Connection): EnrollCodeModel =>
  (conn.models.DutyEnrollCode as EnrollCodeModel | undefined) ??
  conn.model<EnrollCodeRecord>('DutyEnrollCode', enrollCodeSchema);

// No 0/O or 1/I: the code is read off a screen and typed on a phone.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

export const hashEnrollCode = (code: string) => createHash('sha256').update(normaliseEnrollCode(code)).digest('hex');

/** Creates a code for `role`, valid for `ttlMinutes`; returns it formatted "ABCD-EFGH". */
export async function createEnrollCode(
  conn: Connection,
  opts: { role: DutyRole; ttlMinutes: number; now: Date; centerCode?: string },
): Promise<{ code: string; expiresAt: Date }> {
  const Code = enrollCodeModel(conn);
  const raw = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
  const expiresAt = new Date(opts.now.getTime() + Math.round(opts.ttlMinutes * 60_000));
  await Code.create({
    codeHash: hashEnrollCode(code),
    role: opts.role,
    ...(opts.centerCode ? { centerCode: opts.centerCode } : {}),
    createdAt: opts.now,
    expiresAt,
  });
  return { code, expiresAt };
}

/** Uses up a code for a group; the role (and center) it grants, or undefined for a wrong, used or expired code. */
export async function redeemEnrollCode(
  conn: Connection,
  opts: { code: string; groupId: string; eventId: string; now: Date },
): Promise<{ role: DutyRole; centerCode?: string } | undefined> {
  const Code = enrollCodeModel(conn);
  const codeHash = hashEnrollCode(opts.code);
  const doc = await Code.findOneAndUpdate(
    {
      codeHash,
      $or: [{ usedAt: { $exists: false }, expiresAt: { $gt: opts.now } }, { usedByEventId: opts.eventId }],
    },
    { $set: { usedAt: opts.now, usedByGroupId: opts.groupId, usedByEventId: opts.eventId } },
    { returnDocument: 'after' },
  ).lean<EnrollCodeRecord>();
  return doc ? { role: doc.role, ...(doc.centerCode ? { centerCode: doc.centerCode } : {}) } : undefined;
}
