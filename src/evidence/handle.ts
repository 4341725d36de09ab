import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { Connection } from 'mongoose';
import path from 'node:path';
import type { Message } from '../bot/context';
import type { CaseService } from '../cases/store';
import type { Attachment, CaseRecord, TimelineEntry } from '../cases/types';
import type { Config } from '../config/env';
import { LineApiError } from '../line/messenger';
import { hashId, type Logger } from '../log/logger';
import type { Outbox } from '../outbox/types';
import { createKeyedQueue, exponentialBackoff, PermanentError, type KeyedQueue } from '../queue/keyed-queue';
import type { Liveness } from '../queue/liveness';
import { safeErrorText } from '../queue/safe-error';
import { attachmentsToFetch, decideStore, imageTypeOf, LINE_MEDIA, MB, planMedia, type EvidenceLimits } from './decide';
import { signGrant, verifyGrant } from './link';
import { createEvidenceFiles, evidenceJobModel, type EvidenceFiles, type EvidenceJob, type StoredFile } from './store';
import { consoleNotice, mediaPushes, refusalMessage } from './views';

/**
 * Evidence: attachments' content fetched from LINE once and kept in GridFS for as long as the case.
 *
 * - A case listener enqueues one fetch job per attachment not yet settled (job id = the message
 *   id, so a re-run of the listener or the sweep adds nothing).
 * - The job fetches the content from LINE's data API, applies the size limits, stores it and records
 *   type, size and SHA-256 on the case's attachment. LINE 5xx/429/timeouts are retried with backoff;
 *   a 404 (LINE no longer has it) or the last failed attempt marks the attachment 'failed'.
 * - Officers get stored media on signed, expiring links served by `publicRouter`; each first fetch
 *   of a link is a 'media_viewed' timeline entry.
 */

export interface ContentSource {
  getMessageContent(messageId: string): Promise<{ contentType: string; data: Buffer }>;
}

export interface EvidenceDeps {
  conn: Connection;
  cases: CaseService;
  content: ContentSource;
  outbox: Outbox;
  config: Config;
  logger: Logger;
  owner: string;
  pollMs?: number;
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  maxAttempts?: number;
  /** Takes over a crashed instance's fetches as soon as its heartbeat stops (queue/liveness.ts). */
  liveness?: Liveness;
}

export interface Evidence {
  readonly queue: KeyedQueue;
  readonly files: EvidenceFiles;
  /** Registered with `cases.onChange`. */
  listener(c: CaseRecord, entry: TimelineEntry): Promise<void>;
  /** The public media route (`/media/...`), no token: the signed link is the authority. */
  publicRouter: Router;
  /** What an officer gets after รายละเอียด, as pushes (each ≤ 5 messages). */
  mediaFor(c: CaseRecord, officerId: string, now: Date): Message[][];
  /** Serves a stored attachment (admin API); false when it is not stored (the caller may fall back to LINE). */
  serveStored(req: Request, res: Response, caseNumber: string, messageId: string): Promise<boolean>;
  /** Media links work (PUBLIC_BASE_URL is https): officers may send photos to reporters. */
  readonly linksEnabled: boolean;
  /**
   * An officer's photo from the duty group, fetched from LINE and stored now (idempotent by message id),
   * as the attachment to put on the case. LINE's 5xx/429/timeouts throw (the inbox retries the event).
   */
  keepOfficerPhoto(caseNumber: string, messageId: string, now: Date): Promise<OfficerPhoto>;
  /**
   * An officer's photo uploaded in the console, stored now under `id` (idempotent: the same id finds
   * the first copy) as the attachment to put on the case: JPEG or PNG by its bytes, at most
   * `uploadMaxBytes`, within the case's limit.
   */
  keepUploadedPhoto(caseNumber: string, upload: { id: string; data: Buffer }, now: Date): Promise<OfficerPhoto>;
  /** The largest upload: EVIDENCE_MAX_FILE_MB, and never more than LINE takes as an image message. */
  readonly uploadMaxBytes: number;
  /** LINE image messages of officer photos for the reporter, on links signed for them; [] without links. */
  reporterMedia(attachments: Attachment[], reporterId: string, now: Date): Message[];
  /** Retention: the case's files, then the case. True when something was removed. */
  deleteCase(caseNumber: string): Promise<{ found: boolean; files: number }>;
  ensureIndexes(): Promise<void>;
}

