import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import helmet from 'helmet';
import multer from 'multer';
import { parse as parseCookies } from 'cookie';
import { z } from 'zod';
import type { CaseAction } from '../cases/decide';
import type { CaseService } from '../cases/store';
import type { Actor, CaseRecord } from '../cases/types';
import { OUTCOMES } from '../cases/vocab';
import type { Messenger } from '../line/messenger';
import type { Logger } from '../log/logger';
import { hashId } from '../log/logger';
import { safeErrorText } from '../errors';
import { CONSOLE_TH as T } from '../strings/th/console';
import { districtWords } from '../strings/th/geo';
import { createHash } from 'node:crypto';
import type { CenterStore } from '../centers/store';
import { CENTER_CODE_RE } from '../centers/types';
import { thailand } from '../geo';
import type { Evidence } from '../evidence/handle';
import { findAccess, nationalDesk, roleIn, type ConsoleCenter } from './access';
import { settingsRoutes } from './settings';
import type { LineLogin } from './oidc';
import { MEMBERSHIP_RECHECK_MS, SESSION_MAX_MS, createSessionStore, type ConsoleSession } from './sessions';
import type { Connection } from 'mongoose';
import { insightRoutes, type InsightCenter, type InsightsDeps } from './insights';
import { QUEUE_EXPORT_LIMIT, queueCsv, queueFileName, queueTable, queueXlsx } from './queue-export';
import { XLSX_CONTENT_TYPE } from '../reports/format-xlsx';
import { casePage, centerLabel, messagePage, queuePage, queueRows, signInPage, type PhotoOptions, type QueueCenters, type SlaMinutes } from './views';

/**
 * The center's web console at /console: LINE Login, the live queue and the case page, acting through
 * CaseService.act (the same state machine and listeners as the LINE group, so the reporter hears the
 * same updates).
 */

export interface ConsoleDeps {
  conn: Connection;
  cases: CaseService;
  line: Pick<Messenger, 'getGroupMemberProfile'>;
  login: LineLogin;
  /** The centers whose groups give access: a fixed list, or read each time (src/centers: home + stored). */
  centers: ConsoleCenter[] | (() => Promise<ConsoleCenter[]>);
  /** NATIONAL_DESK_GROUP_IDS: members supervise every center. */
  nationalGroupIds?: readonly string[];
  /** Stored media served to the case page (src/evidence). */
  media?: Pick<Evidence, 'serveStored'>;
  /** Officers' photos uploaded from the case page, kept as evidence and relayed to the reporter (src/evidence). */
  photos?: Pick<Evidence, 'keepUploadedPhoto' | 'linksEnabled' | 'uploadMaxBytes'>;
  /** The settings page writes through it (same validation as PUT /api/centers). */
  centerStore?: Pick<CenterStore, 'get' | 'list' | 'put'>;
  sla: SlaMinutes;
  /** Cookies are Secure when the public address is https (everywhere but the sandbox). */
  secureCookies: boolean;
  logger: Logger;
  now?: () => Date;
  /**
   * The map and dashboard (insights.ts); without it those pages are not mounted. Centers come from
   * `centerStore` when there is one; else each console center gets this province, name and shift.
   */
  insights?: Pick<InsightsDeps, 'reporting'> & { provinceName: string; centerName: string; dayShift: string };
  /** How often open pages' queues are compared for another instance's changes (tests shorten it). */
  liveCheckMs?: number;
}

const COOKIE = 'husec_console';
const LOGIN_COOKIE = 'husec_console_login';
const ASSETS = join(__dirname, '..', '..', 'console-assets');
const FONTS = join(__dirname, '..', '..', 'node_modules', '@fontsource', 'noto-sans-thai', 'files');
const CASE_NO = /^[A-Z]{2,6}-\d{4}-\d{4,6}$/;
const MB = 1024 * 1024;
/** Another instance's change shows on the open pages within this (this instance's own: at once). */
const LIVE_CHECK_MS = 5_000;

const actionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge') }),
  z.object({ action: z.literal('start') }),
  z.object({ action: z.literal('refer'), agency: z.string().trim().min(1).max(200) }),
  z.object({ action: z.literal('close'), outcome: z.enum(OUTCOMES).exclude(['duplicate']), note: z.string().trim().min(1).max(1000) }),
  z.object({ action: z.literal('note'), text: z.string().trim().min(1).max(1000) }),
  z.object({ action: z.literal('relay'), text: z.string().trim().min(1).max(1000) }),
  z.object({ action: z.literal('merge'), into: z.string().trim().toUpperCase().regex(CASE_NO) }),
]);
const requestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,80}$/);
/** The queue's filters: a district (from the map's counts) and, for the national desk, a center. */
const queueQuery = z.object({
  district: z.string().regex(/^\d{4}$/).optional().catch(undefined),
  center: z.string().regex(CENTER_CODE_RE).optional().catch(undefined),
});
type QueueFilter = z.infer<typeof queueQuery>;
/** The one route that takes a file: its multipart body is parsed before the CSRF check reads `_csrf`. */
const PHOTO_PATH = /^\/cases\/[^/]+\/photo$/;

type Authed = Request & { session?: ConsoleSession; upload?: { file?: Express.Multer.File; tooLarge?: boolean } };

/** code → short name, in the centers' order (the home center first, as src/centers lists them). */
const queueCenters = (centers: readonly ConsoleCenter[]): QueueCenters => new Map(centers.map((c) => [c.code, centerLabel(c)]));

/** Only a path inside the console may be a return address (no open redirect). */
/** The console's file downloads (the queue's and the report's). */
const DOWNLOAD_PATH = /^\/(queue|dashboard\/report)\.(csv|xlsx)$/;
const safeReturn = (p: unknown) => (typeof p === 'string' && /^\/console(\/[A-Za-z0-9\-/]*)?$/.test(p) ? p : '/console');

