/**
 * The arithmetic of scripts/bench-soak.ts, apart from its processes so unit tests can check it:
 * memory samples, the least-squares slope and the start/peak/end summary of a soak.
 */

/** The service's memory by where it lives, in MB. */
export interface ServiceDetail {
  /** V8's young generation (both semi-spaces) as reserved, and used. */
  newSpaceMB: number;
  newUsedMB: number;
  /** The old generation (old space + large objects + code + map space), as reserved, and used. */
  oldSpaceMB: number;
  oldUsedMB: number;
  /** The kernel's split of the RSS: anonymous memory (heaps, malloc) and file-backed pages (node, libraries). */
  rssAnonMB: number;
  rssFileMB: number;
}

export interface Sample {
  /** Seconds since sampling began. */
  tS: number;
  phase: 'open' | 'soak';
  serviceRssMB: number;
  serviceHeapMB: number;
  /** Heap reserved by V8 (used + free pages it has not given back). */
  serviceHeapTotalMB: number;
  /** Off-heap: buffers and array buffers. */
  serviceExternalMB: number;
  /** Where the service's RSS is (absent when the probe could not tell): see ServiceDetail. */
  serviceDetail?: ServiceDetail;
  /** 0 when the database runs inside the service (--embedded). */
  dbRssMB: number;
  dbHeapMB: number;
  /** Documents per collection. */
  counts: Record<string, number>;
}

/** Least-squares slope of y over x; 0 for fewer than two distinct x. */
export function linearSlope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

export interface Figure {
  start: number;
  peak: number;
  end: number;
  /** Per minute, over the samples of the second half of the time span. */
  slope: number;
}

type Measure = 'serviceRssMB' | 'serviceHeapMB' | 'dbRssMB' | 'dbHeapMB' | 'totalRssMB';

const value = (s: Sample, m: Measure) => (m === 'totalRssMB' ? s.serviceRssMB + s.dbRssMB : s[m]);

/** Start, peak, end and last-half slope of each measure over samples in time order. */
export function summarise(samples: readonly Sample[]): Record<Measure, Figure> & { lastHalf: Sample[] } {
  const first = samples[0];
  const last = samples[samples.length - 1];
  const mid = first && last ? (first.tS + last.tS) / 2 : 0;
  const lastHalf = samples.filter((s) => s.tS >= mid);
  const figure = (m: Measure): Figure => ({
    start: first ? value(first, m) : Number.NaN,
    peak: samples.length ? Math.max(...samples.map((s) => value(s, m))) : Number.NaN,
    end: last ? value(last, m) : Number.NaN,
    slope: linearSlope(lastHalf.map((s) => [s.tS / 60, value(s, m)] as const)),
  });
  return {
    serviceRssMB: figure('serviceRssMB'),
    serviceHeapMB: figure('serviceHeapMB'),
    dbRssMB: figure('dbRssMB'),
    dbHeapMB: figure('dbHeapMB'),
    totalRssMB: figure('totalRssMB'),
    lastHalf,
  };
}
