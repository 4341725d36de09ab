import { provinceData } from '../../src/cases/geo';
import { CONSOLE_TH } from '../../src/strings/th/console';
import { thailand } from '../../src/geo';
import { dayRange } from '../../src/reports/date-range';
import { formatCsv } from '../../src/reports/format-csv';
import { formatHtml } from '../../src/reports/format-html';
import { formatMarkdown } from '../../src/reports/format-md';
import { shapeSummary, type ReportProvince, type SummaryContext } from '../../src/reports/summary';
import type { SummaryFacets } from '../../src/reports/summary-pipeline';

/** Table 1 names the districts as the center's provinces do: Bangkok is divided into เขต, not อำเภอ. */

const bangkok: ReportProvince = thailand().province('10')!;
const phrae: ReportProvince = provinceData('แพร่');
const ctx = (province: ReportProvince, provinces?: ReportProvince[]): SummaryContext => ({
  range: dayRange('2026-01-01', '2026-01-31'),
  centerName: 'ศรส.ทดสอบ',
  province,
  now: new Date('2026-02-01T03:00:00Z'),
  ...(provinces ? { scope: { kind: 'center' as const, code: 'TST', provinces } } : {}),
});
const facets = (district: SummaryFacets['district']): SummaryFacets => ({
  urgent: [{ _id: false, n: 2 }],
  sex: [{ _id: 'female', n: 2 }],
  district,
  channel: [{ _id: 'ess_help_me', n: 2 }],
  targetGroup: [{ _id: 'adult', n: 2 }],
  problemType: [{ _id: 'family', n: 2 }],
  status: [{ _id: 'new', n: 2 }],
});

const formats = (c: SummaryContext, f: SummaryFacets) => {
  const s = shapeSummary(f, c);
  return { md: formatMarkdown(s), html: formatHtml(s), csv: formatCsv(s) };
};

it('when the center is Bangkok\'s, then Table 1 is by เขต in every format and never says อำเภอ', () => {
  const out = formats(ctx(bangkok), facets([{ _id: '1004', n: 2 }]));
  expect({
    md: [out.md.includes('จำแนกตามเขต'), out.md.includes('| ลำดับ | เขต | จำนวน (กรณี) |'), out.md.includes('อำเภอ')],
    html: [out.html.includes('จำแนกตามเขต'), out.html.includes('อำเภอ')],
    csv: [out.csv.includes('\nเขต,1004,บางรัก,2'), out.csv.includes('อำเภอ')],
  }).toEqual({ md: [true, true, false], html: [true, false], csv: [true, false] });
});

it('when a center serves Bangkok and another province, then Table 1 names both units', () => {
  const out = formats(ctx(bangkok, [bangkok, phrae]), facets([{ _id: '1004', n: 1 }, { _id: '5403', n: 1 }]));
  expect([out.md.includes('จำแนกตามอำเภอ/เขต'), out.csv.includes('อำเภอ/เขต,5403,')]).toEqual([true, true]);
});

it('when the center is Phrae\'s, then Table 1 stays by อำเภอ', () => {
  const out = formats(ctx(phrae), facets([{ _id: '5403', n: 2 }]));
  expect([out.md.includes('จำแนกตามอำเภอ'), out.md.includes('เขต,'), out.csv.includes('\nอำเภอ,5403,ลอง,2')]).toEqual([true, false, true]);
});

it('when the console draws Bangkok\'s map, then it is not called a จังหวัด', () => {
  const M = CONSOLE_TH.insights.map;
  expect([M.mapLabel(M.provinces(['กรุงเทพมหานคร']), 3), M.mapLabel(M.provinces(['แพร่']), 3)]).toEqual([
    'แผนที่กรุงเทพมหานคร แสดง 3 เรื่อง',
    'แผนที่จังหวัดแพร่ แสดง 3 เรื่อง',
  ]);
});
