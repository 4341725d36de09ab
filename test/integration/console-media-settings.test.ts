import { randomBytes } from 'node:crypto';
import type express from 'express';
import request from 'supertest';
import { createCenterStore, type CenterStore } from '../../src/centers';
import { createCaseReporting, createCaseService, type CaseService } from '../../src/cases/store';
import { consoleCenterOf, findAccess } from '../../src/console/access';
import { createEvidenceFiles } from '../../src/evidence/store';
import { CONSOLE_TH } from '../../src/strings/th/console';
import { consoleSessions, emulatorLine, mountConsole } from '../helpers/console';
import { startHarness, testLogger, type Harness, type TestInstance } from '../helpers/service';

/**
 * The console's case media, centers from data, settings and the national desk, through HTTP with
 * the LINE emulator answering membership. Sessions are made with the session store (the sign-in
 * itself is covered by the browser test); access decisions are asked of the emulator's group API.
 */

const hex = (n: number) => `C${String(n).padStart(32, '0')}`;
const PHR_DUTY = hex(1);
const PHR_ESC = hex(2);
const NAN_DUTY = hex(3);
const NAN_ESC = hex(4);
const NATIONAL = hex(5);
const PHR_OFFICER = 'Umedia0phrofficer000000000000001';
const NAN_OFFICER = 'Umedia0nanofficer000000000000001';
const NAN_BOSS = 'Umedia0nanboss000000000000000001';
const DESK = 'Umedia0nationaldesk0000000000001';

let h: Harness;
let inst: TestInstance;
let app: express.Express;
let cases: CaseService;
let centers: CenterStore;
let sessions: ReturnType<typeof consoleSessions>;
// Starts at the real time: the sessions' TTL index is swept by the database on its own clock, so a
// fixed past date would let it delete sessions mid-test once the wall clock passes it + 8 h.
let clock = new Date();
let phrCase: string;
let nanCase: string;
const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(5000)]);
const later = (min: number) => (clock = new Date(clock.getTime() + min * 60_000));

beforeAll(async () => {
  h = await startHarness('console_media');
  h.emulator.addGroupMember(PHR_DUTY, PHR_OFFICER, 'เจ้าหน้าที่แพร่');
  h.emulator.addGroupMember(NAN_DUTY, NAN_OFFICER, 'เจ้าหน้าที่น่าน');
  h.emulator.addGroupMember(NAN_ESC, NAN_BOSS, 'หัวหน้าน่าน');
  h.emulator.addGroupMember(NATIONAL, DESK, 'ส่วนกลาง');
  inst = await h.instance({ start: false });
  const env = {
    CENTER_CODE: 'PHR',
    CENTER_NAME: 'ศรส.จ.แพร่',
    CENTER_PROVINCE: 'แพร่',
    DUTY_GROUP_ID: PHR_DUTY,
    ESCALATION_GROUP_ID: PHR_ESC,
    DAY_SHIFT: '08:30-16:30',
    ACK_SLA_URGENT_MINUTES: 10,
    ACK_SLA_NORMAL_MINUTES: 60,
  };
  centers = createCenterStore(inst.conn, env);
  const put = await centers.put('NAN', { name: 'ศรส.จ.น่าน', provinces: ['น่าน'], dutyGroupId: NAN_DUTY, escalationGroupId: NAN_ESC, ackSlaNormalMinutes: 600 }, clock);
  expect(put.ok).toBe(true);

  cases = createCaseService({ conn: inst.conn, centerCode: 'PHR', logger: testLogger() });
  const nan = createCaseService({ conn: inst.conn, centerCode: 'NAN', logger: testLogger() });
  const attachments = [
    { messageId: 'm-photo-1', type: 'image' as const },
    { messageId: 'm-voice-1', type: 'audio' as const, duration: 3000 },
    { messageId: 'm-video-1', type: 'video' as const, duration: 4000 },
  ];
  phrCase = (await cases.open({ channel: 'ess_help_me', problemTypes: ['income'], attachments }, { sourceId: 'med-1', actor: { kind: 'reporter', id: 'Ur1' }, now: clock })).case.caseNumber;
  nanCase = (await nan.open({ channel: 'ess_help_me', problemTypes: ['income'], attachments: [{ messageId: 'm-photo-2', type: 'image' }] }, { sourceId: 'med-2', actor: { kind: 'reporter', id: 'Ur2' }, now: clock })).case.caseNumber;
  const files = createEvidenceFiles(inst.conn);
  for (const [no, id] of [[phrCase, 'm-photo-1'], [nanCase, 'm-photo-2']] as const) {
    const f = await files.put({ caseNumber: no, messageId: id, contentType: 'image/jpeg', data: photo });
    await cases.setAttachmentEvidence(no, id, { status: 'stored', contentType: f.contentType, size: f.length, sha256: f.sha256, at: clock });
  }
  await cases.setAttachmentEvidence(phrCase, 'm-video-1', { status: 'failed', reason: 'gone', at: clock });

  sessions = consoleSessions(inst.conn, () => clock);
  app = mountConsole(h, inst.conn, {
    cases,
    centers: async () => (await centers.list()).map(consoleCenterOf),
    nationalGroupIds: [NATIONAL],
    media: inst.service.evidence,
    centerStore: centers,
    now: () => clock,
    insights: { reporting: createCaseReporting(inst.conn), provinceName: 'แพร่', centerName: 'ศรส.จ.แพร่', dayShift: '08:30-16:30' },
  });
});
afterAll(() => h.stop());

