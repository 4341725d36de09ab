import type express from 'express';
import request from 'supertest';
import { createCaseService, type CaseService } from '../../src/cases/store';
import { CONSOLE_TH } from '../../src/strings/th/console';
import { consoleSessions, mountConsole } from '../helpers/console';
import { startHarness, testLogger, type Harness, type TestInstance } from '../helpers/service';

/**
 * The console's access rules through HTTP with a controllable clock: idle and 8-hour expiry, the
 * hourly LINE membership check, another center's case, CSRF, and data endpoints without a session.
 * Sessions are made with the session store (the sign-in itself is covered by the browser test).
 */

const DUTY = 'Caccess0dutygroup000000000000001';
const ESC = 'Caccess0escalation00000000000001';
const OFFICER = 'Uaccess0officer00000000000000001';
const BOSS = 'Uaccess0boss000000000000000000001';
const LEFT = 'Uaccess0left000000000000000000001';

let h: Harness;
let inst: TestInstance;
let app: express.Express;
let cases: CaseService;
let sessions: ReturnType<typeof consoleSessions>;
// The real time: sessions have a TTL index, and the database's TTL monitor runs on the real clock.
let clock = new Date();
let phrCase: string;
let nanCase: string;

beforeAll(async () => {
  h = await startHarness('console_access');
  h.emulator.addGroupMember(DUTY, OFFICER, 'เจ้าหน้าที่ ก');
  h.emulator.addGroupMember(ESC, BOSS, 'หัวหน้า ข');
  inst = await h.instance({ start: false });
  cases = createCaseService({ conn: inst.conn, centerCode: 'PHR', logger: testLogger() });
  const nan = createCaseService({ conn: inst.conn, centerCode: 'NAN', logger: testLogger() });
  phrCase = (await cases.open({ channel: 'ess_help_me', problemTypes: ['income'], phone: '0811111111' }, { sourceId: 'acc-1', actor: { kind: 'reporter', id: 'Ur1' }, now: clock })).case.caseNumber;
  nanCase = (await nan.open({ channel: 'ess_help_me', problemTypes: ['income'], phone: '0822222222' }, { sourceId: 'acc-2', actor: { kind: 'reporter', id: 'Ur2' }, now: clock })).case.caseNumber;
  sessions = consoleSessions(inst.conn, () => clock);
  app = mountConsole(h, inst.conn, { cases, centers: [{ code: 'PHR', name: 'แพร่', dutyGroupIds: [DUTY], escalationGroupIds: [ESC] }], now: () => clock });
});
afterAll(() => h.stop());

const later = (min: number) => (clock = new Date(clock.getTime() + min * 60_000));
const cookieFor = (userId: string, role: 'officer' | 'supervisor' = 'officer') => sessions.cookieFor(userId, 'PHR', role);

test('when there is no session, then pages show the sign-in and data endpoints answer 401 with no case data', async () => {
  const page = await request(app).get(`/console/cases/${phrCase}`);
  expect(page.text).toContain(CONSOLE_TH.signIn.button);
  expect(page.text).not.toContain('0811111111');
  const data = await request(app).get('/console/fragments/queue');
  expect(data.status).toBe(401);
  expect(data.text).not.toContain(phrCase);
});

test('when an officer signs in, then the cookie-bearing answers carry helmet headers and the queue lists only the center\'s cases', async () => {
  const { cookie } = await cookieFor(OFFICER);
  const res = await request(app).get('/console/fragments/queue').set('cookie', cookie);
  expect(res.status).toBe(200);
  expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.text).toContain(phrCase);
  expect(res.text).not.toContain(nanCase);
});

test('when an officer asks for another center\'s case, then the answer is 404 without its data', async () => {
  const { cookie, csrf } = await cookieFor(OFFICER);
  const res = await request(app).get(`/console/cases/${nanCase}`).set('cookie', cookie);
  expect(res.status).toBe(404);
  expect(res.text).not.toContain('0822222222');
  const act = await request(app).post(`/console/cases/${nanCase}/actions`).set('cookie', cookie).type('form').send({ _csrf: csrf, action: 'acknowledge', requestId: 'req-nan-0001' });
  expect(act.status).toBe(404);
  expect((await cases.get(nanCase))?.status).toBe('new');
});

test('when an action comes without the session\'s CSRF token, then it is refused with 403 and the case is unchanged', async () => {
  const { cookie } = await cookieFor(OFFICER);
  const res = await request(app).post(`/console/cases/${phrCase}/actions`).set('cookie', cookie).type('form').send({ action: 'acknowledge', requestId: 'req-csrf-0001' });
  expect(res.status).toBe(403);
  expect((await cases.get(phrCase))?.status).toBe('new');
});

test('when the same form is sent twice, then the case gets one entry', async () => {
  const { cookie, csrf } = await cookieFor(OFFICER);
  const send = () => request(app).post(`/console/cases/${phrCase}/actions`).set('cookie', cookie).type('form').send({ _csrf: csrf, action: 'note', text: 'บันทึก', requestId: 'req-twice-0001' });
  expect((await send()).status).toBe(303);
  expect((await send()).status).toBe(303);
  expect((await cases.get(phrCase))?.timeline.filter((e) => e.kind === 'note')).toHaveLength(1);
});

test('when a session is idle for more than 30 minutes, then it has ended', async () => {
  const { cookie } = await cookieFor(OFFICER);
  later(29);
  expect((await request(app).get('/console/fragments/queue').set('cookie', cookie)).status).toBe(200);
  later(29); // 29 minutes after the last use: still alive
  expect((await request(app).get('/console/fragments/queue').set('cookie', cookie)).status).toBe(200);
  later(31);
  expect((await request(app).get('/console/fragments/queue').set('cookie', cookie)).status).toBe(401);
});

test('when a session is 8 hours old, then it has ended even if in use', async () => {
  const { cookie } = await cookieFor(BOSS, 'supervisor');
  for (let i = 0; i < 16; i++) {
    later(29);
    expect((await request(app).get('/console/fragments/queue').set('cookie', cookie)).status).toBe(200);
  }
  later(29); // 8 h 13 min after sign-in
  expect((await request(app).get('/console/fragments/queue').set('cookie', cookie)).status).toBe(401);
});

test('when an officer is no longer in the duty group at the hourly check, then the session ends', async () => {
  h.emulator.addGroupMember(DUTY, LEFT, 'ผู้ที่ออกจากกลุ่ม');
  const { cookie } = await cookieFor(LEFT);
  // Leaving the group: the emulator's group forgets the member, as LINE's member API would.
  expect((await fetch(`${h.emulator.url}/_sandbox/group/${DUTY}/members/${LEFT}`, { method: 'DELETE' })).status).toBe(204);
  later(20);
  expect((await request(app).get('/console/fragments/queue').set('cookie', cookie)).status).toBe(200);
  later(20);
  later(21); // more than an hour since the membership check at sign-in
  expect((await request(app).get('/console/fragments/queue').set('cookie', cookie)).status).toBe(401);
});
