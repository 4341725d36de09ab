import type express from 'express';
import request from 'supertest';
import { createCaseService, type CaseService } from '../../src/cases/store';
import { CASE_STATUS_LABELS, PROBLEM_TYPE_LABELS } from '../../src/cases/vocab';
import { UTF8_BOM } from '../../src/reports/format-csv';
import { DATE_TIME_FORMAT } from '../../src/reports/xlsx';
import { CONSOLE_TH } from '../../src/strings/th/console';
import { asBytes, readXlsx } from '../helpers/xlsx-read';
import { consoleSessions, mountConsole } from '../helpers/console';
import { startHarness, testLogger, type Harness, type TestInstance } from '../helpers/service';

/**
 * The open queue of a viewer of several centers (the national desk) says each case's center, by the
 * short name officers use; a center's own officers see no such column. The center picker, the
 * filter line and the column name a center the same way; the fragment the live update fetches has
 * the column too, and so do the queue's XLSX and CSV, with each case's opening time as a date.
 */

const hex = (n: number) => `C${String(n).padStart(32, '0')}`;
const PHR_DUTY = hex(21);
const NAN_DUTY = hex(22);
const NATIONAL = hex(23);
const PHR_OFFICER = 'Unq0phrofficer000000000000000001';
const DESK = 'Unq0nationaldesk0000000000000001';
// The home center as the environment names it by default: the official name, its abbreviation in brackets.
const PHR_NAME = 'ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดแพร่ (ศรส.จ.แพร่)';
const Q = CONSOLE_TH.queue;

let h: Harness;
let inst: TestInstance;
let app: express.Express;
let phr: CaseService;
let nan: CaseService;
let sessions: ReturnType<typeof consoleSessions>;
let phrCase: string;
let nanCase: string;
let seq = 0;
// The real time (the sessions' TTL index is swept on the database's clock); cases open before it.
const NOW = new Date();
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const HOURS_7 = 7 * 3_600_000;

const openOn = async (svc: CaseService, at = new Date(), urgent = false) =>
  (await svc.open({ channel: 'hotline_1300', problemTypes: ['income'], urgent }, { sourceId: `nq-${++seq}`, actor: { kind: 'reporter', id: 'Unq0reporter' }, now: at })).case.caseNumber;

beforeAll(async () => {
  h = await startHarness('console_national_queue');
  h.emulator.addGroupMember(PHR_DUTY, PHR_OFFICER, 'เจ้าหน้าที่แพร่');
  h.emulator.addGroupMember(NATIONAL, DESK, 'ส่วนกลาง');
  inst = await h.instance({ start: false });
  phr = createCaseService({ conn: inst.conn, centerCode: 'PHR', logger: testLogger() });
  nan = createCaseService({ conn: inst.conn, centerCode: 'NAN', logger: testLogger() });
  phrCase = await openOn(phr, minutesAgo(90));
  nanCase = await openOn(nan, minutesAgo(30), true);
  sessions = consoleSessions(inst.conn);
  app = mountConsole(h, inst.conn, {
    cases: phr,
    centers: [
      { code: 'PHR', name: PHR_NAME, dutyGroupIds: [PHR_DUTY], escalationGroupIds: [] },
      { code: 'NAN', name: 'ศรส.จ.น่าน', dutyGroupIds: [NAN_DUTY], escalationGroupIds: [] },
    ],
    nationalGroupIds: [NATIONAL],
    now: () => NOW,
  });
}, 60_000);
afterAll(() => h.stop());

const desk = () => sessions.cookieFor(DESK, 'PHR', 'supervisor', true);

/** Each queue row's case number → the text of its center cell (undefined: the row has none). */
function centerCells(html: string): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const m of html.matchAll(/<tr[^>]*data-case="([^"]+)">([\s\S]*?)<\/tr>/g)) {
    const cell = /<td data-label="ศูนย์" data-center="[A-Z]+"><a href="[^"]*">([^<]*)<\/a><\/td>/.exec(m[2]!);
    out.set(m[1]!, cell?.[1]);
  }
  return out;
}
const headings = (html: string) => [...(/<thead><tr>([\s\S]*?)<\/tr><\/thead>/.exec(html)?.[1] ?? '').matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);

