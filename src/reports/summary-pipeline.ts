import type { PipelineStage } from 'mongoose';
import type { DayRange } from './date-range';

/**
 * The report's figures in one aggregation: a `$match` on `createdAt` (served by the `{createdAt}`
 * index) and a `$facet` that counts each dimension. Every facet groups to a handful of rows, so the
 * answer stays tiny however many cases there are; no case document ever reaches the application.
 */
export function summaryPipeline(range: Pick<DayRange, 'start' | 'end'>): PipelineStage[] {
  const count = { n: { $sum: 1 } };
  // Few facets, each one pass: the total is the sum of the sex rows (every case lands in exactly
  // one), and cases without a problem type are the null row of the unwound problem types.
  return [
    { $match: { createdAt: { $gte: range.start, $lt: range.end } } },
    {
      $facet: {
        sex: [{ $group: { _id: '$sex', ...count } }],
        urgent: [{ $group: { _id: '$urgent', ...count } }],
        // By district code alone: codes are national (DOPA), so a code outside the province's list, or
        // none, is "outside or unknown". Intake and the API always store the code with the district.
        district: [{ $group: { _id: '$location.districtCode', ...count } }],
        channel: [{ $group: { _id: '$channel', ...count } }],
        targetGroup: [{ $group: { _id: '$targetGroup', ...count } }],
        status: [{ $group: { _id: '$status', ...count } }],
        // $unwind straight into $group: both mongod and the sandbox then count without building the
        // unwound copies.
        problemType: [
          { $unwind: { path: '$problemTypes', preserveNullAndEmptyArrays: true } },
          { $group: { _id: '$problemTypes', ...count } },
        ],
      },
    },
  ];
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
}
