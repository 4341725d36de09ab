import { REPORT_TH as T } from '../strings/th/reports';
import { thaiDateTime } from '../time/thai-time';
import { sexSentence } from './format-md';
import { districtUnit, OUTSIDE_KEY, UNSPECIFIED_KEY, type CountRow, type CountTable, type ReportSummary } from './summary';
import { barChartSvg, escapeXml as esc } from './svg-bar-chart';

/** A self-contained HTML page: the same tables as the Markdown report, each with an inline SVG bar chart. */

const tr = (cells: (string | number)[], tag: 'td' | 'th' = 'td') =>
  `<tr>${cells.map((c) => `<${tag}${typeof c === 'number' ? ' class="n"' : ''}>${esc(String(c))}</${tag}>`).join('')}</tr>`;

function section(title: string, header: string[], body: (string | number)[][], footer: (string | number)[], chart: CountRow[]): string {
  return [
    '<section>',
    `<h2>${esc(title)}</h2>`,
    '<table>',
    `<thead>${tr(header, 'th')}</thead>`,
    `<tbody>${body.map((r) => tr(r)).join('')}</tbody>`,
    `<tfoot>${tr(footer, 'th')}</tfoot>`,
    '</table>',
    `<figure>${barChartSvg(T.chartTitle(title), chart.map((r) => ({ label: r.label, value: r.count })))}</figure>`,
    '</section>',
  ].join('\n');
}

/** The national report's Table 1 (by province) and 1.1 (by center); the ไม่ระบุ row is not numbered. */
function nationalSections(provinces: CountTable, centers: CountTable): string {
  const numbered = (t: CountTable) => t.rows.map((r, i) => [r.key === UNSPECIFIED_KEY ? '' : i + 1, r.label, r.count]);
  return [
    section(T.table1Provinces, [T.colOrder, T.colProvince, T.colCount], numbered(provinces), ['', T.total, provinces.total], provinces.rows.filter((r) => r.count > 0)),
    section(T.table1Centers, [T.colOrder, T.colCenter, T.colCount], numbered(centers), ['', T.total, centers.total], centers.rows),
  ].join('\n');
}

export function formatHtml(s: ReportSummary): string {
  const title = `${T.titlePrefix}${s.center.name}`;
  const d = s.districts;
  const problems = s.problemTypes.rows;
  return `<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font-family: "Sarabun", "TH Sarabun New", Tahoma, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #999; padding: 0.25rem 0.75rem; text-align: left; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0 0 2rem; overflow-x: auto; }
@media print { figure { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p>${esc(T.rangeLine(s.range.text))}</p>
<p>${esc(sexSentence(s))}</p>
${s.provinces && s.centers ? nationalSections(s.provinces, s.centers) : section(
  T.byDistrictUnit[districtUnit(s)].table1,
  [T.colOrder, T.byDistrictUnit[districtUnit(s)].col, T.colCount],
  d.rows.map((r, i) => [r.key === OUTSIDE_KEY ? '' : i + 1, r.label, r.count]),
  ['', T.total, d.total],
  d.rows,
)}
${section(T.table2, [T.colChannel, T.colCount], s.channels.rows.map((r) => [r.label, r.count]), [T.total, s.channels.total], s.channels.rows)}
${section(
  T.table3,
  [T.colTargetGroup, T.colCount],
  s.targetGroups.rows.map((r) => [r.label, r.count]),
  [T.total, s.targetGroups.total],
  s.targetGroups.rows,
)}
${section(
  T.problemsHeading,
  [T.colOrder, T.colProblemType, T.colCount],
  problems.map((r, i) => [i + 1, r.label, r.count]),
  ['', T.total, s.problemTypes.mentions],
  problems,
)}
${s.problemTypes.mentions !== s.total ? `<p>${esc(T.problemsNote(s.problemTypes.mentions, s.total))}</p>` : ''}
<p><small>${esc(T.generatedAt(thaiDateTime(new Date(s.generatedAt))))}</small></p>
</body>
</html>
`;
}
