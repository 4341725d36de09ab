import mongoose, { type Connection } from 'mongoose';
import type { EventContext, EventHandler, LineEvent } from '../../src/bot/context';
import { createCaseService, type CaseService } from '../../src/cases/store';
import { caseModel } from '../../src/cases/model';
import { loadConfig } from '../../src/config/env';
import { createIntake } from '../../src/intake';
import { sessionModel } from '../../src/intake/store';
import { INTAKE_DATA } from '../../src/intake/steps';
import { checkMessages } from '../../src/line/limits';
import { silentLogger } from '../../src/log/logger';
import { eventContext, recordingOutbox, recordingTimers, type RecordingOutbox, type RecordingTimers } from '../helpers/intake-fakes';
import { followEvent, imageEvent, locationEvent, postbackEvent, textEvent, unfollowEvent } from '../helpers/line';
import { startTestDb, type TestDb } from '../helpers/mongo';

/**
 * The intake's "do" layer against a real database over the wire: cases and sessions in MongoDB,
 * delivery recorded in memory with the same idempotency by id as the real outbox and timers.
 */

const config = loadConfig({ NODE_ENV: 'test', CENTER_CODE: 'PHR', CENTER_PROVINCE: 'แพร่', SESSION_TIMEOUT_MINUTES: '30' });
const ADDRESS = '123 ต.ในเวียง อ.เมืองแพร่ จ.แพร่ 54000 ประเทศไทย';
const MIN = 60_000;

let db: TestDb;
let conn: Connection;
let cases: CaseService;
let outbox: RecordingOutbox;
let timers: RecordingTimers;
let route: (event: LineEvent) => Promise<EventContext>;
let clock = Date.parse('2026-03-02T03:00:00Z');
let n = 0;
const newUser = () => `U${String(++n).padStart(31, '0')}i`;
const at = () => (clock += 1_000);

/** The router's order for a 1:1 user (src/bot/router.ts), without the other features. */
function router(intake: ReturnType<typeof createIntake>) {
  const first = (...hs: EventHandler[]) => async (ctx: EventContext) => {
    for (const h of hs) if (await h(ctx)) return true;
    return false;
  };
  return async (event: LineEvent) => {
    const ctx = eventContext(event, outbox);
    if (event.type === 'postback' && event.postback.data.startsWith('i:')) await first(intake.handleEntry, intake.handleFallback)(ctx);
    else await first(intake.handleActive, intake.handleEntry, intake.handleFallback)(ctx);
    return ctx;
  };
}

beforeAll(async () => {
  db = await startTestDb('intake-service');
  conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  cases = createCaseService({ conn, centerCode: 'PHR', logger: silentLogger() });
  await caseModel(conn).syncIndexes();
});

beforeEach(() => {
  outbox = recordingOutbox();
  timers = recordingTimers();
  route = router(createIntake({ conn, cases, timers, outbox, config, logger: silentLogger() }));
});

afterEach(() => {
  expect([...outbox.items.values()].flatMap((i) => checkMessages(i.messages))).toEqual([]);
});

afterAll(async () => {
  await conn.close();
  await db.stop();
});

const tap = (userId: string, data: string) => route(postbackEvent({ userId, data, timestamp: at() }));
const answer = (userId: string, step: string, value: string) => tap(userId, `i:a:${step}:${value}`);

/** Walks a report to its summary with taps and one pin; returns the intake id. */
async function toSummary(userId: string): Promise<string> {
  const start = postbackEvent({ userId, data: 'i:start', timestamp: at() });
  await route(start);
  await answer(userId, 'problem', 'family');
  await route(locationEvent({ userId, latitude: 18.1446, longitude: 100.1403, address: ADDRESS, timestamp: at() }));
  await answer(userId, 'target', 'elderly');
  await answer(userId, 'sex', 'female');
  await route(imageEvent({ userId, messageId: 'img-1', timestamp: at() }));
  await answer(userId, 'details', 'done');
  await route(textEvent({ userId, text: '081 234 5678', timestamp: at() }));
  return `intake:${start.webhookEventId}`;
}

const casesOf = (userId: string) => caseModel(conn).find({ reporterUserId: userId }).lean();
const textOf = (userId: string) => JSON.stringify(outbox.messagesTo(userId));

test('when a report is confirmed, then the stored case holds every answer with status new', async () => {
  const user = newUser();
  const intakeId = await toSummary(user);
  await tap(user, INTAKE_DATA.confirm(intakeId));
  const [c] = await casesOf(user);
  expect(c).toMatchObject({
    caseNumber: expect.stringMatching(/^PHR-2569-\d{4,}$/),
    channel: 'ess_help_me',
    sourceId: intakeId,
    problemTypes: ['family'],
    urgent: false,
    targetGroup: 'elderly',
    sex: 'female',
    location: { lat: 18.1446, lng: 100.1403, address: ADDRESS, district: 'เมืองแพร่', districtCode: '5401', province: 'แพร่' },
    attachments: [{ messageId: 'img-1', type: 'image' }],
    phone: '0812345678',
    status: 'new',
    timeline: [expect.objectContaining({ kind: 'opened', actor: { kind: 'reporter', id: user } })],
  });
});

test('when a report is confirmed, then the reply names the case number', async () => {
  const user = newUser();
  const intakeId = await toSummary(user);
  await tap(user, INTAKE_DATA.confirm(intakeId));
  const [c] = await casesOf(user);
  expect(textOf(user)).toContain(c!.caseNumber);
});

