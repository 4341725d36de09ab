import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type express from 'express';
import request from 'supertest';
import type { messagingApi } from '@line/bot-sdk';
import { createCaseService, type CaseService } from '../../src/cases/store';
import { CONSOLE_TH } from '../../src/strings/th/console';
import { consoleSessions, mountConsole } from '../helpers/console';
import { startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';

/**
 * A photo uploaded from the console's case page: stored as the case's evidence in GridFS, recorded
 * on the timeline as a public 'relay' entry (an after photo once the case is closed), and sent to the
 * reporter as a LINE image message, as the LINE group's photo flow does. Limits, type, CSRF, scope.
 */

const DUTY = 'Cphoto0dutygroup000000000000001';
const OFFICER = 'Uphoto0officer000000000000000001';
const REPORTER = 'Uphoto0reporter00000000000000001';
const BASE = 'https://husec.example';
const T = CONSOLE_TH.photo;
const PNG = readFileSync(join(__dirname, '..', '..', 'assets', 'media-preview.png'));
const officer = { kind: 'officer' as const, id: OFFICER, name: 'เจ้าหน้าที่ ก' };

let h: Harness;
let inst: TestInstance;
let cases: CaseService;
let app: express.Express;
let home: string;
let sessions: ReturnType<typeof consoleSessions>;
let seq = 0;

beforeAll(async () => {
  h = await startHarness('console_photo');
  inst = await h.instance({ env: { DUTY_GROUP_ID: DUTY, PUBLIC_BASE_URL: BASE, MEDIA_LINK_SECRET: 'console-photo-link-secret-0123456789abcd', EVIDENCE_MAX_FILE_MB: '1' } });
  cases = inst.service.cases;
  home = inst.service.centers.home.code;
  app = mountConsole(h, inst.conn, { cases, centers: [{ code: home, name: 'ศูนย์', dutyGroupIds: [DUTY], escalationGroupIds: [] }], media: inst.service.evidence, photos: inst.service.evidence });
  sessions = consoleSessions(inst.conn);
}, 60_000);
afterAll(() => h.stop());

/** A case from a LINE reporter, taken through `steps` by an officer. */
async function caseAt(steps: Array<'acknowledge' | 'close'>, reporter: string | null = REPORTER, svc = cases) {
  const key = `photo-${++seq}`;
  const { case: c } = await svc.open(
    { channel: reporter ? 'ess_help_me' : 'hotline_1300', ...(reporter ? { reporterUserId: reporter } : {}), problemTypes: ['income'] },
    { sourceId: key, actor: reporter ? { kind: 'reporter', id: reporter } : { kind: 'officer', id: OFFICER }, now: new Date() },
  );
  for (const s of steps)
    await svc.act(c.caseNumber, s === 'close' ? { type: 'close', outcome: 'resolved', note: 'ช่วยเหลือแล้ว' } : { type: 'acknowledge' }, officer, { entryId: `${key}-${s}`, now: new Date() });
  return c.caseNumber;
}

const upload = async (no: string, o: { csrf?: string; requestId?: string; data?: Buffer; filename?: string; target?: express.Express } = {}) => {
  const { cookie, csrf } = await sessions.cookieFor(OFFICER, home, 'officer', false, 'เจ้าหน้าที่ ก');
  let r = request(o.target ?? app).post(`/console/cases/${no}/photo`).set('cookie', cookie);
  if (o.csrf !== '') r = r.field('_csrf', o.csrf ?? csrf);
  return r.field('requestId', o.requestId ?? `req-photo-${++seq}`).attach('photo', o.data ?? PNG, { filename: o.filename ?? 'after.png', contentType: 'image/png' });
};
const relays = async (no: string) => ((await cases.get(no))?.timeline ?? []).filter((e) => e.kind === 'relay');
const images = () => h.emulator.messagesTo(REPORTER).filter((m): m is messagingApi.ImageMessage => m.type === 'image');

test('when an officer uploads a photo on a closed case, then it is stored, recorded as the after photo and the reporter gets it as a LINE image', async () => {
  const no = await caseAt(['acknowledge', 'close']);
  const page = await request(app).get(`/console/cases/${no}`).set('cookie', (await sessions.cookieFor(OFFICER, home)).cookie);
  expect(page.text).toContain(T.headingAfter);
  expect(page.text).toContain('enctype="multipart/form-data"');
  const before = images().length;
  const res = await upload(no, { requestId: 'req-after-0001' });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(`/console/cases/${no}?done=photo`);
  const [entry] = await relays(no);
  expect(entry).toMatchObject({ public: true, after: true, actor: { kind: 'officer', id: OFFICER } });
  const id = entry.attachments?.[0]?.messageId ?? '';
  expect(entry.attachments?.[0]).toMatchObject({ type: 'image', from: 'officer', evidence: { status: 'stored', contentType: 'image/png', size: PNG.length } });
  expect(await inst.service.evidence.files.find(id)).toMatchObject({ caseNumber: no, length: PNG.length });
  const sent = await waitFor(() => (images().length > before ? images().at(-1) : undefined), 'the reporter to get the photo');
  expect(sent.originalContentUrl.startsWith(`${BASE}/media/`)).toBe(true);
  // The case page shows it in its media and its timeline.
  const after = await request(app).get(`/console/cases/${no}?done=photo`).set('cookie', (await sessions.cookieFor(OFFICER, home)).cookie);
  expect(after.text).toContain(T.sent);
  expect(after.text).toContain(`/console/cases/${no}/media/${encodeURIComponent(id)}`);
  expect(after.text).toContain(CONSOLE_TH.case.afterPhoto);

  // The same form sent again (a double click, a retry): one file, one entry.
  expect((await upload(no, { requestId: 'req-after-0001' })).status).toBe(303);
  expect(await relays(no)).toHaveLength(1);
});

test('when an officer uploads a photo on an open case, then it goes to the reporter as a photo, not an after photo', async () => {
  const no = await caseAt(['acknowledge']);
  expect((await upload(no)).status).toBe(303);
  const [entry] = await relays(no);
  expect(entry.after).toBeUndefined();
  expect(entry.attachments).toHaveLength(1);
});

test('when the file is not a JPEG or PNG, or is larger than the limit, then it is refused and nothing is stored or sent', async () => {
  const no = await caseAt(['acknowledge']);
  const text = await upload(no, { data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), filename: 'x.png' });
  expect(text.status).toBe(415);
  expect(text.text).toContain(T.notImage);
  const big = await upload(no, { data: Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]) });
  expect(big.status).toBe(413);
  expect(big.text).toContain(T.tooLarge(1));
  expect(await relays(no)).toHaveLength(0);
  expect((await cases.get(no))?.attachments).toHaveLength(0);
});