const cookieFor = (userId: string, centerCode: string, role: 'officer' | 'supervisor' = 'officer', national = false) => sessions.cookieFor(userId, centerCode, role, national);
const viewsOf = async (no: string, messageId: string) =>
  ((await cases.get(no))?.timeline ?? []).filter((e) => e.kind === 'media_viewed' && e.attachments?.[0]?.messageId === messageId);

describe('media in the case page', () => {
  test('when an officer opens a case, then its stored photo is in the page and the others show their storage status', async () => {
    const { cookie } = await cookieFor(PHR_OFFICER, 'PHR');
    const page = await request(app).get(`/console/cases/${phrCase}`).set('cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<img src="/console/cases/${phrCase}/media/m-photo-1"`);
    expect(page.text).toContain(CONSOLE_TH.media.status.pending); // the voice message, not stored yet
    expect(page.text).toContain(CONSOLE_TH.media.status.failed); // the video LINE no longer had
    expect(page.text).not.toContain('/media/m-video-1');
  });

  test('when a player asks for a byte range, then it gets those bytes, and the view is recorded once per item per session', async () => {
    const { cookie } = await cookieFor(PHR_OFFICER, 'PHR');
    const part = await request(app).get(`/console/cases/${phrCase}/media/m-photo-1`).set('cookie', cookie).set('range', 'bytes=100-199').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${photo.length}`);
    expect(Buffer.compare(part.body as Buffer, photo.subarray(100, 200))).toBe(0);
    const whole = await request(app).get(`/console/cases/${phrCase}/media/m-photo-1`).set('cookie', cookie);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('image/jpeg');
    const before = (await viewsOf(phrCase, 'm-photo-1')).length;
    expect(before).toBeGreaterThanOrEqual(1);
    await request(app).get(`/console/cases/${phrCase}/media/m-photo-1`).set('cookie', cookie).set('range', 'bytes=0-9');
    expect(await viewsOf(phrCase, 'm-photo-1')).toHaveLength(before);
    // Another session (another sign-in) is another view.
    const other = await cookieFor(PHR_OFFICER, 'PHR');
    await request(app).get(`/console/cases/${phrCase}/media/m-photo-1`).set('cookie', other.cookie);
    const views = await viewsOf(phrCase, 'm-photo-1');
    expect(views).toHaveLength(before + 1);
    expect(views.every((e) => e.actor.kind === 'officer' && e.actor.id === PHR_OFFICER)).toBe(true);
  });

  test('when media is not stored or is asked without a session, then nothing is served', async () => {
    const { cookie } = await cookieFor(PHR_OFFICER, 'PHR');
    expect((await request(app).get(`/console/cases/${phrCase}/media/m-voice-1`).set('cookie', cookie)).status).toBe(404);
    expect((await request(app).get(`/console/cases/${phrCase}/media/m-photo-2`).set('cookie', cookie)).status).toBe(404); // another case's file
    const anon = await request(app).get(`/console/cases/${phrCase}/media/m-photo-1`);
    expect(anon.status).toBe(401);
    expect(anon.headers['content-type']).not.toBe('image/jpeg');
  });

  test('when an officer asks for another center\'s media, then the answer is 404 and no view is recorded', async () => {
    const { cookie } = await cookieFor(PHR_OFFICER, 'PHR');
    const res = await request(app).get(`/console/cases/${nanCase}/media/m-photo-2`).set('cookie', cookie);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({});
    expect(await viewsOf(nanCase, 'm-photo-2')).toHaveLength(0);
  });
});

describe('centers from data', () => {
  test('when a stored center\'s officer signs in, then access is found from the stored center\'s duty group', async () => {
    const line = emulatorLine(h);
    const access = await findAccess((await centers.list()).map(consoleCenterOf), NAN_OFFICER, line, [NATIONAL]);
    expect(access).toMatchObject({ center: { code: 'NAN' }, role: 'officer', national: false });
    expect(await findAccess((await centers.list()).map(consoleCenterOf), DESK, line, [NATIONAL])).toMatchObject({ role: 'supervisor', national: true });
  });

  test('when a stored center\'s officer is still in its group at the hourly check, then the session lives on and sees only that center', async () => {
    const { cookie } = await cookieFor(NAN_OFFICER, 'NAN');
    later(29);
    expect((await request(app).get('/console/fragments/queue').set('cookie', cookie)).status).toBe(200);
    later(29); // past the hourly check, which reads the centers again
    const q = await request(app).get('/console/fragments/queue').set('cookie', cookie);
    expect(q.status).toBe(200);
    expect(q.text).toContain(nanCase);
    expect(q.text).not.toContain(phrCase);
    // The stored center's own SLA (600 min), not the environment's 60: 87 minutes in, still within.
    expect(q.text).toContain(CONSOLE_TH.queue.within(600));
    expect(q.text).not.toContain(CONSOLE_TH.queue.late);
    expect((await request(app).get(`/console/cases/${phrCase}`).set('cookie', cookie)).status).toBe(404);
  });

  test('when a stored center\'s officer opens the map and the dashboard, then they are of that center\'s province, not the home center\'s', async () => {
    const { cookie } = await cookieFor(NAN_OFFICER, 'NAN');
    const map = await request(app).get('/console/map').set('cookie', cookie);
    expect(map.text.match(/data-province="(\d\d)"/g)).toEqual(['data-province="55"']);
    expect(map.text).toContain(`/console/cases/${nanCase}`);
    expect(map.text).not.toContain(phrCase);
    const dash = await request(app).get('/console/dashboard').set('cookie', cookie);
    expect(dash.text).toContain('<p class="lead" id="dash-scope">ศรส.จ.น่าน</p>');
  });

  test('when a member of the national desk opens the console, then it sees both centers\' cases and may open either', async () => {
    const { cookie } = await cookieFor(DESK, 'PHR', 'supervisor', true);
    const q = await request(app).get('/console/fragments/queue').set('cookie', cookie);
    expect(q.text).toContain(phrCase);
    expect(q.text).toContain(nanCase);
    expect((await request(app).get(`/console/cases/${nanCase}`).set('cookie', cookie)).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      later(29); // past the hourly check, which asks the national desk's group
      expect((await request(app).get(`/console/cases/${phrCase}`).set('cookie', cookie)).status).toBe(200);
    }
    const list = await request(app).get('/console/settings').set('cookie', cookie);
    expect(list.status).toBe(200);
    expect(list.text).toContain('ศรส.จ.น่าน');
    expect(list.text).toContain('ศรส.จ.แพร่');
  });
});

describe('settings', () => {
  const form = (csrf: string, o: Record<string, string>) => ({ _csrf: csrf, dutyGroupId: NAN_DUTY, escalationGroupId: NAN_ESC, ...o });

  test('when a supervisor saves the center\'s shift and SLAs, then the centers store has them', async () => {
    const { cookie, csrf } = await cookieFor(NAN_BOSS, 'NAN', 'supervisor');
    const page = await request(app).get('/console/settings').set('cookie', cookie).redirects(1);
    expect(page.status).toBe(200);
    expect(page.text).toContain(CONSOLE_TH.settings.save);
    const res = await request(app).post('/console/settings/centers/NAN').set('cookie', cookie).type('form').send(form(csrf, { dayShift: '07:00-15:00', ackSlaUrgentMinutes: '15', ackSlaNormalMinutes: '' }));
    expect(res.status).toBe(303);
    const saved = await centers.get('NAN');
    expect(saved).toMatchObject({ dayShift: '07:00-15:00', ackSlaUrgentMinutes: 15, ackSlaNormalMinutes: 60, dutyGroupId: NAN_DUTY, provinces: ['55'] });
    expect(saved?.defaults).toEqual(['ackSlaNormalMinutes']);
  });

  test('when a supervisor sends a bad shift, then the answer is 400 naming the field in Thai and nothing is written', async () => {
    const { cookie, csrf } = await cookieFor(NAN_BOSS, 'NAN', 'supervisor');
    const before = await centers.get('NAN');
    const res = await request(app).post('/console/settings/centers/NAN').set('cookie', cookie).type('form').send(form(csrf, { dayShift: '25:00-09:00', ackSlaUrgentMinutes: 'สิบ' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain(CONSOLE_TH.settings.fieldProblem.dayShift);
    expect(res.text).toContain(CONSOLE_TH.settings.fieldProblem.minutes);
    expect(await centers.get('NAN')).toEqual(before);
  });

  test('when a supervisor names another center\'s LINE group, then the answer is 409 naming that center', async () => {
    const { cookie, csrf } = await cookieFor(NAN_BOSS, 'NAN', 'supervisor');
    const res = await request(app).post('/console/settings/centers/NAN').set('cookie', cookie).type('form').send(form(csrf, { nightGroupId: PHR_DUTY }));
    expect(res.status).toBe(409);
    expect(res.text).toContain(CONSOLE_TH.settings.conflictGroup('PHR'));
    expect((await centers.get('NAN'))?.nightGroupId).toBeUndefined();
  });

  test('when settings come without the CSRF token, then they are refused with 403', async () => {
    const { cookie } = await cookieFor(NAN_BOSS, 'NAN', 'supervisor');
    const res = await request(app).post('/console/settings/centers/NAN').set('cookie', cookie).type('form').send({ dutyGroupId: NAN_DUTY, dayShift: '06:00-14:00' });
    expect(res.status).toBe(403);
    expect((await centers.get('NAN'))?.dayShift).not.toBe('06:00-14:00');
  });

  test('when an officer who is not a supervisor asks for settings, then they are refused and nothing is written', async () => {
    const { cookie, csrf } = await cookieFor(NAN_OFFICER, 'NAN');
    expect((await request(app).get('/console/settings').set('cookie', cookie)).status).toBe(403);
    expect((await request(app).get('/console/settings/centers/NAN').set('cookie', cookie)).status).toBe(403);
    const res = await request(app).post('/console/settings/centers/NAN').set('cookie', cookie).type('form').send(form(csrf, { dayShift: '06:00-14:00' }));
    expect(res.status).toBe(403);
    expect((await centers.get('NAN'))?.dayShift).not.toBe('06:00-14:00');
  });

  test('when a supervisor asks for another center\'s settings, then the answer is 404', async () => {
    const { cookie, csrf } = await cookieFor(NAN_BOSS, 'NAN', 'supervisor');
    expect((await request(app).get('/console/settings/centers/PHR').set('cookie', cookie)).status).toBe(404);
    expect((await request(app).post('/console/settings/centers/PHR').set('cookie', cookie).type('form').send(form(csrf, {}))).status).toBe(404);
  });

  test('when the national desk lists the centers, then a stored center\'s link says edit and the read-only home center\'s says view', async () => {
    const { cookie } = await cookieFor(DESK, 'PHR', 'supervisor', true);
    const res = await request(app).get('/console/settings').set('cookie', cookie);
    const link = (code: string) => new RegExp(`<a href="/console/settings/centers/${code}">([^<]*)</a>`).exec(res.text)?.[1];
    expect([link('PHR'), link('NAN')]).toEqual([CONSOLE_TH.settings.view, CONSOLE_TH.settings.edit]);
  });

  test('when the national desk saves the home center, then it is refused with 409: the environment sets it', async () => {
    const { cookie, csrf } = await cookieFor(DESK, 'PHR', 'supervisor', true);
    const page = await request(app).get('/console/settings/centers/PHR').set('cookie', cookie);
    expect(page.text).toContain(CONSOLE_TH.settings.homeReadOnly);
    const res = await request(app).post('/console/settings/centers/PHR').set('cookie', cookie).type('form').send({ _csrf: csrf, dutyGroupId: PHR_DUTY, dayShift: '06:00-14:00' });
    expect(res.status).toBe(409);
    expect((await centers.get('PHR'))?.dayShift).toBe('08:30-16:30');
  });
});
