import type express from 'express';
import request from 'supertest';
import { createCaseReporting, createCaseService, type CaseService } from '../../src/cases/store';
import type { CaseAction } from '../../src/cases/decide';
import type { Actor, CaseDraft } from '../../src/cases/types';
import { UTF8_BOM } from '../../src/reports/format-csv';
import { DATE_FORMAT } from '../../src/reports/xlsx';
import { REPORT_TH } from '../../src/strings/th/reports';
import { asBytes, readXlsx, sheetNamed, xlsxParts } from '../helpers/xlsx-read';
import { CONSOLE_TH } from '../../src/strings/th/console';
import { consoleSessions, mountConsole } from '../helpers/console';
import { startHarness, testLogger, type Harness, type TestInstance } from '../helpers/service';

/**
 * The console's dashboard and map through HTTP with a signed-in session, on cases whose times are
 * known: the medians, p90s, SLA, escalations, reopen rate and ratings the page shows, the report's
 * CSV download, and the map's filters and center boundary.
 */

const DUTY = 'Cdash0dutygroup00000000000000001';
const OFFICER = 'Udash0officer0000000000000000001';
const D = CONSOLE_TH.insights.dashboard;

let h: Harness;
let inst: TestInstance;
let app: express.Express;
let cases: CaseService;
let sessions: ReturnType<typeof consoleSessions>;
// Tuesday 10:00 Bangkok; DAY_SHIFT 08:30-16:30 Bangkok = 01:30-09:30 UTC.
const NOW = new Date('2026-12-01T03:00:00Z');
const no: Record<string, string> = {};

const officer: Actor = { kind: 'officer', id: OFFICER, name: 'เจ้าหน้าที่ ก' };
const reporter: Actor = { kind: 'reporter', id: 'Udash0reporter000000000000000001' };
const system: Actor = { kind: 'system' };
const at = (iso: string, plusMin = 0) => new Date(new Date(iso).getTime() + plusMin * 60_000);

async function make(key: string, draft: Partial<CaseDraft>, openedAt: Date, steps: Array<[number, CaseAction, Actor]>, svc = cases) {
  const c = await svc.open({ channel: 'line_other', problemTypes: ['income'], ...draft }, { sourceId: `dash-${key}`, actor: reporter, now: openedAt });
  no[key] = c.case.caseNumber;
  for (const [i, [min, action, actor]] of steps.entries()) {
    const r = await svc.act(c.case.caseNumber, action, actor, { entryId: `dash-${key}-${i}`, now: at(openedAt.toISOString(), min) });
    if (!r.ok) throw new Error(`${key} step ${i} refused: ${r.reason}`);
  }
}

const close: CaseAction = { type: 'close', outcome: 'resolved', note: 'ช่วยเหลือแล้ว' };
const PHRAE_TOWN = { lat: 18.1446, lng: 100.1403, district: 'เมืองแพร่', districtCode: '5401', province: 'แพร่' };

