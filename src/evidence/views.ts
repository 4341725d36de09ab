import type { Message } from '../bot/context';
import { cameraAction, cameraRollAction, messageAction, postback, text } from '../bot/messages';
import { dutyPostback } from '../duty/commands';
import { dutyTh } from '../strings/th/duty';
import { evidenceTh } from '../strings/th/evidence';
import type { MediaItem, MediaPlan } from './decide';

/** LINE media messages for an officer, every URL a signed link under PUBLIC_BASE_URL. */

export interface MediaUrls {
  /** The signed link to one attachment's content. */
  content(messageId: string): string;
  /** A generic preview image (videos, and images too large to be their own preview). */
  preview: string;
}

export function mediaMessage(item: MediaItem, urls: MediaUrls): Message {
  const url = urls.content(item.attachment.messageId);
  switch (item.kind) {
    case 'image':
      return { type: 'image', originalContentUrl: url, previewImageUrl: item.selfPreview ? url : urls.preview };
    case 'audio':
      return { type: 'audio', originalContentUrl: url, duration: item.duration };
    case 'video':
      return { type: 'video', originalContentUrl: url, previewImageUrl: urls.preview };
  }
}

/** The pushes after รายละเอียด: the media in batches of five, then one line saying what was sent and what was not. */
export function mediaPushes(plan: MediaPlan, urls: MediaUrls, ttlHours: number): Message[][] {
  const pushes = plan.batches.map((b) => b.map((i) => mediaMessage(i, urls)));
  const sent = plan.batches.reduce((n, b) => n + b.length, 0);
  const lines: string[] = [];
  if (sent) lines.push(evidenceTh.linksExpire(sent, ttlHours));
  if (plan.notInLine) lines.push(evidenceTh.notInLine(plan.notInLine));
  if (lines.length) pushes.push([text(lines.join('\n'))]);
  return pushes;
}

/** Without PUBLIC_BASE_URL: the officer hears how many items there are and where to see them. */
export const consoleNotice = (count: number): Message[] => (count ? [text(evidenceTh.seeInConsole(count))] : []);

/** A refusal to the citizen, in their words for the attachment's type. */
export function refusalMessage(reason: 'file_too_large' | 'case_full', type: string, caseNumber: string, maxFileMb: number): Message {
  const label = dutyTh.attachmentTypes[type] ?? dutyTh.attachmentTypes.file;
  return text(reason === 'file_too_large' ? evidenceTh.fileTooLarge(label, maxFileMb) : evidenceTh.caseFull(label, caseNumber));
}

/** To the officer: the photo window is open; chips to pick or take a photo, and to cancel or skip. */
export function photoAskMessage(caseNumber: string, minutes: number, after: boolean): Message {
  const P = evidenceTh.photo;
  const last = after ? messageAction(P.skip) : postback(dutyTh.labels.cancel, dutyPostback.cancel, dutyTh.labels.cancel);
  return text(after ? P.askAfter(caseNumber, minutes) : P.ask(caseNumber, minutes), [cameraRollAction(P.pick), cameraAction(P.camera), last]);
}
