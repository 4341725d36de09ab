import { join } from 'node:path';
import type { messagingApi } from '@line/bot-sdk';
import type { Page } from 'playwright-core';
import type { Actor } from '../../src/cases/types';
import { CONSOLE_TH } from '../../src/strings/th/console';
import { ARTIFACTS, overflow, startConsoleBrowser, type ConsoleBrowser } from '../helpers/console';
import { waitFor } from '../helpers/service';

/**
 * Two centers and the national desk in a real headless Chromium: a transfer moves a case between
 * the two centers' open queue pages live; the national desk's map is the whole country with every
 * center's cases and a center filter, its dashboard every center; an officer sends the after photo
 * from the case page and the reporter gets it in LINE. One browser for the file.
 */

const hex = (n: number) => `C${String(n).padStart(32, '0')}`;
const PHR_DUTY = hex(11);
const NAN_DUTY = hex(12);
const NATIONAL = hex(13);
const PHR_OFFICER = 'Udesk0phrofficer0000000000000001';
const NAN_OFFICER = 'Udesk0nanofficer0000000000000001';
const DESK = 'Udesk0national000000000000000001';
const REPORTER = 'Udesk0reporter000000000000000001';
const PNG = join(__dirname, '..', '..', 'assets', 'media-preview.png');
const T = CONSOLE_TH;
const phrOfficer: Actor = { kind: 'officer', id: PHR_OFFICER, name: 'เจ้าหน้าที่แพร่' };

let cb: ConsoleBrowser;
let seq = 0;

beforeAll(async () => {
  cb = await startConsoleBrowser('console_desk_browser', {
    env: { CENTER_CODE: 'PHR', CENTER_NAME: 'ศรส.จ.แพร่', CENTER_PROVINCE: 'แพร่', DUTY_GROUP_ID: PHR_DUTY, NATIONAL_DESK_GROUP_IDS: NATIONAL },
    members: [
      [PHR_DUTY, PHR_OFFICER, 'เจ้าหน้าที่แพร่'],
      [NAN_DUTY, NAN_OFFICER, 'เจ้าหน้าที่น่าน'],
      [NATIONAL, DESK, 'ส่วนกลาง'],
    ],
    // https links, so an officer's photo reaches the reporter as a LINE image (the console stays on http).
    mediaLinks: 'https://husec.example',
  });
  const put = await cb.app.service.centers.put('NAN', { name: 'ศรส.จ.น่าน', provinces: ['น่าน'], dutyGroupId: NAN_DUTY }, new Date());
  if (!put.ok) throw new Error('the second center was not stored');
}, 60_000);

afterAll(() => cb?.stop());

const openCase = async (location: { lat: number; lng: number; province: string; district: string; districtCode: string }, urgent = false) =>
  (
    await cb.app.service.cases.open(
      { channel: 'ess_help_me', reporterUserId: REPORTER, problemTypes: ['income'], urgent, location },
      { sourceId: `desk-${++seq}`, actor: { kind: 'reporter', id: REPORTER }, now: new Date() },
    )
  ).case;
const PHRAE_TOWN = { lat: 18.1446, lng: 100.1403, province: 'แพร่', district: 'เมืองแพร่', districtCode: '5401' };
const NAN_TOWN = { lat: 18.7756, lng: 100.773, province: 'น่าน', district: 'เมืองน่าน', districtCode: '5501' };
/** Set on the page now: still there later means the page was not reloaded. */
const mark = (page: Page) => page.evaluate('window.__notReloaded = true');
const marked = async (page: Page) => (await page.evaluate('window.__notReloaded === true')) === true;

