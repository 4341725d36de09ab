import type { Connection } from 'mongoose';
import { caseModel, counterModel } from '../cases/model';
import type { CaseRecord } from '../cases/types';

/**
 * Loads prepared cases (demo or bench data) through the Case model. Idempotent: cases whose
 * `sourceId` is already stored are skipped, so seeding twice never duplicates. `createdAt` is the
 * case's own date, so timestamps are switched off for the insert.
 */

const CHUNK = 1000;
const CASE_NUMBER = /^([A-Z]{2,6})-(\d{4})-(\d{4,})$/;

export interface SeedResult {
  inserted: number;
  skipped: number;
}

/** `validate: false` skips mongoose casting/validation (the bench's 100,000 generated cases). */
export async function seedCases(conn: Connection, cases: CaseRecord[], opts: { validate?: boolean } = {}): Promise<SeedResult> {
  const Case = caseModel(conn);
  let inserted = 0;
  let skipped = 0;
  for (let i = 0; i < cases.length; i += CHUNK) {
    const chunk = cases.slice(i, i + CHUNK);
    const existing = await Case.find({ sourceId: { $in: chunk.map((c) => c.sourceId) } }, { sourceId: 1, _id: 0 })
      .lean<{ sourceId: string }[]>()
      .exec();
    const have = new Set(existing.map((e) => e.sourceId));
    const missing = chunk.filter((c) => !have.has(c.sourceId));
    skipped += chunk.length - missing.length;
    if (!missing.length) continue;
    try {
      const res =
        opts.validate === false
          ? await Case.insertMany(missing, { ordered: false, timestamps: false, lean: true })
          : await Case.insertMany(missing, { ordered: false, timestamps: false });
      inserted += res.length;
    } catch (err) {
      // A concurrent seed inserted some of them first: the unique sourceId index refused those.
      const e = err as { code?: number; insertedDocs?: unknown[]; writeErrors?: { code?: number }[] };
      const allDuplicates = e.code === 11000 || (e.writeErrors ?? []).every((w) => w.code === 11000);
      if (!allDuplicates) throw err;
      const n = e.insertedDocs?.length ?? 0;
      inserted += n;
      skipped += missing.length - n;
    }
  }
  await bumpCaseCounters(conn, cases);
  return { inserted, skipped };
}

/**
 * Seeded case numbers come from the same sequence as live ones (`case:<center>:<year>`): move each
 * counter past the highest seeded number so the next live case does not collide with a seeded one.
 */
async function bumpCaseCounters(conn: Connection, cases: CaseRecord[]): Promise<void> {
  const highest = new Map<string, number>();
  for (const c of cases) {
    const m = CASE_NUMBER.exec(c.caseNumber);
    if (!m) continue;
    const key = `case:${m[1]}:${m[2]}`;
    highest.set(key, Math.max(highest.get(key) ?? 0, Number(m[3])));
  }
  const Counter = counterModel(conn);
  for (const [key, seq] of highest) {
    await Counter.updateOne({ _id: key }, { $max: { seq } }, { upsert: true }).exec();
  }
}
