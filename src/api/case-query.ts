import type { CaseListQuery } from '../cases/store';
import type { District } from '../cases/geo';
import { dayRange, nextDay } from '../reports/date-range';
import { bangkokDayStart } from '../time/thai-time';
import type { CursorPosition } from './cursor';
import type { ListQuery } from './schemas';

/**
 * `GET /api/cases`'s query in the repository's terms: Bangkok calendar days become a half-open
 * createdAt range, a district its DOPA code. The repository sorts by createdAt and pages by keyset.
 */
export function toListQuery(q: ListQuery, district: District | undefined, after: CursorPosition | undefined): CaseListQuery {
  const out: CaseListQuery = { limit: q.limit };
  if (q.from) out.from = bangkokDayStart(q.from);
  if (q.to) out.to = q.from ? dayRange(q.from, q.to).end : bangkokDayStart(nextDay(q.to));
  if (q.status) out.status = q.status;
  if (q.channel) out.channel = q.channel;
  if (q.targetGroup) out.targetGroup = q.targetGroup;
  if (q.problemType) out.problemType = q.problemType;
  if (q.urgent !== undefined) out.urgent = q.urgent;
  if (district) out.districtCode = district.code;
  if (after) out.after = after;
  return out;
}
