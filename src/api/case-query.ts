import { Types, type QueryFilter } from 'mongoose';
import type { CaseRecord } from '../cases/types';
import type { District } from '../cases/geo';
import { dayRange, nextDay } from '../reports/date-range';
import { bangkokDayStart } from '../time/thai-time';
import type { CursorPosition } from './cursor';
import type { ListQuery } from './schemas';

/**
 * The MongoDB filter of `GET /api/cases`. Always bounded and sorted by `createdAt`, which the
 * `{ createdAt: -1, _id: -1 }` index serves (README.md, "Indexes"); the other filters narrow the
 * index scan.
 */
export const LIST_SORT = { createdAt: -1, _id: -1 } as const;

export function listFilter(q: ListQuery, district: District | undefined, after: CursorPosition | undefined): QueryFilter<CaseRecord> {
  const and: QueryFilter<CaseRecord>[] = [];
  if (q.from || q.to) {
    const createdAt: Record<string, Date> = {};
    if (q.from) createdAt.$gte = bangkokDayStart(q.from);
    if (q.to) createdAt.$lt = q.from ? dayRange(q.from, q.to).end : bangkokDayStart(nextDay(q.to));
    and.push({ createdAt });
  }
  if (q.status) and.push({ status: q.status });
  if (q.channel) and.push({ channel: q.channel });
  if (q.targetGroup) and.push({ targetGroup: q.targetGroup });
  if (q.problemType) and.push({ problemTypes: q.problemType });
  if (q.urgent !== undefined) and.push({ urgent: q.urgent });
  // Intake and the API store the district code with the name; the code is what the report counts too.
  if (district) and.push({ 'location.districtCode': district.code });
  if (after) {
    const id = new Types.ObjectId(after.id);
    and.push({ $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: id } }] });
  }
  return and.length ? { $and: and } : {};
}
