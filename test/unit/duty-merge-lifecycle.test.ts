import { decideCaseAction, type CaseAction, type CaseState } from '../../src/cases/decide';
import type { Actor } from '../../src/cases/types';
import type { CaseStatus } from '../../src/cases/vocab';

/** The lifecycle steps duty added: merge (contract 1) and the forgotten-case announcement (contract 4). */

const officer: Actor = { kind: 'officer', id: 'U-officer', name: 'สมศรี' };
const reporter: Actor = { kind: 'reporter', id: 'U-reporter' };
const system: Actor = { kind: 'system' };
const now = new Date('2026-11-22T03:00:00Z');
const state = (status: CaseStatus): CaseState => ({ status, problemTypes: ['violence'], urgent: true });
const decide = (status: CaseStatus, action: CaseAction, actor: Actor = officer) => decideCaseAction(state(status), action, actor, now, 'ev1');

test.each([['new'], ['acknowledged'], ['in_progress'], ['referred']] as const)(
  'when a %s case is merged into another, then it closes as a duplicate naming the case that carries on',
  (status) => {
    expect(decide(status, { type: 'merge', into: 'PHR-2569-0002' })).toEqual({
      ok: true,
      changes: { set: { status: 'closed', outcome: 'duplicate', mergedInto: 'PHR-2569-0002', closedAt: now } },
      entry: { id: 'ev1', at: now, kind: 'closed', actor: officer, public: true, outcome: 'duplicate', mergedInto: 'PHR-2569-0002' },
    });
  },
);

test.each([
  ['a closed case is merged', 'closed', { type: 'merge', into: 'PHR-2569-0002' }, officer, 'closed'],
  ['a merge names no case', 'acknowledged', { type: 'merge', into: '  ' }, officer, 'invalid'],
  ['a reporter tries to merge', 'acknowledged', { type: 'merge', into: 'PHR-2569-0002' }, reporter, 'not_allowed_for_actor'],
  ['a plain close claims the duplicate outcome', 'acknowledged', { type: 'close', outcome: 'duplicate', note: 'ซ้ำ' }, officer, 'invalid'],
  ['a forgotten-case announcement reaches a referred case', 'referred', { type: 'escalate_stale', round: 1 }, system, 'same_status'],
  ['an officer makes a forgotten-case announcement', 'acknowledged', { type: 'escalate_stale', round: 1 }, officer, 'not_allowed_for_actor'],
] as [string, CaseStatus, CaseAction, Actor, string][])('when %s, then it is refused (%s)', (_what, status, action, actor, reason) => {
  expect(decide(status, action, actor)).toEqual({ ok: false, reason });
});

test('when the case that carries on is told of the merge, then a public merged_from entry names the copy', () => {
  expect(decide('acknowledged', { type: 'merged_from', from: 'PHR-2569-0007' })).toMatchObject({
    ok: true,
    changes: { set: {} },
    entry: { kind: 'merged_from', public: true, text: 'PHR-2569-0007' },
  });
});

test('when a forgotten acknowledged case is announced, then an internal entry records the round and nothing else changes', () => {
  expect(decide('in_progress', { type: 'escalate_stale', round: 2 }, system)).toMatchObject({
    ok: true,
    changes: { set: {} },
    entry: { kind: 'stale_escalated', public: false, round: 2 },
  });
});
