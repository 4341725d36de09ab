import { join } from 'node:path';
import { ARTIFACTS, overflow, startConsoleBrowser, type ConsoleBrowser } from '../helpers/console';
import { CONSOLE_TH } from '../../src/strings/th/console';

/**
 * The console's map and dashboard in a real headless Chromium at desk (1280 px) and phone (390 px)
 * widths: they render (outline, dots, tables, charts), nothing is wider than the phone's screen, and
 * a dot on the map opens its case. Screenshots go to test-artifacts/.
 */

const DUTY = 'Cinsights0dutygroup000000000001';
const OFFICER = 'Uinsights0officer0000000000000001';
const T = CONSOLE_TH.insights;

let cb: ConsoleBrowser;

beforeAll(async () => {
  cb = await startConsoleBrowser('console_insights_browser', { env: { DUTY_GROUP_ID: DUTY, CENTER_PROVINCE: 'แพร่' }, members: [[DUTY, OFFICER, 'เจ้าหน้าที่ สมหญิง']] });
  const app = cb.app;
  // Three cases in Phrae: an urgent one in town, one at Long's district office, one acknowledged and closed.
  const now = Date.now();
  const places = [
    { lat: 18.1446, lng: 100.1403, district: 'เมืองแพร่', districtCode: '5401', province: 'แพร่' },
    { district: 'ลอง', districtCode: '5403', province: 'แพร่' },
    { lat: 18.34, lng: 100.31, district: 'ร้องกวาง', districtCode: '5402', province: 'แพร่' },
  ];
  for (const [i, location] of places.entries()) {
    const { case: c } = await app.service.cases.open(
      { channel: 'line_other', problemTypes: i === 0 ? ['violence'] : ['income'], urgent: i === 0, location },
      { sourceId: `insights-browser-${i}`, actor: { kind: 'reporter', id: `Uinsights0reporter00000000000000${i}` }, now: new Date(now - (3 - i) * 3_600_000) },
    );
    if (i === 2) {
      const officer = { kind: 'officer' as const, id: OFFICER, name: 'เจ้าหน้าที่ สมหญิง' };
      await app.service.cases.act(c.caseNumber, { type: 'acknowledge' }, officer, { entryId: 'insights-ack', now: new Date(now - 50 * 60_000) });
      await app.service.cases.act(c.caseNumber, { type: 'close', outcome: 'resolved', note: 'ช่วยเหลือแล้ว' }, officer, { entryId: 'insights-close', now: new Date(now - 20 * 60_000) });
    }
  }
}, 60_000);

afterAll(() => cb?.stop());

test('when an officer opens the map and the dashboard at 1280 and 390 px, then they render within the screen and a dot opens its case', async () => {
  const { ctx, page } = await cb.page({ width: 1280, height: 900 });
  await cb.signIn(page, 'เจ้าหน้าที่ สมหญิง', '/console/map');
  await page.getByRole('heading', { name: T.map.heading }).waitFor();

  await page.locator('svg.map path.province').waitFor();
  expect(await page.locator('svg.map a.dot').count()).toBe(3);
  expect(await page.locator('svg.map a.dot.approx').count()).toBe(1);
  expect(await page.locator('#map-list tbody tr').count()).toBe(3);
  await page.screenshot({ path: join(ARTIFACTS, 'console-map-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: join(ARTIFACTS, 'console-map-390.png'), fullPage: true });

  // Filters: urgent only leaves the one urgent dot.
  await page.getByLabel(T.map.urgency).selectOption('urgent');
  await page.getByRole('button', { name: T.map.apply }).click();
  await page.waitForURL(/urgency=urgent/);
  expect(await page.locator('svg.map a.dot').count()).toBe(1);
  await page.locator('svg.map a.dot.urgent').click();
  await page.locator('#case-status').waitFor();
  expect(page.url()).toMatch(/\/console\/cases\/PHR-/);

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${cb.base}/console/dashboard`);
  await page.getByRole('heading', { name: T.dashboard.heading, level: 1 }).waitFor();
  // One of three acknowledged (after 10 min, within the normal SLA); the other two are new and past theirs.
  expect(await page.locator('#kpi-sla').textContent()).toBe(T.dashboard.percent(100 / 3, 1, 3));
  expect(await page.locator('#by-shift tbody tr').count()).toBe(3);
  expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(3);
  await page.screenshot({ path: join(ARTIFACTS, 'console-dashboard-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: join(ARTIFACTS, 'console-dashboard-390.png'), fullPage: true });

  const csv = await page.request.get(`${cb.base}${await page.getByRole('link', { name: T.dashboard.download }).getAttribute('href')}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  await ctx.close();
}, 60_000);
