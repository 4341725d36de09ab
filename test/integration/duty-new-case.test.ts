import { caseModel } from '../../src/cases/model';
import { checkMessages } from '../../src/line/limits';
import { bkk, openCase, startDutyWorld, type DutyWorld } from '../helpers/duty-fakes';

const DAY = 'Cday000000000000000000000000000001';
const NIGHT = 'Cnight00000000000000000000000000001';
const env = { DUTY_GROUP_ID: DAY, DUTY_NIGHT_GROUP_ID: NIGHT };

let w: DutyWorld;
beforeAll(async () => {
  w = await startDutyWorld('duty_new_case', env);
});
afterAll(() => w.stop());
beforeEach(() => w.outbox.clear());

describe('a new case reaches the group on shift', () => {
  test.each([
    ['08:30', DAY],
    ['12:00', DAY],
    ['16:29', DAY],
    ['16:30', NIGHT],
    ['23:00', NIGHT],
    ['08:29', NIGHT],
  ])('when a case opens at %s Bangkok time, then its card goes to %s', async (hhmm, group) => {
    const c = await openCase(w, bkk(hhmm));
    const card = w.outbox.items.find((i) => i.id.endsWith(':duty-card') && i.messages.some((m) => JSON.stringify(m).includes(c.caseNumber)));
    expect(card?.to).toBe(group);
  });

  test('when a case opens, then the group it went to is recorded on the case', async () => {
    const c = await openCase(w, bkk('20:00'));
    expect((await w.cases.get(c.caseNumber))?.dutyGroupId).toBe(NIGHT);
  });

  test('when a case opens, then the card fits LINE limits', async () => {
    await openCase(w, bkk('10:00'));
    expect(checkMessages(w.outbox.items[0].messages)).toEqual([]);
  });

  test('when the card is minimal (default), then the group does not see the phone or details', async () => {
    await openCase(w, bkk('10:00'), { phone: '0899999999', details: 'รายละเอียดลับมาก' });
    const s = JSON.stringify(w.outbox.items[0].messages);
    expect([s.includes('0899999999'), s.includes('รายละเอียดลับมาก')]).toEqual([false, false]);
  });

  test('when an urgent case opens, then escalation round 1 is due after the urgent SLA', async () => {
    const c = await openCase(w, bkk('10:00'));
    const [id] = w.timers.ids(`escalate:${c.caseNumber}:`);
    expect(w.timers.scheduled.get(id)?.dueAt).toEqual(bkk('10:10'));
  });

  test('when a normal case opens, then escalation round 1 is due after the normal SLA', async () => {
    const c = await openCase(w, bkk('10:00'), { problemTypes: ['income'] });
    const [id] = w.timers.ids(`escalate:${c.caseNumber}:`);
    expect(w.timers.scheduled.get(id)?.dueAt).toEqual(bkk('11:00'));
  });

  test('when the notification is run again (sweep), then the card is enqueued under the same id to the same group', async () => {
    const c = await openCase(w, bkk('10:00'));
    await caseModel(w.conn).updateOne({ caseNumber: c.caseNumber }, { $set: { pendingNotify: [c.timeline[0].id], updatedAt: bkk('09:00') } }, { timestamps: false });
    await w.cases.sweepPendingNotifications(bkk('09:30'));
    expect(w.outbox.calls.filter((i) => i.id === `${c.timeline[0].id}:duty-card`).map((i) => i.to)).toEqual([DAY, DAY]);
  });
});

describe('with GROUP_CARD_DETAIL=full', () => {
  let full: DutyWorld;
  beforeAll(async () => {
    full = await startDutyWorld('duty_new_case_full', { ...env, GROUP_CARD_DETAIL: 'full' });
  });
  afterAll(() => full.stop());

  test('when a case opens, then the card carries the phone and the details', async () => {
    await openCase(full, bkk('10:00'), { phone: '0877777777', details: 'บ้านหลังวัด' });
    const s = JSON.stringify(full.outbox.items[0].messages);
    expect([s.includes('0877777777'), s.includes('บ้านหลังวัด')]).toEqual([true, true]);
  });
});

describe('with only registered groups', () => {
  test('when no group is configured or registered, then the case still opens and escalation is still scheduled', async () => {
    const bare = await startDutyWorld('duty_new_case_bare', {});
    try {
      const c = await openCase(bare, bkk('10:00'));
      expect([bare.outbox.items.length, bare.timers.ids(`escalate:${c.caseNumber}:`).length]).toEqual([0, 1]);
    } finally {
      await bare.stop();
    }
  });
});
