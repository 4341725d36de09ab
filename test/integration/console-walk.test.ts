import request from 'supertest';
import { CONSOLE_TH as T } from '../../src/strings/th/console';
import { LOGIN_CHANNEL, consoleSessions } from '../helpers/console';
import { startHarness, type Harness, type TestInstance } from '../helpers/service';

/**
 * What a duty officer meets walking the console on the whole service (the console as `consoleRoutes`
 * mounts it, behind the service's own error handler): a case opened by another channel through the
 * admin API, addresses that do not decode or are no page, a stale personal-data address, and action
 * forms refused for what the officer typed.
 */

const DUTY = 'Cwalk0dutygroup00000000000000001';
const OFFICER = 'Uwalk0officer0000000000000000001';
const ADMIN = 'test-admin-token-0123456789';

let h: Harness;
let inst: TestInstance;
let sessions: ReturnType<typeof consoleSessions>;
let hotline: string;

beforeAll(async () => {
  h = await startHarness('console_walk');
  h.emulator.addGroupMember(DUTY, OFFICER, 'เจ้าหน้าที่ ก');
  inst = await h.instance({
    start: false,
    env: { ...LOGIN_CHANNEL, LINE_LOGIN_ISSUER: h.emulator.url, PUBLIC_BASE_URL: 'http://127.0.0.1:9', CENTER_CODE: 'PHR', CENTER_PROVINCE: 'แพร่', DUTY_GROUP_ID: DUTY },
  });
  sessions = consoleSessions(inst.conn);
  const opened = await request(inst.service.app)
    .post('/api/cases')
    .set('authorization', `Bearer ${ADMIN}`)
    .set('idempotency-key', 'walk-hotline-0001')
    .send({ channel: 'hotline_1300', problemTypes: ['income'], location: { district: 'ลอง' }, phone: '0811111111' });
  expect(opened.status).toBe(201);
  hotline = opened.body.caseNumber as string;
}, 60_000);
afterAll(() => h.stop());

const signedIn = () => sessions.cookieFor(OFFICER, 'PHR', 'officer', false, 'เจ้าหน้าที่ ก');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
/** A case action form as the page posts it, with the signed-in officer's cookie and CSRF token. */
const postAction = (no: string, who: { cookie: string; csrf: string }, form: Record<string, string>) =>
  request(inst.service.app).post(`/console/cases/${no}/actions`).set('cookie', who.cookie).type('form').send({ _csrf: who.csrf, ...form });

test('when a case came in through the admin API, then its timeline says another system opened it, in Thai, not the API\'s internal name', async () => {
  const res = await request(inst.service.app).get(`/console/cases/${hotline}`).set('cookie', (await signedIn()).cookie);
  expect(res.status).toBe(200);
  expect(text(res.text)).toContain(`${T.timeline.opened} `);
  expect(text(res.text)).toContain(`· ${T.api}`);
  expect(res.text).not.toContain('admin-api');
});