test('when the national desk opens the queue, then each case says its center by its short name, in the column after the case number', async () => {
  const { cookie } = await desk();
  const page = await request(app).get('/console').set('cookie', cookie);
  expect(page.status).toBe(200);
  expect(headings(page.text)).toEqual([Q.cols.number, Q.cols.center, Q.cols.urgency, Q.cols.types, Q.cols.status, Q.cols.owner, Q.cols.age]);
  const cells = centerCells(page.text);
  expect(cells.get(phrCase)).toBe('ศรส.จ.แพร่');
  expect(cells.get(nanCase)).toBe('ศรส.จ.น่าน');
  // Each center's name leads to that center's queue.
  expect(page.text).toContain(`data-center="NAN"><a href="/console?center=NAN">ศรส.จ.น่าน</a>`);
});

test('when a center\'s officer opens the queue, then there is no center column: every case is their center\'s', async () => {
  const { cookie } = await sessions.cookieFor(PHR_OFFICER, 'PHR');
  const page = await request(app).get('/console').set('cookie', cookie);
  expect(headings(page.text)).toEqual([Q.cols.number, Q.cols.urgency, Q.cols.types, Q.cols.status, Q.cols.owner, Q.cols.age]);
  expect([...centerCells(page.text).entries()]).toEqual([[phrCase, undefined]]);
  expect(page.text).not.toContain('id="q-center"');
  const live = await request(app).get('/console/fragments/queue').set('cookie', cookie);
  expect([...centerCells(live.text).entries()]).toEqual([[phrCase, undefined]]);
});

test('when the national desk picks a center, then the picker, the filter line and the column name it alike, and only its cases show', async () => {
  const { cookie } = await desk();
  const page = await request(app).get('/console?center=NAN').set('cookie', cookie);
  expect(page.text).toContain('<option value="NAN" selected>ศรส.จ.น่าน</option>');
  expect(page.text).toContain('<option value="PHR">ศรส.จ.แพร่</option>');
  expect(page.text).toContain(Q.filter.showing(Q.filter.center('ศรส.จ.น่าน')));
  expect([...centerCells(page.text).entries()]).toEqual([[nanCase, 'ศรส.จ.น่าน']]);
  // The live refresh asks for the same center.
  expect(page.text).toContain('data-fragment="/console/fragments/queue?center=NAN"');
  const live = await request(app).get('/console/fragments/queue?center=NAN').set('cookie', cookie);
  expect([...centerCells(live.text).entries()]).toEqual([[nanCase, 'ศรส.จ.น่าน']]);
  // Every center again: the picker's first choice sends no center.
  const all = await request(app).get('/console?center=').set('cookie', cookie);
  expect(all.text).toContain(`<option value="" selected>${Q.filter.allCenters}</option>`);
  expect(centerCells(all.text).size).toBe(2);
});

test('when another center\'s case opens, then the rows the national desk\'s live update fetches carry its center', async () => {
  const { cookie } = await desk();
  const no = await openOn(nan);
  const live = await request(app).get('/console/fragments/queue').set('cookie', cookie);
  expect(centerCells(live.text).get(no)).toBe('ศรส.จ.น่าน');
  expect(centerCells(live.text).get(phrCase)).toBe('ศรส.จ.แพร่');
});

test('when the national desk\'s queue has a case of a center no longer listed, then its row shows the center\'s code', async () => {
  const gone = createCaseService({ conn: inst.conn, centerCode: 'TAK', logger: testLogger() });
  const no = await openOn(gone);
  const { cookie } = await desk();
  const live = await request(app).get('/console/fragments/queue').set('cookie', cookie);
  expect(centerCells(live.text).get(no)).toBe('TAK');
});

test('when the national desk\'s queue is empty, then the one message spans every column', async () => {
  const { cookie } = await desk();
  const live = await request(app).get('/console/fragments/queue?center=NAN&district=5401').set('cookie', cookie);
  expect(live.text).toBe(`<tr><td colspan="7">${Q.empty}</td></tr>`);
});

