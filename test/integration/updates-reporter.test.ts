import type { webhook } from '@line/bot-sdk';
import mongoose from 'mongoose';
import type { EventHandler, Message } from '../../src/bot/context';
import type { Actor } from '../../src/cases/types';
import { createCaseService, type CaseService } from '../../src/cases/store';
import type { CaseAction } from '../../src/cases/decide';
import { loadConfig } from '../../src/config/env';
import { checkMessages } from '../../src/line/limits';
import { silentLogger } from '../../src/log/logger';
import type { Timers } from '../../src/timers/types';
import { createReporterHandler } from '../../src/updates/handle';
import { createUpdates } from '../../src/updates/index';
import { createReporterStateStore } from '../../src/updates/store';
import { imageEvent, postbackEvent, stickerEvent, textEvent } from '../helpers/line';
import { startTestDb } from '../helpers/mongo';
import { contextFor, quickReplyData, readable, RecordingOutbox } from '../helpers/updates-fakes';

/**
 * The updates feature against a real database (mongoose over the wire) and the real case service;
 * only the outbox and the event context are recording doubles. Every message produced is checked
 * against LINE's limits after each test.
 */

const config = loadConfig({ NODE_ENV: 'test' });
/** The check-in timers have their own test (updates-checkin); here cases are not urgent. */
const noTimers: Timers = { schedule: async () => undefined, cancel: async () => undefined, handle: () => undefined };
const officer: Actor = { kind: 'officer', id: 'Uofficer0000000000000000000000001', name: 'สมศรี' };
const T0 = Date.parse('2026-01-10T03:00:00Z');

let db: { uri: string; stop(): Promise<void> };
let conn: mongoose.Connection;
let cases: CaseService;
let outbox: RecordingOutbox;
let handle: EventHandler;
let handleFollowUp: EventHandler;
let clock = T0;
let users = 0;
let sources = 0;

/** Event time moves forward a minute per step: decisions use it, never the wall clock. */
const tick = () => (clock += 60_000);
const newUser = () => `U${String(++users).padStart(32, '0')}`;

beforeAll(async () => {
  db = await startTestDb('updates-reporter');
  conn = await mongoose.createConnection(db.uri).asPromise();
  cases = createCaseService({ conn, centerCode: 'PHR', logger: silentLogger() });
  outbox = new RecordingOutbox();
  ({ handle, handleFollowUp } = createUpdates({ conn, cases, outbox, timers: noTimers, config, logger: silentLogger() }));
});

afterAll(async () => {
  await conn.close();
  await db.stop();
});

afterEach(() => {
  const problems = outbox.items.flatMap((i) => checkMessages(i.messages).map((p) => `${i.id}: ${p}`));
  outbox.clear();
  expect(problems).toEqual([]);
});

async function openCase(reporterUserId: string): Promise<string> {
  const r = await cases.open(
    { channel: 'ess_help_me', reporterUserId, problemTypes: ['income'] },
    { sourceId: `intake-${++sources}`, actor: { kind: 'reporter', id: reporterUserId }, now: new Date(tick()) },
  );
  return r.case.caseNumber;
}

async function officerDoes(caseNumber: string, action: CaseAction, entryId = `officer-${++sources}`): Promise<string> {
  const r = await cases.act(caseNumber, action, officer, { entryId, now: new Date(tick()) });
  if (!r.ok) throw new Error(`officer action refused: ${r.reason}`);
  return entryId;
}

async function closedCase(reporterUserId: string): Promise<string> {
  const no = await openCase(reporterUserId);
  await officerDoes(no, { type: 'acknowledge' });
  await officerDoes(no, { type: 'close', outcome: 'resolved', note: 'มอบเงินสงเคราะห์แล้ว' });
  return no;
}

/** The router's order for this feature: what adds to an open case first, then the rest (intake sits between). */
const send = async (event: webhook.Event) => {
  const ctx = contextFor(event, outbox);
  return (await handleFollowUp(ctx)) || handle(ctx);
};
const says = (userId: string, text: string) => send(textEvent({ userId, text, timestamp: tick() }));
const taps = (userId: string, data: string) => send(postbackEvent({ userId, data, timestamp: tick() }));
/** Replies to a user are outbox items whose id says "reply". */
const repliesTo = (userId: string): Message[] =>
  outbox.to(userId).filter((i) => /:r\d+$/.test(i.id)).flatMap((i) => i.messages);
const lastReplyTo = (userId: string): Message => {
  const r = repliesTo(userId);
  return r[r.length - 1]!;
};
const updatesTo = (userId: string) => outbox.to(userId).filter((i) => i.id.endsWith(':reporter'));

