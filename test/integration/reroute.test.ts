import request from 'supertest';
import { ChatUser, settle, wordsIn } from '../helpers/chat';
import { locationEvent } from '../helpers/line';
import { startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';
import { checkMessages } from '../../src/line/limits';
import type { CaseDraft, CaseRecord, TimelineEntry } from '../../src/cases/types';
import type { CaseService } from '../../src/cases/store';
import { escalationSettings } from '../../src/duty';
import { createCenterGroups } from '../../src/duty/center-groups';
import { createDutyListener } from '../../src/duty/listener';
import { createGroupRegistry } from '../../src/duty/store';
import { silentLogger } from '../../src/log/logger';
import { RecordingOutbox, RecordingTimers } from '../helpers/duty-fakes';

/**
 * Re-routing by a place given after the case opened, through the signed webhook, the inbox, intake
 * and updates, the case listeners, the outbox and the LINE emulator, on the in-memory MongoDB. Two
 * centers on one database: the home center Chiang Mai from the environment (the fallback for a case
 * with no province known), Phrae stored. A person in danger must be helped by the center that can
 * reach them: a waiting case moves there by itself, a case in an officer's hands gets a suggestion.
 */

const CMI_GROUP = 'C' + '1'.repeat(32);
const PHR_GROUP = 'C' + '2'.repeat(32);
const PHRAE_PIN = { lat: 18.1446, lng: 100.1403, address: '123 ต.ในเวียง อ.เมืองแพร่ จ.แพร่ 54000 ประเทศไทย' };
const PHRAE_PIN_2 = { lat: 18.0783, lng: 99.8297 };
const CHIANG_MAI_PIN = { lat: 18.7883, lng: 98.9853 };
const KHON_KAEN_PIN = { lat: 16.4322, lng: 102.8236 };
const PHR_NAME = 'ศรส. แพร่';
const PHR_URGENT_SLA_MINUTES = 7;

let h: Harness;
let app: TestInstance;
beforeAll(async () => {
  h = await startHarness('reroute');
  app = await h.instance({
    env: { CENTER_CODE: 'CMI', CENTER_NAME: 'ศรส. เชียงใหม่', CENTER_PROVINCE: 'เชียงใหม่', DUTY_GROUP_ID: CMI_GROUP, ACK_SLA_URGENT_MINUTES: '600' },
  });
  const put = await app.service.centers.put('PHR', { name: PHR_NAME, provinces: ['แพร่'], dutyGroupId: PHR_GROUP, ackSlaUrgentMinutes: PHR_URGENT_SLA_MINUTES }, new Date());
  expect(put.ok).toBe(true);
});
afterAll(() => h.stop());

afterEach(() => {
  const problems = h.emulator.deliveries().flatMap((d) => checkMessages(d.messages));
  expect(problems).toEqual([]);
});

const words = (chat: string) => h.emulator.messagesTo(chat).map(wordsIn).join('\n');
const linesWith = (chat: string, s: string) => h.emulator.messagesTo(chat).map(wordsIn).filter((w) => w.includes(s)).length;
const get = async (no: string) => (await app.service.cases.get(no)) as CaseRecord;
const transfers = (c: CaseRecord) => c.timeline.filter((e) => e.kind === 'transferred');
const latestCaseOf = async (userId: string) => (await app.service.cases.casesOfReporter(userId, 1)).cases[0];

/** An SOS without a pin: the urgent case opens at once, on the fallback center. */
async function sosWithoutPin(userId: string): Promise<{ person: ChatUser; c: CaseRecord }> {
  const person = new ChatUser(h, app, userId);
  await person.follow();
  await person.tap('ขอความช่วยเหลือด่วน');
  await person.tap('ไม่สะดวกปักหมุด');
  const c = await latestCaseOf(userId);
  return { person, c };
}

let n = 0;
/** A case opened directly (another channel, or intake long done): the reporter's later pins go to updates. */
async function open(draft: Partial<CaseDraft>): Promise<CaseRecord> {
  const r = await app.service.cases.open(
    { channel: 'ess_help_me', problemTypes: ['violence'], reporterUserId: `U-reroute-open-${++n}`, ...draft },
    { sourceId: `reroute-${n}`, actor: { kind: 'reporter' }, now: new Date() },
  );
  await settle(app);
  return r.case;
}

describe('an SOS without a pin, then a pin in Phrae', () => {
  let person: ChatUser;
  let no: string;
  let pinEventId: string;

  it('when the SOS opens without a place, then the fallback center (the home center, Chiang Mai) holds it and its group has the card', async () => {
    const sos = await sosWithoutPin('U-reroute-sos');
    person = sos.person;
    no = sos.c.caseNumber;
    expect([no.startsWith('CMI-'), sos.c.centerCode, sos.c.location]).toEqual([true, 'CMI', undefined]);
    await waitFor(() => words(CMI_GROUP).includes(no), 'the card at the fallback center');
  });

  it('when the reporter then pins in Phrae, then the case moves to Phrae: card in Phrae’s group, one line in the old group, the reporter told in Thai', async () => {
    const event = locationEvent({ userId: person.userId, latitude: PHRAE_PIN.lat, longitude: PHRAE_PIN.lng, address: PHRAE_PIN.address, replyToken: h.emulator.issueReplyToken(person.userId) });
    pinEventId = event.webhookEventId;
    await person.send(event);
    await settle(app);
    const c = await get(no);
    expect(c.centerCode).toBe('PHR');
    expect(c.caseNumber).toBe(no);
    expect(transfers(c)).toEqual([
      expect.objectContaining({ id: `${pinEventId}:reroute`, fromCenter: 'CMI', toCenter: 'PHR', text: PHR_NAME, province: 'แพร่', actor: { kind: 'system' }, public: true }),
    ]);
    await waitFor(() => words(PHR_GROUP).includes(no), 'the card at Phrae');
    expect(words(PHR_GROUP)).toContain(`📍 เรื่อง ${no} โอนมาจาก ศรส. เชียงใหม่ (CMI) โดยอัตโนมัติ เพราะผู้แจ้งส่งตำแหน่งในพื้นที่ แพร่ ซึ่งศูนย์นี้ดูแล`);
    await waitFor(() => words(CMI_GROUP).includes(`ระบบจึงโอนเรื่องไปให้ ${PHR_NAME} (PHR) ดูแลแล้ว`), 'the old group told');
    expect(words(CMI_GROUP)).toContain(`📍 ผู้แจ้งเรื่อง ${no} ส่งตำแหน่งใหม่ในพื้นที่ แพร่ ระบบจึงโอนเรื่องไปให้ ${PHR_NAME} (PHR) ดูแลแล้ว (เลขที่เรื่องคงเดิม ระบบแจ้งผู้แจ้งแล้ว)`);
    await waitFor(() => words(person.userId).includes(`ให้ ${PHR_NAME} ซึ่งดูแลพื้นที่นั้นช่วยเหลือแล้วค่ะ`), 'the reporter told');
    expect(words(person.userId)).toContain(`ตำแหน่งที่คุณส่งมาอยู่ในพื้นที่ แพร่ จึงส่งเรื่องเลขที่ ${no} ให้ ${PHR_NAME} ซึ่งดูแลพื้นที่นั้นช่วยเหลือแล้วค่ะ เลขที่เรื่องยังเหมือนเดิม ติดตามได้ตามปกติค่ะ`);
    // The place stays on the case, its history kept, and the card's group is recorded.
    expect([c.location?.province, c.location?.lat, c.dutyGroupId]).toEqual(['แพร่', PHRAE_PIN.lat, PHR_GROUP]);
  });

  it('when it has moved, then its escalation runs at Phrae: a new cycle on Phrae’s urgent SLA from the transfer', async () => {
    const c = await get(no);
    const moved = transfers(c)[0];
    const timer = await app.conn.collection('timers').findOne({ _id: `escalate:${no}:${moved.id}:1` as never });
    expect(timer?.dueAt).toEqual(new Date(new Date(moved.at).getTime() + PHR_URGENT_SLA_MINUTES * 60_000));
  });

  it('when Phrae’s officer then writes to the reporter, then the message comes from Phrae, not from the center it left', async () => {
    const officer = new ChatUser(h, app, 'U-phr-officer', PHR_GROUP);
    await officer.say(`ตอบ ${no} เจ้าหน้าที่กำลังเดินทางไปหาค่ะ`);
    const relay = await waitFor(() => h.emulator.messagesTo(person.userId).map(wordsIn).find((w) => w.includes('เจ้าหน้าที่กำลังเดินทางไปหาค่ะ')), 'the relay');
    expect([relay.includes(PHR_NAME), relay.includes('ศรส. เชียงใหม่')]).toEqual([true, false]);
  });

  it('when LINE redelivers the pin event, then nothing moves or is sent again', async () => {
    const before = [linesWith(PHR_GROUP, no), linesWith(CMI_GROUP, no), h.emulator.messagesTo(person.userId).length];
    const again = locationEvent({
      userId: person.userId,
      latitude: PHRAE_PIN.lat,
      longitude: PHRAE_PIN.lng,
      address: PHRAE_PIN.address,
      webhookEventId: pinEventId,
      isRedelivery: true,
      replyToken: h.emulator.issueReplyToken(person.userId),
    });
    expect((await app.post([again])).status).toBe(200);
    await settle(app);
    expect(transfers(await get(no))).toHaveLength(1);
    expect([linesWith(PHR_GROUP, no), linesWith(CMI_GROUP, no), h.emulator.messagesTo(person.userId).length]).toEqual(before);
  });

  it('when the listeners of the pin run again (a crash before they finished), then the same transfer is found done: no second transfer, card or line', async () => {
    const c = await get(no);
    const pinEntry = c.timeline.find((e) => e.id === pinEventId)!;
    expect(pinEntry).toMatchObject({ kind: 'details_updated', location: expect.objectContaining({ province: 'แพร่' }) });
    const before = [linesWith(PHR_GROUP, no), linesWith(CMI_GROUP, no), h.emulator.messagesTo(person.userId).length];
    await app.conn.collection('cases').updateOne({ caseNumber: no }, { $push: { pendingNotify: pinEntry.id } as never, $set: { notifyAfter: new Date(0) } });
    // The service's own sweep may take it first; either way the listeners run once more.
    await app.service.cases.sweepPendingNotifications(new Date());
    await waitFor(async () => !(await get(no)).pendingNotify.length, 'the listeners run again');
    await settle(app);
    const after = await get(no);
    expect([transfers(after).length, after.centerCode, after.pendingNotify]).toEqual([1, 'PHR', []]);
    expect([linesWith(PHR_GROUP, no), linesWith(CMI_GROUP, no), h.emulator.messagesTo(person.userId).length]).toEqual(before);
  });

  it('when the reporter pins again in Phrae, then nothing moves; Phrae’s group reads the new place', async () => {
    const before = linesWith(PHR_GROUP, 'ตำแหน่งใหม่');
    const oldGroup = linesWith(CMI_GROUP, no);
    await person.say('ยกเลิก'); // ends the follow-up questions: the next pin goes to the case as a follow-up
    await person.pin(PHRAE_PIN_2.lat, PHRAE_PIN_2.lng);
    await settle(app);
    const c = await get(no);
    expect([c.centerCode, transfers(c).length, c.location?.lat]).toEqual(['PHR', 1, PHRAE_PIN_2.lat]);
    await waitFor(() => linesWith(PHR_GROUP, 'ตำแหน่งใหม่') > before, 'the new place at Phrae');
    expect(linesWith(CMI_GROUP, no)).toBe(oldGroup);
  });
});

describe('a later pin through the follow-up path (updates)', () => {
  it('when a case opened without a place gets a pin in Phrae, then it moves to Phrae and the reporter is told', async () => {
    const c = await open({ sos: true, urgent: true, problemTypes: [] });
    expect(c.centerCode).toBe('CMI');
    const person = new ChatUser(h, app, c.reporterUserId!);
    await person.pin(PHRAE_PIN.lat, PHRAE_PIN.lng, PHRAE_PIN.address);
    await settle(app);
    const after = await get(c.caseNumber);
    expect([after.centerCode, transfers(after).length, transfers(after)[0]?.id.endsWith(':info:reroute')]).toEqual(['PHR', 1, true]);
    await waitFor(() => words(PHR_GROUP).includes(c.caseNumber), 'the card at Phrae');
    await waitFor(() => words(person.userId).includes(`เรื่องเลขที่ ${c.caseNumber} ให้ ${PHR_NAME}`), 'the reporter told');
  });

  it('when a case on Chiang Mai by its own pin gets a pin in Phrae before anyone took it, then it moves (the newest place is where the person is)', async () => {
    const c = await open({ location: { ...CHIANG_MAI_PIN } });
    expect([c.centerCode, c.location?.province]).toEqual(['CMI', 'เชียงใหม่']);
    await new ChatUser(h, app, c.reporterUserId!).pin(PHRAE_PIN.lat, PHRAE_PIN.lng, PHRAE_PIN.address);
    await settle(app);
    expect((await get(c.caseNumber)).centerCode).toBe('PHR');
  });

  it('when the pin is in a province no center serves, then nothing moves and the group still reads the new place', async () => {
    const c = await open({ sos: true, urgent: true, problemTypes: [] });
    await new ChatUser(h, app, c.reporterUserId!).pin(KHON_KAEN_PIN.lat, KHON_KAEN_PIN.lng);
    await settle(app);
    const after = await get(c.caseNumber);
    expect([after.centerCode, transfers(after).length, after.location?.province]).toEqual(['CMI', 0, 'ขอนแก่น']);
    await waitFor(() => words(CMI_GROUP).split(`ผู้แจ้งส่งข้อมูลเพิ่มเติมเรื่อง ${c.caseNumber}`).length > 1, 'the new place at Chiang Mai');
  });

  it('when the pin is in the province of the center it has, then nothing moves', async () => {
    const c = await open({ location: { ...CHIANG_MAI_PIN } });
    await new ChatUser(h, app, c.reporterUserId!).pin(CHIANG_MAI_PIN.lat + 0.01, CHIANG_MAI_PIN.lng);
    await settle(app);
    const after = await get(c.caseNumber);
    expect([after.centerCode, transfers(after).length]).toEqual(['CMI', 0]);
  });
});

describe('a later place in a province no center serves', () => {
  const OUT_OF_AREA_KHON_KAEN = 'นอกพื้นที่ ขอนแก่น (ต้องประสานส่งต่อ)';
  const infoLines = (chat: string, no: string) =>
    h.emulator.messagesTo(chat).map(wordsIn).filter((w) => w.includes(`ผู้แจ้งส่งข้อมูลเพิ่มเติมเรื่อง ${no}`));
  const mark = (c: CaseRecord) => [c.location?.province, c.location?.outOfProvince];

  it('when a waiting case gets a pin there, then its place carries the out-of-area mark a case opened there carries, and its group reads นอกพื้นที่', async () => {
    const openedThere = await open({ location: { ...KHON_KAEN_PIN } });
    expect([openedThere.centerCode, ...mark(openedThere)]).toEqual(['CMI', 'ขอนแก่น', true]);
    const c = await open({ sos: true, urgent: true, problemTypes: [] });
    await new ChatUser(h, app, c.reporterUserId!).pin(KHON_KAEN_PIN.lat, KHON_KAEN_PIN.lng);
    await settle(app);
    const after = await get(c.caseNumber);
    expect([after.centerCode, transfers(after).length, ...mark(after)]).toEqual(['CMI', 0, 'ขอนแก่น', true]);
    const line = await waitFor(() => infoLines(CMI_GROUP, c.caseNumber)[0], 'the new place at Chiang Mai');
    expect(line).toContain(`⚠️ ตำแหน่งใหม่อยู่${OUT_OF_AREA_KHON_KAEN} ไม่มีศูนย์ในระบบที่ดูแลจังหวัดนี้`);
    // The API's list (read by dashboards) shows the mark as it shows a case opened out of area.
    const list = await request(app.service.app).get('/api/cases').set('authorization', 'Bearer test-admin-token-0123456789');
    const item = (list.body.items as Array<{ caseNumber: string; location?: { outOfProvince?: boolean } }>).find((i) => i.caseNumber === c.caseNumber);
    expect(item?.location?.outOfProvince).toBe(true);
  });

  it('when an officer has the case, then it stays with them, their group reads นอกพื้นที่, and no transfer is suggested', async () => {
    const c = await open({ sos: true, urgent: true, problemTypes: [] });
    await new ChatUser(h, app, 'U-cmi-officer-2', CMI_GROUP).say(`รับเรื่อง ${c.caseNumber}`);
    await new ChatUser(h, app, c.reporterUserId!).pin(KHON_KAEN_PIN.lat, KHON_KAEN_PIN.lng);
    await settle(app);
    const after = await get(c.caseNumber);
    expect([after.status, after.centerCode, ...mark(after)]).toEqual(['acknowledged', 'CMI', 'ขอนแก่น', true]);
    const line = await waitFor(() => infoLines(CMI_GROUP, c.caseNumber)[0], 'the new place at Chiang Mai');
    expect(line).toContain(OUT_OF_AREA_KHON_KAEN);
    expect(words(CMI_GROUP)).not.toContain(`พิมพ์ โอน ${c.caseNumber}`);
  });

  it('when a case opened out of area gets a pin in the province of its center, then the mark is gone, as for a case opened there', async () => {
    const c = await open({ location: { ...KHON_KAEN_PIN } });
    await new ChatUser(h, app, c.reporterUserId!).pin(CHIANG_MAI_PIN.lat, CHIANG_MAI_PIN.lng);
    await settle(app);
    const after = await get(c.caseNumber);
    expect([after.centerCode, ...mark(after)]).toEqual(['CMI', 'เชียงใหม่', false]);
    const line = await waitFor(() => infoLines(CMI_GROUP, c.caseNumber)[0], 'the new place at Chiang Mai');
    expect(line).not.toContain('นอกพื้นที่');
  });

  it('when the SOS follow-ups get a pin there, then the case is marked and the group’s update says นอกพื้นที่ above the card', async () => {
    const { person, c } = await sosWithoutPin('U-reroute-sos-kkn');
    await person.send(locationEvent({ userId: person.userId, latitude: KHON_KAEN_PIN.lat, longitude: KHON_KAEN_PIN.lng, replyToken: h.emulator.issueReplyToken(person.userId) }));
    await settle(app);
    const after = await get(c.caseNumber);
    expect(after.timeline.some((e) => e.kind === 'details_updated' && e.location?.outOfProvince === true)).toBe(true);
    expect([after.centerCode, ...mark(after)]).toEqual(['CMI', 'ขอนแก่น', true]);
    const all = () => h.emulator.messagesTo(CMI_GROUP).map(wordsIn);
    const { at } = await waitFor(() => {
      const i = all().findIndex((w) => w.includes(`📝 ผู้แจ้งเพิ่มรายละเอียดเรื่อง ${c.caseNumber}`));
      return i >= 0 ? { at: i } : undefined;
    }, 'the details update at Chiang Mai');
    const [update, card] = all().slice(at, at + 2);
    expect(update).toContain(`⚠️ ตำแหน่งใหม่อยู่${OUT_OF_AREA_KHON_KAEN}`);
    // The card under it shows the place as a card of a case opened there does.
    expect([card.includes(c.caseNumber), card.includes(OUT_OF_AREA_KHON_KAEN)]).toEqual([true, true]);
  });
});

describe('a case already in an officer’s hands', () => {
  it('when its reporter pins in another center’s province, then it stays, its group gets one line with the transfer command, and the button moves it', async () => {
    const c = await open({ sos: true, urgent: true, problemTypes: [] });
    const officer = new ChatUser(h, app, 'U-cmi-officer', CMI_GROUP);
    await officer.say(`รับเรื่อง ${c.caseNumber}`);
    expect((await get(c.caseNumber)).status).toBe('acknowledged');
    await new ChatUser(h, app, c.reporterUserId!).pin(PHRAE_PIN.lat, PHRAE_PIN.lng, PHRAE_PIN.address);
    await settle(app);
    const after = await get(c.caseNumber);
    expect([after.centerCode, transfers(after).length]).toEqual(['CMI', 0]);
    const suggestion = `📍 ผู้แจ้งเรื่อง ${c.caseNumber} ส่งตำแหน่งใหม่ในพื้นที่ แพร่ ซึ่ง ${PHR_NAME} (PHR) ดูแล หากควรให้ศูนย์นั้นดูแลต่อ พิมพ์ โอน ${c.caseNumber} PHR`;
    await waitFor(() => words(CMI_GROUP).includes(suggestion), 'the suggestion');
    expect(words(PHR_GROUP)).not.toContain(c.caseNumber);
    await officer.tap('โอนให้ PHR');
    expect(officer.read()).toContain(`โอนเรื่อง ${c.caseNumber} ไปให้ ${PHR_NAME} (PHR) ดูแลแล้ว`);
    const moved = await get(c.caseNumber);
    expect([moved.centerCode, transfers(moved).map((e) => e.actor.kind)]).toEqual(['PHR', ['officer']]);
    await waitFor(() => words(PHR_GROUP).includes(c.caseNumber), 'the card at Phrae');
  });
});

describe('escalation follows any transfer of a waiting case', () => {
  it('when the admin API moves a waiting case, then a new escalation cycle starts on the new center’s SLA from the transfer', async () => {
    const c = await open({ sos: true, urgent: true, problemTypes: [] });
    const res = await request(app.service.app)
      .patch(`/api/cases/${c.caseNumber}`)
      .set('authorization', 'Bearer test-admin-token-0123456789')
      .send({ action: 'transfer', center: 'PHR' });
    expect(res.status).toBe(200);
    await settle(app);
    const moved = transfers(await get(c.caseNumber))[0];
    const timer = await app.conn.collection('timers').findOne({ _id: `escalate:${c.caseNumber}:${moved.id}:1` as never });
    expect(timer?.dueAt).toEqual(new Date(new Date(moved.at).getTime() + PHR_URGENT_SLA_MINUTES * 60_000));
  });
});

describe('"still safe?" follows the center the case is on', () => {
  const timerOf = (id: string) => app.conn.collection('timers').findOne({ _id: id as never });
  const halfPhr = (PHR_URGENT_SLA_MINUTES * 60_000) / 2;

  it('when an urgent case opens on Phrae (not the home center), then its reporter is first asked at half Phrae’s urgent SLA', async () => {
    const c = await open({ urgent: true, location: { ...PHRAE_PIN } });
    expect(c.centerCode).toBe('PHR');
    const first = await timerOf(`checkin:${c.caseNumber}:0.1`);
    expect(first?.dueAt).toEqual(new Date(new Date(c.createdAt).getTime() + halfPhr));
  });

  it('when a case re-routed to Phrae is asked, then the next question is due one Phrae SLA later, not the home center’s', async () => {
    const c = await open({ sos: true, urgent: true, problemTypes: [] });
    const firstId = `checkin:${c.caseNumber}:0.1`;
    // Scheduled at the opening, on the home center (Chiang Mai, 600 minutes): half of that.
    const first = await timerOf(firstId);
    expect(first?.dueAt).toEqual(new Date(new Date(c.createdAt).getTime() + 300 * 60_000));
    await new ChatUser(h, app, c.reporterUserId!).pin(PHRAE_PIN.lat, PHRAE_PIN.lng, PHRAE_PIN.address);
    await settle(app);
    expect((await get(c.caseNumber)).centerCode).toBe('PHR');
    // Fired ahead of its time: the next question is counted from the first one's due time, so the figure is exact.
    await app.conn.collection('timers').updateOne({ _id: firstId as never }, { $set: { nextAttemptAt: new Date() } });
    const next = await waitFor(() => timerOf(`checkin:${c.caseNumber}:0.2`), 'the next check-in');
    expect(next.dueAt).toEqual(new Date(first!.dueAt.getTime() + PHR_URGENT_SLA_MINUTES * 60_000));
  });
});

describe('an officer takes the case while its pin is being re-routed', () => {
  it('when the acknowledgement wins the race, then the transfer is refused on the fresh case and its group gets the suggestion instead', async () => {
    const c = await open({ sos: true, urgent: true, problemTypes: [] });
    const real = app.service.cases;
    const officer = { kind: 'officer' as const, id: 'U-cmi-racer', name: 'สมศรี' };
    // The officer's tap lands between the listener's decision (case still new) and the transfer's write.
    const racing: Pick<CaseService, 'setDutyRouting' | 'act'> = {
      setDutyRouting: (no, routing) => real.setDutyRouting(no, routing),
      act: async (no, action, actor, opts) => {
        if (action.type === 'transfer') await real.act(no, { type: 'acknowledge' }, officer, { entryId: `race-ack:${no}`, now: opts.now });
        return real.act(no, action, actor, opts);
      },
    };
    const registry = createGroupRegistry(app.conn, app.config);
    const escalation = escalationSettings(app.config);
    const outbox = new RecordingOutbox();
    const listen = createDutyListener({
      cases: racing,
      outbox,
      timers: new RecordingTimers(),
      config: app.config,
      logger: silentLogger(),
      registry,
      escalation,
      groups: createCenterGroups({ config: app.config, registry, centers: app.service.centers, escalation }),
    });
    const pinEntry: TimelineEntry = {
      id: `race-pin:${c.caseNumber}:info`,
      at: new Date(),
      kind: 'reporter_info',
      actor: { kind: 'reporter', id: c.reporterUserId },
      public: true,
      location: { lat: PHRAE_PIN.lat, lng: PHRAE_PIN.lng, province: 'แพร่' },
    };
    await listen(c, pinEntry);
    await settle(app);
    const after = await get(c.caseNumber);
    expect([after.status, after.centerCode, transfers(after).length]).toEqual(['acknowledged', 'CMI', 0]);
    const suggestion = outbox.items.find((i) => i.id === `${pinEntry.id}:duty-reroute-suggest`);
    expect([suggestion?.to, JSON.stringify(suggestion?.messages).includes(`โอน ${c.caseNumber} PHR`)]).toEqual([CMI_GROUP, true]);
  });
});

