import { dutyPostback } from '../../src/duty/commands';
import { escalationSettings } from '../../src/duty';
import { createDutyListener } from '../../src/duty/listener';
import { createGroupRegistry } from '../../src/duty/store';
import type { TimelineEntry } from '../../src/cases/types';
import { silentLogger } from '../../src/log/logger';
import { checkMessages } from '../../src/line/limits';
import { bkk, openCase, startDutyWorld, textOf, type DutyWorld } from '../helpers/duty-fakes';
import { bangkok } from '../../src/time/thai-time';
import { postbackEvent, textEvent } from '../helpers/line';

/** Contract 4 (handover, forgotten cases) and the group side of contracts 2, 3 and 5. */

const DAY = 'Cday000000000000000000000000000009';
const NIGHT = 'Cnight00000000000000000000000000009';
const ESC = 'Cescalation000000000000000000009';
const A = 'Uofficer_a0000000000000000000019';
const NEXT_DAY = bangkok(bkk('12:00')).add(1, 'day').format('YYYY-MM-DD');

let w: DutyWorld;
beforeAll(async () => {
  w = await startDutyWorld('duty_handover', { DUTY_GROUP_ID: DAY, DUTY_NIGHT_GROUP_ID: NIGHT, ESCALATION_GROUP_ID: ESC });
  w.profiles.names.set(A, 'สมหญิง');
});
afterAll(() => w.stop());
beforeEach(() => w.outbox.clear());

const ack = (no: string, when: Date, group = DAY) =>
  w.send(postbackEvent({ groupId: group, userId: A, data: dutyPostback.ack(no), timestamp: when.getTime() }));
const staleTimer = (no: string, round = 1) => w.timers.ids(`stale:${no}:`).filter((id) => id.endsWith(`:${round}`)).at(-1)!;
const staleTo = (chat: string) => w.outbox.to(chat).filter((i) => i.id.startsWith('stale:'));

describe('forgotten cases', () => {
  test('when an acknowledged case has no activity for 24 hours, then the group on shift is told, mentioning everyone', async () => {
    const c = await openCase(w, bkk('10:00'));
    await ack(c.caseNumber, bkk('10:05'));
    const id = staleTimer(c.caseNumber);
    expect(w.timers.scheduled.get(id)?.dueAt).toEqual(bkk('10:05', NEXT_DAY));
    await w.timers.fire(id);
    const [notice] = staleTo(DAY)[0].messages;
    expect([notice.type, textOf(notice).includes('ไม่มีความเคลื่อนไหว 24 ชั่วโมง'), staleTo(ESC).length]).toEqual(['textV2', true, 0]);
  });

  test('when the second round fires, then the escalation group is told too', async () => {
    const c = await openCase(w, bkk('10:00'));
    await ack(c.caseNumber, bkk('10:05'));
    await w.timers.fire(staleTimer(c.caseNumber, 1));
    await w.timers.fire(staleTimer(c.caseNumber, 2));
    expect([staleTo(DAY).length, staleTo(ESC).length, staleTo(ESC).flatMap((i) => checkMessages(i.messages))]).toEqual([2, 1, []]);
  });

  test('when an officer adds a note in between, then the older check announces nothing and a new one starts', async () => {
    const c = await openCase(w, bkk('10:00'));
    await ack(c.caseNumber, bkk('10:05'));
    const old = staleTimer(c.caseNumber);
    await w.send(textEvent({ groupId: DAY, userId: A, text: `บันทึก ${c.caseNumber} โทรนัดเยี่ยมบ้านพรุ่งนี้`, timestamp: bkk('15:00').getTime() }));
    w.outbox.clear();
    await w.timers.fire(old);
    const fresh = w.timers.ids(`stale:${c.caseNumber}:`).filter((id) => id !== old && id.endsWith(':1'));
    expect([staleTo(DAY).length, fresh.length, w.timers.scheduled.get(fresh[0])?.dueAt]).toEqual([0, 1, bkk('15:00', NEXT_DAY)]);
  });

  test('when the case was closed by then, then the check announces nothing', async () => {
    const c = await openCase(w, bkk('10:00'));
    await ack(c.caseNumber, bkk('10:05'));
    const id = staleTimer(c.caseNumber);
    await w.send(textEvent({ groupId: DAY, userId: A, text: `ปิด ${c.caseNumber} ช่วยเหลือแล้ว เรียบร้อย`, timestamp: bkk('11:00').getTime() }));
    w.outbox.clear();
    await w.timers.fire(id);
    expect(w.outbox.items).toEqual([]);
  });

  test('when a stale check fires twice, then the case is announced once', async () => {
    const c = await openCase(w, bkk('10:00'));
    await ack(c.caseNumber, bkk('10:05'));
    const id = staleTimer(c.caseNumber);
    await w.timers.fire(id);
    await w.timers.fire(id);
    const after = await w.cases.get(c.caseNumber);
    expect([after?.timeline.filter((e) => e.kind === 'stale_escalated').length, staleTo(DAY).length]).toEqual([1, 1]);
  });
});