describe('updates to the reporter', () => {
  it('when an officer acknowledges the case, then the reporter gets the status under the entry id', async () => {
    const user = newUser();
    const no = await openCase(user);
    const entryId = await officerDoes(no, { type: 'acknowledge' });
    expect(updatesTo(user).map((i) => [i.id, readable(i.messages[0]!).includes('เจ้าหน้าที่รับเรื่องแล้ว')])).toEqual([
      [`${entryId}:reporter`, true],
    ]);
  });

  it('when the officer starts work, then the reporter reads "in progress"', async () => {
    const user = newUser();
    const no = await openCase(user);
    await officerDoes(no, { type: 'acknowledge' });
    await officerDoes(no, { type: 'start' });
    expect(readable(updatesTo(user)[1]!.messages[0]!)).toEqual(expect.stringContaining('กำลังดำเนินการ/ลงพื้นที่'));
  });

  it('when the case is referred, then the reporter reads to which agency', async () => {
    const user = newUser();
    const no = await openCase(user);
    await officerDoes(no, { type: 'acknowledge' });
    await officerDoes(no, { type: 'refer', agency: 'บ้านพักเด็กและครอบครัวจังหวัดแพร่' });
    expect(readable(updatesTo(user)[1]!.messages[0]!)).toEqual(expect.stringContaining('บ้านพักเด็กและครอบครัวจังหวัดแพร่'));
  });

  it('when the case is closed, then the reporter reads the outcome and is asked to rate it', async () => {
    const user = newUser();
    await closedCase(user);
    const [bubble, question] = updatesTo(user)[1]!.messages;
    expect([readable(bubble!).includes('ช่วยเหลือแล้ว'), quickReplyData(question!).length]).toEqual([true, 6]);
  });

  it('when an officer relays a message, then the reporter reads it as from the center', async () => {
    const user = newUser();
    const no = await openCase(user);
    await officerDoes(no, { type: 'acknowledge' });
    await officerDoes(no, { type: 'relay', text: 'พรุ่งนี้ 10 โมงเจ้าหน้าที่จะไปเยี่ยมบ้านค่ะ' });
    const words = readable(updatesTo(user)[1]!.messages[0]!);
    expect([words.includes('ข้อความจากศูนย์'), words.includes('พรุ่งนี้ 10 โมงเจ้าหน้าที่จะไปเยี่ยมบ้านค่ะ')]).toEqual([true, true]);
  });

  it('when an officer writes an internal note, then the reporter gets nothing', async () => {
    const user = newUser();
    const no = await openCase(user);
    await officerDoes(no, { type: 'acknowledge' });
    await officerDoes(no, { type: 'note', text: 'ภายในทีม' });
    expect(updatesTo(user)).toHaveLength(1);
  });

  it('when the same officer action is processed twice, then the reporter gets one message', async () => {
    const user = newUser();
    const no = await openCase(user);
    await officerDoes(no, { type: 'acknowledge' }, 'dup-ack');
    await cases.act(no, { type: 'acknowledge' }, officer, { entryId: 'dup-ack', now: new Date(tick()) });
    expect(updatesTo(user)).toHaveLength(1);
  });
});

describe('tracking', () => {
  it('when the reporter types ติดตามเรื่อง, then their cases show newest first', async () => {
    const user = newUser();
    const older = await openCase(user);
    const newer = await openCase(user);
    await says(user, 'ติดตามเรื่อง');
    const words = readable(lastReplyTo(user));
    expect(words.indexOf(newer)).toBeLessThan(words.indexOf(older));
  });

  it('when the reporter taps the rich menu, then their cases show', async () => {
    const user = newUser();
    const no = await openCase(user);
    await taps(user, 'u:track');
    expect(readable(lastReplyTo(user))).toEqual(expect.stringContaining(no));
  });

  it('when the tracking list is shown, then it holds only the reporter\'s own cases', async () => {
    const user = newUser();
    const someoneElse = newUser();
    const theirs = await openCase(someoneElse);
    await openCase(user);
    await says(user, 'ติดตามเรื่อง');
    expect(readable(lastReplyTo(user))).not.toContain(theirs);
  });

  it('when a reporter has 14 cases, then 12 show and a text tells of 2 more', async () => {
    const user = newUser();
    for (let i = 0; i < 14; i++) await openCase(user);
    await says(user, 'ติดตามเรื่อง');
    const [carousel, more] = repliesTo(user);
    const bubbles = (carousel as { contents: { contents: unknown[] } }).contents.contents;
    expect([bubbles.length, readable(more!).includes('อีก 2 เรื่อง')]).toEqual([12, true]);
  });

  it('when a reporter without cases asks, then they are offered to report', async () => {
    const user = newUser();
    await says(user, 'ติดตามเรื่อง');
    expect(quickReplyData(lastReplyTo(user))).toEqual(['i:start']);
  });

  it('when the reporter types their own case number in Thai digits, then that case is shown', async () => {
    const user = newUser();
    const no = await openCase(user);
    const thai = no.replace(/\d/g, (d) => String.fromCharCode(0x0e50 + Number(d))).toLowerCase();
    await says(user, thai);
    expect(readable(lastReplyTo(user))).toEqual(expect.stringContaining(no));
  });

  it('when someone types another reporter\'s case number, then the answer equals the one for an unknown number', async () => {
    const owner = newUser();
    const prober = newUser();
    const no = await openCase(owner);
    await says(prober, no);
    const forOthers = lastReplyTo(prober);
    await says(prober, 'PHR-2569-9999');
    expect(forOthers).toEqual(lastReplyTo(prober));
  });
});