export function createConsole(d: ConsoleDeps): Router {
  const now = d.now ?? (() => new Date());
  const sessions = createSessionStore(d.conn);
  const listCenters = async () => (typeof d.centers === 'function' ? d.centers() : d.centers);
  const national = d.nationalGroupIds ?? [];
  const router = express.Router();
  const cookieOpts = { httpOnly: true, secure: d.secureCookies, sameSite: 'lax' as const, path: '/console' };

  router.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          fontSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          // Off in the sandbox (plain http on loopback), where it would break every asset.
          upgradeInsecureRequests: d.secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: d.secureCookies,
    }),
  );
  router.use('/assets/fonts', express.static(FONTS, { maxAge: '7d', fallthrough: false }));
  router.use('/assets', express.static(ASSETS, { maxAge: '1h', fallthrough: false }));
  router.use(express.urlencoded({ extended: false, limit: '32kb' }));
  // In memory: one photo of at most uploadMaxBytes (LINE's image limit and EVIDENCE_MAX_FILE_MB), then GridFS.
  const photoParser = d.photos
    ? multer({ storage: multer.memoryStorage(), limits: { fileSize: d.photos.uploadMaxBytes, files: 1, fields: 4, fieldSize: 200, parts: 5 } }).single('photo')
    : undefined;
  const parseUpload = (parse: express.RequestHandler, req: Authed, res: Response) =>
    new Promise<void>((resolve, reject) => {
      parse(req, res, (err?: unknown) => {
        if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') req.upload = { tooLarge: true };
        else if (err instanceof multer.MulterError) req.upload = {};
        else if (err) return reject(err);
        else req.upload = { file: req.file };
        resolve();
      });
    });

  // --- sign-in ---
  router.get('/login', async (req, res, next) => {
    try {
      const returnTo = safeReturn(req.query.returnTo);
      const l = await sessions.startLogin(returnTo, now());
      res.cookie(LOGIN_COOKIE, l.token, { ...cookieOpts, maxAge: 10 * 60_000 });
      res.redirect(302, await d.login.authorizationUrl({ state: l.state, nonce: l.nonce }));
    } catch (err) {
      next(err);
    }
  });

  router.get('/callback', async (req, res, next) => {
    try {
      const token = parseCookies(req.headers.cookie ?? '')[LOGIN_COOKIE];
      res.clearCookie(LOGIN_COOKIE, cookieOpts);
      const pending = token ? await sessions.takeLogin(token, now()) : null;
      if (!pending?.state || !pending.nonce) {
        res.status(400).type('html').send(signInPage({ returnTo: '/console', message: T.signIn.failed }));
        return;
      }
      let who: { userId: string; name: string };
      try {
        who = await d.login.callback(req.query as Record<string, string>, { state: pending.state, nonce: pending.nonce });
      } catch (err) {
        d.logger.warn('console sign-in refused', { error: safeErrorText(err) });
        res.status(400).type('html').send(signInPage({ returnTo: pending.returnTo ?? '/console', message: T.signIn.failed }));
        return;
      }
      const access = await findAccess(await listCenters(), who.userId, d.line, national);
      if (!access) {
        d.logger.info('console sign-in without membership', { user: hashId(who.userId) });
        // The sign-in page again, with the refusal: someone who chose the wrong LINE account can try another.
        res.status(403).type('html').send(signInPage({ returnTo: pending.returnTo ?? '/console', message: T.signIn.noAccess }));
        return;
      }
      const s = await sessions.create({ userId: who.userId, name: who.name, centerCode: access.center.code, role: access.role, ...(access.national ? { national: true } : {}) }, now());
      res.cookie(COOKIE, s.token, { ...cookieOpts, maxAge: SESSION_MAX_MS });
      d.logger.info('console sign-in', { user: hashId(who.userId), role: access.role });
      res.redirect(302, safeReturn(pending.returnTo));
    } catch (err) {
      next(err);
    }
  });

  // --- every other route needs a live session whose LINE membership is fresh ---
  const isData = (req: Request) =>
    req.path.startsWith('/api/') || req.path === '/events' || req.path.startsWith('/fragments/') || req.path.endsWith('.csv') || req.path.endsWith('.xlsx') || req.path.includes('/media/');
  router.use(async (req: Authed, res: Response, next: NextFunction) => {
    try {
      const token = parseCookies(req.headers.cookie ?? '')[COOKIE];
      let s = token ? await sessions.touch(token, now()) : null;
      if (s && (!s.checkedAt || now().getTime() - s.checkedAt.getTime() > MEMBERSHIP_RECHECK_MS)) {
        const center = s.national ? nationalDesk(national) : (await listCenters()).find((c) => c.code === s?.centerCode);
        const role = center && s.userId ? await roleIn(center, s.userId, d.line) : null;
        if (role) await sessions.rechecked(s._id, role, now());
        else {
          await sessions.endById(s._id);
          s = null;
        }
      }
      if (!s) {
        if (token) res.clearCookie(COOKIE, cookieOpts);
        // A download link followed by the browser (not the page's script): the sign-in page, so the
        // officer sees why there is no file, and comes back to the page the link was on.
        if (req.method === 'GET' && DOWNLOAD_PATH.test(req.path) && req.accepts(['json', 'html']) === 'html') {
          const back = req.path.startsWith('/dashboard/') ? '/console/dashboard' : '/console';
          res.status(401).type('html').send(signInPage({ returnTo: back, message: token ? T.signIn.expired : undefined }));
          return;
        }
        if (isData(req) || req.method !== 'GET') {
          // No case data; the page's script keeps what was typed and sends the officer to sign in.
          res.status(401).json({ error: 'unauthenticated', signIn: `/console/login?returnTo=${encodeURIComponent(safeReturn(req.get('x-return-to')))}` });
          return;
        }
        res.status(200).type('html').send(signInPage({ returnTo: safeReturn(`/console${req.path === '/' ? '' : req.path}`), message: token ? T.signIn.expired : undefined }));
        return;
      }
      req.session = s;
      if (req.method === 'POST' && photoParser && PHOTO_PATH.test(req.path) && req.is('multipart/form-data')) await parseUpload(photoParser, req, res);
      if (req.method === 'POST') {
        const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
        if (sent !== s.csrf) {
          res.status(403).type('html').send(messagePage(T.error.badRequest, T.error.forbidden, s));
          return;
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  });

  const sessionOf = (req: Request) => (req as Authed).session!;
  /** The national desk sees every center; anyone else only their own. */
  const inScope = (s: ConsoleSession, centerCode: string) => !!s.national || centerCode === s.centerCode;
  if (d.insights) {
    const ins = d.insights;
    const store = d.centerStore;
    const home = thailand().findProvince(ins.provinceName);
    const centers = async (): Promise<InsightCenter[]> =>
      store
        ? (await store.list()).map((c) => ({ code: c.code, name: c.name, provinces: c.provinces, dayShift: c.dayShift, sla: { urgent: c.ackSlaUrgentMinutes, normal: c.ackSlaNormalMinutes } }))
        : (await listCenters()).map((c) => ({ code: c.code, name: c.name || ins.centerName, provinces: home ? [home.code] : [], dayShift: ins.dayShift, sla: c.sla ?? d.sla }));
    router.use(insightRoutes({ reporting: ins.reporting, cases: d.cases, centers, now }));
  }
  const openCases = async (s: ConsoleSession, f: QueueFilter, limit = 200) => {
    // An officer's queue is their center's whatever the address says; the national desk may pick one.
    const scope = s.national ? (f.center ? { code: f.center } : undefined) : { code: s.centerCode ?? '' };
    const q = await d.cases.openQueue(limit, scope, { districtCode: f.district });
    const all = await listCenters();
    const slas = new Map(all.map((c) => [c.code, c.sla ?? d.sla]));
    // A viewer of several centers (the national desk) is told each case's center; one center's officers are not (it is always theirs).
    const centers = s.national ? queueCenters(all) : undefined;
    return { cases: q.cases, total: q.total, centers, sla: (c: CaseRecord) => slas.get(c.centerCode) ?? d.sla };
  };
  const filterOf = (req: Request): QueueFilter => {
    const f = queueQuery.safeParse(req.query);
    return f.success ? f.data : {};
  };
  const filterLabel = async (s: ConsoleSession, f: QueueFilter) => {
    const parts = [
      f.district ? T.queue.filter.district(thailand().district(f.district)?.name ?? f.district, districtWords({ districtCode: f.district }).district) : '',
      // The same short name as the queue's center column and picker.
      s.national && f.center ? T.queue.filter.center(queueCenters(await listCenters()).get(f.center) || f.center) : '',
    ].filter(Boolean);
    return parts.length ? parts.join(' · ') : undefined;
  };

  router.post('/logout', async (req, res) => {
    await sessions.endById(sessionOf(req)._id);
    res.clearCookie(COOKIE, cookieOpts);
    res.redirect(303, '/console');
  });

  router.get('/', async (req, res) => {
    const s = sessionOf(req);
    const f = filterOf(req);
    const q = await openCases(s, f);
    res.type('html').send(queuePage(s, q, now(), q.sla, { filter: f, label: await filterLabel(s, f) }));
  });

  router.get('/fragments/queue', async (req, res) => {
    const s = sessionOf(req);
    const q = await openCases(s, filterOf(req));
    // The count line is plain text in a header, so the page updates it without parsing HTML.
    res.setHeader('x-queue-total', encodeURIComponent(T.queue.total(q.cases.length, q.total)));
    res.type('html').send(queueRows(q.cases, now(), q.sla, q.centers));
  });

  // The queue as a file: the same rows and filters as the page (more of them), see queue-export.ts.
  const queueFile = (ext: 'xlsx' | 'csv') => async (req: Request, res: Response) => {
    const s = sessionOf(req);
    const f = filterOf(req);
    const q = await openCases(s, f, QUEUE_EXPORT_LIMIT);
    const at = now();
    const table = queueTable(q.cases, { now: at, sla: q.sla, centers: q.centers });
    const name = queueFileName(s.national ? (f.center ?? 'all') : (s.centerCode ?? ''), at, ext);
    res.set({ 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' });
    if (ext === 'xlsx') res.type(XLSX_CONTENT_TYPE).send(Buffer.from(queueXlsx(table, { now: at, total: q.total })));
    else res.type('text/csv; charset=utf-8').send(queueCsv(table, { total: q.total }));
  };
  router.get('/queue.xlsx', queueFile('xlsx'));
  router.get('/queue.csv', queueFile('csv'));

  // Live queue: one listener on the case repository fans out to the open pages of that center.
  const clients = new Set<{ center: string; res: Response }>();
  // A transfer concerns two centers: the old one's open pages must drop the case, the new one's show it.
  d.cases.onChange(async (c, entry) => {
    const concerned = new Set([c.centerCode, ...(entry.kind === 'transferred' && entry.fromCenter ? [entry.fromCenter] : [])]);
    for (const cl of clients) if (cl.center === '*' || concerned.has(cl.center)) cl.res.write(`event: change\ndata: ${JSON.stringify({ caseNumber: c.caseNumber })}\n\n`);
  });
  // Another instance's changes (a case opened by its webhook, an officer's action there) reach no
  // listener here: while pages are open, each center's open queue is compared every few seconds with
  // what it was, and a changed one is announced to that center's pages (and the national desk's).
  const stamps = new Map<string, string>();
  let watching: NodeJS.Timeout | undefined;
  const watchOthers = async () => {
    const centers = new Set([...clients].map((cl) => cl.center));
    for (const center of centers) {
      const stamp = await d.cases.openQueueStamp(center === '*' ? undefined : { code: center });
      const before = stamps.get(center);
      stamps.set(center, stamp);
      if (before === undefined || before === stamp) continue;
      for (const cl of clients) if (cl.center === center) cl.res.write('event: change\ndata: {}\n\n');
    }
    for (const center of stamps.keys()) if (!centers.has(center)) stamps.delete(center);
  };
  const scheduleWatch = () => {
    if (watching || !clients.size) return;
    watching = setTimeout(() => {
      void watchOthers()
        .catch((err: unknown) => d.logger.warn('console: could not compare the open queues', { error: err instanceof Error ? err.name : 'error' }))
        .finally(() => {
          watching = undefined;
          scheduleWatch();
        });
    }, d.liveCheckMs ?? LIVE_CHECK_MS);
    watching.unref();
  };
  router.get('/events', (req, res) => {
    const s = sessionOf(req);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const cl = { center: s.national ? '*' : (s.centerCode ?? ''), res };
    clients.add(cl);
    scheduleWatch();
    // The stream ends with the session's idle limit: the page reconnects and, if signed out, is sent to sign in.
    const end = setTimeout(() => res.end(), 25 * 60_000);
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.on('close', () => {
      clearTimeout(end);
      clearInterval(ping);
      clients.delete(cl);
    });
  });

  /** The case, only if it belongs to the officer's center; anything else is 404 (no hint it exists). */
  const caseFor = async (req: Request): Promise<CaseRecord | null> => {
    const no = String(req.params.no ?? '').toUpperCase();
    if (!CASE_NO.test(no)) return null;
    const c = await d.cases.get(no);
    return c && inScope(sessionOf(req), c.centerCode) ? c : null;
  };
  const notFound = (req: Request, res: Response) => res.status(404).type('html').send(messagePage(T.error.notFound, T.error.notFound, sessionOf(req)));
  const actor = (s: ConsoleSession): Actor => ({ kind: 'officer', id: s.userId, name: s.name });
  /** The case page, with the case's center named for a viewer of several centers (the national desk). */
  const caseView = async (s: ConsoleSession, c: CaseRecord, opts: Omit<Parameters<typeof casePage>[2], 'centerName'>) =>
    casePage(s, c, s.national ? { ...opts, centerName: queueCenters(await listCenters()).get(c.centerCode) || c.centerCode } : opts);
  const pageRequestId = () => `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  /**
   * Whether the case page offers a photo to the reporter, and if not, why (the same rules as the LINE
   * group's). A case with no LINE reporter is told so first: https links would not help it, and asking
   * the administrator for them would send the officer the wrong way.
   */
  const photoOptions = (c: CaseRecord): PhotoOptions | undefined =>
    !d.photos ? undefined : { maxMb: Math.floor(d.photos.uploadMaxBytes / MB), refusal: !c.reporterUserId ? 'noReporter' : !d.photos.linksEnabled ? 'noLinks' : undefined };

  router.get('/cases/:no', async (req, res) => {
    const c = await caseFor(req);
    if (!c) return void notFound(req, res);
    const done = req.query.done === 'photo' ? T.photo.sent : req.query.done ? T.case.done : undefined;
    res.type('html').send(await caseView(sessionOf(req), c, { requestId: pageRequestId(), personal: false, message: done, photos: photoOptions(c) }));
  });

  // The personal view is a POST (each view is recorded); its address opened again (history, a
  // bookmark) goes to the case page, where the officer asks again.
  router.get('/cases/:no/personal', (req, res) => res.redirect(303, `/console/cases/${encodeURIComponent(String(req.params.no))}`));

  router.post('/cases/:no/personal', async (req, res) => {
    const c = await caseFor(req);
    if (!c) return void notFound(req, res);
    const s = sessionOf(req);
    // Recorded first: a view of personal data is never shown without its timeline entry.
    const r = await d.cases.act(c.caseNumber, { type: 'details_viewed' }, actor(s), { entryId: `console:${pageRequestId()}:viewed`, now: now() });
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(await caseView(s, r.ok ? r.case : c, { requestId: pageRequestId(), personal: true, photos: photoOptions(r.ok ? r.case : c) }));
  });

  router.post('/cases/:no/actions', async (req, res) => {
    const c = await caseFor(req);
    if (!c) return void notFound(req, res);
    const s = sessionOf(req);
    const parsed = actionSchema.safeParse(req.body);
    const rid = requestIdSchema.safeParse((req.body as Record<string, unknown>).requestId);
    if (!parsed.success || !rid.success) {
      // A field the officer typed wrong is named (a malformed case number to merge into is "not found",
      // as a wrong one is); anything else is a stale or tampered form.
      const field = rid.success && !parsed.success ? fieldProblem(parsed.error.issues) : undefined;
      res
        .status(field === 'into' ? 422 : 400)
        .type('html')
        .send(await caseView(s, c, { requestId: pageRequestId(), personal: false, message: field === 'into' ? T.error.mergeTarget : field ? T.error.missingText : T.error.forbidden, photos: photoOptions(c) }));
      return;
    }
    const a = parsed.data;
    // The entry id comes from the form's request id: a double submit or a re-sent form is one entry.
    const entryId = `console:${rid.data}`;
    const when = now();
    let result;
    if (a.action === 'merge') {
      const into = await d.cases.get(a.into);
      if (!into || into.centerCode !== c.centerCode || into.status === 'closed' || into.caseNumber === c.caseNumber) {
        res.status(422).type('html').send(await caseView(s, c, { requestId: pageRequestId(), personal: false, message: T.error.mergeTarget, photos: photoOptions(c) }));
        return;
      }
      result = await d.cases.act(c.caseNumber, { type: 'merge', into: into.caseNumber }, actor(s), { entryId, now: when });
      if (result.ok) await d.cases.act(into.caseNumber, { type: 'merged_from', from: c.caseNumber }, actor(s), { entryId: `${entryId}:into`, now: when });
    } else {
      const action: CaseAction =
        a.action === 'refer' ? { type: 'refer', agency: a.agency } : a.action === 'close' ? { type: 'close', outcome: a.outcome, note: a.note } : a.action === 'note' || a.action === 'relay' ? { type: a.action, text: a.text } : { type: a.action };
      result = await d.cases.act(c.caseNumber, action, actor(s), { entryId, now: when });
    }
    if (!result.ok) {
      res.status(409).type('html').send(await caseView(s, result.case ?? c, { requestId: pageRequestId(), personal: false, message: refusalText(result.reason), photos: photoOptions(result.case ?? c) }));
      return;
    }
    res.redirect(303, `/console/cases/${encodeURIComponent(c.caseNumber)}?done=1`);
  });

  /**
   * A photo from the officer's computer to the reporter: stored as the case's evidence (file id from
   * the form's request id, so a re-sent form is one file and one entry), then a public 'relay' entry
   * (an after photo once the case is closed), which the reporter gets as a LINE image, exactly as a
   * photo sent in the LINE group. CSRF was checked on the parsed form before this runs.
   */
  router.post('/cases/:no/photo', async (req: Authed, res) => {
    const c = await caseFor(req);
    if (!c || !d.photos) return void notFound(req, res);
    const s = sessionOf(req);
    const photos = photoOptions(c);
    const fail = async (status: number, message: string) =>
      void res.status(status).type('html').send(await caseView(s, c, { requestId: pageRequestId(), personal: false, message, photos }));
    if (photos?.refusal) return fail(409, T.photo[photos.refusal]);
    const rid = requestIdSchema.safeParse((req.body as Record<string, unknown> | undefined)?.requestId);
    if (req.upload?.tooLarge) return fail(413, T.photo.tooLarge(photos?.maxMb ?? 0));
    const file = req.upload?.file;
    if (!rid.success || !file) return fail(400, T.photo.missing);
    const kept = await d.photos.keepUploadedPhoto(c.caseNumber, { id: `console-${rid.data}`, data: file.buffer }, now());
    if (!kept.ok) {
      d.logger.info('console photo not kept', { caseNumber: c.caseNumber, reason: kept.reason });
      if (kept.reason === 'not_found') return void notFound(req, res);
      return fail(kept.reason === 'not_image' ? 415 : kept.reason === 'file_too_large' ? 413 : 409, kept.reason === 'not_image' ? T.photo.notImage : kept.reason === 'file_too_large' ? T.photo.tooLarge(photos?.maxMb ?? 0) : T.photo.caseFull);
    }
    const action: CaseAction = { type: 'relay', text: '', attachments: [kept.attachment], ...(c.status === 'closed' ? { after: true } : {}) };
    const result = await d.cases.act(c.caseNumber, action, actor(s), { entryId: `console:${rid.data}`, now: now() });
    if (!result.ok) return fail(409, refusalText(result.reason));
    res.redirect(303, `/console/cases/${encodeURIComponent(c.caseNumber)}?done=photo`);
  });

  // Stored media of a case, for <img>/<audio>/<video> in the case page (ranges for players). The
  // first request of each item in a session is a 'media_viewed' entry; a player's further range
  // requests find the same entry id and add nothing.
  router.get('/cases/:no/media/:messageId', async (req, res) => {
    res.set('Cache-Control', 'private, no-store');
    const c = await caseFor(req);
    const a = c?.attachments.find((x) => x.messageId === req.params.messageId);
    if (!c || !a || a.evidence?.status !== 'stored' || !d.media) return void res.status(404).end();
    const s = sessionOf(req);
    const key = createHash('sha256').update(`${s._id}:${a.messageId}`).digest('base64url').slice(0, 22);
    await d.cases.act(c.caseNumber, { type: 'media_viewed', attachment: a }, actor(s), { entryId: `console-media:${key}`, now: now() });
    if (!(await d.media.serveStored(req, res, c.caseNumber, a.messageId))) res.status(404).end();
  });

  if (d.centerStore) settingsRoutes(router, { store: d.centerStore, sessionOf, now, logger: d.logger });

  // An address inside the console that is no page (a mistyped link, an old bookmark): a Thai page
  // with the menu, not the service's JSON answer in English.
  router.use((req: Authed, res: Response) => void res.status(404).type('html').send(messagePage(T.error.noPageHeading, T.error.noPage, req.session)));
  // The request's own faults raised by express itself (an address that does not decode, a missing
  // asset, a body that does not parse) keep their 4xx with a Thai page and no detail; anything else
  // is the service's error handler's (500, logged).
  router.use((err: unknown, req: Authed, res: Response, next: NextFunction) => {
    const status = clientErrorStatus(err);
    if (status === undefined || res.headersSent) return next(err);
    res.status(status).type('html').send(status === 404 ? messagePage(T.error.noPageHeading, T.error.noPage, req.session) : messagePage(T.error.badRequest, T.error.forbidden, req.session));
  });

  return router;
}

/** The 4xx of an error express or its body parsers raised (http-errors: `status`, `expose`); undefined for anything else. */
function clientErrorStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown };
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  return status !== undefined && status >= 400 && status < 500 && e.expose !== false ? status : undefined;
}

/** The one typed field an action was refused for (a blank text, a malformed case number), if that is all that was wrong. */
function fieldProblem(issues: readonly z.ZodIssue[]): 'into' | 'text' | undefined {
  const fields = new Set(issues.map((i) => String(i.path[0] ?? '')));
  if (fields.size !== 1) return undefined;
  const [f] = [...fields];
  return f === 'into' ? 'into' : f === 'text' || f === 'note' || f === 'agency' ? 'text' : undefined;
}

function refusalText(reason: string): string {
  return (T.refusal as Record<string, string>)[reason] ?? T.refusal.other;
}
