import { REPORT_TH as T } from '../strings/th/reports';
import { csvRows } from './format-csv';
import { districtUnit, OUTSIDE_KEY, UNSPECIFIED_KEY, type CountRow, type CountTable, type ReportSummary } from './summary';
import { xlsxDay, xlsxWorkbook, type XlsxCell, type XlsxSheet } from './xlsx';

/**
 * The center's performance report as an Excel workbook: a summary sheet, one sheet per table of the
 * published provincial report (same titles, columns and order as the Markdown), the months and the
 * statuses, and the CSV's long table for filtering and pivoting. Every count is a numeric cell.
 * Each table sheet: its title on row 1, the column headings on row 2 (both frozen), the total in bold.
 * The period's first and last day and the time the report was made are date cells; the period as a
 * phrase ("1 กุมภาพันธ์ – 28 สิงหาคม 2567") and the months ("กุมภาพันธ์ 2567", a row per month, in
 * order) stay text: they name spans of time, not a day.
 */

const X = T.xlsx;

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `report-PHR-2024-02-01-2024-08-28.xlsx`: the center's code (or `all`) and the period, so files of
 * several centers and months can sit in one folder. Only [A-Za-z0-9-] reach the name.
 */
export function reportFileName(centerCode: string, range: { from: string; to: string }, ext: 'xlsx' | 'csv'): string {
  const safe = (v: string) => v.replace(/[^A-Za-z0-9-]/g, '');
  return `report-${safe(centerCode) || 'center'}-${safe(range.from)}-${safe(range.to)}.${ext}`;
}

/** A sheet of one table: title, headings, its rows and, when it adds up, the total in bold. */
function tableSheet(name: string, title: string, headings: string[], body: XlsxCell[][], total?: XlsxCell[]): XlsxSheet {
  const rows = [[title], headings, ...body, ...(total ? [total] : [])];
  return { name, rows, frozenRows: 2, boldRows: total ? [rows.length - 1] : [] };
}

/** Table 1's shape: numbered rows, except the one that is not a place (นอกเขต/ไม่ระบุ, ไม่ระบุ). */
function numbered(name: string, title: string, column: string, t: CountTable, unnumbered: string): XlsxSheet {
  let n = 0;
  return tableSheet(
    name,
    title,
    [T.colOrder, column, T.colCount],
    t.rows.map((r) => [r.key === unnumbered ? null : ++n, r.label, r.count]),
    [null, T.total, t.total],
  );
}

const counted = (name: string, title: string, column: string, rows: CountRow[], total: number) =>
  tableSheet(name, title, [column, T.colCount], rows.map((r) => [r.label, r.count]), [T.total, total]);

export function reportSheets(s: ReportSummary): XlsxSheet[] {
  const national = s.provinces && s.centers ? { provinces: s.provinces, centers: s.centers } : undefined;
  const unit = districtUnit(s);
  const problems: XlsxCell[][] = s.problemTypes.rows.map((r) => [r.label, r.count]);
  if (s.problemTypes.casesWithoutType > 0) problems.push([T.noProblemType, s.problemTypes.casesWithoutType]);
  // No total: a case counts under each of its types, so the column does not add up to the cases.
  const problemNote = s.problemTypes.mentions !== s.total ? [[], [T.problemsNote(s.problemTypes.mentions, s.total)]] : [];
  return [
    {
      name: X.sheets.summary,
      rows: [
        [`${T.titlePrefix}${s.center.name}`],
        [X.colItem, X.colValue],
        [X.center, s.center.name],
        [X.area, s.center.province],
        [X.range, s.range.text],
        // Real date cells (days, and the moment it was made in Bangkok time), not text, so they sort and subtract.
        [X.from, xlsxDay(s.range.from)],
        [X.to, xlsxDay(s.range.to)],
        [X.total, s.total],
        [X.urgent, s.urgent],
        [X.generatedAt, new Date(s.generatedAt)],
      ],
      frozenRows: 2,
    },
    ...(national
      ? [
          numbered(X.sheets.provinces, T.table1Provinces, T.colProvince, national.provinces, UNSPECIFIED_KEY),
          numbered(X.sheets.centers, T.table1Centers, T.colCenter, national.centers, UNSPECIFIED_KEY),
        ]
      : [numbered(X.sheets.districts[unit], T.byDistrictUnit[unit].table1, T.byDistrictUnit[unit].col, s.districts, OUTSIDE_KEY)]),
    counted(X.sheets.channels, T.table2, T.colChannel, s.channels.rows, s.channels.total),
    counted(X.sheets.targetGroups, T.table3, T.colTargetGroup, s.targetGroups.rows, s.targetGroups.total),
    { name: X.sheets.problemTypes, rows: [[T.problemsHeading], [T.colProblemType, T.colCount], ...problems, ...problemNote], frozenRows: 2 },
    counted(X.sheets.sex, T.sexHeading, T.colSex, s.sex, s.total),
    ...(s.months ? [counted(X.sheets.months, X.monthsHeading, X.colMonth, s.months.rows, s.months.total)] : []),
    counted(X.sheets.statuses, X.statusesHeading, X.colStatus, s.statuses, s.statuses.reduce((n, r) => n + r.count, 0)),
    // The long table, as in the CSV: empty strings are empty cells, counts stay numbers.
    { name: X.sheets.all, rows: csvRows(s).map((r) => r.map((v) => (v === '' ? null : v))), frozenRows: 1 },
  ];
}

/** The report as the bytes of an .xlsx file; the same summary gives the same bytes. */
export function formatXlsx(s: ReportSummary, extra: XlsxSheet[] = []): Uint8Array {
  return xlsxWorkbook([...reportSheets(s), ...extra], { title: `${T.titlePrefix}${s.center.name}`, created: new Date(s.generatedAt) });
}
