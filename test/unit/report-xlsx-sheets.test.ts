import type { DashboardFigures, GroupFigures } from '../../src/console/dashboard';
import { thailand } from '../../src/geo';
import { dayRange } from '../../src/reports/date-range';
import { formatXlsx, reportFileName } from '../../src/reports/format-xlsx';
import { shapeSummary } from '../../src/reports/summary';
import { dashboardSheets } from '../../src/reports/xlsx-dashboard';
import { DATE_FORMAT, DATE_TIME_FORMAT, xlsxWorkbook } from '../../src/reports/xlsx';
import { REPORT_TH } from '../../src/strings/th/reports';
import { readXlsx, sheetNamed } from '../helpers/xlsx-read';

const D = REPORT_TH.xlsx.dashboard;
const empty: GroupFigures = { cases: 0, acknowledge: { count: 0 }, close: { count: 0 }, slaMet: 0, slaCounted: 0 };
const figures: DashboardFigures = {
  all: empty,
  byShift: { day: empty, night: empty },
  byWeek: [],
  escalations: { entries: 0, cases: 0 },
  reopen: { reopened: 0, closed: 0 },
  ratings: { count: 0, byScore: [0, 0, 0, 0, 0] },
};

test('when nothing is measured yet, then the figures that do not exist are empty cells, the counts zeros', async () => {
  const sheets = await readXlsx(xlsxWorkbook(dashboardSheets(figures)));
  expect(sheetNamed(sheets, REPORT_TH.xlsx.sheets.byShift).rows[2]!.map((c) => c.type)).toEqual(['string', 'number', 'null', 'null', 'null', 'null', 'number', 'number']);
  const kpi = Object.fromEntries(sheetNamed(sheets, REPORT_TH.xlsx.sheets.kpis).values.slice(2).map((r) => [r[0], r[1] ?? null]));
  expect([kpi[D.kpiSlaPercent], kpi[D.kpiRatingMean], kpi[D.kpiReopenPercent], kpi[D.kpiCases]]).toEqual([null, null, null, 0]);
});

test('when the figures come from the latest cases only, then the first sheet says so, as the page does', async () => {
  const kpis = sheetNamed(await readXlsx(xlsxWorkbook(dashboardSheets(figures, { cut: 5000 }))), REPORT_TH.xlsx.sheets.kpis);
  expect(kpis.values.at(-1)).toEqual([D.cut(5000)]);
  const uncut = sheetNamed(await readXlsx(xlsxWorkbook(dashboardSheets(figures))), REPORT_TH.xlsx.sheets.kpis);
  expect(uncut.values.flat()).not.toContain(D.cut(5000));
});

test('when the file is named, then it has the center code and the period, and nothing but letters, digits and dashes from them', () => {
  expect(reportFileName('PHR', { from: '2024-02-01', to: '2024-08-28' }, 'xlsx')).toBe('report-PHR-2024-02-01-2024-08-28.xlsx');
  expect(reportFileName('all', { from: '2024-02-01', to: '2024-02-01' }, 'xlsx')).toBe('report-all-2024-02-01-2024-02-01.xlsx');
  expect(reportFileName('"; x=../', { from: '2024-02-01', to: '2024-02-01' }, 'xlsx')).toBe('report-x-2024-02-01-2024-02-01.xlsx');
  expect(reportFileName('', { from: '2024-02-01', to: '2024-02-01' }, 'csv')).toBe('report-center-2024-02-01-2024-02-01.csv');
});

test('every sheet name of the strings is one Excel accepts', () => {
  // xlsxWorkbook refuses a bad or repeated name; all of them in one workbook checks both.
  const names = Object.values(REPORT_TH.xlsx.sheets).flatMap((n) => (typeof n === 'string' ? [n] : Object.values(n)));
  expect(names.length).toBeGreaterThan(15);
  expect(() => xlsxWorkbook(names.map((name) => ({ name, rows: [] })))).not.toThrow();
});

test('when the center is Bangkok\'s, then the workbook\'s Table 1 sheet is เขต, titled and headed by เขต, and never says อำเภอ', async () => {
  const s = shapeSummary(
    { urgent: [], sex: [{ _id: 'female', n: 2 }], district: [{ _id: '1004', n: 2 }], channel: [], targetGroup: [], problemType: [], status: [] },
    { range: dayRange('2026-01-01', '2026-01-31'), centerName: 'ศรส.ทดสอบ', province: thailand().province('10')!, now: new Date('2026-02-01T03:00:00Z') },
  );
  const sheets = await readXlsx(formatXlsx(s));
  const t1 = sheetNamed(sheets, REPORT_TH.xlsx.sheets.districts.khet);
  expect(t1.values.slice(0, 2)).toEqual([[REPORT_TH.byDistrictUnit.khet.table1], [REPORT_TH.colOrder, 'เขต', REPORT_TH.colCount]]);
  expect(sheets.map((x) => x.name)).not.toContain(REPORT_TH.xlsx.sheets.districts.amphoe);
  expect(JSON.stringify(t1.values)).not.toContain('อำเภอ');
});

describe('dates are date cells', () => {
  // ExcelJS reads a date cell's wall clock as UTC; the workbook's clock is Bangkok's (UTC+7).
  const bangkokWall = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3_600_000);

  test('when the report is written, then its first and last day are date cells and the time it was made is a date-time in Bangkok time', async () => {
    const made = new Date('2026-02-01T03:04:05.678Z'); // 10:04 in Bangkok
    const s = shapeSummary(
      { urgent: [], sex: [], district: [], channel: [], targetGroup: [], problemType: [], status: [] },
      { range: dayRange('2026-01-01', '2026-01-31'), centerName: 'ศรส.ทดสอบ', province: thailand().province('54')!, now: made },
    );
    const summary = sheetNamed(await readXlsx(formatXlsx(s)), REPORT_TH.xlsx.sheets.summary);
    const row = (label: string) => summary.rows.find((r) => r[0]!.value === label)!.slice(1);
    expect(row(REPORT_TH.xlsx.from).map((c) => [c.type, c.value, c.numFmt])).toEqual([['date', new Date('2026-01-01T00:00:00Z'), DATE_FORMAT]]);
    expect(row(REPORT_TH.xlsx.to).map((c) => [c.type, c.value, c.numFmt])).toEqual([['date', new Date('2026-01-31T00:00:00Z'), DATE_FORMAT]]);
    expect(row(REPORT_TH.xlsx.generatedAt).map((c) => [c.type, c.value, c.numFmt])).toEqual([['date', bangkokWall(made.toISOString()), DATE_TIME_FORMAT]]);
    // The period as a phrase is not a day: it stays text.
    expect(row(REPORT_TH.xlsx.range).map((c) => c.type)).toEqual(['string']);
  });

  test('when the dashboard has weeks, then each week\'s Monday is a date cell', async () => {
    const weeks = sheetNamed(await readXlsx(xlsxWorkbook(dashboardSheets({ ...figures, byWeek: [{ week: '2026-11-23', ...empty }, { week: '2026-11-30', ...empty }] }))), REPORT_TH.xlsx.sheets.byWeek);
    expect(weeks.rows.slice(2).map((r) => [r[0]!.type, r[0]!.value, r[0]!.numFmt])).toEqual([
      ['date', new Date('2026-11-23T00:00:00Z'), DATE_FORMAT],
      ['date', new Date('2026-11-30T00:00:00Z'), DATE_FORMAT],
    ]);
  });
});