test('when a case is transferred to another center, then it leaves the old center\'s open queue page and appears on the new one\'s, and the national desk\'s row changes center, without reloading', async () => {
  const phr = await cb.page();
  const nan = await cb.page();
  const desk = await cb.page();
  await cb.signIn(phr.page, 'เจ้าหน้าที่แพร่');
  await cb.signIn(nan.page, 'เจ้าหน้าที่น่าน');
  await cb.signIn(desk.page, 'ส่วนกลาง');
  for (const p of [phr.page, nan.page, desk.page]) {
    await p.getByRole('heading', { name: T.queue.heading }).waitFor();
    await mark(p);
  }

  const c = await openCase(PHRAE_TOWN);
  const onPhr = phr.page.locator(`tr[data-case="${c.caseNumber}"]`);
  const onNan = nan.page.locator(`tr[data-case="${c.caseNumber}"]`);
  // The national desk's queue has the center column; a center's officers' has not.
  const deskCenter = desk.page.locator(`tr[data-case="${c.caseNumber}"] td[data-center]`);
  await onPhr.waitFor();
  await desk.page.locator(`tr[data-case="${c.caseNumber}"] td[data-center="PHR"]`).waitFor();
  expect(await deskCenter.innerText()).toBe('ศรส.จ.แพร่');
  expect(await desk.page.getByRole('columnheader', { name: T.queue.cols.center, exact: true }).count()).toBe(1);
  expect(await phr.page.getByRole('columnheader', { name: T.queue.cols.center, exact: true }).count()).toBe(0);
  expect(await onPhr.locator('td[data-center]').count()).toBe(0);
  expect(await onNan.count()).toBe(0);

  // The same CaseService step the LINE group's โอน and the admin API take.
  const r = await cb.app.service.cases.act(c.caseNumber, { type: 'transfer', to: 'NAN', from: 'PHR', toName: 'ศรส.จ.น่าน' }, phrOfficer, { entryId: `desk-transfer-${seq}`, now: new Date() });
  expect(r.ok).toBe(true);
  await onNan.waitFor();
  await onPhr.waitFor({ state: 'detached' });
  await desk.page.locator(`tr[data-case="${c.caseNumber}"] td[data-center="NAN"]`).waitFor();
  expect(await deskCenter.innerText()).toBe('ศรส.จ.น่าน');
  for (const p of [phr.page, nan.page, desk.page]) expect(await marked(p)).toBe(true);
  await desk.page.screenshot({ path: join(ARTIFACTS, 'console-national-queue-1280.png'), fullPage: true });
  // On a phone the row is a card whose lines are labelled, the center's too; nothing wider than the screen.
  await desk.page.setViewportSize({ width: 390, height: 844 });
  expect(await overflow(desk.page)).toBe(0);
  await desk.page.screenshot({ path: join(ARTIFACTS, 'console-national-queue-390.png'), fullPage: true });
  await phr.ctx.close();
  await nan.ctx.close();
  await desk.ctx.close();
}, 60_000);

