import type { messagingApi } from '@line/bot-sdk';
import type { EventContext, LineEvent, Message } from '../../src/bot/context';
import type { Actor, CaseRecord, TimelineEntry, TimelineKind } from '../../src/cases/types';
import { silentLogger } from '../../src/log/logger';
import { RecordingOutbox } from './recording-outbox';
import { eventContext } from '../../src/bot/dispatch';
import type { WebhookEventShape } from '../../src/line/webhook-schema';
export { RecordingOutbox };

/**
 * Test doubles for the updates feature's unit tests: an Outbox that records what
 * was enqueued (idempotent by id, like the real one) and an EventContext whose reply/push go through
 * it with ids derived from the event id. Plus fixtures for cases and timeline entries.
 */


/** An EventContext over the recording outbox, built by the dispatcher's own code. */
export function contextFor(event: LineEvent, outbox: RecordingOutbox): EventContext {
  const ctx = eventContext(event as unknown as WebhookEventShape, { outbox, logger: silentLogger() });
  if (!ctx) throw new Error('test event without source');
  return ctx;
}

export const officer: Actor = { kind: 'officer', id: 'Uofficer0000000000000000000000001', name: 'สมศรี' };

let seq = 0;
export function entry(kind: TimelineKind, at: Date, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  const isPublic = ['opened', 'acknowledged', 'in_progress', 'referred', 'closed', 'reopened', 'relay', 'reporter_info'].includes(kind);
  return { id: `e${++seq}`, at, kind, actor: officer, public: isPublic, ...extra };
}

export function caseRecord(overrides: Partial<CaseRecord> = {}): CaseRecord {
  const createdAt = overrides.createdAt ?? new Date('2026-01-10T03:00:00Z');
  return {
    caseNumber: 'PHR-2569-0001',
    centerCode: 'PHR',
    channel: 'ess_help_me',
    sourceId: `src-${++seq}`,
    reporterUserId: 'Ureporter000000000000000000000001',
    problemTypes: ['income'],
    urgent: false,
    sos: false,
    attachments: [],
    status: 'new',
    reopenCount: 0,
    escalationRound: 0,
    timeline: [entry('opened', createdAt, { actor: { kind: 'reporter', id: 'Ureporter000000000000000000000001' } })],
    pendingNotify: [],
    version: 0,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

/** All the text a person would read in a message: text bodies, alt texts and Flex text components. */
export function readable(m: Message | messagingApi.Message): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      if (typeof o.altText === 'string') out.push(o.altText);
      if (typeof o.label === 'string') out.push(o.label);
      Object.entries(o).forEach(([k, v]) => k !== 'text' && k !== 'altText' && k !== 'label' && walk(v));
    }
  };
  walk(m);
  return out.join('\n');
}

/** The postback data of a message's quick reply buttons. */
export function quickReplyData(m: Message): string[] {
  const items = (m as { quickReply?: { items?: { action?: { data?: string; text?: string } }[] } }).quickReply?.items ?? [];
  return items.map((i) => i.action?.data ?? `text:${i.action?.text ?? ''}`);
}
