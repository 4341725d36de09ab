import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../helpers/service';
import { ARTIFACTS, startConsoleBrowser, type ConsoleBrowser } from '../helpers/console';
import { CONSOLE_TH } from '../../src/strings/th/console';
import { UPDATES_TH } from '../../src/strings/th/updates';
import { sessionModel } from '../../src/console/sessions';

/**
 * The console in a real headless Chromium: LINE Login against the emulator, the live queue, acting
 * on a case, and what the reporter's LINE chat receives. Few steps, one browser, to stay fast on CI.
 */

const DUTY = 'Cconsole0dutygroup0000000000001';
const OFFICER = 'Uconsole0officer00000000000000001';
const OUTSIDER = 'Uconsole0outsider0000000000000001';
const REPORTER = 'Uconsole0reporter0000000000000001';

let cb: ConsoleBrowser;

beforeAll(async () => {
  cb = await startConsoleBrowser('console_browser', { env: { DUTY_GROUP_ID: DUTY }, members: [[DUTY, OFFICER, 'เจ้าหน้าที่ สมชาย']], profiles: [[OUTSIDER, 'บุคคลภายนอก']] });
}, 60_000);

afterAll(() => cb?.stop());

test('when an officer of the duty group signs in with LINE, then a new LINE case appears live, and acknowledging and closing it reach the reporter', async () => {
  const { ctx, page } = await cb.page();
  await cb.signIn(page, 'เจ้าหน้าที่ สมชาย');
  await page.getByRole('heading', { name: CONSOLE_TH.queue.heading }).waitFor();

  const { case: c } = await cb.app.service.cases.open(
    { channel: 'ess_help_me', reporterUserId: REPORTER, problemTypes: ['violence'], urgent: true, details: 'ถูกทำร้าย', phone: '0812345678' },
    { sourceId: 'console-browser-1', actor: { kind: 'reporter', id: REPORTER }, now: new Date() },
  );
  const row = page.locator(`tr[data-case="${c.caseNumber}"]`);
  await row.waitFor(); // arrived over server-sent events: the page was not reloaded
  await page.screenshot({ path: join(ARTIFACTS, 'console-queue-1280.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(ARTIFACTS, 'console-queue-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  await row.getByRole('link', { name: c.caseNumber }).click();
  await page.getByRole('button', { name: CONSOLE_TH.case.acknowledge }).click();
  await page.locator('#case-status', { hasText: 'เจ้าหน้าที่รับเรื่องแล้ว' }).waitFor();
  await waitFor(
    () => cb.h.emulator.messagesTo(REPORTER).some((m) => JSON.stringify(m).includes(UPDATES_TH.title.acknowledgedUrgent)),
    'the reporter to hear that the case was acknowledged',
  );

  // Personal data is shown only on request, and the view is recorded in the timeline as the officer's.
  await page.getByRole('button', { name: CONSOLE_TH.case.showPersonal }).click();
  await page.getByText('0812345678').waitFor();
  const viewed = (await cb.app.service.cases.get(c.caseNumber))?.timeline.filter((e) => e.kind === 'details_viewed') ?? [];
  expect(viewed.map((e) => [e.actor.kind, e.actor.id])).toEqual([['officer', OFFICER]]);

  // The session runs out while a note is being typed: after signing in again the words are still there.
  await page.goto(`${cb.base}/console/cases/${c.caseNumber}`);
  await sessionModel(cb.app.conn).deleteMany({ kind: 'session' });
  await page.getByLabel(CONSOLE_TH.case.note).fill('โทรหาผู้แจ้งแล้ว ไม่มีผู้รับสาย');
  await page.getByRole('button', { name: CONSOLE_TH.case.addNote }).click();
  await page.getByRole('button', { name: 'เจ้าหน้าที่ สมชาย' }).click();
  await page.locator('#restored').waitFor();
  expect(await page.getByLabel(CONSOLE_TH.case.note).inputValue()).toBe('โทรหาผู้แจ้งแล้ว ไม่มีผู้รับสาย');
  await page.getByRole('button', { name: CONSOLE_TH.case.addNote }).click();
  await page.getByText(CONSOLE_TH.case.done).waitFor();
  expect((await cb.app.service.cases.get(c.caseNumber))?.timeline.filter((e) => e.kind === 'note').map((e) => e.text)).toEqual(['โทรหาผู้แจ้งแล้ว ไม่มีผู้รับสาย']);

  await page.getByLabel(CONSOLE_TH.case.outcome).selectOption('resolved');
  await page.getByLabel(CONSOLE_TH.case.closingNote).fill('ประสานตำรวจแล้ว');
  await page.getByRole('button', { name: CONSOLE_TH.case.close }).click();
  await page.locator('#case-status', { hasText: 'ปิดเรื่องแล้ว' }).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'console-case-1280.png'), fullPage: true });
  const closed = await cb.app.service.cases.get(c.caseNumber);
  expect(closed?.status).toBe('closed');
  expect(closed?.owner?.id).toBe(OFFICER);

  // A forged action (wrong CSRF token) is refused, and nothing happens to the case.
  const forged = await page.request.post(`${cb.base}/console/cases/${c.caseNumber}/actions`, { form: { _csrf: 'forged', action: 'note', text: 'x', requestId: 'forged0001' } });
  expect(forged.status()).toBe(403);

  await ctx.close();
}, 60_000);