describe('reporter messages about an open case', () => {
  it('when a reporter with one open case writes, then the words are added to it at once and acknowledged in one line', async () => {
    const user = newUser();
    const no = await openCase(user);
    await says(user, 'ตอนนี้คุณยายหายใจลำบากค่ะ');
    const info = (await cases.get(no))!.timeline.filter((e) => e.kind === 'reporter_info').map((e) => e.text);
    expect([info, readable(lastReplyTo(user))]).toEqual([
      ['ตอนนี้คุณยายหายใจลำบากค่ะ'],
      expect.stringContaining(`ได้รับแล้วค่ะ บันทึกไว้ในเรื่อง ${no} และแจ้งเจ้าหน้าที่แล้ว`),
    ]);
  });

  it('when a reporter with two open cases writes, then they are asked which case it is about', async () => {
    const user = newUser();
    const older = await openCase(user);
    const no = await openCase(user);
    await says(user, 'ตอนนี้คุณยายหายใจลำบากค่ะ');
    expect(quickReplyData(lastReplyTo(user))).toEqual([`u:about:${no}`, `u:about:${older}`, 'i:start', 'u:about:none']);
  });

  it('when they pick the case, then the text and photo are recorded as reporter information', async () => {
    const user = newUser();
    await openCase(user);
    const no = await openCase(user);
    await says(user, 'ตอนนี้คุณยายหายใจลำบากค่ะ');
    await send(imageEvent({ userId: user, messageId: '700001', timestamp: tick() }));
    await taps(user, `u:about:${no}`);
    const info = (await cases.get(no))!.timeline.filter((e) => e.kind === 'reporter_info');
    expect(info.map((e) => ({ text: e.text, attachments: e.attachments, actor: e.actor }))).toEqual([
      { text: 'ตอนนี้คุณยายหายใจลำบากค่ะ', attachments: [{ messageId: '700001', type: 'image' }], actor: { kind: 'reporter', id: user } },
    ]);
  });

  it('when they pick the case, then they are told it reached the officers', async () => {
    const user = newUser();
    await openCase(user);
    const no = await openCase(user);
    await says(user, 'เพิ่มเติมค่ะ');
    await taps(user, `u:about:${no}`);
    expect(readable(lastReplyTo(user))).toEqual(expect.stringContaining(`บันทึกไว้ในเรื่อง ${no} และแจ้งเจ้าหน้าที่แล้ว`));
  });

  it('when they answer "not this", then nothing is added to the case', async () => {
    const user = newUser();
    await openCase(user);
    const no = await openCase(user);
    await says(user, 'ถามเรื่องอื่นค่ะ');
    await taps(user, 'u:about:none');
    expect((await cases.get(no))!.timeline.map((e) => e.kind)).toEqual(['opened']);
  });

  it('when a reporter with only closed cases writes, then the event is left to intake', async () => {
    const user = newUser();
    await closedCase(user);
    expect(await says(user, 'สวัสดีค่ะ')).toBe(false);
  });

  it('when a reporter without an open case sends a sticker, then the event is left to intake', async () => {
    const user = newUser();
    await closedCase(user);
    expect(await send(stickerEvent({ userId: user, timestamp: tick() }))).toBe(false);
  });

  it('when a reporter with an open non-urgent case sends a sticker, then they are thanked and nothing is added', async () => {
    const user = newUser();
    const no = await openCase(user);
    await send(stickerEvent({ userId: user, timestamp: tick() }));
    expect([(await cases.get(no))!.timeline.map((e) => e.kind), readable(lastReplyTo(user))]).toEqual([
      ['opened'],
      expect.stringContaining('ขอบคุณค่ะ'),
    ]);
  });
});