test('when an address inside the console does not decode, is no page or names a missing asset, then the answer is its 4xx with a Thai page and no detail', async () => {
  const { cookie } = await signedIn();
  const broken = await request(inst.service.app).get('/console/cases/%ZZ').set('cookie', cookie);
  expect(broken.status).toBe(400);
  expect(broken.type).toBe('text/html');
  expect(text(broken.text)).toContain(T.error.badRequest);
  expect(broken.text).not.toMatch(/URIError|decode|at \//);
  const none = await request(inst.service.app).get('/console/no-such-page').set('cookie', cookie);
  expect([none.status, none.type]).toEqual([404, 'text/html']);
  expect(text(none.text)).toContain(T.error.noPage);
  // The menu stays, so the officer can go on.
  expect(none.text).toContain('<a href="/console">');
  const asset = await request(inst.service.app).get('/console/assets/no-such-file.js');
  expect(asset.status).toBe(404);
  expect(asset.text).not.toContain('ENOENT');
});

test('when the personal-data address is opened again (history, a bookmark), then it goes to the case page and records no view', async () => {
  const res = await request(inst.service.app).get(`/console/cases/${hotline}/personal`).set('cookie', (await signedIn()).cookie);
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(`/console/cases/${hotline}`);
  const c = await inst.service.cases.get(hotline);
  expect(c?.timeline.filter((e) => e.kind === 'details_viewed')).toHaveLength(0);
});

test('when an officer types a malformed case number to merge into, then the page says the main case was not found (422), as for a wrong number', async () => {
  const res = await postAction(hotline, await signedIn(), { action: 'merge', into: 'PHR-69-1', requestId: 'walk-merge-0001' });
  expect(res.status).toBe(422);
  expect(text(res.text)).toContain(T.error.mergeTarget);
  expect(text(res.text)).not.toContain(T.error.forbidden);
});

test('when an officer sends a note of spaces only, then the page asks for the text instead of calling the form invalid, and nothing is recorded', async () => {
  const res = await postAction(hotline, await signedIn(), { action: 'note', text: '   ', requestId: 'walk-note-0001' });
  expect(res.status).toBe(400);
  expect(text(res.text)).toContain(T.error.missingText);
  expect((await inst.service.cases.get(hotline))?.timeline.filter((e) => e.kind === 'note')).toHaveLength(0);
});

test('when a case is closed, then its page still offers an internal note and a message to the reporter, as the LINE group does, and the note is recorded', async () => {
  const { cookie, csrf } = await signedIn();
  const officer = { kind: 'officer' as const, id: OFFICER, name: 'เจ้าหน้าที่ ก' };
  const opened = await inst.service.cases.open({ channel: 'hotline_1300', problemTypes: ['income'] }, { sourceId: 'walk-closed-1', actor: officer, now: new Date() });
  const no = opened.case.caseNumber;
  await inst.service.cases.act(no, { type: 'acknowledge' }, officer, { entryId: 'walk-closed-ack', now: new Date() });
  await inst.service.cases.act(no, { type: 'close', outcome: 'resolved', note: 'ช่วยเหลือแล้ว' }, officer, { entryId: 'walk-closed-close', now: new Date() });
  const page = await request(inst.service.app).get(`/console/cases/${no}`).set('cookie', cookie);
  expect(page.text).toContain('id="f-note"');
  expect(page.text).toContain('id="f-relay"');
  // Nothing that a closed case refuses.
  for (const id of ['f-ack', 'f-start', 'f-refer', 'f-close', 'f-merge']) expect(page.text).not.toContain(`id="${id}"`);
  const res = await postAction(no, { cookie, csrf }, { action: 'note', text: 'โทรติดตามผลแล้ว', requestId: 'walk-closed-note-1' });
  expect(res.status).toBe(303);
  expect((await inst.service.cases.get(no))?.timeline.filter((e) => e.kind === 'note').map((e) => e.text)).toEqual(['โทรติดตามผลแล้ว']);
});

test('when the reporter sent more words or reopened with a reason, then the case page keeps those words for the recorded personal view', async () => {
  const { cookie, csrf } = await signedIn();
  const reporter = { kind: 'reporter' as const, id: 'Uwalk0reporter000000000000000001' };
  const officer = { kind: 'officer' as const, id: OFFICER, name: 'เจ้าหน้าที่ ก' };
  const { case: c } = await inst.service.cases.open({ channel: 'ess_help_me', reporterUserId: reporter.id, problemTypes: ['income'] }, { sourceId: 'walk-words-1', actor: reporter, now: new Date() });
  const no = c.caseNumber;
  await inst.service.cases.act(no, { type: 'reporter_info', text: 'บ้านอยู่ซอยห้า ชื่อนางสมใจ' }, reporter, { entryId: 'walk-words-info', now: new Date() });
  await inst.service.cases.act(no, { type: 'acknowledge' }, officer, { entryId: 'walk-words-ack', now: new Date() });
  await inst.service.cases.act(no, { type: 'close', outcome: 'resolved', note: 'ช่วยเหลือแล้ว' }, officer, { entryId: 'walk-words-close', now: new Date() });
  await inst.service.cases.act(no, { type: 'reopen', text: 'ยังถูกทำร้ายอยู่ที่บ้านเลขที่เก้า' }, reporter, { entryId: 'walk-words-reopen', now: new Date() });
  const page = await request(inst.service.app).get(`/console/cases/${no}`).set('cookie', cookie);
  expect(page.text).not.toContain('นางสมใจ');
  expect(page.text).not.toContain('บ้านเลขที่เก้า');
  expect(text(page.text)).toContain(`${T.timeline.reporter_info} `);
  expect(page.text.split(T.case.reporterWordsHidden.replace(/"/g, '&quot;')).length - 1).toBe(2);
  // The officer's own closing note is no personal detail: it stays in view.
  expect(page.text).toContain('ช่วยเหลือแล้ว');
  const personal = await request(inst.service.app).post(`/console/cases/${no}/personal`).set('cookie', cookie).type('form').send({ _csrf: csrf });
  expect(personal.text).toContain('บ้านอยู่ซอยห้า ชื่อนางสมใจ');
  expect(personal.text).toContain('ยังถูกทำร้ายอยู่ที่บ้านเลขที่เก้า');
  expect((await inst.service.cases.get(no))?.timeline.filter((e) => e.kind === 'details_viewed')).toHaveLength(1);
});

test('when a form comes without its CSRF token (a stale page), then the 403 page is headed as a refused request, not as the sign-in', async () => {
  const { cookie } = await signedIn();
  const res = await request(inst.service.app).post(`/console/cases/${hotline}/actions`).set('cookie', cookie).type('form').send({ action: 'acknowledge', requestId: 'walk-csrf-0001' });
  expect(res.status).toBe(403);
  expect(/<h1>([^<]*)<\/h1>/.exec(res.text)?.[1]).toBe(T.error.badRequest);
  expect(text(res.text)).toContain(T.error.forbidden);
});

test('when an officer opens a page of the menu, then its menu entry is marked as the current page, and only that one', async () => {
  const { cookie } = await signedIn();
  const current = async (path: string) => {
    const html = (await request(inst.service.app).get(path).set('cookie', cookie)).text;
    return [...html.matchAll(/<a href="([^"]*)" aria-current="page">/g)].map((m) => m[1]);
  };
  expect(await current('/console')).toEqual(['/console']);
  expect(await current('/console/map')).toEqual(['/console/map']);
  expect(await current('/console/dashboard')).toEqual(['/console/dashboard']);
  // A case is no entry of the menu.
  expect(await current(`/console/cases/${hotline}`)).toEqual([]);
});