test('when a case has a stored photo, then it shows in the case page and the view is recorded as the officer\'s', async () => {
  const png = readFileSync(join(__dirname, '..', '..', 'assets', 'media-preview.png'));
  cb.h.emulator.putContent('console-photo-1', 'image/png', png);
  const { case: c } = await cb.app.service.cases.open(
    { channel: 'ess_help_me', reporterUserId: REPORTER, problemTypes: ['health'], attachments: [{ messageId: 'console-photo-1', type: 'image' }] },
    { sourceId: 'console-browser-photo', actor: { kind: 'reporter', id: REPORTER }, now: new Date() },
  );
  await waitFor(async () => (await cb.app.service.cases.get(c.caseNumber))?.attachments[0]?.evidence?.status === 'stored', 'the photo to be stored');
  const { ctx, page } = await cb.page();
  await cb.signIn(page, 'เจ้าหน้าที่ สมชาย');
  await page.goto(`${cb.base}/console/cases/${c.caseNumber}`);
  const img = page.getByRole('img', { name: CONSOLE_TH.media.item(CONSOLE_TH.media.kinds.image, 1) });
  await img.waitFor();
  await waitFor(() => img.evaluate((el) => { const i = el as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth > 0; }), 'the photo to load');
  const views = (await cb.app.service.cases.get(c.caseNumber))?.timeline.filter((e) => e.kind === 'media_viewed') ?? [];
  expect(views.map((e) => [e.actor.kind, e.actor.id])).toEqual([['officer', OFFICER]]);
  await ctx.close();
}, 60_000);

test('when a LINE user outside the center\'s groups signs in, then access is refused and the case page and data stay closed', async () => {
  const { case: c } = await cb.app.service.cases.open(
    { channel: 'ess_help_me', reporterUserId: REPORTER, problemTypes: ['health'], urgent: true, details: 'ป่วย', phone: '0899999999' },
    { sourceId: 'console-browser-2', actor: { kind: 'reporter', id: REPORTER }, now: new Date() },
  );
  const { ctx, page } = await cb.page();
  await cb.signIn(page, 'บุคคลภายนอก');
  await page.getByText(CONSOLE_TH.signIn.noAccess).waitFor();
  // Not a dead end: the page offers signing in again (with another LINE account).
  expect(await page.getByRole('link', { name: CONSOLE_TH.signIn.button }).count()).toBe(1);

  await page.goto(`${cb.base}/console/cases/${c.caseNumber}`);
  await page.getByRole('link', { name: CONSOLE_TH.signIn.button }).waitFor();
  expect(await page.content()).not.toContain('0899999999');
  const data = await page.request.get(`${cb.base}/console/fragments/queue`);
  expect(data.status()).toBe(401);
  expect(await data.text()).not.toContain(c.caseNumber);
  await ctx.close();
}, 60_000);
