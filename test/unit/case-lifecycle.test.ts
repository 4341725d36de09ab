import { decideCaseAction, type CaseAction, type CaseState } from '../../src/cases/decide';
import type { Actor } from '../../src/cases/types';
import type { CaseStatus } from '../../src/cases/vocab';

const officer: Actor = { kind: 'officer', id: 'U-officer', name: 'สมศรี' };
const reporter: Actor = { kind: 'reporter', id: 'U-reporter' };
const system: Actor = { kind: 'system' };
const now = new Date('2026-11-22T03:00:00Z');
const state = (status: CaseStatus, extra: Partial<CaseState> = {}): CaseState => ({ status, problemTypes: ['income'], urgent: false, ...extra });

const allowed: Array<[CaseStatus, CaseAction, Actor, CaseStatus]> = [
  ['new', { type: 'acknowledge' }, officer, 'acknowledged'],
  ['acknowledged', { type: 'start' }, officer, 'in_progress'],
  ['referred', { type: 'start' }, officer, 'in_progress'],
  ['acknowledged', { type: 'refer', agency: 'โรงพยาบาลแพร่' }, officer, 'referred'],
  ['in_progress', { type: 'refer', agency: 'สถานีตำรวจ' }, officer, 'referred'],
  ['acknowledged', { type: 'close', outcome: 'resolved', note: 'ช่วยแล้ว' }, officer, 'closed'],
  ['in_progress', { type: 'close', outcome: 'unable', note: 'ติดต่อไม่ได้' }, officer, 'closed'],
  ['referred', { type: 'close', outcome: 'out_of_scope', note: 'ส่งต่อแล้ว' }, officer, 'closed'],
  ['closed', { type: 'reopen', text: 'ยังไม่ได้รับความช่วยเหลือ' }, reporter, 'new'],
];

const refused: Array<[CaseStatus, CaseAction, Actor, string]> = [
  ['acknowledged', { type: 'acknowledge' }, officer, 'already_acknowledged'],
  ['closed', { type: 'acknowledge' }, officer, 'closed'],
  ['new', { type: 'start' }, officer, 'not_acknowledged'],
  ['in_progress', { type: 'start' }, officer, 'same_status'],
  ['new', { type: 'refer', agency: 'พมจ.' }, officer, 'not_acknowledged'],
  ['acknowledged', { type: 'refer', agency: '   ' }, officer, 'invalid'],
  ['new', { type: 'close', outcome: 'resolved', note: '' }, officer, 'not_acknowledged'],
  ['closed', { type: 'close', outcome: 'resolved', note: '' }, officer, 'closed'],
  ['in_progress', { type: 'reopen' }, reporter, 'not_closed'],
  ['new', { type: 'rate', score: 5 }, reporter, 'not_closed'],
  ['closed', { type: 'rate', score: 6 }, reporter, 'invalid'],
  ['new', { type: 'acknowledge' }, reporter, 'not_allowed_for_actor'],
  ['closed', { type: 'reopen' }, officer, 'not_allowed_for_actor'],
  ['acknowledged', { type: 'escalate', round: 1 }, system, 'already_acknowledged'],
  ['closed', { type: 'add_problem_types', problemTypes: ['violence'] }, officer, 'closed'],
  ['new', { type: 'add_problem_types', problemTypes: ['income'] }, officer, 'invalid'],
];

