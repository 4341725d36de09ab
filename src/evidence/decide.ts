import type { Attachment, AttachmentEvidence, CaseRecord } from '../cases/types';

/**
 * Evidence decisions, pure (no driver, no LINE): which attachments still need their content
 * fetched, whether fetched content may be kept under the size limits, and which stored items an
 * officer can be sent as LINE media messages within LINE's limits.
 */

export const MB = 1024 * 1024;

export interface EvidenceLimits {
  maxFileBytes: number;
  maxCaseBytes: number;
}

/** Attachments whose content is not yet settled (never fetched, or a fetch still pending). */
export const attachmentsToFetch = (c: Pick<CaseRecord, 'attachments'>): Attachment[] =>
  c.attachments.filter((a) => !a.evidence || a.evidence.status === 'pending');

export type StoreDecision = { kind: 'store' } | { kind: 'refuse'; reason: 'file_too_large' | 'case_full' };

/** Whether `size` more bytes may be kept for this case (the other stored items count against the case's limit). */
export function decideStore(c: Pick<CaseRecord, 'attachments'>, messageId: string, size: number, limits: EvidenceLimits): StoreDecision {
  if (size > limits.maxFileBytes) return { kind: 'refuse', reason: 'file_too_large' };
  const used = c.attachments
    .filter((a) => a.messageId !== messageId && a.evidence?.status === 'stored')
    .reduce((sum, a) => sum + (a.evidence?.size ?? 0), 0);
  if (used + size > limits.maxCaseBytes) return { kind: 'refuse', reason: 'case_full' };
  return { kind: 'store' };
}

/**
 * LINE's limits for media messages sent by a bot (Messaging API reference, "Image message",
 * "Audio message", "Video message"): https URLs only; image original ≤ 10 MB JPEG/PNG, preview
 * ≤ 1 MB; audio m4a ≤ 200 MB with its duration; video mp4 ≤ 200 MB with a JPEG/PNG preview ≤ 1 MB;
 * at most 5 messages per push.
 */
export const LINE_MEDIA = {
  imageMaxBytes: 10 * MB,
  previewMaxBytes: 1 * MB,
  audioMaxBytes: 200 * MB,
  videoMaxBytes: 200 * MB,
  messagesPerCall: 5,
  imageTypes: ['image/jpeg', 'image/png'],
  audioTypes: ['audio/m4a', 'audio/x-m4a', 'audio/mp4', 'audio/aac', 'audio/mpeg'],
  videoTypes: ['video/mp4'],
} as const;

/**
 * The type of an uploaded image from its first bytes (what a browser says is not trusted): JPEG
 * (FF D8 FF) or PNG (its 8-byte signature), the two LINE image messages take; anything else undefined.
 */
export function imageTypeOf(data: Uint8Array): 'image/jpeg' | 'image/png' | undefined {
  const starts = (sig: number[]) => data.length >= sig.length && sig.every((b, i) => data[i] === b);
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return undefined;
}

/** Audio messages need a duration; LINE's webhook gives one for voice, a file sent as audio may not have it. */
export const DEFAULT_AUDIO_DURATION_MS = 60_000;

export type MediaItem =
  | { kind: 'image'; attachment: Attachment; selfPreview: boolean }
  | { kind: 'audio'; attachment: Attachment; duration: number }
  | { kind: 'video'; attachment: Attachment };

export interface MediaPlan {
  /** Pushes of at most LINE's five messages each, in the order the reporter sent them. */
  batches: MediaItem[][];
  /** Attachments that cannot go as LINE media (files, too large, unsupported type, not stored). */
  notInLine: number;
}

const allowed = (types: readonly string[], ct: string | undefined) => !!ct && types.includes(ct.split(';')[0].trim().toLowerCase());

function mediaItem(a: Attachment, ev: AttachmentEvidence | undefined): MediaItem | undefined {
  if (ev?.status !== 'stored' || ev.size === undefined) return undefined;
  if (a.type === 'image' && allowed(LINE_MEDIA.imageTypes, ev.contentType) && ev.size <= LINE_MEDIA.imageMaxBytes)
    return { kind: 'image', attachment: a, selfPreview: ev.size <= LINE_MEDIA.previewMaxBytes };
  if (a.type === 'audio' && allowed(LINE_MEDIA.audioTypes, ev.contentType) && ev.size <= LINE_MEDIA.audioMaxBytes)
    return { kind: 'audio', attachment: a, duration: a.duration && a.duration > 0 ? a.duration : DEFAULT_AUDIO_DURATION_MS };
  if (a.type === 'video' && allowed(LINE_MEDIA.videoTypes, ev.contentType) && ev.size <= LINE_MEDIA.videoMaxBytes)
    return { kind: 'video', attachment: a };
  return undefined;
}

/**
 * The media an officer gets after รายละเอียด: every stored image, voice and video, `maxItems`
 * newest at most (each is a message in the officer's chat), in batches LINE accepts.
 */
export function planMedia(c: Pick<CaseRecord, 'attachments'>, opts: { maxItems: number }): MediaPlan {
  const items: MediaItem[] = [];
  let notInLine = 0;
  for (const a of c.attachments) {
    const m = mediaItem(a, a.evidence);
    if (m) items.push(m);
    else notInLine++;
  }
  const shown = items.slice(-opts.maxItems);
  notInLine += items.length - shown.length;
  const batches: MediaItem[][] = [];
  for (let i = 0; i < shown.length; i += LINE_MEDIA.messagesPerCall) batches.push(shown.slice(i, i + LINE_MEDIA.messagesPerCall));
  return { batches, notInLine };
}
