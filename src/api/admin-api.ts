import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import type mongoose from 'mongoose';
import { createCaseReporting, type CaseService } from '../cases/store';
import { provinceData } from '../cases/geo';
import type { Config } from '../config/env';
import { AppError } from '../errors';
import type { Evidence } from '../evidence/handle';
import type { Logger } from '../log/logger';
import { safeErrorText } from '../queue/safe-error';
import { dayRange } from '../reports/date-range';
import { formatCsv } from '../reports/format-csv';
import { formatXlsx, reportFileName, XLSX_CONTENT_TYPE } from '../reports/format-xlsx';
import { computeSummary, type ReportSummary } from '../reports/summary';
import type { ReportTarget } from '../reports/report-scope';
import { accessOf, requireApiAccess } from './auth';
import type { CenterScope } from '../cases/store';
import { API_DEFAULT_ACTOR_NAME, type CaseRecord } from '../cases/types';
import { toListQuery } from './case-query';
import { caseListItem, caseView } from './case-view';
import { decodeCursor, encodeCursor } from './cursor';
import { requestFingerprint } from './fingerprint';
import {
  caseNumberSchema,
  createCaseSchema,
  findDistrict,
  idempotencyKeySchema,
  listQuerySchema,
  messageIdSchema,
  patchCaseSchema,
  summaryQuerySchema,
  toCaseAction,
} from './schemas';
import { parseOr400, sendInvalid } from './validation';

/**
 * The admin API (`/api`): the province's case register for every channel, and the report's figures.
 * Bearer-token only (see auth.ts). Request bodies are personal data: they are never logged; logs
 * carry case numbers and action names.
 *
 * Least data by default: the list answers summaries (no phone, details, address, coordinates or
 * LINE ids); the single-case read carries everything and is recorded in the case's timeline as a
 * view ('details_viewed', actor api), like an officer's รายละเอียด in LINE.
 */

export interface AttachmentContent {
  getMessageContent(messageId: string): Promise<{ contentType: string; data: Buffer }>;
}

export interface AdminApiDeps {
  conn: mongoose.Connection;
  cases: CaseService;
  config: Config;
  logger: Logger;
  /** LINE content of reporters' attachments (the messenger). */
  content: AttachmentContent;
  /** Stored evidence (GridFS): served first; LINE only while an attachment is not yet stored. */
  evidence?: Pick<Evidence, 'serveStored' | 'deleteCase'>;
  /** `/api/centers` (src/centers), behind this API's token and body parser; national token only. */
  centers?: Router;
  /** Center API keys (src/centers/keys.ts), accepted beside ADMIN_API_TOKEN for one center's cases. */
  keys?: { verify(presented: string): Promise<{ id: string; centerCode: string } | undefined> };
  /** The stored centers' codes: a home-center key's cases are every case no other center holds. */
  centerCodes?: () => Promise<{ home: string; others: string[] }>;
  /** Whose report a `center=` value asks for (issue 12); undefined: no such center. Absent: the whole register, as before centers. */
  reportTarget?: (choice: string) => Promise<ReportTarget | undefined>;
  /** A center by code (transfer targets). */
  findCenter?: (code: string) => Promise<{ code: string; name: string } | undefined>;
}

const API_ACTOR = API_DEFAULT_ACTOR_NAME;

