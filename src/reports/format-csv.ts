import { REPORT_TH as T } from '../strings/th/reports';
import { districtUnit, type CountRow, type ReportSummary } from './summary';

/**
 * The figures as one long CSV table (section, code, label, count) so a spreadsheet can filter and
 * pivot it. Starts with a UTF-8 byte order mark: without it Excel reads the Thai as mojibake.
 */
export const UTF8_BOM = '\uFEFF';

/** RFC 4180 quoting, plus a leading apostrophe for text that a spreadsheet would run as a formula. */
export function csvField(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (...fields: (string | number)[]) => fields.map(csvField).join(',');

/**
 * The long table's rows (header first): the CSV, and the XLSX's sheet of all figures. Empty strings
 * are the cells without a value.
 */
export function csvRows(s: ReportSummary): (string | number)[][] {
  const c = T.csv;
  const section = (name: string, rows: CountRow[], total?: number): (string | number)[][] => [
    ...rows.map((r) => [name, r.key, r.label, r.count]),
    ...(total === undefined ? [] : [[name, 'total', T.total, total]]),
  ];
  return [
    [...c.header],
    [c.center, s.center.province, s.center.name, ''],
    [c.range, `${s.range.from}/${s.range.to}`, s.range.text, ''],
    [c.total, 'total', c.total, s.total],
    ...section(c.sex, s.sex),
    ...(s.provinces && s.centers
      ? [...section(c.province, s.provinces.rows, s.provinces.total), ...section(c.byCenter, s.centers.rows, s.centers.total)]
      : section(T.byDistrictUnit[districtUnit(s)].col, s.districts.rows, s.districts.total)),
    ...section(c.channel, s.channels.rows, s.channels.total),
    ...section(c.targetGroup, s.targetGroups.rows, s.targetGroups.total),
    ...section(c.problemType, s.problemTypes.rows),
    ...(s.problemTypes.casesWithoutType > 0 ? [[c.problemType, 'none', T.noProblemType, s.problemTypes.casesWithoutType]] : []),
    ...section(c.status, s.statuses),
    ...(s.months ? section(c.month, s.months.rows, s.months.total) : []),
  ];
}

export function formatCsv(s: ReportSummary): string {
  // CRLF is what RFC 4180 and Excel expect.
  return UTF8_BOM + csvRows(s).map((r) => line(...r)).join('\r\n') + '\r\n';
}