describe('the queue as a file', () => {
  const D = Q.download;
  const xlsxOf = async (path: string, cookie: string) => {
    const res = await asBytes(request(app).get(path).set('cookie', cookie));
    expect(res.status).toBe(200);
    return { res, sheet: (await readXlsx(res.body as Buffer))[0]! };
  };

  test('when the national desk downloads its queue as XLSX, then each case has its center and its opening time as a date cell', async () => {
    const { cookie } = await desk();
    const { res, sheet } = await xlsxOf('/console/queue.xlsx?center=NAN', cookie);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="queue-NAN-\d{4}-\d{2}-\d{2}-\d{4}\.xlsx"$/);
    expect(sheet.name).toBe(D.sheet);
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.values[0]).toEqual([Q.cols.number, Q.cols.center, Q.cols.urgency, Q.cols.types, Q.cols.status, Q.cols.owner, D.opened, D.waited, D.sla]);
    // Only the picked center's cases (another test of this file opens a second one), each named as on the page.
    expect(sheet.values.slice(1).map((r) => r[1])).toEqual(sheet.values.slice(1).map(() => 'ศรส.จ.น่าน'));
    const row = sheet.rows.find((r) => r[0]?.value === nanCase)!;
    const opened = row[6]!;
    expect(opened.type).toBe('date');
    expect(opened.numFmt).toBe(DATE_TIME_FORMAT);
    // ExcelJS reads the cell's wall clock as UTC: Bangkok's clock is UTC+7.
    const nanOpened = (await nan.get(nanCase))!.createdAt;
    expect((opened.value as Date).getTime() - HOURS_7).toBe(new Date(nanOpened).getTime());
    expect(row.slice(7).map((c) => [c.type, c.value])).toEqual([['number', 30], ['string', Q.late]]);
  });

  test('when a center\'s officer downloads the queue as CSV, then it is their center\'s only, without a center column, times in Bangkok', async () => {
    const { cookie } = await sessions.cookieFor(PHR_OFFICER, 'PHR');
    const res = await request(app).get('/console/queue.csv?center=NAN').set('cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="queue-PHR-[\d-]+\.csv"$/);
    expect(res.text.startsWith(UTF8_BOM)).toBe(true);
    const lines = res.text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe([Q.cols.number, Q.cols.urgency, Q.cols.types, Q.cols.status, Q.cols.owner, D.opened, D.waited, D.sla].join(','));
    const phrOpened = new Date((await phr.get(phrCase))!.createdAt);
    const bangkokText = new Date(phrOpened.getTime() + HOURS_7).toISOString().slice(0, 16).replace('T', ' ');
    expect(lines.slice(1)).toEqual([`${phrCase},${Q.normal},${PROBLEM_TYPE_LABELS.income},${CASE_STATUS_LABELS.new},${Q.noOwner},${bangkokText},90,${Q.late}`]);
  });

  test('when the queue page is open, then its downloads ask for the same filter; without a session they are 401 with no case', async () => {
    const { cookie } = await desk();
    const page = await request(app).get('/console?center=NAN').set('cookie', cookie);
    // Plain links: the file comes as an attachment, and a refusal shows as a page (a `download` link fails silently).
    expect(page.text).toContain(`href="/console/queue.xlsx?center=NAN">${D.xlsx}</a>`);
    expect(page.text).toContain(`href="/console/queue.csv?center=NAN">${D.csv}</a>`);
    for (const path of ['/console/queue.xlsx', '/console/queue.csv']) {
      const anon = await request(app).get(path);
      expect(anon.status).toBe(401);
      expect(anon.text).not.toContain(phrCase);
    }
  });

  test('when a download link is followed by the browser after the session ran out, then it gets the Thai sign-in page saying so (401), not a silent failure, and no case', async () => {
    // The browser still sends the cookie of a session the console no longer has.
    const stale = (await desk()).cookie.replace(/=[^;]+/, '=a-session-that-ran-out');
    for (const path of ['/console/queue.xlsx?center=NAN', '/console/queue.csv', '/console/dashboard/report.xlsx?from=2026-10-01&to=2026-12-01']) {
      const res = await request(app).get(path).set('cookie', stale).set('accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
      expect([res.status, res.type]).toEqual([401, 'text/html']);
      expect(res.text).toContain(CONSOLE_TH.signIn.expired);
      expect(res.text).not.toContain(phrCase);
    }
  });
});

test('when the national desk opens a case, then the case page says its center by its short name; a center\'s officer gets no such line', async () => {
  const centerOf = (html: string) => /<dd id="case-center">([^<]*)<\/dd>/.exec(html)?.[1];
  const { cookie } = await desk();
  expect(centerOf((await request(app).get(`/console/cases/${phrCase}`).set('cookie', cookie)).text)).toBe('ศรส.จ.แพร่');
  expect(centerOf((await request(app).get(`/console/cases/${nanCase}`).set('cookie', cookie)).text)).toBe('ศรส.จ.น่าน');
  const officer = await sessions.cookieFor(PHR_OFFICER, 'PHR');
  const own = await request(app).get(`/console/cases/${phrCase}`).set('cookie', officer.cookie);
  expect(own.status).toBe(200);
  expect(centerOf(own.text)).toBeUndefined();
});
