import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors';

/**
 * Reads a request body as raw bytes (the webhook signature covers exactly these bytes), refusing
 * more than `limit` bytes with 413. This is the webhook's hot path: a direct read costs less than
 * body-parser's general machinery, which the ingest benchmark showed on two shared cores.
 * An oversized body is drained rather than cut off, so the client still receives the 413.
 */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new AppError('too_large', 'body too large', 413, true);
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(tooLarge()) : resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size))));
    req.on('error', () => reject(new AppError('aborted', 'request aborted', 400, true)));
  });
}
