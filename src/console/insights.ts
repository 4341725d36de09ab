import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import type { CaseFigures, CaseReporting, CaseService } from '../cases/store';
import { CASE_STATUSES, PROBLEM_TYPES } from '../cases/vocab';
import { CENTER_CODE_RE } from '../centers/types';
import { thailand } from '../geo';
import { dayRange, dayRangeSchema } from '../reports/date-range';
import { formatCsv } from '../reports/format-csv';
import { formatXlsx, reportFileName, XLSX_CONTENT_TYPE } from '../reports/format-xlsx';
import { centerReport, nationalReport, NATIONAL_REPORT, type ReportTarget } from '../reports/report-scope';
import { dashboardSheets } from '../reports/xlsx-dashboard';
import { computeSummary } from '../reports/summary';
import { CONSOLE_TH } from '../strings/th/console';
import { bangkok } from '../time/thai-time';
import { dashboardFigures } from './dashboard';
import { areaCounts, dashboardPage, mapPage, type MapFilters } from './insights-views';
import { areaOutline } from './map';
import type { ConsoleSession } from './sessions';
import type { SlaMinutes } from './views';

/**
 * /console/map and /console/dashboard (mounted behind the console's session check). Both read a
 * bounded set of cases through CaseService; the report is the one aggregation of src/reports
 * (computeSummary, scoped as the CLI's reports are) and its CSV format.
 *
 * Whose cases: a center's officers and supervisors see their center's; the national desk sees every
 * center's, or one center's when it picks one (`center=<code>`; `all` or nothing: every center). The
 * map's area follows: the center's provinces, or the whole country.
 */

/** A center as the map and dashboard need it (src/centers' Center, settings resolved). */
export interface InsightCenter {
  code: string;
  name: string;
  /** DOPA province codes */
  provinces: readonly string[];
  /** e.g. "08:30-16:30" */
  dayShift: string;
  sla: SlaMinutes;
}