describe('after closing', () => {
  it('when the reporter taps a score, then it is stored on the case', async () => {
    const user = newUser();
    const no = await closedCase(user);
    await taps(user, `u:rate:${no}:4`);
    expect((await cases.get(no))!.rating?.score).toBe(4);
  });

  it('when the reporter writes after rating, then the words become the rating comment', async () => {
    const user = newUser();
    const no = await closedCase(user);
    await taps(user, `u:rate:${no}:5`);
    await says(user, 'เจ้าหน้าที่ใจดีมาก');
    expect((await cases.get(no))!.rating?.comment).toBe('เจ้าหน้าที่ใจดีมาก');
  });

  it('when the reporter answers ข้าม after rating, then no comment is stored', async () => {
    const user = newUser();
    const no = await closedCase(user);
    await taps(user, `u:rate:${no}:3`);
    await says(user, 'ข้าม');
    const rating = (await cases.get(no))!.rating;
    expect([rating?.score, rating?.comment]).toEqual([3, undefined]);
  });

  it('when the app restarts between the rating and the comment, then the comment is still recorded', async () => {
    const user = newUser();
    const no = await closedCase(user);
    await taps(user, `u:rate:${no}:5`);
    const restarted = createReporterHandler({
      cases,
      store: createReporterStateStore(conn),
      timeouts: { pendingMs: 30 * 60_000, whichCaseMs: 10 * 60_000 },
    })('rest');
    await restarted(contextFor(textEvent({ userId: user, text: 'ประทับใจค่ะ', timestamp: tick() }), outbox));
    expect((await cases.get(no))!.rating?.comment).toBe('ประทับใจค่ะ');
  });

  it('when the reporter taps a score twice, then the second is answered as already rated', async () => {
    const user = newUser();
    const no = await closedCase(user);
    await taps(user, `u:rate:${no}:5`);
    await taps(user, `u:rate:${no}:1`);
    expect([(await cases.get(no))!.rating?.score, readable(lastReplyTo(user))]).toEqual([5, 'คุณให้คะแนนเรื่องนี้ไว้แล้ว ขอบคุณค่ะ']);
  });

  it('when someone rates another reporter\'s case, then nothing is stored and they get "not found"', async () => {
    const owner = newUser();
    const other = newUser();
    const no = await closedCase(owner);
    await taps(other, `u:rate:${no}:1`);
    const refused = lastReplyTo(other);
    await says(other, 'PHR-2569-9999');
    expect([(await cases.get(no))!.rating, refused]).toEqual([undefined, lastReplyTo(other)]);
  });

  it('when the reporter says not helped yet and describes why, then the case is reopened with their words', async () => {
    const user = newUser();
    const no = await closedCase(user);
    await taps(user, `u:reopen:${no}`);
    await says(user, 'ยังไม่ได้รับเงินเลยค่ะ');
    const c = (await cases.get(no))!;
    expect({ status: c.status, reopenCount: c.reopenCount, words: c.timeline.find((e) => e.kind === 'reopened')?.text }).toEqual({
      status: 'new',
      reopenCount: 1,
      words: 'ยังไม่ได้รับเงินเลยค่ะ',
    });
  });

  it('when the case is reopened, then the reporter is told it reached the duty officers, with no promise of a call', async () => {
    const user = newUser();
    const no = await closedCase(user);
    await taps(user, `u:reopen:${no}`);
    await says(user, 'ข้าม');
    const said = readable(lastReplyTo(user));
    expect([said.includes('ส่งถึงเจ้าหน้าที่เวรแล้ว'), said.includes('ติดต่อกลับ')]).toEqual([true, false]);
  });

  it('when someone says not helped yet about another reporter\'s case, then it stays closed', async () => {
    const owner = newUser();
    const other = newUser();
    const no = await closedCase(owner);
    await taps(other, `u:reopen:${no}`);
    await says(other, 'ยังไม่ได้รับ');
    expect((await cases.get(no))!.status).toBe('closed');
  });
});

describe('applying each event once', () => {
  it('when the same event is handled twice, then one reply is sent and one entry recorded', async () => {
    const user = newUser();
    const no = await closedCase(user);
    const event = postbackEvent({ userId: user, data: `u:rate:${no}:4`, timestamp: tick() });
    await send(event);
    await send(event);
    const rated = (await cases.get(no))!.timeline.filter((e) => e.kind === 'rated');
    expect([rated.length, repliesTo(user).length]).toEqual([1, 1]);
  });

  it('when a redelivered comment arrives after the wait ended, then it is not taken as a new message', async () => {
    const user = newUser();
    const no = await closedCase(user);
    await taps(user, `u:rate:${no}:4`);
    const comment = textEvent({ userId: user, text: 'ดีมาก', timestamp: tick() });
    await send(comment);
    expect(await send(comment)).toBe(true);
  });
});