describe('handover to the team on shift', () => {
  test('when a case opened at 20:00 is reopened at noon the next day, then the day group gets it, told the night team had it', async () => {
    const c = await openCase(w, bkk('20:00'));
    await ack(c.caseNumber, bkk('20:05'), NIGHT);
    await w.cases.act(c.caseNumber, { type: 'close', outcome: 'resolved', note: 'จบ' }, { kind: 'officer', id: A }, { entryId: `close-${c.caseNumber}`, now: bkk('21:00') });
    await w.cases.act(c.caseNumber, { type: 'reopen', text: 'ยังไม่ได้รับความช่วยเหลือ' }, { kind: 'reporter' }, { entryId: `reopen-${c.caseNumber}`, now: bkk('12:00', NEXT_DAY) });
    const item = w.outbox.items.find((i) => i.id === `reopen-${c.caseNumber}:duty-reopened`);
    expect([item?.to, JSON.stringify(item?.messages).includes('เวรกลางคืน (Night Team)')]).toEqual([DAY, true]);
    expect((await w.cases.get(c.caseNumber))?.dutyTeam).toBe('day');
  });

  test('when the reporter adds words at night to a case the day group got, then the night group hears them', async () => {
    const c = await openCase(w, bkk('10:00'));
    await w.cases.act(c.caseNumber, { type: 'reporter_info', text: 'เขากลับมาอีกแล้ว' }, { kind: 'reporter' }, { entryId: `info-${c.caseNumber}`, now: bkk('22:00') });
    expect(w.outbox.items.find((i) => i.id === `info-${c.caseNumber}:duty-info`)?.to).toBe(NIGHT);
  });

  test('when an unacknowledged case escalates after the shift changed, then the card says which team had it', async () => {
    const c = await openCase(w, bkk('16:25'));
    const [id] = w.timers.ids(`escalate:${c.caseNumber}:`);
    await w.timers.fire(id);
    const item = w.outbox.to(NIGHT).find((i) => i.id.startsWith('escalate:'));
    expect(JSON.stringify(item?.messages)).toContain('เวรกลางวัน (Day Team)');
  });

  test('when an urgent case is announced, then its card goes to the outbox as urgent (contract 5)', async () => {
    await openCase(w, bkk('10:00'), { problemTypes: ['violence'] });
    await openCase(w, bkk('10:00'), { problemTypes: ['income'] });
    expect(w.outbox.items.filter((i) => i.id.endsWith(':duty-card')).map((i) => i.priority)).toEqual(['urgent', undefined]);
  });
});

describe('what the reporter adds (contracts 2 and 3)', () => {
  const listen = () =>
    createDutyListener({
      cases: w.cases,
      outbox: w.outbox,
      timers: w.timers,
      config: w.config,
      logger: silentLogger(),
      registry: createGroupRegistry(w.conn, w.config),
      escalation: escalationSettings(w.config),
    });
  const entry = (over: Partial<TimelineEntry> & Record<string, unknown>): TimelineEntry =>
    ({ id: `e-${Math.random()}`, at: bkk('10:30'), actor: { kind: 'reporter' }, public: true, ...over }) as TimelineEntry;

  test('when the reporter of an urgent case sends a new pin, then the group reads "ตำแหน่งใหม่" with the map link', async () => {
    const c = await openCase(w, bkk('10:00'), { problemTypes: ['violence'] });
    const e = entry({ kind: 'reporter_info', location: { lat: 18.2, lng: 100.1 } });
    await listen()(c, e);
    const [m] = w.outbox.items.find((i) => i.id === `${e.id}:duty-info`)!.messages;
    expect([textOf(m).includes('ตำแหน่งใหม่'), textOf(m).includes('query=18.200000,100.100000')]).toEqual([true, true]);
  });

  test('when the reporter says they are not safe, then the group on shift and the escalation group are alerted at once', async () => {
    const c = await openCase(w, bkk('10:00'), { problemTypes: ['violence'] });
    const e = entry({ kind: 'checkin' as TimelineEntry['kind'], safe: false, public: false });
    await listen()(c, e);
    const sent = w.outbox.items.filter((i) => i.id.startsWith(e.id));
    expect(sent.map((i) => [i.to, i.priority, i.messages[0].type])).toEqual([
      [DAY, 'urgent', 'textV2'],
      [ESC, 'urgent', 'textV2'],
    ]);
  });

  test('when the reporter says they are safe, then the groups are not disturbed', async () => {
    const c = await openCase(w, bkk('10:00'), { problemTypes: ['violence'] });
    await listen()(c, entry({ kind: 'checkin' as TimelineEntry['kind'], safe: true, public: false }));
    expect(w.outbox.items.filter((i) => i.id.startsWith('e-'))).toEqual([]);
  });
});

