import type { PipelineStage } from 'mongoose';
import type { Outcome } from '../cases/vocab';
import type { DayRange } from './date-range';
import { bangkok } from '../time/thai-time';

const DUPLICATE: Outcome = 'duplicate';
/** Each Bangkok calendar month the range touches (YYYY-MM) and its part of the range. */
export function monthSpans(range: Pick<DayRange, 'start' | 'end'>): Array<{ month: string; start: Date; end: Date }> {
  const out: Array<{ month: string; start: Date; end: Date }> = [];
  let start = range.start;
  // Bounded by the range: one step per month.
  for (let m = bangkok(range.start).startOf('month'); start < range.end; ) {
    const next = m.add(1, 'month');
    const end = next.toDate() < range.end ? next.toDate() : range.end;
    out.push({ month: m.format('YYYY-MM'), start, end });
    [m, start] = [next, end];
  }
  return out;
}

/**
 * The report's figures in one aggregation: a `$match` on `createdAt` (served by the `{createdAt}`
 * index) and a `$facet` that counts each dimension. Every facet groups to a handful of rows, so the
 * answer stays tiny however many cases there are; no case document ever reaches the application.
 */
/** The dimensions counted together in one pass; their combinations stay few (a few hundred at most). */
const CUBE_KEYS = {
  sex: '$sex',
  urgent: '$urgent',
  district: '$location.districtCode',
  channel: '$channel',
  targetGroup: '$targetGroup',
  status: '$status',
} as const;
/** Counted too in the national report (issue 12): the province a case was routed by, and its center. */
const NATIONAL_KEYS = { province: '$location.province', center: '$centerCode' } as const;
type CubeDimension = keyof typeof CUBE_KEYS | keyof typeof NATIONAL_KEYS;

/** Whose cases: one center's (`centerCode`), or every case with the national dimensions (`national`). */
export interface PipelineScope {
  centerCode?: string;
  national?: boolean;
}

/** The cases the report counts: opened in the range, not merged duplicates, of the center when one is named. */
function reportMatch(range: Pick<DayRange, 'start' | 'end'>, scope: PipelineScope): PipelineStage.Match {
  return {
    $match: {
      createdAt: { $gte: range.start, $lt: range.end },
      outcome: { $ne: DUPLICATE },
      ...(scope.centerCode ? { centerCode: scope.centerCode } : {}),
    },
  };
}

/**
 * One count per Bangkok month (the report's months table), each its own aggregation whose `$match`
 * on `createdAt` the index serves, so together they read the range's cases once. Counting months
 * inside the `$facet` would need a date expression per case (`$dateToString`, `$bucket`), which
 * the in-memory server evaluates outside its fast paths (about 2× the whole report's time).
 */
export function monthCountPipelines(range: Pick<DayRange, 'start' | 'end'>, scope: PipelineScope = {}): Array<{ month: string; pipeline: PipelineStage[] }> {
  return monthSpans(range).map((m) => ({ month: m.month, pipeline: [reportMatch(m, scope), { $count: 'n' }] }));
}

export function summaryPipeline(range: Pick<DayRange, 'start' | 'end'>, scope: PipelineScope = {}): PipelineStage[] {
  const count = { n: { $sum: 1 } };
  // Two passes over the matched cases, whatever the number of tables: one `$group` on all the
  // single-valued dimensions at once (a small "cube" of counts, folded into the tables by
  // `foldCube`), and one `$unwind` → `$group` for the problem types, where a case counts under each
  // of its types and cases without a type form the null row.
  return [
    // A case closed as a duplicate was merged into the case that carries on, which is counted:
    // counting the copy too would count one request for help twice.
    reportMatch(range, scope),
    {
      $facet: {
        cube: [{ $group: { _id: scope.national ? { ...CUBE_KEYS, ...NATIONAL_KEYS } : CUBE_KEYS, ...count } }],
        problemType: [
          { $unwind: { path: '$problemTypes', preserveNullAndEmptyArrays: true } },
          { $group: { _id: '$problemTypes', ...count } },
        ],
      },
    },
  ];
}

/** What the aggregation returns (one document). */
export interface SummaryCube {
  cube: GroupRow<Partial<Record<CubeDimension, unknown>>>[];
  problemType: GroupRow<string | null>[];
}

/** Sums the cube's rows per dimension: the same rows a `$group` per dimension would give. */
export function foldCube(result: Partial<SummaryCube> | undefined): SummaryFacets {
  const out: SummaryFacets = {
    sex: [],
    urgent: [],
    district: [],
    channel: [],
    targetGroup: [],
    status: [],
    province: [],
    center: [],
    problemType: result?.problemType ?? [],
  };
  for (const dim of [...Object.keys(CUBE_KEYS), ...Object.keys(NATIONAL_KEYS)] as CubeDimension[]) {
    const sums = new Map<unknown, number>();
    for (const row of result?.cube ?? []) {
      const key = row._id[dim] ?? null;
      sums.set(key, (sums.get(key) ?? 0) + row.n);
    }
    (out[dim] as GroupRow<unknown>[]) = [...sums].map(([_id, n]) => ({ _id, n }));
  }
  return out;
}

/** One `{ _id, n }` row of a facet. */
export interface GroupRow<K = unknown> {
  _id: K;
  n: number;
}

/** What the `$facet` stage returns (one document). */
export interface SummaryFacets {
  sex: GroupRow<string | null>[];
  urgent: GroupRow<boolean | null>[];
  district: GroupRow<string | null>[];
  channel: GroupRow<string | null>[];
  targetGroup: GroupRow<string | null>[];
  /** `_id: null` counts the cases without any problem type. */
  problemType: GroupRow<string | null>[];
  status: GroupRow<string | null>[];
  /** National report only (empty otherwise): province names and center codes. */
  province?: GroupRow<string | null>[];
  center?: GroupRow<string | null>[];
  /** Cases per Bangkok calendar month, `_id` YYYY-MM. */
  month?: GroupRow<string | null>[];
}