export type OfficerPhoto =
  | { ok: true; attachment: Attachment }
  | { ok: false; reason: 'not_found' | 'gone' | 'file_too_large' | 'case_full' | 'not_image' };

/** Most media messages after one รายละเอียด (four pushes of five): a case with more is seen in the console. */
const MAX_MEDIA_ITEMS = 20;
const PREVIEW_FILE = path.join(__dirname, '..', '..', 'assets', 'media-preview.png');

export const isGone = (err: unknown) => err instanceof LineApiError && (err.status === 404 || err.status === 410);

export function createEvidence(d: EvidenceDeps): Evidence {
  const { cases, config, logger } = d;
  const log = logger.child({ feature: 'evidence' });
  const files = createEvidenceFiles(d.conn);
  const jobs = evidenceJobModel(d.conn);
  const limits: EvidenceLimits = { maxFileBytes: config.EVIDENCE_MAX_FILE_MB * MB, maxCaseBytes: config.EVIDENCE_MAX_CASE_MB * MB };
  // A random key when none is configured: links then last as long as this process (sandbox, tests).
  const secret = config.MEDIA_LINK_SECRET ?? randomBytes(32).toString('hex');
  const ttlMs = Math.round(config.MEDIA_LINK_TTL_HOURS * 3_600_000);
  let seq = 0;

  const attachmentOf = (c: CaseRecord, messageId: string) => c.attachments.find((a) => a.messageId === messageId);
  const uploadMaxBytes = Math.min(limits.maxFileBytes, LINE_MEDIA.imageMaxBytes);
  const officerPhoto = (messageId: string, stored: StoredFile, now: Date): OfficerPhoto => ({
    ok: true,
    attachment: {
      messageId,
      type: 'image',
      from: 'officer',
      evidence: { status: 'stored', contentType: stored.contentType, size: stored.length, sha256: stored.sha256, at: now },
    },
  });

  async function markFailed(job: Pick<EvidenceJob, 'caseNumber' | 'messageId'>, reason: string) {
    await cases.setAttachmentEvidence(job.caseNumber, job.messageId, { status: 'failed', reason, at: new Date() });
    log.warn('evidence fetch failed for good', { caseNumber: job.caseNumber, reason });
  }

  async function process(job: EvidenceJob) {
    const c = await cases.get(job.caseNumber);
    const a = c && attachmentOf(c, job.messageId);
    if (!c || !a) return; // the case was deleted meanwhile: nothing to keep
    if (a.evidence && a.evidence.status !== 'pending') return; // settled by an earlier run

    const already = await files.find(job.messageId);
    let stored: StoredFile;
    if (already) stored = already;
    else {
      let content: { contentType: string; data: Buffer };
      try {
        content = await d.content.getMessageContent(job.messageId);
      } catch (err) {
        if (isGone(err)) {
          await markFailed(job, 'gone');
          return;
        }
        throw err; // transient: the queue retries with backoff
      }
      const decision = decideStore(c, job.messageId, content.data.length, limits);
      if (decision.kind === 'refuse') {
        await cases.setAttachmentEvidence(job.caseNumber, job.messageId, {
          status: 'refused',
          reason: decision.reason,
          size: content.data.length,
          contentType: content.contentType,
          at: new Date(),
        });
        if (c.reporterUserId) {
          await d.outbox.enqueue([
            {
              id: `evidence:${job.messageId}:refused`,
              to: c.reporterUserId,
              messages: [refusalMessage(decision.reason, a.type, c.caseNumber, config.EVIDENCE_MAX_FILE_MB)],
            },
          ]);
        }
        log.info('evidence refused by a size limit', { caseNumber: c.caseNumber, reason: decision.reason, size: content.data.length });
        return;
      }
      stored = await files.put({ caseNumber: c.caseNumber, messageId: job.messageId, contentType: content.contentType, data: content.data });
    }
    await cases.setAttachmentEvidence(job.caseNumber, job.messageId, {
      status: 'stored',
      contentType: stored.contentType,
      size: stored.length,
      sha256: stored.sha256,
      at: new Date(),
    });
    // Deleted while the upload ran: the file would have no case to live with.
    if (!(await cases.get(job.caseNumber))) await files.remove(job.messageId);
    log.info('evidence stored', { caseNumber: c.caseNumber, type: a.type, size: stored.length });
  }

  const queue = createKeyedQueue<EvidenceJob>({
    name: 'evidence',
    items: jobs,
    owner: d.owner,
    logger,
    pollMs: d.pollMs ?? 1000,
    leaseMs: d.leaseMs,
    maxAttempts: d.maxAttempts ?? 10,
    // LINE's content outage may last minutes: 1 s doubling to 5 min, ten tries (~20 min in all).
    backoffMs: exponentialBackoff(d.backoffBaseMs ?? 1000, d.backoffCapMs ?? 5 * 60_000),
    concurrency: 4,
    liveness: d.liveness,
    process: async (job) => {
      try {
        await process(job);
      } catch (err) {
        if (err instanceof LineApiError && !err.retryable) throw new PermanentError(safeErrorText(err));
        throw err;
      }
    },
    onParked: (job) => markFailed(job, 'unavailable'),
  });

  async function enqueue(c: CaseRecord, list: Attachment[]) {
    if (!list.length) return;
    const now = new Date();
    const docs = list.map((a) => ({
      _id: `evidence:${a.messageId}`,
      key: c.caseNumber,
      order: now.getTime() * 1000 + (seq++ % 1000),
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
      caseNumber: c.caseNumber,
      messageId: a.messageId,
    }));
    try {
      await jobs.insertMany(docs, { ordered: false });
    } catch (err) {
      // Duplicate ids are jobs that exist already (a re-run of the listener): that is the point.
      const writeErrors = (err as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
      const onlyDuplicates =
        (err as { code?: number }).code === 11000 ||
        (Array.isArray(writeErrors) && writeErrors.every((w) => (w.code ?? w.err?.code) === 11000));
      if (!onlyDuplicates) throw err;
    }
    queue.kick([c.caseNumber]);
  }

  // LINE fetches media over https only: an http address (the sandbox's) gives the console notice instead.
  const base = config.PUBLIC_BASE_URL?.startsWith('https://') ? config.PUBLIC_BASE_URL : undefined;
  const linkFor = (messageId: string, officerId: string, now: Date) =>
    `${base}/media/${signGrant({ m: messageId, o: officerId, e: Math.floor((now.getTime() + ttlMs) / 1000) }, secret)}`;

  async function serveFile(req: Request, res: Response, file: StoredFile) {
    const etag = `"${file.sha256}"`;
    res.set({ 'Content-Type': file.contentType, ETag: etag, 'Accept-Ranges': 'bytes', 'X-Content-Type-Options': 'nosniff', 'Content-Disposition': 'inline' });
    if (req.get('if-none-match') === etag) return void res.status(304).end();
    const header = req.get('range');
    let range: { start: number; end: number } | undefined;
    if (header && file.length > 0) {
      const r = req.range(file.length, { combine: true });
      if (r === -1) return void res.status(416).set('Content-Range', `bytes */${file.length}`).end();
      // One range only (what video players ask for); several or a malformed header: the whole file.
      if (Array.isArray(r) && r.length === 1 && r.type === 'bytes') range = { start: r[0].start, end: r[0].end };
    }
    if (range) res.status(206).set({ 'Content-Range': `bytes ${range.start}-${range.end}/${file.length}`, 'Content-Length': String(range.end - range.start + 1) });
    else res.status(200).set('Content-Length', String(file.length));
    if (req.method === 'HEAD') return void res.end();
    const stream = files.open(file, range);
    stream.on('error', (err: unknown) => {
      log.warn('evidence stream failed', { error: safeErrorText(err) });
      res.destroy();
    });
    stream.pipe(res);
  }

  const publicRouter = express.Router();
  publicRouter.get('/media/preview.png', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400').type('png').sendFile(PREVIEW_FILE);
  });
  publicRouter.get('/media/:token', async (req, res, next) => {
    try {
      res.set('Cache-Control', 'private, no-store');
      const notFound = () => void res.status(404).end();
      const grant = verifyGrant(String(req.params.token), secret, Date.now());
      if (!grant) return notFound();
      const file = await files.find(grant.m);
      if (!file) return notFound();
      const c = await cases.get(file.caseNumber);
      const a = c && attachmentOf(c, grant.m);
      if (!c || !a) return notFound();
      // The access log: one entry per link (LINE and players fetch a link several times).
      const entryId = `media-view:${String(req.params.token).split('.')[1]}`;
      // A link made for the reporter (an officer's photo sent to them) is their view, not an officer's.
      const viewer = grant.o === c.reporterUserId ? ('reporter' as const) : ('officer' as const);
      await cases.act(c.caseNumber, { type: 'media_viewed', attachment: a }, { kind: viewer, id: grant.o }, { entryId, now: new Date() });
      log.info('evidence viewed through a link', { caseNumber: c.caseNumber, officer: hashId(grant.o) });
      await serveFile(req, res, file);
    } catch (err) {
      next(err);
    }
  });

  return {
    queue,
    files,
    async listener(c) {
      await enqueue(c, attachmentsToFetch(c));
    },
    publicRouter,
    mediaFor(c, officerId, now) {
      if (!c.attachments.length) return [];
      if (!base) return [consoleNotice(c.attachments.length)];
      const plan = planMedia(c, { maxItems: MAX_MEDIA_ITEMS });
      return mediaPushes(plan, { content: (m) => linkFor(m, officerId, now), preview: `${base}/media/preview.png` }, config.MEDIA_LINK_TTL_HOURS);
    },
    linksEnabled: !!base,
    async keepOfficerPhoto(caseNumber, messageId, now) {
      const c = await cases.get(caseNumber);
      if (!c) return { ok: false, reason: 'not_found' };
      let stored = await files.find(messageId);
      if (!stored) {
        let content: { contentType: string; data: Buffer };
        try {
          content = await d.content.getMessageContent(messageId);
        } catch (err) {
          if (isGone(err)) return { ok: false, reason: 'gone' };
          throw err;
        }
        const decision = decideStore(c, messageId, content.data.length, limits);
        if (decision.kind === 'refuse') return { ok: false, reason: decision.reason };
        stored = await files.put({ caseNumber, messageId, contentType: content.contentType, data: content.data });
      }
      log.info('officer photo stored', { caseNumber, size: stored.length });
      return officerPhoto(messageId, stored, now);
    },
    uploadMaxBytes,
    async keepUploadedPhoto(caseNumber, upload, now) {
      const c = await cases.get(caseNumber);
      if (!c) return { ok: false, reason: 'not_found' };
      let stored = await files.find(upload.id);
      if (!stored) {
        const contentType = imageTypeOf(upload.data);
        if (!contentType) return { ok: false, reason: 'not_image' };
        const decision = decideStore(c, upload.id, upload.data.length, { ...limits, maxFileBytes: uploadMaxBytes });
        if (decision.kind === 'refuse') return { ok: false, reason: decision.reason };
        stored = await files.put({ caseNumber, messageId: upload.id, contentType, data: upload.data });
      }
      log.info('officer photo uploaded', { caseNumber, size: stored.length });
      return officerPhoto(upload.id, stored, now);
    },
    reporterMedia(attachments, reporterId, now) {
      if (!base) return [];
      return attachments
        .filter((a) => a.type === 'image' && a.evidence?.status === 'stored')
        .slice(0, LINE_MEDIA.messagesPerCall - 1)
        .map((a) => {
          const url = linkFor(a.messageId, reporterId, now);
          const selfPreview = (a.evidence?.size ?? Infinity) <= LINE_MEDIA.previewMaxBytes;
          return { type: 'image', originalContentUrl: url, previewImageUrl: selfPreview ? url : `${base}/media/preview.png` };
        });
    },
    async serveStored(req, res, caseNumber, messageId) {
      const file = await files.find(messageId);
      if (!file || file.caseNumber !== caseNumber) return false;
      await serveFile(req, res, file);
      return true;
    },
    async deleteCase(caseNumber) {
      const c = await cases.get(caseNumber);
      // Files first: a crash between the two leaves a case without evidence that a retry finishes,
      // never evidence without a case.
      // Pending fetches are cancelled before, so none stores a file after the files are gone.
      await jobs.updateMany({ key: caseNumber, status: 'pending' }, { $set: { status: 'cancelled', doneAt: new Date() } });
      const removed = await files.removeCase(caseNumber);
      const gone = c ? await cases.remove(caseNumber) : false;
      return { found: !!c || gone || removed > 0, files: removed };
    },
    async ensureIndexes() {
      await d.conn.db?.collection('evidence.files').createIndex({ 'metadata.caseNumber': 1 });
    },
  };
}
