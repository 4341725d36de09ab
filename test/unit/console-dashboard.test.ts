import { median, nearestRank, shiftOf, weekOf } from '../../src/console/dashboard';
import { shiftAt } from '../../src/duty/shift';

describe('dashboard statistics', () => {
  test.each([
    [[], undefined, undefined],
    [[7], 7, 7],
    [[1, 2], 1.5, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 10],
  ])('of %j the median is %p and the p90 (nearest rank) is %p', (values, med, p90) => {
    expect(median(values)).toBe(med);
    expect(nearestRank(values, 0.9)).toBe(p90);
  });

  test.each([
    // Monday 00:30 in Bangkok is still Sunday in UTC: the week is the Bangkok one.
    ['2026-11-29T17:30:00Z', '2026-11-30'],
    ['2026-11-29T16:59:00Z', '2026-11-23'],
    ['2026-12-06T16:59:59Z', '2026-11-30'],
  ])('a case opened at %s is in the week of Monday %s', (at, monday) => {
    expect(weekOf(new Date(at))).toBe(monday);
  });

  test('the cached shift of a time is the shift shiftAt gives it, across days and both window shapes', () => {
    for (const window of ['08:30-16:30', '20:00-06:00']) {
      for (let i = 0; i < 3000; i++) {
        // Every 7 minutes and 13 seconds over about 15 days: every minute of the day, different days.
        const d = new Date(Date.UTC(2026, 10, 20) + i * 433_000);
        expect(shiftOf(d, window)).toBe(shiftAt(d, window));
      }
    }
  });
});