test('when the same confirm event is processed twice, then one case opens and one reply is queued', async () => {
  const user = newUser();
  const intakeId = await toSummary(user);
  const confirm = postbackEvent({ userId: user, data: INTAKE_DATA.confirm(intakeId), timestamp: at() });
  await route(confirm);
  const before = outbox.items.size;
  await route(confirm);
  expect([(await casesOf(user)).length, outbox.items.size]).toEqual([1, before]);
});

test('when confirm is tapped twice, then one case opens and the second answer repeats its number', async () => {
  const user = newUser();
  const intakeId = await toSummary(user);
  await tap(user, INTAKE_DATA.confirm(intakeId));
  const second = await tap(user, INTAKE_DATA.confirm(intakeId));
  const [c] = await casesOf(user);
  const secondReply = JSON.stringify(outbox.items.get(`${second.eventId}:r0`)?.messages);
  expect([(await casesOf(user)).length, secondReply.includes(c!.caseNumber)]).toEqual([1, true]);
});

test('when two confirm taps are processed at the same time, then one case opens', async () => {
  const user = newUser();
  const intakeId = await toSummary(user);
  await Promise.all([tap(user, INTAKE_DATA.confirm(intakeId)), tap(user, INTAKE_DATA.confirm(intakeId))]);
  expect(await casesOf(user)).toHaveLength(1);
});

test('when 50 users confirm at the same time, then every case number is unique', async () => {
  const users = Array.from({ length: 50 }, newUser);
  const ids: string[] = [];
  for (const u of users) ids.push(await toSummary(u));
  await Promise.all(users.map((u, i) => tap(u, INTAKE_DATA.confirm(ids[i]!))));
  const numbers = (await caseModel(conn).find({ reporterUserId: { $in: users } }).lean()).map((c) => c.caseNumber);
  expect([numbers.length, new Set(numbers).size]).toEqual([50, 50]);
});

test('when the service restarts mid-report, then a new instance continues from the stored session', async () => {
  const user = newUser();
  await tap(user, 'i:start');
  await answer(user, 'problem', 'income');
  const conn2 = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    const cases2 = createCaseService({ conn: conn2, centerCode: 'PHR', logger: silentLogger() });
    route = router(createIntake({ conn: conn2, cases: cases2, timers, outbox, config, logger: silentLogger() }));
    await route(locationEvent({ userId: user, latitude: 18.14, longitude: 100.14, address: ADDRESS, timestamp: at() }));
    const s = await sessionModel(conn2).findById(user).lean();
    expect([s?.step, s?.answers.problemType, s?.answers.location?.district]).toEqual(['target', 'income', 'เมืองแพร่']);
  } finally {
    await conn2.close();
  }
});

test('when the idle timer fires, then the session ends and the note is queued under the timer id', async () => {
  const user = newUser();
  await tap(user, 'i:start');
  await answer(user, 'problem', 'income');
  const s = await sessionModel(conn).findById(user).lean();
  const id = `intake-timeout:${user}:${s!.version}`;
  await timers.fire(id);
  const after = await sessionModel(conn).findById(user).lean();
  expect([after?.status, outbox.items.get(id)?.to]).toEqual(['expired', user]);
});

test('when an old idle timer fires after the person answered again, then nothing is sent', async () => {
  const user = newUser();
  await tap(user, 'i:start');
  const first = [...timers.scheduled.keys()].find((k) => k.startsWith(`intake-timeout:${user}:`))!;
  const timer = timers.scheduled.get(first)!;
  await answer(user, 'problem', 'income');
  await timers.handlers.get('intake-timeout')!(timer.payload, { id: first, dueAt: timer.dueAt, now: new Date(clock + 31 * MIN) });
  expect(outbox.items.has(first)).toBe(false);
});

test('when a pin arrives with nothing in progress, then an urgent SOS case opens with it', async () => {
  const user = newUser();
  const pin = locationEvent({ userId: user, latitude: 18.1446, longitude: 100.1403, address: ADDRESS, timestamp: at() });
  await route(pin);
  const [c] = await casesOf(user);
  expect(c).toMatchObject({ sourceId: `sos:${pin.webhookEventId}`, sos: true, urgent: true, location: { district: 'เมืองแพร่' } });
});

test('when an SOS follow-up is processed twice, then the case gets it once', async () => {
  const user = newUser();
  await route(locationEvent({ userId: user, latitude: 18.1446, longitude: 100.1403, timestamp: at() }));
  const ev = postbackEvent({ userId: user, data: 'i:a:problem:violence', timestamp: at() });
  await route(ev);
  await route(ev);
  const [c] = await casesOf(user);
  expect([c?.problemTypes, c?.timeline.filter((e) => e.kind === 'details_updated').length]).toEqual([['violence'], 1]);
});

test('when the user unfollows mid-report, then the session ends and nothing is sent', async () => {
  const user = newUser();
  await tap(user, 'i:start');
  const before = outbox.items.size;
  await route(unfollowEvent({ userId: user, timestamp: at() }));
  const s = await sessionModel(conn).findById(user).lean();
  expect([s?.status, outbox.items.size]).toEqual(['cancelled', before]);
});

test('when another feature\'s button is tapped mid-report, then the intake does not take it', async () => {
  const user = newUser();
  await tap(user, 'i:start');
  const intake = createIntake({ conn, cases, timers, outbox, config, logger: silentLogger() });
  const ctx = eventContext(postbackEvent({ userId: user, data: 'u:track', timestamp: at() }), outbox);
  expect(await intake.handleActive(ctx)).toBe(false);
});

test('when a new user follows, then the welcome, privacy notice and menu are queued as one reply', async () => {
  const user = newUser();
  const ctx = await route(followEvent({ userId: user, timestamp: at() }));
  expect(outbox.items.get(`${ctx.eventId}:r0`)?.messages.map((m) => m.type)).toEqual(['text', 'text', 'flex']);
});
