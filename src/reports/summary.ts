import type { CaseReporting } from '../cases/store';
import type { Province } from '../cases/geo';
import {
  CASE_STATUSES,
  CASE_STATUS_LABELS,
  CHANNELS,
  CHANNEL_LABELS,
  PROBLEM_TYPES,
  PROBLEM_TYPE_LABELS,
  SEX_LABELS,
  TARGET_GROUPS,
  TARGET_GROUP_LABELS,
} from '../cases/vocab';
import { REPORT_TH } from '../strings/th/reports';
import { thaiRangeText, type DayRange } from './date-range';
import { foldCube, summaryPipeline, type GroupRow, type SummaryCube, type SummaryFacets } from './summary-pipeline';

/** One line of a table: a stable code (`key`), what people read (`label`) and the count. */
export interface CountRow {
  key: string;
  label: string;
  count: number;
}

export interface CountTable {
  rows: CountRow[];
  total: number;
}

/** The report's figures, as served by `GET /api/reports/summary` and rendered by the formatters. */
export interface ReportSummary {
  center: { name: string; province: string };
  range: { from: string; to: string; text: string };
  generatedAt: string;
  total: number;
  urgent: number;
  /** ชาย, หญิง, and ไม่ระบุ only when some case has no sex recorded. */
  sex: CountRow[];
  /** Every district of the province in official order (zeros included), then นอกเขต/ไม่ระบุ when non-zero. */
  districts: CountTable;
  /** Every channel in Table 2's order (zeros included), then ไม่ระบุ when non-zero. */
  channels: CountTable;
  /** Every target group (zeros included), then ไม่ระบุ when non-zero. */
  targetGroups: CountTable;
  /** Problem types with at least one case, most frequent first; a case counts once per type it carries. */
  problemTypes: { rows: CountRow[]; mentions: number; casesWithoutType: number };
  statuses: CountRow[];
}

/** Keys of the extra rows, stable for CSV/JSON consumers. */
export const OUTSIDE_KEY = 'outside_or_unknown';
export const UNSPECIFIED_KEY = 'unspecified';

export interface SummaryContext {
  range: DayRange;
  centerName: string;
  province: Province;
  now: Date;
}

/** Counts per known code plus what fell outside the vocabulary (missing field, unknown code). */
function tally(rows: GroupRow<string | null>[], codes: readonly string[]): { counts: Map<string, number>; other: number } {
  const counts = new Map<string, number>(codes.map((c) => [c, 0]));
  let other = 0;
  for (const r of rows) {
    if (typeof r._id === 'string' && counts.has(r._id)) counts.set(r._id, (counts.get(r._id) ?? 0) + r.n);
    else other += r.n;
  }
  return { counts, other };
}

function table<C extends string>(
  rows: GroupRow<string | null>[],
  codes: readonly C[],
  labels: Record<C, string>,
  otherLabel: string = REPORT_TH.unspecified,
  otherKey: string = UNSPECIFIED_KEY,
): CountTable {
  const { counts, other } = tally(rows, codes);
  const out: CountRow[] = codes.map((c) => ({ key: c, label: labels[c], count: counts.get(c) ?? 0 }));
  if (other > 0) out.push({ key: otherKey, label: otherLabel, count: other });
  return { rows: out, total: out.reduce((s, r) => s + r.count, 0) };
}

function districtTable(rows: GroupRow<string | null>[], province: Province): CountTable {
  return table(
    rows,
    province.districts.map((d) => d.code),
    Object.fromEntries(province.districts.map((d) => [d.code, d.name])),
    REPORT_TH.outsideOrUnknown,
    OUTSIDE_KEY,
  );
}

function problemTypes(f: SummaryFacets): ReportSummary['problemTypes'] {
  const { counts } = tally(f.problemType, PROBLEM_TYPES);
  const order = (k: string) => PROBLEM_TYPES.indexOf(k as (typeof PROBLEM_TYPES)[number]);
  const rows = PROBLEM_TYPES.map((p) => ({ key: p, label: PROBLEM_TYPE_LABELS[p], count: counts.get(p) ?? 0 }))
    .filter((r) => r.count > 0)
    // Ties keep the vocabulary's order so the ranking is stable from run to run.
    .sort((a, b) => b.count - a.count || order(a.key) - order(b.key));
  const none = f.problemType.filter((r) => r._id === null || r._id === undefined).reduce((s, r) => s + r.n, 0);
  return { rows, mentions: rows.reduce((s, r) => s + r.count, 0), casesWithoutType: none };
}

/** Pure: the `$facet` result → the report's figures. */
export function shapeSummary(f: SummaryFacets, ctx: SummaryContext): ReportSummary {
  const sex = tally(f.sex, ['male', 'female']);
  const sexRows: CountRow[] = [
    { key: 'male', label: SEX_LABELS.male, count: sex.counts.get('male') ?? 0 },
    { key: 'female', label: SEX_LABELS.female, count: sex.counts.get('female') ?? 0 },
  ];
  if (sex.other > 0) sexRows.push({ key: UNSPECIFIED_KEY, label: SEX_LABELS.unspecified, count: sex.other });
  return {
    center: { name: ctx.centerName, province: ctx.province.name },
    range: { from: ctx.range.from, to: ctx.range.to, text: thaiRangeText(ctx.range.from, ctx.range.to) },
    generatedAt: ctx.now.toISOString(),
    total: sexRows.reduce((n, r) => n + r.count, 0),
    urgent: f.urgent.filter((r) => r._id === true).reduce((n, r) => n + r.n, 0),
    sex: sexRows,
    districts: districtTable(f.district, ctx.province),
    channels: table(f.channel, CHANNELS, CHANNEL_LABELS),
    targetGroups: table(f.targetGroup, TARGET_GROUPS, TARGET_GROUP_LABELS),
    problemTypes: problemTypes(f),
    statuses: table(f.status, CASE_STATUSES, CASE_STATUS_LABELS).rows,
  };
}

/** Runs the aggregation on the cases collection (through the cases module's reporting entry point) and shapes the answer. */
export async function computeSummary(cases: Pick<CaseReporting, 'aggregate'>, ctx: SummaryContext): Promise<ReportSummary> {
  const [result] = await cases.aggregate<SummaryCube>(summaryPipeline(ctx.range));
  return shapeSummary(foldCube(result), ctx);
}
