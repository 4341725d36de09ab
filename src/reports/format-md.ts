import { REPORT_TH as T } from '../strings/th/reports';
import { thaiDateTime } from '../time/thai-time';
import { districtUnit, OUTSIDE_KEY, UNSPECIFIED_KEY, type CountRow, type CountTable, type ReportSummary } from './summary';

/**
 * The report as Markdown, in the order and wording of the published provincial report so that it
 * can be compared with it line by line.
 */

/** Pipes inside a cell would break the table; labels come from code, but stay safe anyway. */
const cell = (s: string | number) => String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const row = (...cells: (string | number)[]) => `| ${cells.map(cell).join(' | ')} |`;

export function sexSentence(s: ReportSummary): string {
  const count = (key: string) => s.sex.find((r) => r.key === key)?.count ?? 0;
  const parts = [T.totalLine(s.total), T.sexSplit(count('male'), count('female'))];
  const unspecified = s.sex.find((r) => r.key !== 'male' && r.key !== 'female');
  if (unspecified) parts.push(T.sexUnspecified(unspecified.count));
  return parts.join(' ');
}

function countTable(header: [string, string], rows: CountRow[], total: number): string[] {
  return [row(...header), '| --- | ---: |', ...rows.map((r) => row(r.label, r.count)), row(T.total, total)];
}

/** A numbered table under its heading; the row keyed `unnumbered` (นอกเขต/ไม่ระบุ) gets no number. */
function numberedTable(title: string, column: string, t: CountTable, unnumbered: string): string[] {
  return [
    `## ${title}`,
    '',
    row(T.colOrder, column, T.colCount),
    '| ---: | --- | ---: |',
    ...t.rows.map((r, i) => row(r.key === unnumbered ? '' : i + 1, r.label, r.count)),
    row('', T.total, t.total),
    '',
  ];
}

export function formatMarkdown(s: ReportSummary): string {
  const lines: string[] = [
    `# ${T.titlePrefix}${s.center.name}`,
    '',
    T.rangeLine(s.range.text),
    '',
    sexSentence(s),
    '',
    ...(s.provinces && s.centers
      ? [...numberedTable(T.table1Provinces, T.colProvince, s.provinces, UNSPECIFIED_KEY), ...numberedTable(T.table1Centers, T.colCenter, s.centers, UNSPECIFIED_KEY)]
      : // Only the province's own districts are numbered; the นอกเขต/ไม่ระบุ row is not a district.
        numberedTable(T.byDistrictUnit[districtUnit(s)].table1, T.byDistrictUnit[districtUnit(s)].col, s.districts, OUTSIDE_KEY)),
    `## ${T.table2}`,
    '',
    ...countTable([T.colChannel, T.colCount], s.channels.rows, s.channels.total),
    '',
    `## ${T.table3}`,
    '',
    ...countTable([T.colTargetGroup, T.colCount], s.targetGroups.rows, s.targetGroups.total),
    '',
    `## ${T.problemsHeading}`,
    '',
    ...s.problemTypes.rows.map((r) => `- ${T.problemLine(r.label, r.count)}`),
  ];
  if (s.problemTypes.casesWithoutType > 0) lines.push(`- ${T.noProblemTypeLine(s.problemTypes.casesWithoutType)}`);
  if (s.problemTypes.mentions !== s.total) lines.push('', T.problemsNote(s.problemTypes.mentions, s.total));
  lines.push('', `_${T.generatedAt(thaiDateTime(new Date(s.generatedAt)))}_`, '');
  return lines.join('\n');
}