beforeAll(async () => {
  h = await startHarness('console_dashboard');
  h.emulator.addGroupMember(DUTY, OFFICER, 'เจ้าหน้าที่ ก');
  inst = await h.instance({ start: false });
  cases = createCaseService({ conn: inst.conn, centerCode: 'PHR', logger: testLogger() });
  const nan = createCaseService({ conn: inst.conn, centerCode: 'NAN', logger: testLogger() });
  // A: Monday 09:00 Bangkok (day), acknowledged in 5 min, closed after 120, rated 5.
  await make('A', { location: { ...PHRAE_TOWN, address: '12 ถนนเจริญเมือง' }, phone: '0899999999', details: 'รายละเอียดส่วนตัว' }, new Date('2026-11-23T02:00:00Z'), [
    [5, { type: 'acknowledge' }, officer],
    [120, close, officer],
    [130, { type: 'rate', score: 5 }, reporter],
  ]);
  // B: urgent (SLA 10 min), day, acknowledged in 20 (missed), closed after 60, rated 3, then reopened.
  await make('B', { problemTypes: ['violence'], urgent: true, location: { district: 'ลอง', districtCode: '5403', province: 'แพร่' } }, new Date('2026-11-24T03:00:00Z'), [
    [20, { type: 'acknowledge' }, officer],
    [60, close, officer],
    [70, { type: 'rate', score: 3 }, reporter],
    [80, { type: 'reopen', text: 'ยังไม่ได้รับความช่วยเหลือ' }, reporter],
  ]);
  // C: 21:00 Bangkok (night), escalated once, acknowledged in 30, closed after 300.
  await make('C', { problemTypes: ['family'] }, new Date('2026-11-24T14:00:00Z'), [
    [15, { type: 'escalate', round: 1 }, system],
    [30, { type: 'acknowledge' }, officer],
    [300, close, officer],
  ]);
  // D: Monday 22:00 Bangkok (night, the next week), never acknowledged: past its 60 min.
  await make('D', { location: PHRAE_TOWN }, new Date('2026-11-30T15:00:00Z'), []);
  // E: 5 minutes old, within its SLA: not counted yet.
  await make('E', {}, at(NOW.toISOString(), -5), []);
  // OLD: closed, opened 40 days ago: inside the dashboard's default 8 weeks, outside the map's 30 days.
  await make('OLD', { location: PHRAE_TOWN }, at(NOW.toISOString(), -40 * 1440), [
    [10, { type: 'acknowledge' }, officer],
    [20, close, officer],
  ]);
  // Another center's case: never counted, never drawn.
  await make('NAN', { location: PHRAE_TOWN }, at(NOW.toISOString(), -60), [], nan);
  sessions = consoleSessions(inst.conn);
  app = mountConsole(h, inst.conn, {
    cases,
    centers: [{ code: 'PHR', name: 'ศรส. จังหวัดแพร่', dutyGroupIds: [DUTY], escalationGroupIds: [] }],
    now: () => NOW,
    insights: { reporting: createCaseReporting(inst.conn), provinceName: 'แพร่', centerName: 'ศรส. จังหวัดแพร่', dayShift: '08:30-16:30' },
  });
}, 60_000);
afterAll(() => h.stop());

// Made at the real time, not NOW: sessions carry a TTL index on expiresAt, and the database's TTL
// monitor runs on the real clock, so a session expiring 8 h after a past NOW could vanish mid-test.
// (Later than NOW, it is neither idle nor due for its membership check at NOW.)
const cookie = async () => (await sessions.cookieFor(OFFICER, 'PHR', 'officer', false, 'เจ้าหน้าที่ ก')).cookie;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const rowOf = (html: string, tableId: string, label: string) => {
  const table = html.slice(html.indexOf(`id="${tableId}"`));
  const rows = table.slice(0, table.indexOf('</table>')).split(/<tr[^>]*>/).map(text);
  return rows.find((r) => r.startsWith(label));
};
const byId = (html: string, id: string) => text(new RegExp(`id="${id}">(.*?)</dd>`).exec(html)?.[1] ?? '');

