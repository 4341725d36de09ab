import { Schema, type Connection, type Model } from 'mongoose';
import { thailand, type Geography } from '../geo';
import { checkCenter, homeCenter, resolveCenter, routeProvince, type CenterCheck, type Conflict } from './decide';
import type { Center, CenterEnv, CenterRecord, Routing } from './types';

/**
 * Persistence of the centers. `centers` holds one document per stored center (_id = code).
 * `center_provinces` holds one claim per served province (_id = DOPA code → center): the unique _id
 * is what keeps two centers from serving one province when two administrators write at once, since
 * the database has no multi-document transactions. A write claims its new provinces first, then
 * writes the center, then releases the provinces it no longer serves; a crash between the steps
 * leaves at most a stale claim of the same center, which the next PUT or DELETE of it clears.
 */

interface CenterDoc extends Omit<CenterRecord, 'code'> {
  _id: string;
}

const centerSchema = new Schema<CenterDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    provinces: { type: [String], required: true },
    dutyGroupId: { type: String, required: true },
    nightGroupId: String,
    escalationGroupId: String,
    dayShift: String,
    ackSlaUrgentMinutes: Number,
    ackSlaNormalMinutes: Number,
    updatedAt: { type: Date, required: true },
  },
  { collection: 'centers', versionKey: false },
);
centerSchema.index({ provinces: 1 });

interface ClaimDoc {
  _id: string;
  center: string;
}
const claimSchema = new Schema<ClaimDoc>(
  { _id: { type: String, required: true }, center: { type: String, required: true } },
  { collection: 'center_provinces', versionKey: false },
);
claimSchema.index({ center: 1 });

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

export type CenterModel = Model<CenterDoc>;
export const centerModel = (conn: Connection): CenterModel =>
  (conn.models.Center as CenterModel | undefined) ?? conn.model<CenterDoc>('Center', centerSchema);
const claimModel = (conn: Connection): Model<ClaimDoc> =>
  (conn.models.CenterProvince as Model<ClaimDoc> | undefined) ?? conn.model<ClaimDoc>('CenterProvince', claimSchema);

export type PutResult =
  | { ok: true; created: boolean; changed: boolean; center: Center }
  | Exclude<CenterCheck, { ok: true }>;

export type RemoveResult = { ok: true } | { ok: false; status: 404; error: 'not_found' } | { ok: false; status: 409; error: 'home_center' | 'has_open_cases' };

export interface CenterStore {
  /** The environment's center. */
  readonly home: Center;
  /** Every center, the home center first, then by code. */
  list(): Promise<Center[]>;
  get(code: string): Promise<Center | undefined>;
  /** Creates or replaces a stored center (validated; nothing is written when it is refused). */
  put(code: string, body: unknown, now: Date): Promise<PutResult>;
  /** Deletes a stored center, refused while `hasOpenCases(code)` says it has open cases. */
  remove(code: string, hasOpenCases: (code: string) => Promise<boolean>): Promise<RemoveResult>;
  /** The center serving a province (DOPA code), or the home center marked out of area. */
  centerForProvince(provinceCode: string | undefined): Promise<Routing>;
  /** The center a LINE group belongs to (duty, night or escalation group), if any. */
  centerOfGroup(groupId: string): Promise<Center | undefined>;
}

const toRecord = (d: CenterDoc): CenterRecord => {
  const { _id, ...rest } = d;
  return { ...rest, code: _id };
};

/** The record as compared for idempotence: without the time it was written, keys in one order. */
const comparable = (r: Omit<CenterRecord, 'updatedAt'> | CenterRecord) => {
  const { updatedAt: _u, ...rest } = r as CenterRecord;
  return JSON.stringify(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => a.localeCompare(b))));
};

