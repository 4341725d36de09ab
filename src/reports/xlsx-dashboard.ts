import type { DashboardFigures, GroupFigures } from '../console/dashboard';
import { REPORT_TH } from '../strings/th/reports';
import { xlsxDay, type XlsxCell, type XlsxSheet } from './xlsx';

/**
 * The console dashboard's figures as sheets, added to the report's workbook by the console's
 * download. Times are minutes and shares are percentages, as plain numbers (the unit is in the
 * heading), so they can be charted and summed; a figure that does not exist yet (no case
 * acknowledged, nothing rated) is an empty cell, never a dash in a number column.
 */

const D = REPORT_TH.xlsx.dashboard;
const S = REPORT_TH.xlsx.sheets;

const groupCells = (g: GroupFigures): XlsxCell[] => [
  g.cases,
  g.acknowledge.median,
  g.acknowledge.p90,
  g.close.median,
  g.close.p90,
  g.slaMet,
  g.slaCounted,
  g.slaPercent,
];
const groupHeadings = [D.colCases, D.colAckMedian, D.colAckP90, D.colCloseMedian, D.colCloseP90, D.colSlaMet, D.colSlaCounted, D.colSlaPercent];

/** `cut`: the figures come from the latest `cut` cases only (the console's read limit), said on the first sheet as on the page. */
export function dashboardSheets(f: DashboardFigures, opts: { cut?: number } = {}): XlsxSheet[] {
  const kpis: XlsxCell[][] = [
    [D.kpiCases, f.all.cases, D.unitCases],
    [D.kpiSlaPercent, f.all.slaPercent, D.unitPercent],
    [D.kpiSlaMet, f.all.slaMet, D.unitCases],
    [D.kpiSlaCounted, f.all.slaCounted, D.unitCases],
    [D.kpiEscalations, f.escalations.entries, D.unitTimes],
    [D.kpiEscalatedCases, f.escalations.cases, D.unitCases],
    [D.kpiReopenPercent, f.reopen.percent, D.unitPercent],
    [D.kpiReopened, f.reopen.reopened, D.unitCases],
    [D.kpiClosed, f.reopen.closed, D.unitCases],
    [D.kpiRatingMean, f.ratings.mean, D.unitScore],
    [D.kpiRatings, f.ratings.count, D.unitPeople],
  ];
  const ratings = [5, 4, 3, 2, 1].map((score) => [score, f.ratings.byScore[score - 1]]);
  return [
    {
      name: S.kpis,
      rows: [[D.heading], [REPORT_TH.xlsx.colItem, REPORT_TH.xlsx.colValue, REPORT_TH.xlsx.colUnit], ...kpis, ...(opts.cut ? [[], [D.cut(opts.cut)]] : [])],
      frozenRows: 2,
    },
    {
      name: S.byShift,
      rows: [
        [D.timesHeading],
        [D.colGroup, ...groupHeadings],
        [D.all, ...groupCells(f.all)],
        [D.day, ...groupCells(f.byShift.day)],
        [D.night, ...groupCells(f.byShift.night)],
      ],
      frozenRows: 2,
    },
    {
      name: S.byWeek,
      // The week's Monday as a date cell (shown d/m/yyyy in the Buddhist era), oldest first.
      rows: [[D.weekHeading], [D.colWeek, ...groupHeadings], ...f.byWeek.map((w) => [xlsxDay(w.week), ...groupCells(w)])],
      frozenRows: 2,
    },
    {
      name: S.ratings,
      rows: [[D.ratingsHeading], [D.colScore, D.colRatings], ...ratings, [REPORT_TH.total, f.ratings.count]],
      frozenRows: 2,
      boldRows: [ratings.length + 2],
    },
  ];
}