export interface InsightsDeps {
  cases: Pick<CaseService, 'figuresOpenedBetween' | 'figuresOpenOrSince'>;
  reporting: Pick<CaseReporting, 'aggregate'>;
  /** Every center, read per request (a center added through the admin API shows without a restart). */
  centers: () => Promise<InsightCenter[]>;
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

/** What a page shows: one center, or (national desk only) every center. */
export type InsightScope = { kind: 'center'; center: InsightCenter; national: boolean } | { kind: 'all'; centers: InsightCenter[] };

/**
 * The session's scope. A center's officer gets their center whatever `center=` says (no other
 * center's figures); the national desk gets the center it asked for, or every center.
 */
export function scopeFor(s: ConsoleSession, asked: unknown, centers: InsightCenter[]): InsightScope | undefined {
  if (!s.national) {
    const own = centers.find((c) => c.code === s.centerCode);
    return own ? { kind: 'center', center: own, national: false } : undefined;
  }
  const code = typeof asked === 'string' && CENTER_CODE_RE.test(asked) ? asked : NATIONAL_REPORT;
  const one = centers.find((c) => c.code === code);
  return one ? { kind: 'center', center: one, national: true } : { kind: 'all', centers };
}

export function insightRoutes(d: InsightsDeps): Router {
  const router = express.Router();
  const sessionOf = (req: Request) => (req as Request & { session: ConsoleSession }).session;
  const geo = thailand();
  const scopeOf = async (req: Request) => scopeFor(sessionOf(req), req.query.center, await d.centers());
  const codeOf = (sc: InsightScope) => (sc.kind === 'center' ? sc.center.code : undefined);
  const reportOf = (sc: InsightScope): ReportTarget => (sc.kind === 'center' ? centerReport(sc.center, geo) : nationalReport(sc.centers, geo));
  /** Each case's own center's SLA and shift (centers differ); a case of a center since removed: the first center's. */
  const perCase = (sc: InsightScope) => {
    const list = sc.kind === 'center' ? [sc.center] : sc.centers;
    const byCode = new Map(list.map((c) => [c.code, c]));
    const centerOf = (c: CaseFigures) => byCode.get(c.centerCode) ?? list[0];
    return { sla: (c: CaseFigures) => centerOf(c).sla, dayShift: (c: CaseFigures) => centerOf(c).dayShift };
  };
  const noCenter = (req: Request, res: express.Response) => void res.status(404).type('text/plain').send(CONSOLE_TH.error.notFound);

  router.get('/map', async (req, res) => {
    const s = sessionOf(req);
    const sc = await scopeOf(req);
    if (!sc) return noCenter(req, res);
    const parsed = mapQuery.safeParse(req.query);
    // A filter that is not one of ours (hand-edited URL) shows everything rather than failing.
    const filters: MapFilters = parsed.success ? parsed.data : {};
    const since = new Date(d.now().getTime() - MAP_RECENT_DAYS * 86_400_000);
    const all = await d.cases.figuresOpenOrSince({ centerCode: codeOf(sc), since, limit: MAP_LIMIT });
    const shown = applyMapFilters(all, filters);
    const outline = areaOutline(sc.kind === 'center' ? sc.center.provinces : 'country');
    res.type('html').send(
      mapPage(s, outline, shown, {
        filters,
        days: MAP_RECENT_DAYS,
        cut: all.length >= MAP_LIMIT ? MAP_LIMIT : undefined,
        counts: areaCounts(sc, shown, geo),
        ...(s.national ? { centers: await d.centers(), center: codeOf(sc) } : {}),
      }),
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
    const sc = await scopeOf(req);
    if (!sc) return noCenter(req, res);
    const r = rangeOf(req);
    const range = dayRange(r.from, r.to);
    const target = reportOf(sc);
    const [cases, report] = await Promise.all([
      d.cases.figuresOpenedBetween({ centerCode: codeOf(sc), from: range.start, to: range.end, limit: DASHBOARD_LIMIT }),
      computeSummary(d.reporting, { range, now: d.now(), ...target }),
    ]);
    const figures = dashboardFigures(cases, { now: d.now(), ...perCase(sc) });
    res.type('html').send(
      dashboardPage(s, figures, report, {
        from: r.from,
        to: r.to,
        cut: cases.length >= DASHBOARD_LIMIT ? DASHBOARD_LIMIT : undefined,
        message: r.bad ? CONSOLE_TH.insights.dashboard.badRange : undefined,
        ...(s.national ? { centers: await d.centers(), center: codeOf(sc) } : {}),
      }),
    );
  });

  /** The downloads' range and scope: a wrong range is 400, an officer whose center is gone 404. */
  const downloadOf = async (req: Request, res: express.Response) => {
    const r = dayRangeSchema.safeParse(req.query);
    if (!r.success) return void res.status(400).type('text/plain').send(CONSOLE_TH.insights.dashboard.csvBadRange);
    const sc = await scopeOf(req);
    if (!sc) return noCenter(req, res);
    return { asked: r.data, range: dayRange(r.data.from, r.data.to), sc, code: codeOf(sc) ?? NATIONAL_REPORT };
  };

  router.get('/dashboard/report.csv', async (req, res) => {
    const dl = await downloadOf(req, res);
    if (!dl) return;
    const report = await computeSummary(d.reporting, { range: dl.range, now: d.now(), byMonth: true, ...reportOf(dl.sc) });
    res
      .set({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${reportFileName(dl.code, dl.asked, 'csv')}"`,
        'cache-control': 'no-store',
      })
      .send(formatCsv(report));
  });

  // The report's tables and the dashboard's figures in one workbook (src/reports/format-xlsx.ts).
  router.get('/dashboard/report.xlsx', async (req, res) => {
    const dl = await downloadOf(req, res);
    if (!dl) return;
    const [cases, report] = await Promise.all([
      d.cases.figuresOpenedBetween({ centerCode: codeOf(dl.sc), from: dl.range.start, to: dl.range.end, limit: DASHBOARD_LIMIT }),
      computeSummary(d.reporting, { range: dl.range, now: d.now(), byMonth: true, ...reportOf(dl.sc) }),
    ]);
    const figures = dashboardFigures(cases, { now: d.now(), ...perCase(dl.sc) });
    res
      .set({ 'content-type': XLSX_CONTENT_TYPE, 'content-disposition': `attachment; filename="${reportFileName(dl.code, dl.asked, 'xlsx')}"`, 'cache-control': 'no-store' })
      .send(Buffer.from(formatXlsx(report, dashboardSheets(figures, { cut: cases.length >= DASHBOARD_LIMIT ? DASHBOARD_LIMIT : undefined }))));
  });

  return router;
}