test('when an officer opens the dashboard, then acknowledge and close times, SLA, escalations, reopen rate and ratings match the known cases', async () => {
  const res = await request(app).get('/console/dashboard').set('cookie', await cookie());
  expect(res.status).toBe(200);
  // A, B, C, D, E and OLD (40 days ago is inside the default 8 weeks); the other center's case is not.
  // Acknowledge: 5, 20, 30, 10 → median 15, p90 (nearest rank 4 of 4) 30. Close: 120, 60, 300, 20 → 90, 300.
  // SLA: A, C, OLD met; B (urgent, 20 > 10) and D (unacknowledged, past 60) missed; E not yet counted.
  expect(rowOf(res.text, 'by-shift', D.all)).toBe(`${D.all} 6 15 นาที 30 นาที 1 ชม. 30 นาที 5 ชม. 0 นาที 60% (3/5)`);
  // Day: A, B, E and OLD (opened 10:00 Bangkok): ack 5, 20, 10 → 10, 20; close 120, 60, 20 → 60, 120.
  expect(rowOf(res.text, 'by-shift', D.shift.day)).toBe(`${D.shift.day} 4 10 นาที 20 นาที 1 ชม. 0 นาที 2 ชม. 0 นาที 67% (2/3)`);
  // Night: C and D.
  expect(rowOf(res.text, 'by-shift', D.shift.night)).toBe(`${D.shift.night} 2 30 นาที 30 นาที 5 ชม. 0 นาที 5 ชม. 0 นาที 50% (1/2)`);
  expect(byId(res.text, 'kpi-sla')).toBe('60% (3/5)');
  expect(byId(res.text, 'kpi-escalations')).toBe(D.escalationsValue(1, 1));
  // Closed at least once: A, B, C, OLD; reopened: B.
  expect(byId(res.text, 'kpi-reopen')).toBe(D.reopenValue(25, 1, 4));
  expect(byId(res.text, 'kpi-ratings')).toBe(D.ratingsValue(4, 2));
  // Weeks starting Monday 23 and Monday 30 November 2569 (Buddhist era).
  expect(rowOf(res.text, 'by-week', D.week('23 พฤศจิกายน 2569'))).toBe(`${D.week('23 พฤศจิกายน 2569')} 3 20 นาที 30 นาที 2 ชม. 0 นาที 5 ชม. 0 นาที 67% (2/3)`);
  expect(rowOf(res.text, 'by-week', D.week('30 พฤศจิกายน 2569'))).toBe(`${D.week('30 พฤศจิกายน 2569')} 2 – – – – 0% (0/1)`);
  // The report covers the same center only: six cases, one urgent.
  expect(text(res.text)).toContain(D.reportTotal(6, 1));
  expect(res.text).toContain('<svg');
  expect(res.headers['content-security-policy']).toContain("script-src 'self'");
});

test('when the dashboard is asked for a range, then only cases opened in it count, and a wrong range falls back with a notice', async () => {
  const c = await cookie();
  const week = await request(app).get('/console/dashboard?from=2026-11-30&to=2026-12-01').set('cookie', c);
  expect(rowOf(week.text, 'by-shift', D.all)).toBe(`${D.all} 2 – – – – 0% (0/1)`);
  const bad = await request(app).get('/console/dashboard?from=2026-12-05&to=2026-12-01').set('cookie', c);
  expect(bad.status).toBe(200);
  expect(bad.text).toContain(D.badRange);
  expect(rowOf(bad.text, 'by-shift', D.all)).toMatch(new RegExp(`^${D.all} 6 `));
});

test('when the report CSV is downloaded, then it is the center\'s report for the range as a CSV attachment; without a session it is 401', async () => {
  const res = await request(app).get('/console/dashboard/report.csv?from=2026-11-23&to=2026-11-24').set('cookie', await cookie());
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toBe('attachment; filename="report-PHR-2026-11-23-2026-11-24.csv"');
  expect(res.text.startsWith(UTF8_BOM)).toBe(true);
  const lines = res.text.split(/\r?\n/);
  // A and B are in Phrae's districts; C has no place; the other center's case is not counted.
  expect(lines.find((l) => l.startsWith('อำเภอ,') && l.includes(',เมืองแพร่,'))).toMatch(/,1$/);
  expect(lines.find((l) => l.startsWith('อำเภอ,') && l.includes(',ลอง,'))).toMatch(/,1$/);
  expect(lines).toContain('ทั้งหมด,total,ทั้งหมด,3');
  const bad = await request(app).get('/console/dashboard/report.csv?from=2026-11-30&to=2026-11-01').set('cookie', await cookie());
  expect(bad.status).toBe(400);
  const none = await request(app).get('/console/dashboard/report.csv?from=2026-11-23&to=2026-11-24');
  expect(none.status).toBe(401);
  expect(none.text).not.toContain('เมืองแพร่');
});