describe('case lifecycle', () => {
  it.each(allowed)('when a %s case gets %j from %j, then it becomes %s', (from, action, actor, to) => {
    const d = decideCaseAction(state(from), action, actor, now, 'e1');
    expect(d.ok && d.changes.set.status).toBe(to);
  });

  it.each(refused)('when a %s case gets %j from %j, then it is refused: %s', (from, action, actor, reason) => {
    expect(decideCaseAction(state(from), action, actor, now, 'e1')).toEqual({ ok: false, reason });
  });

  it('when an officer acknowledges, then the officer owns the case and the entry is public', () => {
    const d = decideCaseAction(state('new'), { type: 'acknowledge' }, officer, now, 'e1');
    expect(d).toMatchObject({
      ok: true,
      changes: { set: { owner: { id: 'U-officer', name: 'สมศรี' }, acknowledgedAt: now } },
      entry: { id: 'e1', kind: 'acknowledged', public: true, at: now },
    });
  });

  it('when an officer writes a note, then the entry is internal (never shown to the reporter)', () => {
    const d = decideCaseAction(state('in_progress'), { type: 'note', text: 'โทรหาญาติแล้ว' }, officer, now, 'e1');
    expect(d.ok && d.entry.public).toBe(false);
  });

  it('when violence is added to a case, then it becomes urgent', () => {
    const d = decideCaseAction(state('acknowledged'), { type: 'add_problem_types', problemTypes: ['violence'] }, officer, now, 'e1');
    expect(d.ok && d.changes).toEqual({ set: { urgent: true }, addToSet: { problemTypes: ['violence'] } });
  });

  it('when a closed case is reopened, then it counts the reopening and goes back to the queue', () => {
    const d = decideCaseAction(state('closed'), { type: 'reopen', text: 'ยังไม่ได้รับ' }, reporter, now, 'e1');
    expect(d.ok && d.changes.inc).toEqual({ reopenCount: 1 });
    expect(d.ok && d.changes.set.escalationRound).toBe(0);
  });

  it('when a case was already rated, then a second rating is refused', () => {
    expect(decideCaseAction(state('closed', { rating: { score: 4 } }), { type: 'rate', score: 2 }, reporter, now, 'e1')).toEqual({
      ok: false,
      reason: 'already_rated',
    });
  });

  it('when the system transfers a waiting case (a re-route by a later place), then it moves and the entry names the province', () => {
    const d = decideCaseAction(state('new'), { type: 'transfer', to: 'PHR', from: 'CMI', toName: 'ศรส. แพร่', province: 'แพร่' }, system, now, 'e1:reroute');
    expect(d).toMatchObject({
      ok: true,
      changes: { set: { centerCode: 'PHR' } },
      entry: { kind: 'transferred', actor: system, public: true, fromCenter: 'CMI', toCenter: 'PHR', text: 'ศรส. แพร่', province: 'แพร่' },
    });
  });

  it('when a place comes with the SOS follow-ups, then it becomes the case’s place, the one it replaces is kept, and the entry names it', () => {
    const before = { lat: 18.79, lng: 98.98, province: 'เชียงใหม่' };
    const place = { lat: 18.1446, lng: 100.1403, province: 'แพร่' };
    const opened = new Date('2026-11-22T02:00:00Z');
    const d = decideCaseAction(state('new', { location: before, createdAt: opened }), { type: 'update_details', patch: { location: place } }, reporter, now, 'e1');
    expect(d).toMatchObject({
      ok: true,
      changes: { set: { location: place, locationHistory: [{ ...before, at: opened }, { ...place, at: now }] } },
      entry: { kind: 'details_updated', location: place },
    });
  });

  it('when the follow-ups add no place, then the entry names none', () => {
    const d = decideCaseAction(state('new'), { type: 'update_details', patch: { phone: '0812345678' } }, reporter, now, 'e1');
    expect(d.ok && [d.entry.location, d.changes.set.locationHistory]).toEqual([undefined, undefined]);
  });

  it.each<CaseStatus>(['acknowledged', 'in_progress', 'referred'])('when the system would transfer a case that is %s (an officer took it in between), then it is refused', (status) => {
    expect(decideCaseAction(state(status), { type: 'transfer', to: 'PHR', from: 'CMI', toName: 'ศรส. แพร่', province: 'แพร่' }, system, now, 'e1')).toEqual({
      ok: false,
      reason: 'already_acknowledged',
    });
    expect(decideCaseAction(state(status), { type: 'transfer', to: 'PHR', from: 'CMI', toName: 'ศรส. แพร่' }, officer, now, 'e1').ok).toBe(true);
  });
});