export function createCenterStore(conn: Connection, env: CenterEnv, geo: Geography = thailand()): CenterStore {
  const Centers = centerModel(conn);
  const Claims = claimModel(conn);
  const home = homeCenter(env, geo);

  const stored = async (): Promise<Center[]> =>
    (await Centers.find({}).sort({ _id: 1 }).lean<CenterDoc[]>()).map((d) => resolveCenter(toRecord(d), env));

  async function claim(code: string, provinces: readonly string[]): Promise<Conflict[]> {
    const conflicts: Conflict[] = [];
    for (const p of provinces) {
      try {
        // Matches our own claim; otherwise tries to insert one, which the unique _id refuses if
        // another center holds the province.
        await Claims.updateOne({ _id: p, center: code }, { $set: { center: code } }, { upsert: true });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const holder = await Claims.findById(p).lean<ClaimDoc>();
        conflicts.push({ kind: 'province', value: p, name: geo.province(p)?.name, center: holder?.center ?? 'unknown' });
      }
    }
    return conflicts;
  }

  return {
    home,
    list: async () => [home, ...(await stored())],
    get: async (code) => {
      if (code === home.code) return home;
      const d = await Centers.findById(code).lean<CenterDoc>();
      return d ? resolveCenter(toRecord(d), env) : undefined;
    },

    async put(code, body, now) {
      const all = await stored();
      const check = checkCenter(code, body, { geo, home, others: all.filter((c) => c.code !== code) });
      if (!check.ok) return check;
      const existing = await Centers.findById(code).lean<CenterDoc>();
      const previous = existing ? toRecord(existing) : undefined;

      const conflicts = await claim(code, check.record.provinces);
      if (conflicts.length) {
        // Another write claimed a province between our check and our claim: give back what this
        // request claimed that the center did not already serve.
        const ours = check.record.provinces.filter((p) => !conflicts.some((c) => c.value === p) && !previous?.provinces.includes(p));
        if (ours.length) await Claims.deleteMany({ _id: { $in: ours }, center: code });
        return { ok: false, status: 409, error: 'conflict', conflicts };
      }
      const changed = !previous || comparable(previous) !== comparable(check.record);
      const record: CenterRecord = changed ? { ...check.record, updatedAt: now } : previous;
      if (changed) {
        const { code: _id, ...doc } = record;
        await Centers.replaceOne({ _id: code }, doc, { upsert: true });
      }
      await Claims.deleteMany({ center: code, _id: { $nin: record.provinces } });
      // Two PUTs of the same code at once can each release the other's provinces: claim ours again,
      // so the claims end as a superset of what the last-written document serves (never a gap).
      await claim(code, record.provinces);
      return { ok: true, created: !previous, changed, center: resolveCenter(record, env) };
    },

    async remove(code, hasOpenCases) {
      if (code === home.code) return { ok: false, status: 409, error: 'home_center' };
      const existing = await Centers.findById(code).lean<CenterDoc>();
      if (!existing) {
        await Claims.deleteMany({ center: code }); // a crash may have left claims of a center never written
        return { ok: false, status: 404, error: 'not_found' };
      }
      if (await hasOpenCases(code)) return { ok: false, status: 409, error: 'has_open_cases' };
      await Centers.deleteOne({ _id: code });
      await Claims.deleteMany({ center: code });
      return { ok: true };
    },

    async centerForProvince(provinceCode) {
      const others = provinceCode && !home.provinces.includes(provinceCode)
        ? (await Centers.find({ provinces: provinceCode }).lean<CenterDoc[]>()).map((d) => resolveCenter(toRecord(d), env))
        : [];
      return routeProvince(provinceCode, home, others);
    },

    async centerOfGroup(groupId) {
      const groups = (c: Center) => [c.dutyGroupId, c.nightGroupId, c.escalationGroupId];
      if (groups(home).includes(groupId)) return home;
      const d = await Centers.findOne({ $or: [{ dutyGroupId: groupId }, { nightGroupId: groupId }, { escalationGroupId: groupId }] }).lean<CenterDoc>();
      return d ? resolveCenter(toRecord(d), env) : undefined;
    },
  };
}
