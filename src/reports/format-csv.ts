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

export function formatCsv(s: ReportSummary): string {
  const c = T.csv;
  const section = (name: string, rows: CountRow[], total?: number) => [
    ...rows.map((r) => line(name, r.key, r.label, r.count)),
    ...(total === undefined ? [] : [line(name, 'total', T.total, total)]),
  ];
  const lines = [
    line(...c.header),
    line(c.center, s.center.province, s.center.name, ''),
    line(c.range, `${s.range.from}/${s.range.to}`, s.range.text, ''),
    line(c.total, 'total', c.total, s.total),
    ...section(c.sex, s.sex),
    ...(s.provinces && s.centers
      ? [...section(c.province, s.provinces.rows, s.provinces.total), ...section(c.byCenter, s.centers.rows, s.centers.total)]
      : section(T.byDistrictUnit[districtUnit(s)].col, s.districts.rows, s.districts.total)),
    ...section(c.channel, s.channels.rows, s.channels.total),
    ...section(c.targetGroup, s.targetGroups.rows, s.targetGroups.total),
    ...section(c.problemType, s.problemTypes.rows),
    ...(s.problemTypes.casesWithoutType > 0
      ? [line(c.problemType, 'none', T.noProblemType, s.problemTypes.casesWithoutType)]
      : []),
    ...section(c.status, s.statuses),
  ];
  // CRLF is what RFC 4180 and Excel expect.
  return UTF8_BOM + lines.join('\r\n') + '\r\n';
}
