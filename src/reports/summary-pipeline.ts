import type { PipelineStage } from 'mongoose';
import type { DayRange } from './date-range';

/**
 * The report's figures in one aggregation: a `$match` on `createdAt` (served by the `{createdAt}`
 * index) and a `$facet` that counts each dimension. Every facet groups to a handful of rows, so the
 * answer stays tiny however many cases there are; no case document ever reaches the application.
 */
export function summaryPipeline(range: Pick<DayRange, 'start' | 'end'>): PipelineStage[] {
  const count = { n: { $sum: 1 } };
  return [
    { $match: { createdAt: { $gte: range.start, $lt: range.end } } },
    {
      $facet: {
        total: [{ $count: 'n' }],
        urgent: [{ $match: { urgent: true } }, { $count: 'n' }],
        sex: [{ $group: { _id: '$sex', ...count } }],
        // Grouped on the raw location fields; the mapping to the province's district list is pure code.
        district: [
          {
            $group: {
              _id: {
                code: '$location.districtCode',
                name: '$location.district',
                province: '$location.province',
                out: '$location.outOfProvince',
              },
              ...count,
            },
          },
        ],
        channel: [{ $group: { _id: '$channel', ...count } }],
        targetGroup: [{ $group: { _id: '$targetGroup', ...count } }],
        problemType: [{ $unwind: '$problemTypes' }, { $group: { _id: '$problemTypes', ...count } }],
        noProblemType: [
          { $match: { $or: [{ problemTypes: { $exists: false } }, { problemTypes: { $size: 0 } }] } },
          { $count: 'n' },
        ],
        status: [{ $group: { _id: '$status', ...count } }],
        outcome: [{ $match: { status: 'closed' } }, { $group: { _id: '$outcome', ...count } }],
      },
    },
  ];
}

/** One `{ _id, n }` row of a facet. */
export interface GroupRow<K = unknown> {
  _id: K;
  n: number;
}

export interface DistrictKey {
  code?: string | null;
  name?: string | null;
  province?: string | null;
  out?: boolean | null;
}

/** What the `$facet` stage returns (one document). */
export interface SummaryFacets {
  total: { n: number }[];
  urgent: { n: number }[];
  sex: GroupRow<string | null>[];
  district: GroupRow<DistrictKey | null>[];
  channel: GroupRow<string | null>[];
  targetGroup: GroupRow<string | null>[];
  problemType: GroupRow<string | null>[];
  noProblemType: { n: number }[];
  status: GroupRow<string | null>[];
  outcome: GroupRow<string | null>[];
}
