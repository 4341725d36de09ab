import { linearSlope, summarise, type Sample } from '../../scripts/bench-soak-lib';

/** The arithmetic behind `scripts/bench-soak.ts` (the soak itself is never run in a test). */

const sample = (tS: number, serviceRssMB: number, dbRssMB = 0): Sample => ({
  tS,
  phase: 'soak',
  serviceRssMB,
  serviceHeapMB: serviceRssMB / 2,
  serviceHeapTotalMB: serviceRssMB / 2,
  serviceExternalMB: 0,
  dbRssMB,
  dbHeapMB: 0,
  counts: {},
});

describe('linearSlope', () => {
  it('when the points lie on a line, then its slope comes back', () => {
    expect(linearSlope([[0, 1], [1, 3], [2, 5], [3, 7]])).toBeCloseTo(2);
  });

  it('when the points are noise around a flat line, then the slope is about zero', () => {
    expect(linearSlope([[0, 100], [1, 104], [2, 96], [3, 100], [4, 104], [5, 96]])).toBeCloseTo(-0.457, 2);
  });

  it('when there is one point or all share one x, then the slope is 0 rather than NaN', () => {
    expect(linearSlope([[1, 5]])).toBe(0);
    expect(linearSlope([[1, 5], [1, 9]])).toBe(0);
  });
});

describe('summarise', () => {
  it('when memory rises and then levels off, then start, peak and end are read off and only the flat last half sets the slope', () => {
    // Rises 10 MB/min for 5 min, then flat for 5 min: bounded.
    const samples = Array.from({ length: 11 }, (_, m) => sample(m * 60, 100 + 10 * Math.min(m, 5), 50));
    const s = summarise(samples);
    expect(s.serviceRssMB).toMatchObject({ start: 100, peak: 150, end: 150 });
    expect(s.serviceRssMB.slope).toBeCloseTo(0);
    expect(s.totalRssMB).toMatchObject({ start: 150, peak: 200, end: 200 });
    expect(s.lastHalf.map((x) => x.tS)).toEqual([300, 360, 420, 480, 540, 600]);
  });

  it('when memory keeps rising, then the last-half slope is its rate per minute, for the total as for each process', () => {
    const samples = Array.from({ length: 11 }, (_, m) => sample(m * 60, 100 + 3 * m, 40 + 2 * m));
    const s = summarise(samples);
    expect(s.serviceRssMB.slope).toBeCloseTo(3);
    expect(s.dbRssMB.slope).toBeCloseTo(2);
    expect(s.totalRssMB.slope).toBeCloseTo(5);
  });

  it('when there are no samples, then the figures are NaN and the slope 0 (printed as –, never as a verdict on nothing)', () => {
    const s = summarise([]);
    expect(s.serviceRssMB.start).toBeNaN();
    expect(s.serviceRssMB.peak).toBeNaN();
    expect(s.serviceRssMB.slope).toBe(0);
  });
});
