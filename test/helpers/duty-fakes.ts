import type { webhook } from '@line/bot-sdk';
import type { Connection } from 'mongoose';
import type { EventContext, LineEvent, Message } from '../../src/bot/context';
import { createCaseService, type CaseService } from '../../src/cases/store';
import type { CaseDraft, CaseRecord } from '../../src/cases/types';
import { loadConfig, type Config } from '../../src/config/env';
import { createDuty, type Duty } from '../../src/duty';
import { silentLogger } from '../../src/log/logger';
import { bangkok } from '../../src/time/thai-time';
import { connectMongo, initModels } from '../../src/store/connection';
import type { TimerHandler, TimerSpec, Timers } from '../../src/timers/types';
import { startTestDb, type TestDb } from './mongo';
import { RecordingOutbox } from './recording-outbox';
import { eventContext } from '../../src/bot/dispatch';
import type { WebhookEventShape } from '../../src/line/webhook-schema';
export { RecordingOutbox };

/**
 * Test doubles for the duty feature: an Outbox and Timers that record (idempotent by id, like the
 * durable ones), LINE profiles that can be told to fail, and an EventContext built the way the
 * dispatcher (src/bot/dispatch.ts) builds it. The database is real (startTestDb) and so is the CaseService.
 */


export class RecordingTimers implements Timers {
  readonly scheduled = new Map<string, TimerSpec>();
  readonly cancelled = new Set<string>();
  private readonly handlers = new Map<string, TimerHandler>();

  async schedule(t: TimerSpec): Promise<void> {
    if (!this.scheduled.has(t.id)) this.scheduled.set(t.id, t);
  }

  async cancel(id: string): Promise<void> {
    this.cancelled.add(id);
  }

  handle(kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Runs a scheduled timer's handler as the durable timers would (at `now`, default its due time). */
  async fire(id: string, now?: Date): Promise<void> {
    const t = this.scheduled.get(id);
    if (!t) throw new Error(`no timer ${id}`);
    const h = this.handlers.get(t.kind);
    if (!h) throw new Error(`no handler for ${t.kind}`);
    await h(t.payload, { id: t.id, dueAt: t.dueAt, now: now ?? t.dueAt });
  }

  ids(prefix = ''): string[] {
    return [...this.scheduled.keys()].filter((k) => k.startsWith(prefix));
  }
}

/** LINE's HTTPFetchError carries the HTTP status; the duty feature reads only that. */
export class FakeHttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
    this.name = 'HTTPFetchError';
  }
}

export class FakeProfiles {
  readonly names = new Map<string, string>();
  readonly notFriends = new Set<string>();
  groupLookups = 0;
  failGroupLookups = false;

  async getGroupMemberProfile(_groupId: string, userId: string): Promise<{ displayName: string }> {
    this.groupLookups++;
    if (this.failGroupLookups) throw new FakeHttpError(500);
    const name = this.names.get(userId);
    if (!name) throw new FakeHttpError(404);
    return { displayName: name };
  }

  async getProfile(userId: string): Promise<{ displayName: string }> {
    if (this.notFriends.has(userId)) throw new FakeHttpError(404);
    return { displayName: this.names.get(userId) ?? 'ผู้ใช้' };
  }
}

/** An EventContext over the recording outbox, built by the dispatcher's own code. */
export function contextFor(event: LineEvent, outbox: RecordingOutbox): EventContext {
  const ctx = eventContext(event as unknown as WebhookEventShape, { outbox, logger: silentLogger() });
  if (!ctx) throw new Error('test event without source');
  return ctx;
}

export const testConfig = (env: Record<string, string> = {}): Config =>
  loadConfig({ NODE_ENV: 'test', CENTER_CODE: 'PHR', ...env });

export interface DutyWorld {
  conn: Connection;
  cases: CaseService;
  outbox: RecordingOutbox;
  timers: RecordingTimers;
  profiles: FakeProfiles;
  config: Config;
  duty: Duty;
  /** Hands an event to the duty feature the way the router does; true when it was taken. */
  send(event: webhook.Event): Promise<boolean>;
  stop(): Promise<void>;
}

/** A duty feature over a real database (its own per call) and the real CaseService. */
export async function startDutyWorld(
  name: string,
  env: Record<string, string> = {},
  db?: TestDb,
  opts: { wrapCases?: (cases: CaseService) => CaseService } = {},
): Promise<DutyWorld> {
  const testDb = db ?? (await startTestDb(name));
  const conn = await connectMongo(testDb.uri);
  const config = testConfig(env);
  const logger = silentLogger();
  const cases = createCaseService({ conn, centerCode: config.CENTER_CODE, logger });
  const outbox = new RecordingOutbox();
  const timers = new RecordingTimers();
  const profiles = new FakeProfiles();
  const duty = createDuty({ conn, cases: opts.wrapCases ? opts.wrapCases(cases) : cases, outbox, timers, config, logger, profiles });
  await initModels(conn);
  return {
    conn,
    cases,
    outbox,
    timers,
    profiles,
    config,
    duty,
    send: (event) => {
      const ctx = contextFor(event as LineEvent, outbox);
      return ctx.source.type === 'user' ? duty.handleUserEvent(ctx) : duty.handleGroupEvent(ctx);
    },
    stop: async () => {
      await conn.close();
      if (!db) await testDb.stop();
    },
  };
}

let sourceSeq = 0;
export const draft = (over: Partial<CaseDraft> = {}): CaseDraft => ({
  channel: 'ess_help_me',
  reporterUserId: 'Ureporter0000000000000000000000001',
  problemTypes: ['violence'],
  targetGroup: 'child',
  sex: 'female',
  location: { lat: 18.0783, lng: 99.8297, district: 'ลอง', districtCode: '5403', province: 'แพร่' },
  details: 'พ่อเลี้ยงทำร้ายร่างกายเด็ก',
  phone: '0812345678',
  contactViaLine: true,
  ...over,
});

export async function openCase(w: DutyWorld, at: Date, over: Partial<CaseDraft> = {}): Promise<CaseRecord> {
  const r = await w.cases.open(draft(over), { sourceId: `intake:${++sourceSeq}:${at.getTime()}`, actor: { kind: 'reporter' }, now: at });
  return r.case;
}

/**
 * The day the integration tests happen on: two days ahead. Event times drive expiry dates, and a
 * TTL monitor (mongod's, or the sandbox's) removes documents whose expiry lies in the real past,
 * at moments a test cannot predict. A future day keeps pending steps and codes alive mid-test.
 */
export const TEST_DAY = bangkok(Date.now() + 2 * 86_400_000).format('YYYY-MM-DD');

/** Bangkok wall-clock time on the test day. */
export const bkk = (hhmm: string, day = TEST_DAY) => new Date(`${day}T${hhmm}:00+07:00`);

/** Text of a text or textV2 message, for assertions. */
export const textOf = (m: Message | undefined): string =>
  m && (m.type === 'text' || m.type === 'textV2') ? (m as { text: string }).text : '';
