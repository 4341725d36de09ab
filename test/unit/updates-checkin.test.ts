import type { CaseRecord } from '../../src/cases/types';
import { checkMessages } from '../../src/line/limits';
import { checkinTimerId, decideCheckin, firstCheckin, parseCheckinPayload, type CheckinPayload } from '../../src/updates/checkin';
import { decide } from '../../src/updates/decide';
import { checkinAnswerMessages, checkinQuestionMessages, refusalMessages } from '../../src/updates/views';
import { caseRecord, entry, quickReplyData, readable } from '../helpers/updates-fakes';

/** "Still safe?": when it is asked, how often, and what each answer does. */

const t0 = new Date('2026-01-10T03:00:00Z');
const min = (m: number) => new Date(t0.getTime() + m * 60_000);
const settings = { urgentSlaMs: 10 * 60_000, maxRounds: 3 };
const ME = 'Ureporter000000000000000000000001';

const urgent = (extra: Partial<CaseRecord> = {}) => caseRecord({ urgent: true, sos: true, createdAt: t0, ...extra });
const payload = (n: number, cycle = 0): CheckinPayload => ({ caseNumber: 'PHR-2569-0001', cycle, n });

describe('firstCheckin', () => {
  it('when an urgent case opens, then "still safe?" is due at half the urgent SLA, under an id of its round', () => {
    const c = urgent();
    expect(firstCheckin(c, c.timeline[0]!, settings)).toEqual({
      id: 'checkin:PHR-2569-0001:0.1',
      kind: 'checkin',
      dueAt: min(5),
      payload: { caseNumber: 'PHR-2569-0001', cycle: 0, n: 1 },
    });
  });

  it('when a non-urgent case opens, then nothing is scheduled', () => {
    const c = caseRecord();
    expect(firstCheckin(c, c.timeline[0]!, settings)).toBeUndefined();
  });

  it('when an urgent case opened through the admin API has no LINE reporter, then nothing is scheduled', () => {
    const c = urgent({ reporterUserId: undefined });
    expect(firstCheckin(c, c.timeline[0]!, settings)).toBeUndefined();
  });

  it('when an urgent case is reopened, then its new cycle gets its own first round, counted from the reopening', () => {
    const reopened = entry('reopened', min(120));
    const c = urgent({ reopenCount: 1, timeline: [...urgent().timeline, entry('acknowledged', min(3)), entry('closed', min(60)), reopened] });
    expect(firstCheckin(c, reopened, settings)).toMatchObject({ id: 'checkin:PHR-2569-0001:1.1', dueAt: min(125) });
  });

  it('when a case waiting for an officer becomes urgent later, then the question is due from when it began waiting', () => {
    const made = entry('problem_types_added', min(2));
    const c = urgent({ sos: false, timeline: [...caseRecord({ createdAt: t0 }).timeline, made] });
    expect(firstCheckin(c, made, settings)).toMatchObject({ id: 'checkin:PHR-2569-0001:0.1', dueAt: min(5) });
  });

  it('when an acknowledged case changes, then nothing is scheduled', () => {
    const e = entry('details_updated', min(2));
    expect(firstCheckin(urgent({ status: 'acknowledged' }), e, settings)).toBeUndefined();
  });
});

