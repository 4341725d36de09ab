import type { CaseReporting } from '../cases/store';
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
import { inBangkok } from '../strings/th/geo';
import { monthsOf, thaiMonthText, thaiRangeText, type DayRange } from './date-range';
import { foldCube, monthCountPipelines, summaryPipeline, type GroupRow, type SummaryCube, type SummaryFacets } from './summary-pipeline';

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
  /**
   * Asked for with `byMonth` (the CSV/XLSX downloads, the API): every Bangkok calendar month the
   * range touches, oldest first, zeros included; `key` YYYY-MM, `label` e.g. กุมภาพันธ์ 2567.
   */
  months?: CountTable;
  /** National report (`--center all`) only: every province (zeros included), then ไม่ระบุ when non-zero. */
  provinces?: CountTable;
  /** National report only: every center (zeros included), then ไม่ระบุ when non-zero. */
  centers?: CountTable;
}

/** A province as Table 1 lists it: its districts in official order. */
export interface ReportProvince {
  name: string;
  districts: readonly { code: string; name: string }[];
}

/**
 * Whose report (issue 12). One center: its cases only, Table 1 by its provinces' districts (one
 * province: exactly as before). National: every case, tables by province and by center instead of
 * the districts (the country has ~930). Absent: every case, Table 1 by `province` (as before).
 */
export type ReportScope =
  | { kind: 'center'; code: string; provinces: readonly ReportProvince[] }
  | { kind: 'national'; provinces: readonly { code: string; name: string }[]; centers: readonly { code: string; name: string }[] };

/**
 * What Table 1's districts are called: Bangkok's (codes 10xx) are เขต, all others อำเภอ; a center
 * with both says both. Read from the rows' district codes, so every format names them alike.
 */
export function districtUnit(s: Pick<ReportSummary, 'districts' | 'center'>): 'amphoe' | 'khet' | 'both' {
  const codes = s.districts.rows.map((r) => r.key).filter((k) => /^\d{4}$/.test(k));
  if (!codes.length) return inBangkok({ province: s.center.province }) ? 'khet' : 'amphoe';
  const khet = codes.filter((k) => inBangkok({ districtCode: k })).length;
  return khet === 0 ? 'amphoe' : khet === codes.length ? 'khet' : 'both';
}

/** Keys of the extra rows, stable for CSV/JSON consumers. */
export const OUTSIDE_KEY = 'outside_or_unknown';
export const UNSPECIFIED_KEY = 'unspecified';

export interface SummaryContext {
  range: DayRange;
  centerName: string;
  province: ReportProvince;
  now: Date;
  scope?: ReportScope;
  /** Count the cases per month too (`months`). */
  byMonth?: boolean;
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

function districtTable(rows: GroupRow<string | null>[], provinces: readonly ReportProvince[]): CountTable {
  // Several provinces: district names repeat (เมือง…), so each names its province.
  const many = provinces.length > 1;
  const districts = provinces.flatMap((p) => p.districts.map((d) => ({ code: d.code, name: many ? REPORT_TH.districtOf(d.name, p.name) : d.name })));
  return table(
    rows,
    districts.map((d) => d.code),
    Object.fromEntries(districts.map((d) => [d.code, d.name])),
    REPORT_TH.outsideOrUnknown,
    OUTSIDE_KEY,
  );
}

/** Rows keyed by name (provinces, as stored on the case) or by code (centers), in the list's order. */
function namedTable(rows: GroupRow<string | null>[], list: readonly { code: string; name: string }[], by: 'name' | 'code'): CountTable {
  const keyOf = new Map(list.map((x) => [by === 'name' ? x.name : x.code, x.code]));
  const recoded = rows.map((r) => ({ _id: typeof r._id === 'string' ? (keyOf.get(r._id) ?? null) : null, n: r.n }));
  return table(recoded, list.map((x) => x.code), Object.fromEntries(list.map((x) => [x.code, x.name])));
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

function monthTable(rows: GroupRow<string | null>[], range: Pick<DayRange, 'from' | 'to'>): CountTable {
  const months = monthsOf(range.from, range.to);
  return table(rows, months, Object.fromEntries(months.map((m) => [m, thaiMonthText(m)])));
}

/** Pure: the `$facet` result → the report's figures. */
export function shapeSummary(f: SummaryFacets, ctx: SummaryContext): ReportSummary {
  const sex = tally(f.sex, ['male', 'female']);
  const sexRows: CountRow[] = [
    { key: 'male', label: SEX_LABELS.male, count: sex.counts.get('male') ?? 0 },
    { key: 'female', label: SEX_LABELS.female, count: sex.counts.get('female') ?? 0 },
  ];
  if (sex.other > 0) sexRows.push({ key: UNSPECIFIED_KEY, label: SEX_LABELS.unspecified, count: sex.other });
  const scope = ctx.scope;
  const national = scope?.kind === 'national' ? scope : undefined;
  return {
    center: { name: ctx.centerName, province: ctx.province.name },
    range: { from: ctx.range.from, to: ctx.range.to, text: thaiRangeText(ctx.range.from, ctx.range.to) },
    generatedAt: ctx.now.toISOString(),
    total: sexRows.reduce((n, r) => n + r.count, 0),
    urgent: f.urgent.filter((r) => r._id === true).reduce((n, r) => n + r.n, 0),
    sex: sexRows,
    districts: national ? { rows: [], total: 0 } : districtTable(f.district, scope?.kind === 'center' ? scope.provinces : [ctx.province]),
    channels: table(f.channel, CHANNELS, CHANNEL_LABELS),
    targetGroups: table(f.targetGroup, TARGET_GROUPS, TARGET_GROUP_LABELS),
    problemTypes: problemTypes(f),
    statuses: table(f.status, CASE_STATUSES, CASE_STATUS_LABELS).rows,
    ...(ctx.byMonth ? { months: monthTable(f.month ?? [], ctx.range) } : {}),
    ...(national ? { provinces: namedTable(f.province ?? [], national.provinces, 'name'), centers: namedTable(f.center ?? [], national.centers, 'code') } : {}),
  };
}

/** Runs the aggregation on the cases collection (through the cases module's reporting entry point) and shapes the answer. */
export async function computeSummary(cases: Pick<CaseReporting, 'aggregate'>, ctx: SummaryContext): Promise<ReportSummary> {
  const scope = ctx.scope;
  const pipelineScope = scope?.kind === 'center' ? { centerCode: scope.code } : { national: scope?.kind === 'national' };
  const [[result], month] = await Promise.all([
    cases.aggregate<SummaryCube>(summaryPipeline(ctx.range, pipelineScope)),
    ctx.byMonth
      ? Promise.all(monthCountPipelines(ctx.range, pipelineScope).map(async (m) => ({ _id: m.month, n: (await cases.aggregate<{ n: number }>(m.pipeline))[0]?.n ?? 0 })))
      : [],
  ]);
  return shapeSummary({ ...foldCube(result), month }, ctx);
}