export function createAdminApi(deps: AdminApiDeps): Router {
  const { cases, config, logger } = deps;
  const province = provinceData(config.CENTER_PROVINCE);
  const createSchema = createCaseSchema(province);
  const reporting = createCaseReporting(deps.conn);
  const router = express.Router();

  // Auth before parsing: an unauthenticated caller does not get to make us read a body.
  router.use(requireApiAccess(config.ADMIN_API_TOKEN, deps.keys));
  router.use(express.json({ limit: '100kb' }));

  /** A center key's reach (undefined: national). */
  async function scopeOf(res: Response): Promise<CenterScope | undefined> {
    const access = accessOf(res);
    if (access.national) return undefined;
    const codes = deps.centerCodes ? await deps.centerCodes() : { home: config.CENTER_CODE, others: [] };
    return access.centerCode === codes.home ? { notIn: codes.others } : { code: access.centerCode };
  }
  const inScope = (c: Pick<CaseRecord, 'centerCode'>, scope: CenterScope | undefined) =>
    !scope || ('code' in scope ? c.centerCode === scope.code : !scope.notIn.includes(c.centerCode));
  /**
   * Whether a center key may touch this case. Another center's case answers exactly as a missing one
   * (404), so case numbers cannot be probed across centers.
   */
  async function reachable(res: Response, caseNumber: string): Promise<boolean> {
    const scope = await scopeOf(res);
    if (!scope) return true;
    const c = await cases.get(caseNumber);
    return !!c && inScope(c, scope);
  }
  const nationalOnly = (res: Response) => void res.status(403).json({ error: 'national_only' });

  /** The Idempotency-Key header, a fresh UUID when absent, or undefined after answering 400. */
  function requestKey(req: Request, res: Response): string | undefined {
    const header = req.get('idempotency-key');
    if (header === undefined) return randomUUID();
    return parseOr400(idempotencyKeySchema, header, res, 'Idempotency-Key');
  }

  const caseNumberOf = (req: Request, res: Response) => parseOr400(caseNumberSchema, req.params.caseNumber, res, 'caseNumber');
  const notFound = (res: Response) => void res.status(404).json({ error: 'not_found' });
  /** The Idempotency-Key was first used with another body: its stored result is not this request's. */
  const keyReused = (res: Response) =>
    void res.status(422).json({
      error: 'idempotency_key_reused',
      issues: [{ field: 'Idempotency-Key', reason: 'was already used with a different request body' }],
    });
  /** Stored before fingerprints existed: nothing to compare, so the retry is trusted as before. */
  const differs = (stored: string | undefined, mine: string) => stored !== undefined && stored !== mine;

  router.get('/cases', async (req, res) => {
    const q = parseOr400(listQuerySchema, req.query, res, 'query');
    if (!q) return;
    const district = q.district ? findDistrict(province, q.district) : undefined;
    if (q.district && !district) return sendInvalid(res, [{ field: 'district', reason: `must be a district of ${province.name}` }]);
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (q.cursor && !after) return sendInvalid(res, [{ field: 'cursor', reason: 'must be a cursor returned by this API' }]);

    const scope = await scopeOf(res);
    const page = await cases.list({ ...toListQuery(q, district, after), ...(scope ? { center: scope } : {}) });
    res.json({ items: page.items.map(caseListItem), nextCursor: page.next ? encodeCursor(page.next) : null });
  });

  router.get('/cases/:caseNumber', async (req, res) => {
    const caseNumber = caseNumberOf(req, res);
    if (!caseNumber) return;
    if (!(await reachable(res, caseNumber))) return notFound(res);
    // Each read is a view of its own (a fresh id): a caller's retry is a second look at the data.
    const viewed = await cases.act(caseNumber, { type: 'details_viewed' }, { kind: 'api', name: API_ACTOR }, {
      entryId: `api-view:${randomUUID()}`,
      now: new Date(),
    });
    if (!viewed.ok) return notFound(res);
    logger.info('admin api: case viewed', { caseNumber });
    res.json(caseView(viewed.case));
  });

  router.post('/cases', async (req, res) => {
    const key = requestKey(req, res);
    if (!key) return;
    const draft = parseOr400(createSchema, req.body, res, 'body');
    if (!draft) return;
    const fingerprint = requestFingerprint('POST /cases', draft);
    const result = await cases.open(draft, {
      sourceId: `api:${key}`,
      actor: { kind: 'api', name: API_ACTOR },
      now: new Date(),
      fingerprint,
    });
    if (!result.created && differs(result.case.timeline.find((e) => e.kind === 'opened')?.fingerprint, fingerprint)) return keyReused(res);
    if (result.created) logger.info('admin api: case registered', { caseNumber: result.case.caseNumber, channel: draft.channel });
    res.status(result.created ? 201 : 200).json(caseView(result.case));
  });

  router.patch('/cases/:caseNumber', async (req, res) => {
    const caseNumber = caseNumberOf(req, res);
    if (!caseNumber) return;
    const key = requestKey(req, res);
    if (!key) return;
    const body = parseOr400(patchCaseSchema, req.body, res, 'body');
    if (!body) return;
    if (!(await reachable(res, caseNumber))) return notFound(res);
    let transfer: { from: string; toName: string } | undefined;
    if (body.action === 'transfer') {
      // Checked before anything is written: an unknown center is the caller's mistake.
      const target = deps.findCenter ? await deps.findCenter(body.center) : undefined;
      if (!target) return sendInvalid(res, [{ field: 'center', reason: 'must be the code of a configured center' }]);
      const current = await cases.get(caseNumber);
      if (!current) return notFound(res);
      transfer = { from: current.centerCode, toName: target.name };
    }
    const fingerprint = requestFingerprint(`PATCH /cases/${caseNumber}`, body);
    const result = await cases.act(
      caseNumber,
      toCaseAction(body, transfer),
      { kind: 'api', name: body.actorName ?? API_ACTOR },
      { entryId: `api:${key}`, now: new Date(), fingerprint },
    );
    if (!result.ok) {
      if (result.reason === 'not_found') return notFound(res);
      return void res.status(409).json({ error: 'not_allowed', reason: result.reason });
    }
    if (result.duplicate && differs(result.entry.fingerprint, fingerprint)) return keyReused(res);
    if (!result.duplicate) logger.info('admin api: case action', { caseNumber, action: body.action });
    res.json(caseView(result.case));
  });

  router.get('/cases/:caseNumber/attachments/:messageId', async (req, res) => {
    const caseNumber = caseNumberOf(req, res);
    if (!caseNumber) return;
    const messageId = parseOr400(messageIdSchema, req.params.messageId, res, 'messageId');
    if (!messageId) return;
    if (!(await reachable(res, caseNumber))) return notFound(res);
    // Only a case's own attachments: the endpoint must not become a proxy to any LINE message.
    if (!(await cases.hasAttachment(caseNumber, messageId))) return notFound(res);
    if (deps.evidence && (await deps.evidence.serveStored(req, res, caseNumber, messageId))) return;
    let content: { contentType: string; data: Buffer };
    try {
      content = await deps.content.getMessageContent(messageId);
    } catch (err) {
      const status = (err as { status?: unknown }).status;
      logger.warn('admin api: attachment content unavailable', { caseNumber, status: typeof status === 'number' ? status : undefined });
      // LINE keeps content for a limited time; a 404 from it means the content is gone for good.
      if (status === 404 || status === 410) return void res.status(404).json({ error: 'content_gone' });
      return void res.status(502).json({ error: 'content_unavailable' });
    }
    res
      .status(200)
      .set({ 'Content-Type': content.contentType, 'X-Content-Type-Options': 'nosniff', 'Content-Disposition': 'inline' })
      .send(content.data);
  });

  // Retention: the case and its evidence files go together (files first, so none is left orphaned).
  router.delete('/cases/:caseNumber', async (req, res) => {
    // Deleting evidence cannot be undone: the national token only, never a center's key (issue 14).
    if (!accessOf(res).national) return void nationalOnly(res);
    const caseNumber = caseNumberOf(req, res);
    if (!caseNumber) return;
    if (!deps.evidence) return void res.status(503).json({ error: 'not_configured' });
    const r = await deps.evidence.deleteCase(caseNumber);
    if (!r.found) return notFound(res);
    logger.info('admin api: case deleted', { caseNumber, files: r.files });
    res.status(204).end();
  });

  /** The report a query asks for, and whose it is (a center code, or all) for the file's name. */
  const summaryOf = async (req: Request, res: Response): Promise<{ summary: ReportSummary; code: string } | undefined> => {
    const q = parseOr400(summaryQuerySchema, req.query, res, 'query');
    if (!q) return undefined;
    const access = accessOf(res);
    const range = dayRange(q.from, q.to);
    // Every format of the API carries the same tables, the months included.
    const byMonth = true;
    if (!deps.reportTarget) {
      if (!access.national) return void nationalOnly(res);
      return { summary: await computeSummary(reporting, { range, centerName: config.CENTER_NAME, province, now: new Date(), byMonth }), code: config.CENTER_CODE };
    }
    // A center key reports on its own center only; another center (or all) answers as a missing one.
    const own = access.national ? config.CENTER_CODE : access.centerCode;
    const choice = q.center ?? own;
    if (!access.national && choice !== own) return void notFound(res);
    const target = await deps.reportTarget(choice);
    if (!target) {
      if (!access.national) return void notFound(res);
      return void sendInvalid(res, [{ field: 'center', reason: 'must be the code of a configured center, or all' }]);
    }
    return { summary: await computeSummary(reporting, { range, now: new Date(), byMonth, ...target }), code: choice };
  };

  router.get('/reports/summary', async (req, res) => {
    const r = await summaryOf(req, res);
    if (r) res.json(r.summary);
  });

  router.get('/reports/summary.csv', async (req, res) => {
    const r = await summaryOf(req, res);
    if (!r) return;
    const s = r.summary;
    res
      .status(200)
      .set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="report-${s.range.from}-${s.range.to}.csv"`,
      })
      .send(formatCsv(s));
  });

  router.get('/reports/summary.xlsx', async (req, res) => {
    const r = await summaryOf(req, res);
    if (!r) return;
    res
      .status(200)
      .set({ 'Content-Type': XLSX_CONTENT_TYPE, 'Content-Disposition': `attachment; filename="${reportFileName(r.code, r.summary.range, 'xlsx')}"` })
      .send(Buffer.from(formatXlsx(r.summary)));
  });

  if (deps.centers) {
    const centers = deps.centers;
    router.use('/centers', (req, res, next) => (accessOf(res).national ? centers(req, res, next) : nationalOnly(res)));
  }
  router.use((_req, res) => notFound(res));
  router.use(apiErrorHandler(logger));
  return router;
}

/** Body-parser failures and operational errors as JSON, without stacks or echoed input. */
function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = (typeof err === 'object' && err !== null ? err : {}) as { type?: unknown; status?: unknown };
    if (e.type === 'entity.too.large') return void res.status(413).json({ error: 'too_large' });
    if (e.type === 'entity.parse.failed') return void res.status(400).json({ error: 'bad_json' });
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return void res.status(415).json({ error: 'unsupported_media_type' });
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return void res.status(e.status).json({ error: 'bad_request' });
    if (err instanceof AppError && err.expose) return void res.status(err.status).json({ error: err.code });
    // safeErrorText: error messages can quote stored values (cast errors, duplicate keys).
    logger.error('admin api: request failed', {
      method: req.method,
      route: typeof req.route?.path === 'string' ? req.route.path : undefined,
      error: safeErrorText(err),
    });
    res.status(500).json({ error: 'internal' });
  };
}