test('when the upload comes without the session\'s CSRF token, then it is refused with 403 and nothing is stored', async () => {
  const no = await caseAt(['acknowledge']);
  const res = await upload(no, { csrf: '' });
  expect(res.status).toBe(403);
  const forged = await upload(no, { csrf: 'forged-token' });
  expect(forged.status).toBe(403);
  expect(await relays(no)).toHaveLength(0);
});

test('when the case is another center\'s, then the answer is 404 and nothing is stored', async () => {
  const other = createCaseService({ conn: inst.conn, centerCode: 'NAN', logger: inst.service.logger });
  const no = await caseAt(['acknowledge'], REPORTER, other);
  const res = await upload(no);
  expect(res.status).toBe(404);
  expect(await relays(no)).toHaveLength(0);
});

test('when the case has no LINE reporter, or media links are not https, then the page says why and an upload is refused', async () => {
  const hotline = await caseAt(['acknowledge'], null);
  const page = await request(app).get(`/console/cases/${hotline}`).set('cookie', (await sessions.cookieFor(OFFICER, home)).cookie);
  expect(page.text).toContain(T.noReporter);
  expect(page.text).not.toContain('id="f-photo"');
  expect((await upload(hotline)).status).toBe(409);

  const noLinks = mountConsole(h, inst.conn, {
    cases,
    centers: [{ code: home, name: 'ศูนย์', dutyGroupIds: [DUTY], escalationGroupIds: [] }],
    photos: { ...inst.service.evidence, keepUploadedPhoto: inst.service.evidence.keepUploadedPhoto, linksEnabled: false },
  });
  const no = await caseAt(['acknowledge']);
  const res = await upload(no, { target: noLinks });
  expect(res.status).toBe(409);
  expect(res.text).toContain(T.noLinks);
  expect(await relays(no)).toHaveLength(0);
  // Without a LINE reporter, https links would not help: the page says that, not "ask for https".
  const page2 = await request(noLinks).get(`/console/cases/${hotline}`).set('cookie', (await sessions.cookieFor(OFFICER, home)).cookie);
  expect(page2.text).toContain(T.noReporter);
  expect(page2.text).not.toContain(T.noLinks);
});
