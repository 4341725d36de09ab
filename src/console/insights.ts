import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { provinceData } from '../cases/geo';
import type { CaseFigures, CaseReporting, CaseService } from '../cases/store';
import { CASE_STATUSES, PROBLEM_TYPES } from '../cases/vocab';
import { dayRange, dayRangeSchema } from '../reports/date-range';
import { formatCsv } from '../reports/format-csv';
import { formatXlsx, reportFileName, XLSX_CONTENT_TYPE } from '../reports/format-xlsx';
import { dashboardSheets } from '../reports/xlsx-dashboard';
import { computeSummary } from '../reports/summary';
import { CONSOLE_TH } from '../strings/th/console';
import { bangkok } from '../time/thai-time';
import { dashboardFigures } from './dashboard';
import { dashboardPage, mapPage, type MapFilters } from './insights-views';
import { provinceOutline } from './map';
import type { ConsoleSession } from './sessions';
import type { SlaMinutes } from './views';

/**
 * /console/map and /console/dashboard (mounted behind the console's session check). Both read a
 * bounded set of the center's cases through CaseService; the report is the one aggregation of
 * src/reports (computeSummary) and its CSV format.
 */

export interface InsightsDeps {
  cases: Pick<CaseService, 'figuresOpenedBetween' | 'figuresOpenOrSince'>;
  reporting: Pick<CaseReporting, 'aggregate'>;
  /** The center's province (CENTER_PROVINCE): the map's outline and the report's districts. */
  provinceName: string;
  centerName: string;
  /** DAY_SHIFT, e.g. "08:30-16:30" */
  dayShift: string;
  sla: SlaMinutes;
  now: () => Date;
}

/** Recent = opened in the last 30 days (the "open and recent cases"). */
export const MAP_RECENT_DAYS = 30;
/** Upper bounds of the reads: a page never loads the whole register. */
export const MAP_LIMIT = 1000;
export const DASHBOARD_LIMIT = 5000;
/** The dashboard's default range: the last 8 weeks (56 days, today included). */
const DEFAULT_DAYS = 56;

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const mapQuery = z.object({
  status: z.preprocess(blankToUndefined, z.enum(['open', ...CASE_STATUSES]).optional()),
  type: z.preprocess(blankToUndefined, z.enum(PROBLEM_TYPES).optional()),
  urgency: z.preprocess(blankToUndefined, z.enum(['urgent', 'normal']).optional()),
});

export function applyMapFilters(cases: CaseFigures[], f: MapFilters): CaseFigures[] {
  return cases.filter(
    (c) =>
      (!f.status || (f.status === 'open' ? c.status !== 'closed' : c.status === f.status)) &&
      (!f.type || c.problemTypes.includes(f.type)) &&
      (!f.urgency || c.urgent === (f.urgency === 'urgent')),
  );
}

export function insightRoutes(d: InsightsDeps): Router {
  const router = express.Router();
  const sessionOf = (req: Request) => (req as Request & { session: ConsoleSession }).session;
  const province = provinceData(d.provinceName);
  // The report's pipeline counts the whole register; the console shows only the officer's center.
  const reportingFor = (centerCode: string): Pick<CaseReporting, 'aggregate'> => ({
    aggregate: (pipeline) => d.reporting.aggregate([{ $match: { centerCode } }, ...pipeline]),
  });

  router.get('/map', async (req, res) => {
    const s = sessionOf(req);
    const parsed = mapQuery.safeParse(req.query);
    // A filter that is not one of ours (hand-edited URL) shows everything rather than failing.
    const filters: MapFilters = parsed.success ? parsed.data : {};
    const since = new Date(d.now().getTime() - MAP_RECENT_DAYS * 86_400_000);
    const all = await d.cases.figuresOpenOrSince({ centerCode: s.centerCode ?? '', since, limit: MAP_LIMIT });
    res.type('html').send(
      mapPage(s, provinceOutline(d.provinceName), applyMapFilters(all, filters), { filters, days: MAP_RECENT_DAYS, cut: all.length >= MAP_LIMIT ? MAP_LIMIT : undefined }),
    );
  });

  /** The asked range, or the last 8 weeks when none (or a wrong one) is asked. */
  const rangeOf = (req: Request) => {
    const today = bangkok(d.now()).format('YYYY-MM-DD');
    const fallback = { from: bangkok(d.now()).subtract(DEFAULT_DAYS - 1, 'day').format('YYYY-MM-DD'), to: today };
    if (req.query.from === undefined && req.query.to === undefined) return { ...fallback, bad: false };
    const r = dayRangeSchema.safeParse(req.query);
    return r.success ? { ...r.data, bad: false } : { ...fallback, bad: true };
  };

  router.get('/dashboard', async (req, res) => {
    const s = sessionOf(req);
    const r = rangeOf(req);
    const range = dayRange(r.from, r.to);
    const [cases, report] = await Promise.all([
      d.cases.figuresOpenedBetween({ centerCode: s.centerCode ?? '', from: range.start, to: range.end, limit: DASHBOARD_LIMIT }),
      computeSummary(reportingFor(s.centerCode ?? ''), { range, centerName: d.centerName, province, now: d.now() }),
    ]);
    const figures = dashboardFigures(cases, { now: d.now(), dayShift: d.dayShift, sla: d.sla });
    res.type('html').send(
      dashboardPage(s, figures, report, {
        from: r.from,
        to: r.to,
        cut: cases.length >= DASHBOARD_LIMIT ? DASHBOARD_LIMIT : undefined,
        message: r.bad ? CONSOLE_TH.insights.dashboard.badRange : undefined,
      }),
    );
  });

  router.get('/dashboard/report.csv', async (req, res) => {
    const r = dayRangeSchema.safeParse(req.query);
    if (!r.success) {
      res.status(400).type('text/plain').send(CONSOLE_TH.insights.dashboard.csvBadRange);
      return;
    }
    const report = await computeSummary(reportingFor(sessionOf(req).centerCode ?? ''), { range: dayRange(r.data.from, r.data.to), centerName: d.centerName, province, now: d.now(), byMonth: true });
    res
      .set({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="report-${r.data.from}-${r.data.to}.csv"`,
        'cache-control': 'no-store',
      })
      .send(formatCsv(report));
  });

  // The report's tables and the dashboard's figures in one workbook (src/reports/format-xlsx.ts).
  router.get('/dashboard/report.xlsx', async (req, res) => {
    const r = dayRangeSchema.safeParse(req.query);
    if (!r.success) {
      res.status(400).type('text/plain').send(CONSOLE_TH.insights.dashboard.csvBadRange);
      return;
    }
    const code = sessionOf(req).centerCode ?? '';
    const range = dayRange(r.data.from, r.data.to);
    const [cases, report] = await Promise.all([
      d.cases.figuresOpenedBetween({ centerCode: code, from: range.start, to: range.end, limit: DASHBOARD_LIMIT }),
      computeSummary(reportingFor(code), { range, centerName: d.centerName, province, now: d.now(), byMonth: true }),
    ]);
    const figures = dashboardFigures(cases, { now: d.now(), dayShift: d.dayShift, sla: d.sla });
    res
      .set({ 'content-type': XLSX_CONTENT_TYPE, 'content-disposition': `attachment; filename="${reportFileName(code, r.data, 'xlsx')}"`, 'cache-control': 'no-store' })
      .send(Buffer.from(formatXlsx(report, dashboardSheets(figures, { cut: cases.length >= DASHBOARD_LIMIT ? DASHBOARD_LIMIT : undefined }))));
  });

  return router;
}