test('when the report XLSX is downloaded, then it holds the center\'s report tables and the dashboard\'s figures as numbers; without a session it is 401', async () => {
  const page = await request(app).get('/console/dashboard?from=2026-10-01&to=2026-12-01').set('cookie', await cookie());
  expect(page.text).toContain('href="/console/dashboard/report.xlsx?from=2026-10-01&to=2026-12-01">ดาวน์โหลดรายงานและตัวชี้วัด (XLSX)</a>');
  const res = await asBytes(request(app).get('/console/dashboard/report.xlsx?from=2026-10-01&to=2026-12-01').set('cookie', await cookie()));
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.headers['content-disposition']).toBe('attachment; filename="report-PHR-2026-10-01-2026-12-01.xlsx"');
  const sheets = await readXlsx(res.body as Buffer);
  const X = REPORT_TH.xlsx;
  // The report: the six cases of this center (the other center's case is not among them), by month too.
  expect(sheetNamed(sheets, X.sheets.summary).values.find((r) => r[0] === X.total)).toEqual([X.total, 6]);
  expect(sheetNamed(sheets, X.sheets.months).values.slice(2)).toEqual([['ตุลาคม 2569', 1], ['พฤศจิกายน 2569', 4], ['ธันวาคม 2569', 1], [REPORT_TH.total, 6]]);
  // The dashboard, as on the page (see the first test): minutes and percentages as numbers, blanks where nothing is measured yet.
  const shifts = sheetNamed(sheets, X.sheets.byShift);
  expect(shifts.values[2]).toEqual([X.dashboard.all, 6, 15, 30, 90, 300, 3, 5, 60]);
  expect(shifts.rows[3]!.map((c) => c.value)).toEqual([X.dashboard.day, 4, 10, 20, 60, 120, 2, 3, 200 / 3]);
  expect(shifts.rows[2]!.slice(1).every((c) => c.type === 'number')).toBe(true);
  const weeks = sheetNamed(sheets, X.sheets.byWeek);
  // The week of Monday 30 November 2569 (2026), as a date cell (ExcelJS: the day's midnight as UTC).
  expect(weeks.values.find((r) => r[0] instanceof Date && r[0].getTime() === Date.UTC(2026, 10, 30))?.slice(1)).toEqual([2, null, null, null, null, 0, 1, 0]);
  expect(weeks.rows[2]![0]).toMatchObject({ type: 'date', numFmt: DATE_FORMAT });
  // When it was made: the test's clock, Tuesday 10:00 in Bangkok.
  expect(sheetNamed(sheets, X.sheets.summary).values.find((r) => r[0] === X.generatedAt)).toEqual([X.generatedAt, new Date('2026-12-01T10:00:00Z')]);
  const kpi = Object.fromEntries(sheetNamed(sheets, X.sheets.kpis).values.slice(2).map((r) => [r[0], r[1]]));
  expect(kpi).toMatchObject({ [X.dashboard.kpiEscalations]: 1, [X.dashboard.kpiReopenPercent]: 25, [X.dashboard.kpiRatingMean]: 4, [X.dashboard.kpiRatings]: 2 });
  expect(sheetNamed(sheets, X.sheets.ratings).values.slice(2)).toEqual([[5, 1], [4, 0], [3, 1], [2, 0], [1, 0], [REPORT_TH.total, 2]]);
  // Aggregates only: no phone, details, address or case number of any case.
  const all = Object.values(xlsxParts(res.body as Buffer)).join('\n');
  for (const secret of ['0899999999', 'รายละเอียดส่วนตัว', '12 ถนนเจริญเมือง', no.A!, no.NAN!]) expect(all).not.toContain(secret);

  const none = await request(app).get('/console/dashboard/report.xlsx?from=2026-10-01&to=2026-12-01');
  expect(none.status).toBe(401);
  expect(none.headers['content-type']).not.toContain('spreadsheetml');
  expect((await request(app).get('/console/dashboard/report.xlsx?from=2026-12-01&to=2026-11-01').set('cookie', await cookie())).status).toBe(400);
});

