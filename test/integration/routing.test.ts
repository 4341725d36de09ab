import { ChatUser, settle } from '../helpers/chat';
import { createEnrollCode } from '../../src/duty/enroll-codes';
import { createGroupRegistry } from '../../src/duty/store';
import { createApiKeyStore } from '../../src/centers/keys';
import request from 'supertest';
import { startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';
import type { CaseDraft } from '../../src/cases/types';

/**
 * Issue 12, routing: one deployment, two centers on one database (the home center Phrae from the
 * environment, Chiang Mai stored). Each case goes to the center serving its province, numbered in
 * that center's own sequence, its card to that center's group; a province no center serves goes to
 * the home center, marked นอกพื้นที่ on the card.
 */

const PHR_GROUP = 'C' + 'a'.repeat(32);
const CMI_DAY = 'C' + 'b'.repeat(32);
const CMI_NIGHT = 'C' + 'c'.repeat(32);
const CMI_ESC = 'C' + 'd'.repeat(32);
const PHRAE_PIN = { lat: 18.1446, lng: 100.1403 };
const CHIANG_MAI_PIN = { lat: 18.7883, lng: 98.9853 };
const KHON_KAEN_PIN = { lat: 16.4322, lng: 102.8236 };
// 10:00 and 22:00 Bangkok time.
const DAY = new Date('2026-12-01T03:00:00Z');
const NIGHT = new Date('2026-12-01T15:00:00Z');

let h: Harness;
let app: TestInstance;
beforeAll(async () => {
  h = await startHarness('routing');
  app = await h.instance({ env: { DUTY_GROUP_ID: PHR_GROUP, CENTER_CODE: 'PHR', CENTER_PROVINCE: 'แพร่' } });
  const put = await app.service.centers.put(
    'CMI',
    { name: 'ศรส. เชียงใหม่', provinces: ['เชียงใหม่'], dutyGroupId: CMI_DAY, nightGroupId: CMI_NIGHT, escalationGroupId: CMI_ESC, ackSlaUrgentMinutes: 5 },
    DAY,
  );
  expect(put.ok).toBe(true);
});
afterAll(() => h.stop());

let n = 0;
const open = async (draft: Partial<CaseDraft>, now = DAY) => {
  const r = await app.service.cases.open(
    { channel: 'ess_help_me', problemTypes: ['violence'], reporterUserId: `U-routing-${++n}`, ...draft },
    { sourceId: `routing-${n}`, actor: { kind: 'reporter' }, now },
  );
  await settle(app);
  return r.case;
};
const cardsTo = (group: string) => h.emulator.messagesTo(group).map((m) => JSON.stringify(m)).join('\n');

describe('a case goes to the center serving its province', () => {
  it('when cases are pinned in Phrae and in Chiang Mai, then each gets its center’s number and reaches its center’s group', async () => {
    const phr = await open({ location: { ...PHRAE_PIN } });
    const cmi = await open({ location: { ...CHIANG_MAI_PIN } });
    const cmi2 = await open({ location: { ...CHIANG_MAI_PIN } });
    expect([phr.caseNumber, cmi.caseNumber, cmi2.caseNumber]).toEqual(['PHR-2569-0001', 'CMI-2569-0001', 'CMI-2569-0002']);
    expect([phr.centerCode, cmi.centerCode]).toEqual(['PHR', 'CMI']);
    expect(cmi.location).toMatchObject({ province: 'เชียงใหม่', outOfProvince: false });
    await waitFor(() => cardsTo(CMI_DAY).includes('CMI-2569-0002'), 'CMI card');
    expect(cardsTo(CMI_DAY)).toContain('CMI-2569-0001');
    expect(cardsTo(PHR_GROUP)).toContain('PHR-2569-0001');
    expect(cardsTo(PHR_GROUP)).not.toContain('CMI-2569');
    expect(cardsTo(CMI_DAY)).not.toContain('PHR-2569');
  });

  it('when a Chiang Mai case opens at night, then it goes to Chiang Mai’s night group', async () => {
    const c = await open({ location: { ...CHIANG_MAI_PIN } }, NIGHT);
    await waitFor(() => cardsTo(CMI_NIGHT).includes(c.caseNumber), 'night card');
    expect(cardsTo(CMI_DAY)).not.toContain(c.caseNumber);
  });

  it('when an urgent Chiang Mai case opens, then its escalation is due after Chiang Mai’s own urgent SLA', async () => {
    const c = await open({ location: { ...CHIANG_MAI_PIN } });
    const timer = await app.conn.collection('timers').findOne({ _id: `escalate:${c.caseNumber}:${c.timeline[0].id}:1` as never });
    expect(timer?.dueAt).toEqual(new Date(DAY.getTime() + 5 * 60_000));
  });

  it('when a case names its province in words (no pin), then it is routed by the name', async () => {
    const c = await open({ location: { province: 'จังหวัดเชียงใหม่', address: 'ตลาดวโรรส' } });
    expect(c.caseNumber).toMatch(/^CMI-2569-/);
  });

  it('when a case is pinned in a province no center serves, then the home center holds it, marked นอกพื้นที่ on the card', async () => {
    const c = await open({ location: { ...KHON_KAEN_PIN } });
    expect(c.caseNumber).toMatch(/^PHR-2569-/);
    expect(c.location).toMatchObject({ province: 'ขอนแก่น', outOfProvince: true });
    await waitFor(() => cardsTo(PHR_GROUP).includes(c.caseNumber), 'home card');
    expect(cardsTo(PHR_GROUP)).toContain('นอกพื้นที่ ขอนแก่น');
  });

  it('when a center has open cases, then it cannot be deleted (the cases repository answers per center)', async () => {
    expect(await app.service.cases.hasOpenCases('CMI')).toBe(true);
    expect(await app.service.cases.hasOpenCases('KKN')).toBe(false);
    expect(await app.service.centers.remove('CMI', (code) => app.service.cases.hasOpenCases(code))).toEqual({ ok: false, status: 409, error: 'has_open_cases' });
  });
});

describe('a group acts on its own center’s cases only', () => {
  it('when Chiang Mai’s group names a Phrae case, then it is told no such case, and the Phrae case is untouched', async () => {
    const officer = new ChatUser(h, app, 'U-cmi-officer', CMI_DAY);
    await officer.say('รับเรื่อง PHR-2569-0001');
    expect(officer.read()).toContain('ไม่พบเรื่องเลขที่ PHR-2569-0001');
    expect((await app.service.cases.get('PHR-2569-0001'))?.status).toBe('new');
  });

  it('when Chiang Mai’s group uses a short number, then it means Chiang Mai’s case', async () => {
    const officer = new ChatUser(h, app, 'U-cmi-officer', CMI_DAY);
    await officer.say('รับเรื่อง 1');
    expect((await app.service.cases.get('CMI-2569-0001'))?.status).toBe('acknowledged');
    expect((await app.service.cases.get('PHR-2569-0001'))?.status).toBe('new');
  });

  it('when each group asks for its queue, then it lists its own center’s cases only', async () => {
    const cmi = new ChatUser(h, app, 'U-cmi-officer', CMI_DAY);
    const phr = new ChatUser(h, app, 'U-phr-officer', PHR_GROUP);
    await cmi.say('คิว');
    await phr.say('คิว');
    const [cmiQueue, phrQueue] = [cmi.read(), phr.read()];
    expect([cmiQueue.includes('CMI-2569-0002'), cmiQueue.includes('PHR-2569')]).toEqual([true, false]);
    // The home center's queue holds its own cases and the unserved provinces' (Khon Kaen).
    expect([phrQueue.includes('PHR-2569-0001'), phrQueue.includes('CMI-2569')]).toEqual([true, false]);
  });

  it('when a group registers with a code made for Chiang Mai, then it belongs to Chiang Mai and its short numbers are Chiang Mai’s', async () => {
    const group = 'C' + 'e'.repeat(32);
    const { code } = await createEnrollCode(app.conn, { role: 'both', ttlMinutes: 60, now: new Date(), centerCode: 'CMI' });
    const officer = new ChatUser(h, app, 'U-cmi-registered', group);
    await officer.say(`ลงทะเบียนกลุ่ม ${code}`);
    const registered = (await createGroupRegistry(app.conn, app.config).list()).find((g) => g.groupId === group);
    expect(registered).toMatchObject({ role: 'both', centerCode: 'CMI' });
    await officer.say('เรื่อง 2');
    expect(officer.read()).toContain('CMI-2569-0002');
  });
});

describe('API keys per center', () => {
  const get = (path: string, key: string) => request(app.service.app).get(path).set('authorization', `Bearer ${key}`);
  let cmiKey: string;
  let phrKey: string;
  beforeAll(async () => {
    const keys = createApiKeyStore(app.conn);
    cmiKey = (await keys.create('CMI', DAY)).key;
    phrKey = (await keys.create('PHR', DAY)).key;
  });

  it('when a center key reads its own case, then it gets it; another center’s case is 404, like a case that does not exist', async () => {
    expect((await get('/api/cases/CMI-2569-0001', cmiKey)).status).toBe(200);
    const other = await get('/api/cases/PHR-2569-0001', cmiKey);
    const missing = await get('/api/cases/CMI-2569-9999', cmiKey);
    expect([other.status, other.body]).toEqual([404, missing.body]);
    expect((await get('/api/cases/CMI-2569-0001', phrKey)).status).toBe(404);
  });

  it('when a center key changes another center’s case, then it is 404 and the case is untouched', async () => {
    const res = await request(app.service.app)
      .patch('/api/cases/PHR-2569-0001')
      .set('authorization', `Bearer ${cmiKey}`)
      .send({ action: 'note', text: 'ไม่ควรบันทึกได้' });
    expect(res.status).toBe(404);
    const c = await app.service.cases.get('PHR-2569-0001');
    expect(c?.timeline.some((e) => e.text === 'ไม่ควรบันทึกได้')).toBe(false);
  });

  it('when each center key lists cases, then it sees its own center’s only; the national token sees both', async () => {
    const numbers = async (key: string) => ((await get('/api/cases?limit=100', key)).body.items as Array<{ caseNumber: string }>).map((i) => i.caseNumber);
    const cmi = await numbers(cmiKey);
    const phr = await numbers(phrKey);
    const all = await numbers('test-admin-token-0123456789');
    expect([cmi.length > 0, cmi.every((n) => n.startsWith('CMI-'))]).toEqual([true, true]);
    expect([phr.length > 0, phr.every((n) => n.startsWith('PHR-'))]).toEqual([true, true]);
    expect(all.length).toBe(cmi.length + phr.length);
  });

  it('when a center key asks for the centers, then it is refused: those are national', async () => {
    expect((await get('/api/centers', cmiKey)).status).toBe(403);
    expect((await get('/api/centers', 'test-admin-token-0123456789')).status).toBe(200);
  });

  it('when reports are asked for with center=, then the national key gets any center or all, a center key its own only (another is 404)', async () => {
    const NATIONAL = 'test-admin-token-0123456789';
    // Its own cases, so it does not lean on the earlier tests'.
    await open({ location: { ...CHIANG_MAI_PIN } });
    await open({ location: { ...PHRAE_PIN } });
    const summary = async (query: string, key: string) => get(`/api/reports/summary?from=2026-12-01&to=2026-12-01${query}`, key);
    const cmi = await summary('&center=CMI', NATIONAL);
    const phr = await summary('', NATIONAL);
    const all = await summary('&center=all', NATIONAL);
    expect([cmi.status, phr.status, all.status]).toEqual([200, 200, 200]);
    expect([cmi.body.center.name, phr.body.center.name]).toEqual(['ศรส. เชียงใหม่', app.config.CENTER_NAME]);
    expect(cmi.body.total).toBeGreaterThan(0);
    expect(phr.body.total).toBeGreaterThan(0);
    // Chiang Mai's Table 1 is Chiang Mai's districts; the nation's figures are the centers' together.
    expect(cmi.body.districts.rows[0]).toMatchObject({ key: '5001' });
    expect(all.body.total).toBe(cmi.body.total + phr.body.total);
    expect(all.body.centers.rows).toEqual([
      { key: 'PHR', label: app.config.CENTER_NAME, count: phr.body.total },
      { key: 'CMI', label: 'ศรส. เชียงใหม่', count: cmi.body.total },
    ]);
    expect(all.body.provinces.rows.find((r: { key: string }) => r.key === '50')).toMatchObject({ label: 'เชียงใหม่', count: cmi.body.total });
    // A center key: its own center by default or by name; any other center, all, or an unknown code is 404.
    expect((await summary('', cmiKey)).body).toEqual({ ...cmi.body, generatedAt: expect.any(String) });
    expect((await summary('&center=CMI', cmiKey)).status).toBe(200);
    expect([(await summary('&center=PHR', cmiKey)).status, (await summary('&center=all', cmiKey)).status, (await summary('&center=ZZZ', cmiKey)).status]).toEqual([404, 404, 404]);
    const csv = await get('/api/reports/summary.csv?from=2026-12-01&to=2026-12-01&center=PHR', cmiKey);
    expect(csv.status).toBe(404);
    // The national key naming no such center is its own mistake: 400 on the field.
    const unknown = await summary('&center=ZZZ', NATIONAL);
    expect([unknown.status, unknown.body.issues?.[0]?.field]).toEqual([400, 'center']);
    expect((await summary('&center=cmi', NATIONAL)).status).toBe(400);
  });

  it('when a center key asks for the report as XLSX, then it gets its own center\'s, named by its code; another center\'s is 404', async () => {
    const xlsx = (query: string) => get(`/api/reports/summary.xlsx?from=2026-12-01&to=2026-12-01${query}`, cmiKey);
    const own = await xlsx('');
    expect(own.status).toBe(200);
    expect(own.headers['content-disposition']).toBe('attachment; filename="report-CMI-2026-12-01-2026-12-01.xlsx"');
    expect([(await xlsx('&center=PHR')).status, (await xlsx('&center=all')).status]).toEqual([404, 404]);
  });

  it('when a key is wrong, then it is 401', async () => {
    expect((await get('/api/cases', `${cmiKey.slice(0, -1)}x`)).status).toBe(401);
  });
});

describe('transfer to another center', () => {
  const patch = (caseNumber: string, body: object) =>
    request(app.service.app).patch(`/api/cases/${caseNumber}`).set('authorization', 'Bearer test-admin-token-0123456789').send(body);

  it('when a case is transferred, then it keeps its number, the timeline records it, the new group gets the card, the old group and the reporter are told', async () => {
    const c = await open({ location: { ...CHIANG_MAI_PIN } });
    const res = await patch(c.caseNumber, { action: 'transfer', center: 'PHR' });
    await settle(app);
    expect([res.status, res.body.caseNumber]).toEqual([200, c.caseNumber]);
    const stored = await app.service.cases.get(c.caseNumber);
    expect(stored?.centerCode).toBe('PHR');
    expect(stored?.timeline.at(-1)).toMatchObject({ kind: 'transferred', fromCenter: 'CMI', toCenter: 'PHR', public: true });
    await waitFor(() => cardsTo(PHR_GROUP).includes(c.caseNumber), 'card at the new center');
    // The API acts at the wall clock's time: the old center's group on shift is its day or its night group.
    await waitFor(() => (cardsTo(CMI_DAY) + cardsTo(CMI_NIGHT)).includes(`โอนเรื่อง ${c.caseNumber} ไปให้ ${app.config.CENTER_NAME} (PHR)`), 'the old group told');
    const reporter = () => h.emulator.messagesTo(c.reporterUserId!).map((m) => JSON.stringify(m)).join('\n');
    await waitFor(() => reporter().includes(`เรื่องเลขที่ ${c.caseNumber} ได้โอนไปให้`), 'the reporter told');
  });

  it('when the center is unknown, then it is 400 and nothing is written', async () => {
    const c = await open({ location: { ...CHIANG_MAI_PIN } });
    const res = await patch(c.caseNumber, { action: 'transfer', center: 'ZZZ' });
    expect([res.status, res.body.issues?.[0]?.field]).toEqual([400, 'center']);
    const stored = await app.service.cases.get(c.caseNumber);
    expect([stored?.centerCode, stored?.timeline.some((e) => e.kind === 'transferred')]).toEqual(['CMI', false]);
  });

  it('when the case is already at that center, then it is refused (409)', async () => {
    const c = await open({ location: { ...CHIANG_MAI_PIN } });
    expect((await patch(c.caseNumber, { action: 'transfer', center: 'CMI' })).status).toBe(409);
  });
});

describe('transfer in LINE (โอนศูนย์)', () => {
  it('when an officer taps โอนศูนย์ and picks a center, then the new center’s group gets the card, the old group and the reporter are told', async () => {
    const c = await open({ location: { ...CHIANG_MAI_PIN } });
    await waitFor(() => cardsTo(CMI_DAY).includes(c.caseNumber), 'CMI card');
    const officer = new ChatUser(h, app, 'U-cmi-officer-1', CMI_DAY);
    await officer.tap('โอนศูนย์');
    expect(officer.read()).toContain(`โอนเรื่อง ${c.caseNumber} ไปศูนย์ใด?`);
    await officer.tap('PHR');
    expect(officer.read()).toContain(`โอนเรื่อง ${c.caseNumber} ไปให้ ${app.config.CENTER_NAME} (PHR) ดูแลแล้ว`);
    const stored = await app.service.cases.get(c.caseNumber);
    expect([stored?.caseNumber, stored?.centerCode]).toEqual([c.caseNumber, 'PHR']);
    expect(stored?.timeline.at(-1)).toMatchObject({ kind: 'transferred', fromCenter: 'CMI', toCenter: 'PHR', actor: { kind: 'officer', id: 'U-cmi-officer-1' } });
    await waitFor(() => cardsTo(PHR_GROUP).includes(c.caseNumber), 'card at the new center');
    const reporter = () => h.emulator.messagesTo(c.reporterUserId!).map((m) => JSON.stringify(m)).join('\n');
    await waitFor(() => reporter().includes(`เรื่องเลขที่ ${c.caseNumber} ได้โอนไปให้`), 'the reporter told');
    // The case is Phrae's now: the Chiang Mai group no longer reaches it.
    await officer.say(`เรื่อง ${c.caseNumber}`);
    expect(officer.read()).toContain(`ไม่พบเรื่องเลขที่ ${c.caseNumber}`);
  });

  it('when an officer types โอน <เลขที่> <รหัสศูนย์>, then the case moves; an unknown code or its own center changes nothing and says why', async () => {
    const c = await open({ location: { ...CHIANG_MAI_PIN } });
    const officer = new ChatUser(h, app, 'U-cmi-officer-2', CMI_DAY);
    const short = String(Number(c.caseNumber.slice(-4)));
    await officer.say(`โอน ${short} ZZZ`);
    expect(officer.read()).toContain(`ไม่พบศูนย์รหัส "ZZZ" จึงยังไม่ได้โอนเรื่อง ${c.caseNumber}`);
    expect(officer.read()).toContain('PHR — ');
    await officer.say(`โอน ${c.caseNumber} cmi`);
    expect(officer.read()).toContain(`เรื่อง ${c.caseNumber} อยู่ในความดูแลของ ศรส. เชียงใหม่ (CMI) อยู่แล้ว`);
    const before = await app.service.cases.get(c.caseNumber);
    expect([before?.centerCode, before?.timeline.some((e) => e.kind === 'transferred')]).toEqual(['CMI', false]);
    await officer.say(`โอน ${short} PHR`);
    expect(officer.read()).toContain(`โอนเรื่อง ${c.caseNumber} ไปให้ ${app.config.CENTER_NAME} (PHR) ดูแลแล้ว`);
    expect((await app.service.cases.get(c.caseNumber))?.centerCode).toBe('PHR');
    await waitFor(() => cardsTo(PHR_GROUP).includes(c.caseNumber), 'card at the new center');
  });
});