test('when the national desk opens the map and the dashboard, then it sees the whole country and every center, and may pick one center', async () => {
  const phrCase = await openCase(PHRAE_TOWN, true);
  const nanCase = await openCase(NAN_TOWN);
  await cb.app.service.cases.act(nanCase.caseNumber, { type: 'transfer', to: 'NAN', from: 'PHR', toName: 'ศรส.จ.น่าน' }, phrOfficer, { entryId: `desk-transfer-${seq}`, now: new Date() });
  const { ctx, page } = await cb.page({ width: 1280, height: 900 });
  await cb.signIn(page, 'ส่วนกลาง', '/console/map');
  await page.getByRole('heading', { name: T.insights.map.heading }).waitFor();
  expect(await page.locator('svg.map path.province').count()).toBe(77);
  for (const no of [phrCase.caseNumber, nanCase.caseNumber]) await page.locator(`svg.map a.dot[href="/console/cases/${no}"]`).waitFor();
  expect(await page.locator('#area-counts').getByRole('link', { name: T.insights.map.counts.openQueueOf('ศรส.จ.น่าน') }).count()).toBe(1);
  await page.screenshot({ path: join(ARTIFACTS, 'console-national-map-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: join(ARTIFACTS, 'console-national-map-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // One center: its province and its districts' counts; the other center's case is gone.
  await page.getByLabel(T.insights.center.label, { exact: true }).selectOption('NAN');
  await page.getByRole('button', { name: T.insights.map.apply }).click();
  await page.waitForURL(/center=NAN/);
  expect(await page.locator('svg.map path.province').count()).toBe(1);
  expect(await page.locator(`svg.map a.dot[href="/console/cases/${phrCase.caseNumber}"]`).count()).toBe(0);
  await page.locator(`svg.map a.dot[href="/console/cases/${nanCase.caseNumber}"]`).waitFor();
  // A district's count leads to that district's open queue.
  await page.locator('#area-counts').getByRole('link', { name: T.insights.map.counts.openQueueOf('เมืองน่าน') }).click();
  await page.locator('#queue-filter').waitFor();
  expect(await page.locator('#queue-rows tr[data-case]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case')))).toEqual([nanCase.caseNumber]);

  await page.goto(`${cb.base}/console/dashboard`);
  await page.getByRole('heading', { name: T.insights.dashboard.heading, level: 1 }).waitFor();
  expect(await page.locator('#dash-scope').textContent()).toBe('ศรส. ทุกจังหวัด (ภาพรวมทั้งประเทศ)');
  await page.getByLabel(T.insights.center.label, { exact: true }).selectOption('NAN');
  await page.getByRole('button', { name: T.insights.dashboard.apply }).click();
  await page.waitForURL(/center=NAN/);
  expect(await page.locator('#dash-scope').textContent()).toBe('ศรส.จ.น่าน');
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await ctx.close();
}, 60_000);

test('when an officer closes a case and sends the after photo from the case page, then it is on the timeline and the reporter gets it in LINE', async () => {
  const c = await openCase(PHRAE_TOWN);
  await cb.app.service.cases.act(c.caseNumber, { type: 'acknowledge' }, phrOfficer, { entryId: `desk-ack-${seq}`, now: new Date() });
  const images = () => cb.h.emulator.messagesTo(REPORTER).filter((m): m is messagingApi.ImageMessage => m.type === 'image');
  const before = images().length;
  const { ctx, page } = await cb.page();
  await cb.signIn(page, 'เจ้าหน้าที่แพร่', `/console/cases/${c.caseNumber}`);
  await page.getByLabel(T.case.outcome).selectOption('resolved');
  await page.getByLabel(T.case.closingNote).fill('มอบถุงยังชีพแล้ว');
  await page.getByRole('button', { name: T.case.close }).click();
  await page.getByRole('heading', { name: T.photo.headingAfter }).waitFor();

  // LINE's image limit (10 MB) is below the default EVIDENCE_MAX_FILE_MB.
  await page.getByLabel(T.photo.label(10)).setInputFiles(PNG);
  await page.getByRole('button', { name: T.photo.sendAfter }).click();
  await page.getByText(T.photo.sent).waitFor();
  await page.locator('.timeline', { hasText: T.case.afterPhoto }).waitFor();
  const img = page.getByRole('img', { name: T.media.item(T.media.kinds.image, 1) });
  await waitFor(() => img.evaluate((el) => { const i = el as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth > 0; }), 'the stored photo to load in the page');
  await page.screenshot({ path: join(ARTIFACTS, 'console-after-photo-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: join(ARTIFACTS, 'console-after-photo-390.png'), fullPage: true });

  const sent = await waitFor(() => (images().length > before ? images().at(-1) : undefined), 'the reporter to get the after photo');
  expect(sent.originalContentUrl.startsWith('https://husec.example/media/')).toBe(true);
  const entry = (await cb.app.service.cases.get(c.caseNumber))?.timeline.find((e) => e.kind === 'relay');
  expect(entry).toMatchObject({ after: true, public: true, actor: { kind: 'officer', id: PHR_OFFICER } });
  await ctx.close();
}, 60_000);