test('when an officer of another center downloads the XLSX, then it holds that center\'s figures only', async () => {
  // A console that knows both centers (an officer's center is always among the console's centers).
  const both = mountConsole(h, inst.conn, {
    cases,
    centers: [
      { code: 'PHR', name: 'ศรส. จังหวัดแพร่', dutyGroupIds: [DUTY], escalationGroupIds: [] },
      { code: 'NAN', name: 'ศรส. จังหวัดน่าน', dutyGroupIds: [], escalationGroupIds: [] },
    ],
    now: () => NOW,
    insights: { reporting: createCaseReporting(inst.conn), provinceName: 'แพร่', centerName: 'ศรส. จังหวัดแพร่', dayShift: '08:30-16:30' },
  });
  const other = (await sessions.cookieFor(OFFICER, 'NAN', 'officer', false, 'เจ้าหน้าที่ ก')).cookie;
  const res = await asBytes(request(both).get('/console/dashboard/report.xlsx?from=2026-10-01&to=2026-12-01').set('cookie', other));
  expect(res.status).toBe(200);
  expect(res.headers['content-disposition']).toBe('attachment; filename="report-NAN-2026-10-01-2026-12-01.xlsx"');
  const sheets = await readXlsx(res.body as Buffer);
  expect(sheetNamed(sheets, REPORT_TH.xlsx.sheets.summary).values.find((r) => r[0] === REPORT_TH.xlsx.total)).toEqual([REPORT_TH.xlsx.total, 1]);
  expect(sheetNamed(sheets, REPORT_TH.xlsx.sheets.byShift).values[2]![1]).toBe(1);
});

test('when the repository reads figures, then no personal field leaves the database', async () => {
  const read = await cases.figuresOpenOrSince({ centerCode: 'PHR', since: at(NOW.toISOString(), -30 * 1440), limit: 50 });
  const a = read.find((c) => c.caseNumber === no.A);
  expect(a?.location).toEqual({ lat: PHRAE_TOWN.lat, lng: PHRAE_TOWN.lng, district: 'เมืองแพร่', districtCode: '5401', province: 'แพร่' });
  const json = JSON.stringify(read);
  for (const personal of ['0899999999', 'รายละเอียดส่วนตัว', '12 ถนนเจริญเมือง', 'ช่วยเหลือแล้ว', 'reporterUserId', 'Udash0reporter']) expect(json).not.toContain(personal);
  expect(Object.keys(a?.timeline[0] ?? {}).sort()).toEqual(['at', 'kind']);
});

test('when an officer opens the map, then open and recent cases of the center are dots linking to their case pages, with filters and a list', async () => {
  const c = await cookie();
  const res = await request(app).get('/console/map').set('cookie', c);
  expect(res.status).toBe(200);
  expect(res.text).toContain('class="province"');
  for (const k of ['A', 'B', 'C', 'D', 'E']) expect(res.text).toContain(`/console/cases/${no[k]}`);
  expect(res.text).not.toContain(no.OLD);
  expect(res.text).not.toContain(no.NAN);
  // A and D have pins, B only a district (drawn at the district office, marked approximate), C and E no place.
  const dots = [...res.text.matchAll(/<a href="\/console\/cases\/([^"]+)" class="dot ([^"]+)">/g)].map((m): [string, string] => [m[1], m[2]]);
  expect(new Map(dots)).toEqual(
    new Map([
      [no.A, 'normal closed'],
      [no.B, 'urgent approx'],
      [no.D, 'normal'],
    ]),
  );
  expect(text(res.text)).toContain(CONSOLE_TH.insights.map.mapLabel(CONSOLE_TH.insights.map.provinces(['แพร่']), 3));
  const urgent = await request(app).get('/console/map?urgency=urgent').set('cookie', c);
  expect(urgent.text).toContain(no.B);
  expect(urgent.text).not.toContain(no.A);
  const open = await request(app).get('/console/map?status=open&type=income').set('cookie', c);
  expect(open.text).toContain(no.D);
  expect(open.text).toContain(no.E);
  expect(open.text).not.toContain(no.A);
  expect(open.text).not.toContain(no.C);
});

