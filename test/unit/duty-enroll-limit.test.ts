import { decideEnrollFailure, decideEnrollGate, ENROLL_LOCK_MS, type EnrollAttemptsState } from '../../src/duty/enroll-limit';

const T0 = new Date('2026-06-15T10:00:00+07:00');
const min = (m: number) => new Date(T0.getTime() + m * 60_000);

/** Wrong codes typed at the given minutes, one event each. */
function failAt(minutes: number[]): { state: EnrollAttemptsState | undefined; locked: boolean[] } {
  let state: EnrollAttemptsState | undefined;
  const locked: boolean[] = [];
  minutes.forEach((m, i) => {
    const r = decideEnrollFailure(state, `ev${i}`, min(m));
    state = r.state;
    locked.push(r.locked);
  });
  return { state, locked };
}

test('when five wrong codes arrive within ten minutes, then the fifth locks the group out for thirty minutes', () => {
  const { state, locked } = failAt([0, 1, 2, 3, 4]);
  expect([locked, state?.lockedUntil]).toEqual([[false, false, false, false, true], new Date(min(4).getTime() + ENROLL_LOCK_MS)]);
});

test('when five wrong codes are spread over more than ten minutes, then nothing is locked', () => {
  expect(failAt([0, 3, 6, 9, 12]).locked).toEqual([false, false, false, false, false]);
});

test('when the same event is processed again, then it counts once', () => {
  let s: EnrollAttemptsState | undefined;
  for (let i = 0; i < 6; i++) s = decideEnrollFailure(s, 'same-event', min(i)).state;
  expect(s?.failures).toHaveLength(1);
});

const LOCKED: EnrollAttemptsState = { failures: [], lockedUntil: min(34), lockedByEventId: 'ev4' };
test.each([
  ['before any failure', undefined, 'ev9', 5, 'open'],
  ['during the lockout, for the event that locked it', LOCKED, 'ev4', 5, 'locked_answer'],
  ['during the lockout, for any other code', LOCKED, 'ev5', 20, 'locked_silent'],
  ['once the lockout is over', LOCKED, 'ev6', 34, 'open'],
] as [string, EnrollAttemptsState | undefined, string, number, string][])('when a code is typed %s, then the gate is %s', (_when, state, eventId, at, gate) => {
  expect(decideEnrollGate(state, eventId, min(at))).toBe(gate);
});
