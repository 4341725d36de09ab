import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { type Connection, type Model } from 'mongoose';
import { queueSchema, type QueueItem } from '../queue/keyed-queue';

/**
 * Evidence persistence: the fetch jobs (a keyed queue of their own, key = case number so one
 * case's limits are counted one item at a time) and the content in GridFS (bucket 'evidence').
 *
 * A file's `_id` is derived from the LINE message id (`line:<messageId>`): storing the same message
 * twice finds the first copy, and a half-written upload (chunks without a files document, after a
 * crash) is cleared before the next attempt. Case documents are written only through CaseService.
 */

export interface EvidenceJob extends QueueItem {
  caseNumber: string;
  messageId: string;
}

const JOB_RETENTION_SECONDS = 7 * 24 * 3600;

export function evidenceJobModel(conn: Connection): Model<EvidenceJob> {
  if (conn.models.EvidenceJob) return conn.models.EvidenceJob as Model<EvidenceJob>;
  const schema = queueSchema<EvidenceJob>(
    'evidence_jobs',
    { caseNumber: { type: String, required: true }, messageId: { type: String, required: true } },
    JOB_RETENTION_SECONDS,
  );
  return conn.model<EvidenceJob>('EvidenceJob', schema);
}

export const BUCKET = 'evidence';
export const fileIdOf = (messageId: string) => `line:${messageId}`;

export interface StoredFile {
  id: string;
  length: number;
  contentType: string;
  sha256: string;
  caseNumber: string;
  messageId: string;
}

interface FilesDoc {
  _id: string;
  length: number;
  metadata?: { contentType?: string; sha256?: string; caseNumber?: string; messageId?: string };
}

const toStored = (d: FilesDoc): StoredFile => ({
  id: d._id,
  length: d.length,
  contentType: d.metadata?.contentType ?? 'application/octet-stream',
  sha256: d.metadata?.sha256 ?? '',
  caseNumber: d.metadata?.caseNumber ?? '',
  messageId: d.metadata?.messageId ?? '',
});

export const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export interface EvidenceFiles {
  find(messageId: string): Promise<StoredFile | undefined>;
  /** Stores the content under the message's id; a second call for the same message returns the first copy. */
  put(f: { caseNumber: string; messageId: string; contentType: string; data: Buffer }): Promise<StoredFile>;
  /** The content, whole or the inclusive byte range [start, end]. */
  open(file: StoredFile, range?: { start: number; end: number }): NodeJS.ReadableStream;
  /** Deletes one case's files (chunks first, then the files document; safe to run again). Returns how many. */
  removeCase(caseNumber: string): Promise<number>;
  /** Deletes one file (used when its case disappeared while it was being stored). */
  remove(messageId: string): Promise<void>;
}

export function createEvidenceFiles(conn: Connection): EvidenceFiles {
  const db = () => {
    if (!conn.db) throw new Error('evidence: the database connection is not open');
    return conn.db;
  };
  const bucket = () => new mongoose.mongo.GridFSBucket(db(), { bucketName: BUCKET });
  const files = () => db().collection<FilesDoc>(`${BUCKET}.files`);
  const chunks = () => db().collection<{ files_id: string }>(`${BUCKET}.chunks`);

  async function removeOne(id: string) {
    // Chunks first: an interruption leaves a files document that a retry finds and finishes, never
    // chunks that nothing points at.
    await chunks().deleteMany({ files_id: id });
    await files().deleteOne({ _id: id });
  }

  async function find(messageId: string) {
    const d = await files().findOne({ _id: fileIdOf(messageId) });
    return d ? toStored(d) : undefined;
  }

  return {
    find,
    async put(f) {
      const existing = await find(f.messageId);
      if (existing) return existing;
      const id = fileIdOf(f.messageId);
      await chunks().deleteMany({ files_id: id }); // a previous attempt cut short
      const sha256 = sha256Hex(f.data);
      const metadata = { contentType: f.contentType, sha256, caseNumber: f.caseNumber, messageId: f.messageId };
      const upload = bucket().openUploadStreamWithId(id as unknown as mongoose.mongo.ObjectId, f.messageId, { metadata });
      try {
        await pipeline(Readable.from([f.data]), upload);
      } catch (err) {
        // Another instance stored it meanwhile (a lapsed lease): its copy is the same message.
        if ((err as { code?: number }).code === 11000) {
          const again = await find(f.messageId);
          if (again) return again;
        }
        throw err;
      }
      return { id, length: f.data.length, contentType: f.contentType, sha256, caseNumber: f.caseNumber, messageId: f.messageId };
    },
    open(file, range) {
      const opts = range ? { start: range.start, end: range.end + 1 } : undefined;
      return bucket().openDownloadStream(file.id as unknown as mongoose.mongo.ObjectId, opts);
    },
    async removeCase(caseNumber) {
      const ids = await files()
        .find({ 'metadata.caseNumber': caseNumber }, { projection: { _id: 1 } })
        .map((d) => d._id)
        .toArray();
      for (const id of ids) await removeOne(id);
      return ids.length;
    },
    remove: (messageId) => removeOne(fileIdOf(messageId)),
  };
}