/** The map's list as [headings, ...rows], each a list of cell texts. */
const mapList = (html: string) => {
  const table = html.slice(html.indexOf('id="map-list"'), html.indexOf('</table>', html.indexOf('id="map-list"')));
  return table
    .split(/<tr[^>]*>/)
    .slice(1)
    .map((r) => [...r.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((m) => text(m[1])));
};

test('when an officer opens the map, then each row of the list has a cell under each heading: no center column for one center', async () => {
  const [head, ...rows] = mapList((await request(app).get('/console/map').set('cookie', await cookie())).text);
  const M = CONSOLE_TH.insights.map.cols;
  expect(head).toEqual([M.number, M.urgency, M.types, M.status, M.place, M.opened]);
  expect(rows).toHaveLength(5);
  for (const r of rows) expect(r).toHaveLength(head.length);
  const b = rows.find((r) => r[0] === no.B);
  expect(b?.slice(1, 4)).toEqual([CONSOLE_TH.queue.urgent, 'ความรุนแรง', 'รับแจ้งแล้ว รอเจ้าหน้าที่รับเรื่อง']);
});

test('when a week has no case acknowledged yet, then the weekly charts leave it out instead of drawing a 0 the table does not say', async () => {
  const res = await request(app).get('/console/dashboard').set('cookie', await cookie());
  const svg = (title: string) => {
    const at = res.text.indexOf(`<title>${title}</title>`);
    return at < 0 ? '' : res.text.slice(at, res.text.indexOf('</svg>', at));
  };
  const labels = (title: string) => [...svg(title).matchAll(/text-anchor="end"[^>]*>([^<]*)</g)].map((m) => m[1]);
  // The week of 30 Nov holds D (never acknowledged, past its limit: 0% in time) and E (too new to count).
  const lastWeek = D.week('30 พฤศจิกายน 2569');
  expect(rowOf(res.text, 'by-week', lastWeek)).toBe(`${lastWeek} 2 – – – – 0% (0/1)`);
  expect(labels(D.chartAckByWeek)).not.toContain(lastWeek);
  expect(labels(D.chartAckByWeek).length).toBeGreaterThan(0);
  expect(labels(D.chartSlaByWeek)).toContain(lastWeek);
});

describe('per-district counts beside the map', () => {
  const C = CONSOLE_TH.insights.map.counts;

  test('when an officer opens the map, then every district of the province is counted, zeros included, and cases without a district are counted apart', async () => {
    const res = await request(app).get('/console/map').set('cookie', await cookie());
    expect(text(res.text)).toContain(C.headingDistrict('อำเภอ'));
    // On the map (open or within 30 days): A (closed) and D in เมืองแพร่, B (reopened, urgent) in ลอง, C (closed) and E without a place.
    expect(rowOf(res.text, 'area-counts', 'เมืองแพร่')).toBe('เมืองแพร่ 2 1 0');
    expect(rowOf(res.text, 'area-counts', 'ลอง')).toBe('ลอง 1 1 1');
    expect(rowOf(res.text, 'area-counts', 'ร้องกวาง')).toBe('ร้องกวาง 0 0 0');
    expect(rowOf(res.text, 'area-counts', C.otherDistrict('อำเภอ'))).toBe(`${C.otherDistrict('อำเภอ')} 2 1 0`);
    // Phrae's eight districts, then the row of the rest.
    const table = res.text.slice(res.text.indexOf('id="area-counts"'), res.text.indexOf('</table>', res.text.indexOf('id="area-counts"')));
    expect(table.match(/<th scope="row">/g)).toHaveLength(9);
    expect(res.text).toContain(`href="/console?district=5403" aria-label="${C.openQueueOf('ลอง')}"`);
  });

  test('when the counts follow the map\'s filters, then only the filtered cases are counted', async () => {
    const res = await request(app).get('/console/map?urgency=urgent').set('cookie', await cookie());
    expect(rowOf(res.text, 'area-counts', 'ลอง')).toBe('ลอง 1 1 1');
    expect(rowOf(res.text, 'area-counts', 'เมืองแพร่')).toBe('เมืองแพร่ 0 0 0');
    expect(rowOf(res.text, 'area-counts', C.otherDistrict('อำเภอ'))).toBeUndefined();
  });

  test('when a district\'s link is followed, then the queue and its live fragment show only that district\'s open cases', async () => {
    const c = await cookie();
    const page = await request(app).get('/console?district=5403').set('cookie', c);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/console/cases/${no.B}`);
    for (const k of ['D', 'E']) expect(page.text).not.toContain(`/console/cases/${no[k]}`);
    expect(text(page.text)).toContain(CONSOLE_TH.queue.filter.showing(CONSOLE_TH.queue.filter.district('ลอง', 'อำเภอ')));
    expect(page.text).toContain('data-fragment="/console/fragments/queue?district=5403"');
    const fragment = await request(app).get('/console/fragments/queue?district=5403').set('cookie', c);
    expect(fragment.text).toContain(no.B);
    expect(fragment.text).not.toContain(no.D);
    // A malformed district is no filter (the whole center's queue), never an error.
    const bad = await request(app).get('/console/fragments/queue?district=x').set('cookie', c);
    expect(bad.text).toContain(no.D);
  });
});

describe('the national desk', () => {
  const desk = async () => (await sessions.cookieFor('Udash0nationaldesk00000000000001', 'PHR', 'supervisor', true, 'ส่วนกลาง')).cookie;
  const C = CONSOLE_TH.insights.map.counts;

  test('when the national desk opens the map, then the whole country is drawn and every center\'s cases are on it, counted by center', async () => {
    const res = await request(app).get('/console/map').set('cookie', await desk());
    expect(res.status).toBe(200);
    expect(res.text.match(/<path class="province" data-province="\d\d"/g)).toHaveLength(77);
    expect(res.text).toContain(`/console/cases/${no.NAN}`);
    expect(res.text).toContain(`/console/cases/${no.B}`);
    expect(text(res.text)).toContain(CONSOLE_TH.insights.map.mapLabel(CONSOLE_TH.insights.map.country, 4));
    expect(text(res.text)).toContain(C.headingCenter);
    // PHR: A, B, C, D, E on the map (B, D, E open, B urgent); NAN is not among this console's centers.
    expect(rowOf(res.text, 'area-counts', 'ศรส. จังหวัดแพร่')).toBe('ศรส. จังหวัดแพร่ 5 3 1');
    expect(rowOf(res.text, 'area-counts', C.otherCenter)).toBe(`${C.otherCenter} 1 1 0`);
    expect(res.text).toContain('href="/console?center=PHR"');
    expect(res.text).toContain(`<select id="f-center" name="center">`);
  });

  test('when the national desk opens the whole country\'s map, then its list says each case\'s center under the center heading', async () => {
    const [head, ...rows] = mapList((await request(app).get('/console/map').set('cookie', await desk())).text);
    expect(head[1]).toBe(CONSOLE_TH.insights.map.cols.center);
    for (const r of rows) expect(r).toHaveLength(head.length);
    expect(rows.find((r) => r[0] === no.B)?.[1]).toBe('ศรส. จังหวัดแพร่');
    // A center this console does not list shows its code.
    expect(rows.find((r) => r[0] === no.NAN)?.[1]).toBe('NAN');
  });

  test('when the national desk picks one center, then the map is that center\'s province and cases only', async () => {
    const res = await request(app).get('/console/map?center=PHR').set('cookie', await desk());
    expect(res.text.match(/<path class="province"/g)).toHaveLength(1);
    expect(res.text).not.toContain(no.NAN);
    expect(rowOf(res.text, 'area-counts', 'ลอง')).toBe('ลอง 1 1 1');
    expect(res.text).toContain('href="/console?district=5403&amp;center=PHR"');
  });

  test('when a center\'s officer asks for another center or every center, then they still get only their own', async () => {
    const c = await cookie();
    for (const q of ['center=NAN', 'center=all']) {
      const map = await request(app).get(`/console/map?${q}`).set('cookie', c);
      expect(map.text).not.toContain(no.NAN);
      expect(map.text).not.toContain('name="center"');
      const dash = await request(app).get(`/console/dashboard?${q}`).set('cookie', c);
      expect(rowOf(dash.text, 'by-shift', D.all)).toMatch(new RegExp(`^${D.all} 6 `));
      const queue = await request(app).get(`/console/fragments/queue?${q}`).set('cookie', c);
      expect(queue.text).not.toContain(no.NAN);
    }
  });

  test('when centers have full official names, then the queue, map and dashboard pickers and the map\'s counts all name them by the same short name', async () => {
    const full = mountConsole(h, inst.conn, {
      cases,
      centers: [
        { code: 'PHR', name: 'ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดแพร่ (ศรส.จ.แพร่)', dutyGroupIds: [DUTY], escalationGroupIds: [] },
        { code: 'NAN', name: 'ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดน่าน (ศรส.จ.น่าน)', dutyGroupIds: [], escalationGroupIds: [] },
      ],
      nationalGroupIds: ['Cdash0nationalgroup0000000000001'],
      now: () => NOW,
      insights: { reporting: createCaseReporting(inst.conn), provinceName: 'แพร่', centerName: 'ศรส. จังหวัดแพร่', dayShift: '08:30-16:30' },
    });
    const c = await desk();
    const options = (html: string, id: string) => {
      const select = html.slice(html.indexOf(`<select id="${id}"`), html.indexOf('</select>', html.indexOf(`<select id="${id}"`)));
      return [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => `${m[1]}=${m[2]}`);
    };
    const queue = await request(full).get('/console').set('cookie', c);
    const map = await request(full).get('/console/map').set('cookie', c);
    const dash = await request(full).get('/console/dashboard').set('cookie', c);
    const named = ['PHR=ศรส.จ.แพร่', 'NAN=ศรส.จ.น่าน'];
    expect(options(queue.text, 'q-center').slice(1)).toEqual(named);
    expect(options(map.text, 'f-center').slice(1)).toEqual(named);
    expect(options(dash.text, 'd-center').slice(1)).toEqual(named);
    expect(rowOf(map.text, 'area-counts', 'ศรส.จ.แพร่')).toBe('ศรส.จ.แพร่ 5 3 1');
    expect(map.text).not.toContain('ศูนย์เร่งรัดจัดการ');
  });

  test('when the national desk opens the dashboard, then it counts every center, and one center when picked', async () => {
    const c = await desk();
    const all = await request(app).get('/console/dashboard').set('cookie', c);
    expect(rowOf(all.text, 'by-shift', D.all)).toMatch(new RegExp(`^${D.all} 7 `));
    expect(text(all.text)).toContain(D.reportTotal(7, 1));
    expect(all.text).toContain('report.csv?from=');
    expect(all.text).toContain('&center=all">');
    const phr = await request(app).get('/console/dashboard?center=PHR').set('cookie', c);
    expect(rowOf(phr.text, 'by-shift', D.all)).toBe(`${D.all} 6 15 นาที 30 นาที 1 ชม. 30 นาที 5 ชม. 0 นาที 60% (3/5)`);
    expect(text(phr.text)).toContain(D.reportTotal(6, 1));
    const csv = await request(app).get('/console/dashboard/report.csv?from=2026-11-01&to=2026-12-01&center=all').set('cookie', c);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="report-all-2026-11-01-2026-12-01.csv"');
    expect(csv.text.split(/\r?\n/)).toContain('ทั้งหมด,total,ทั้งหมด,6');
    const xlsx = await request(app).get('/console/dashboard/report.xlsx?from=2026-11-01&to=2026-12-01&center=all').set('cookie', c);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="report-all-2026-11-01-2026-12-01.xlsx"');
  });
});
