import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';

/**
 * API keys per center (`center_api_keys`): a key reads and acts on its own center's cases only,
 * beside the national ADMIN_API_TOKEN. Only a SHA-256 of the secret is stored: the key is shown once,
 * when created. The secret is 32 random bytes, so a fast hash is enough (no password stretching
 * needed: there is nothing to guess). A key reads `hk_<id>_<secret>`; the id finds the record, so
 * verification is one lookup and one constant-time comparison.
 */

interface ApiKeyDoc {
  _id: string;
  centerCode: string;
  hash: string;
  createdAt: Date;
  revokedAt?: Date;
}

const apiKeySchema = new Schema<ApiKeyDoc>(
  {
    _id: { type: String, required: true },
    centerCode: { type: String, required: true },
    hash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: Date,
  },
  { collection: 'center_api_keys', versionKey: false },
);
apiKeySchema.index({ centerCode: 1 });

const apiKeyModel = (conn: Connection): Model<ApiKeyDoc> =>
  (conn.models.CenterApiKey as Model<ApiKeyDoc> | undefined) ?? conn.model<ApiKeyDoc>('CenterApiKey', apiKeySchema);

const KEY_RE = /^hk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export interface ApiKeyInfo {
  id: string;
  centerCode: string;
  createdAt: Date;
  revokedAt?: Date;
}

export interface ApiKeyStore {
  /** A new key for a center: `key` is returned only here and never stored. */
  create(centerCode: string, now: Date): Promise<{ id: string; key: string }>;
  /** The center a presented key belongs to, or undefined (unknown, malformed, wrong or revoked). */
  verify(presented: string): Promise<{ id: string; centerCode: string } | undefined>;
  /** Revokes a key; false when there is no such key. Revoking twice keeps the first time. */
  revoke(id: string, now: Date): Promise<boolean>;
  list(centerCode?: string): Promise<ApiKeyInfo[]>;
}

export function createApiKeyStore(conn: Connection): ApiKeyStore {
  const Keys = apiKeyModel(conn);
  const info = (d: ApiKeyDoc): ApiKeyInfo => ({ id: d._id, centerCode: d.centerCode, createdAt: d.createdAt, ...(d.revokedAt ? { revokedAt: d.revokedAt } : {}) });
  return {
    async create(centerCode, now) {
      const id = randomBytes(6).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      await Keys.create({ _id: id, centerCode, hash: sha256(secret).toString('hex'), createdAt: now });
      return { id, key: `hk_${id}_${secret}` };
    },
    async verify(presented) {
      const m = KEY_RE.exec(presented);
      if (!m) return undefined;
      const d = await Keys.findById(m[1]).lean<ApiKeyDoc>();
      // The comparison runs whether or not the id exists, so timing says nothing about which ids do.
      const expected = d ? Buffer.from(d.hash, 'hex') : sha256('');
      const match = timingSafeEqual(sha256(m[2]), expected);
      if (!d || !match || d.revokedAt) return undefined;
      return { id: d._id, centerCode: d.centerCode };
    },
    async revoke(id, now) {
      const r = await Keys.updateOne({ _id: id, revokedAt: { $exists: false } }, { $set: { revokedAt: now } });
      if (r.matchedCount) return true;
      return !!(await Keys.exists({ _id: id }));
    },
    list: async (centerCode) =>
      (await Keys.find(centerCode ? { centerCode } : {}).sort({ createdAt: 1, _id: 1 }).lean<ApiKeyDoc[]>()).map(info),
  };
}
