import { get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createCaseService, type CaseService } from '../../src/cases/store';
import { consoleSessions, mountConsole } from '../helpers/console';
import { startHarness, testLogger, waitFor, type Harness, type TestInstance } from '../helpers/service';

/**
 * The live queue across instances: a case opened or moved on the other instance (its webhook, an
 * officer's action there) reaches no case listener of the instance serving the page, so the page
 * hears of it by the console comparing its center's open queue every few seconds (shortened here).
 */

const DUTY = 'Clive0dutygroup00000000000000001';
const OFFICER = 'Ulive0officer0000000000000000001';
const officer = { kind: 'officer' as const, id: OFFICER, name: 'เจ้าหน้าที่ ก' };

let h: Harness;
let a: TestInstance;
let b: TestInstance;
let server: Server;
let home: string;
let seq = 0;
const streams: IncomingMessage[] = [];

beforeAll(async () => {
  h = await startHarness('console_live');
  a = await h.instance({ env: { DUTY_GROUP_ID: DUTY } });
  b = await h.instance({ env: { DUTY_GROUP_ID: DUTY } });
  home = a.service.centers.home.code;
  const centers = [
    { code: home, name: 'ศูนย์', dutyGroupIds: [DUTY], escalationGroupIds: [] },
    { code: 'NAN', name: 'ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดน่าน (ศรส.จ.น่าน)', dutyGroupIds: [], escalationGroupIds: [] },
  ];
  const app = mountConsole(h, a.conn, { cases: a.service.cases, centers, liveCheckMs: 100 });
  server = app.listen(0, '127.0.0.1');
}, 60_000);
afterAll(async () => {
  for (const s of streams) s.destroy();
  await new Promise((r) => server.close(r));
  await h.stop();
});

/** The page's event stream: every chunk it received so far. */
async function openStream(centerCode: string, national = false): Promise<string[]> {
  const { cookie } = await consoleSessions(a.conn).cookieFor(OFFICER, centerCode, 'officer', national);
  return openStreamWith(cookie);
}

async function openStreamWith(cookie: string): Promise<string[]> {
  const { port } = server.address() as AddressInfo;
  const chunks: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/console/events', headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      streams.push(res);
      res.setEncoding('utf8');
      res.on('data', (c: string) => chunks.push(c));
      resolve();
    });
    req.on('error', reject);
  });
  await waitFor(() => chunks.join('').includes(': connected'), 'the stream open');
  return chunks;
}

const changes = (chunks: string[]) => chunks.join('').split('event: change').length - 1;

async function openOn(svc: CaseService) {
  const key = `live-${++seq}`;
  const { case: c } = await svc.open(
    { channel: 'hotline_1300', problemTypes: ['income'] },
    { sourceId: key, actor: { kind: 'officer', id: OFFICER }, now: new Date() },
  );
  return c.caseNumber;
}

test('when the other instance opens a case of this center, then the open page of this instance hears of it', async () => {
  const chunks = await openStream(home);
  // Two rounds of comparing: the first only learns what the queue is.
  await new Promise((r) => setTimeout(r, 300));
  const before = changes(chunks);
  await openOn(b.service.cases);
  await waitFor(() => changes(chunks) > before, 'a change event for the case opened on the other instance', 10_000);
});

test('when the other instance acknowledges a case, then the page hears of it, and a quiet queue sends nothing', async () => {
  const no = await openOn(b.service.cases);
  const chunks = await openStream(home);
  await new Promise((r) => setTimeout(r, 300));
  const quiet = changes(chunks);
  await new Promise((r) => setTimeout(r, 400));
  expect(changes(chunks)).toBe(quiet);
  await b.service.cases.act(no, { type: 'acknowledge' }, officer, { entryId: `ack-${no}`, now: new Date() });
  await waitFor(() => changes(chunks) > quiet, 'a change event for the acknowledgement on the other instance', 10_000);
});

test('when the other instance opens a case of another center, then the national desk\'s page hears of it and the rows it fetches say that center', async () => {
  const { cookie } = await consoleSessions(a.conn).cookieFor(OFFICER, home, 'supervisor', true);
  const chunks = await openStreamWith(cookie);
  await new Promise((r) => setTimeout(r, 300));
  const before = changes(chunks);
  const no = await openOn(createCaseService({ conn: b.conn, centerCode: 'NAN', logger: testLogger() }));
  await waitFor(() => changes(chunks) > before, 'a change event for the other center\'s case opened on the other instance', 10_000);
  // What the page's script fetches on that event.
  const rows = await request(server).get('/console/fragments/queue').set('cookie', cookie);
  expect(rows.text).toContain(`data-case="${no}"`);
  expect(rows.text).toMatch(new RegExp(`data-case="${no}">(?:(?!</tr>)[\\s\\S])*<td data-label="ศูนย์" data-center="NAN"><a href="/console\\?center=NAN">ศรส.จ.น่าน</a></td>`));
});