describe('decideCheckin', () => {
  const timer = (dueMin: number, nowMin = dueMin) => ({ dueAt: min(dueMin), now: min(nowMin) });

  it('when the urgent case still waits, then the reporter is asked, and the next round is one SLA later', () => {
    expect(decideCheckin(urgent(), payload(1), timer(5), settings)).toEqual({
      kind: 'ask',
      to: ME,
      round: '0.1',
      next: { id: 'checkin:PHR-2569-0001:0.2', kind: 'checkin', dueAt: min(15), payload: { caseNumber: 'PHR-2569-0001', cycle: 0, n: 2 } },
    });
  });

  it('when the timer fires late (after an outage), then the next round counts from when it fired', () => {
    const d = decideCheckin(urgent(), payload(1), timer(5, 40), settings);
    expect(d.kind === 'ask' && d.next?.dueAt).toEqual(min(50));
  });

  it('when the last round is asked, then no further one is scheduled', () => {
    const d = decideCheckin(urgent(), payload(3), timer(25), settings);
    expect(d).toEqual({ kind: 'ask', to: ME, round: '0.3' });
  });

  it.each<[string, CaseRecord | null, CheckinPayload, string]>([
    ['an officer acknowledged it', urgent({ status: 'acknowledged' }), payload(1), 'not_new'],
    ['it was closed', urgent({ status: 'closed' }), payload(1), 'not_new'],
    ['the timer is from before a reopening', urgent({ reopenCount: 1 }), payload(1, 0), 'stale_cycle'],
    ['the rounds are used up', urgent(), payload(4), 'over_limit'],
    ['the case is gone', null, payload(1), 'not_found'],
  ])('when %s, then nobody is asked', (_, c, p, reason) => {
    expect(decideCheckin(c, p, timer(5), settings)).toEqual({ kind: 'skip', reason });
  });

  it('when the payload was tampered with, then it is not read', () => {
    expect(parseCheckinPayload({ caseNumber: 'PHR-2569-0001', cycle: -1, n: 1 })).toBeUndefined();
  });

  it('when the same round is scheduled twice, then it has the same id (the timers keep one)', () => {
    const c = urgent();
    expect(firstCheckin(c, c.timeline[0]!, settings)!.id).toBe(checkinTimerId('PHR-2569-0001', 0, 1));
  });
});

describe('the check-in messages', () => {
  it('when the question is built, then it asks "ยังปลอดภัยไหมคะ" with safe, not safe and 191, and LINE accepts it', () => {
    const [m] = checkinQuestionMessages('PHR-2569-0001', '0.1');
    expect([readable(m!).split('\n')[0], quickReplyData(m!), JSON.stringify(m).includes('tel:191'), checkMessages([m!])]).toEqual([
      'ยังปลอดภัยไหมคะ (เรื่อง PHR-2569-0001) แตะ "ปลอดภัย" หรือ "ไม่ปลอดภัย" ถ้ามีอันตรายตอนนี้ โทร 191',
      ['u:checkin:PHR-2569-0001:0.1:0', 'u:checkin:PHR-2569-0001:0.1:1', 'text:'],
      true,
      [],
    ]);
  });

  it('when the question is built, then it promises no team: it says the case still waits for an officer', () => {
    const words = readable(checkinQuestionMessages('PHR-2569-0001', '0.1')[0]!);
    expect([words.includes('ยังรอเจ้าหน้าที่รับเรื่อง'), /กำลังไป|กำลังเดินทาง|ประสานทีม/.test(words)]).toEqual([true, false]);
  });

  it('when the reporter answers "not safe", then 191 is shown at once as a button', () => {
    const [m] = checkinAnswerMessages('PHR-2569-0001', false);
    expect([readable(m!).includes('โทร 191 ได้ทันทีค่ะ'), JSON.stringify(m).includes('"uri":"tel:191"'), checkMessages([m!])]).toEqual([true, true, []]);
  });

  it('when "not safe" comes for a closed case, then 191 and a way to a new SOS are still shown', () => {
    const [m] = refusalMessages({ type: 'checkin', safe: false }, 'closed', 'PHR-2569-0001');
    expect([JSON.stringify(m).includes('tel:191'), quickReplyData(m!).includes('i:sos')]).toEqual([true, true]);
  });

  it('when the reporter answers, then the entry id is the round and answer, so a double tap records once', () => {
    const c = urgent();
    const run = (safe: boolean) => decide({ kind: 'checkin', caseNumber: c.caseNumber, round: '0.1', safe }, undefined, { case: c }, ME, t0).acts;
    expect([run(false)[0]!.entryId, run(true)[0]!.entryId]).toEqual(['checkin:PHR-2569-0001:0.1:unsafe', 'checkin:PHR-2569-0001:0.1:safe']);
  });

  it('when someone answers a check-in of another reporter\'s case, then nothing is recorded', () => {
    const c = urgent({ reporterUserId: 'Uother00000000000000000000000002' });
    expect(decide({ kind: 'checkin', caseNumber: c.caseNumber, round: '0.1', safe: false }, undefined, { case: c }, ME, t0).acts).toEqual([]);
  });
});
