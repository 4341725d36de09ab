import type { CaseFigures } from '../cases/store';
import { shiftAt, type Shift } from '../duty/shift';
import { bangkok } from '../time/thai-time';
import type { SlaMinutes } from './views';

/**
 * The dashboard's figures, computed from a bounded read of a center's cases (CaseService
 * figuresOpenedBetween). Pure: cases + settings in, numbers out, so tests check them on known cases.
 *
 * - time to acknowledge / close: from opening to the first 'acknowledged' / 'closed' timeline entry
 *   (a reopened case keeps its first close: the officer's first answer is what the reporter waited for);
 * - median: the middle value (the mean of the two middle ones); p90: nearest rank (⌈0.9·n⌉-th smallest),
 *   so it is always a time some case really took;
 * - shift: the shift the case was opened in (its center's day shift, as the duty routing uses), because that shift
 *   had to acknowledge it;
 * - SLA met: acknowledged within ACK_SLA_*_MINUTES; a case still unacknowledged past its limit counts as
 *   missed, one still within its limit is not counted yet;
 * - reopen rate: cases reopened at least once / cases closed at least once.
 */

export interface Timing {
  count: number;
  median?: number;
  p90?: number;
}

export interface GroupFigures {
  cases: number;
  /** minutes */
  acknowledge: Timing;
  /** minutes */
  close: Timing;
  slaMet: number;
  slaCounted: number;
  /** 0–100, undefined when nothing is counted yet */
  slaPercent?: number;
}

export interface DashboardFigures {
  all: GroupFigures;
  byShift: Record<Shift, GroupFigures>;
  /** Monday-started Bangkok weeks, oldest first; `week` = the Monday as YYYY-MM-DD. */
  byWeek: Array<{ week: string } & GroupFigures>;
  escalations: { entries: number; cases: number };
  reopen: { reopened: number; closed: number; percent?: number };
  ratings: { count: number; mean?: number; byScore: [number, number, number, number, number] };
}

export function median(sorted: readonly number[]): number | undefined {
  const n = sorted.length;
  if (n === 0) return undefined;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

export function nearestRank(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

const timing = (values: number[]): Timing => {
  const s = [...values].sort((a, b) => a - b);
  return { count: s.length, median: median(s), p90: nearestRank(s, 0.9) };
};

const minutes = (from: Date, to: Date) => (new Date(to).getTime() - new Date(from).getTime()) / 60_000;
const firstAt = (c: CaseFigures, kind: 'acknowledged' | 'closed') => c.timeline.find((e) => e.kind === kind)?.at;

/** The Monday (Bangkok) of the week `d` falls in, as YYYY-MM-DD. */
export function weekOf(d: Date): string {
  const b = bangkok(d);
  return b.subtract((b.day() + 6) % 7, 'day').format('YYYY-MM-DD');
}

/**
 * Time-zone conversions cost ~0.2 ms each, too slow for thousands of cases: the shift and the week
 * are computed once per distinct key. Thailand keeps one UTC offset all year (no daylight saving),
 * so the UTC minute of the day and the UTC day decide the Bangkok minute of the day and the Bangkok
 * week; the values themselves still come from shiftAt and weekOf. The shift table is kept per
 * DAY_SHIFT for the process (at most 1,440 entries), the weeks per call.
 */
const shiftTables = new Map<string, Map<number, Shift>>();

export function shiftOf(d: Date, dayShift: string): Shift {
  let table = shiftTables.get(dayShift);
  if (!table) shiftTables.set(dayShift, (table = new Map()));
  const key = Math.floor(d.getTime() / 60_000) % 1440;
  let v = table.get(key);
  if (!v) table.set(key, (v = shiftAt(d, dayShift)));
  return v;
}

function weekMemo() {
  const weeks = new Map<number, string>();
  return (d: Date): string => {
    // The Bangkok day: +7 h, so one key per Bangkok calendar day.
    const key = Math.floor((d.getTime() + 7 * 3_600_000) / 86_400_000);
    let v = weeks.get(key);
    if (!v) weeks.set(key, (v = weekOf(d)));
    return v;
  };
}

/** One SLA (or shift) for every case, or each case's center's (the national desk's view of every center). */
export type PerCase<T> = T | ((c: CaseFigures) => T);
const of = <T>(v: PerCase<T>, c: CaseFigures): T => (typeof v === 'function' ? (v as (c: CaseFigures) => T)(c) : v);

function group(cases: readonly CaseFigures[], now: Date, slaOf: PerCase<SlaMinutes>): GroupFigures {
  const ack: number[] = [];
  const close: number[] = [];
  let slaMet = 0;
  let slaCounted = 0;
  for (const c of cases) {
    const a = firstAt(c, 'acknowledged');
    const cl = firstAt(c, 'closed');
    const sla = of(slaOf, c);
    const limit = c.urgent ? sla.urgent : sla.normal;
    if (a) {
      const m = minutes(c.createdAt, a);
      ack.push(m);
      slaCounted++;
      if (m <= limit) slaMet++;
    } else if (minutes(c.createdAt, now) > limit) slaCounted++;
    if (cl) close.push(minutes(c.createdAt, cl));
  }
  return {
    cases: cases.length,
    acknowledge: timing(ack),
    close: timing(close),
    slaMet,
    slaCounted,
    slaPercent: slaCounted ? (100 * slaMet) / slaCounted : undefined,
  };
}

export function dashboardFigures(cases: readonly CaseFigures[], opts: { now: Date; dayShift: PerCase<string>; sla: PerCase<SlaMinutes> }): DashboardFigures {
  const byShift = { day: [] as CaseFigures[], night: [] as CaseFigures[] };
  const week = weekMemo();
  const weeks = new Map<string, CaseFigures[]>();
  let escalationEntries = 0;
  let escalatedCases = 0;
  let reopened = 0;
  let closed = 0;
  const byScore: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  let scoreSum = 0;
  let rated = 0;
  for (const c of cases) {
    const opened = new Date(c.createdAt);
    byShift[shiftOf(opened, of(opts.dayShift, c))].push(c);
    const w = week(opened);
    const list = weeks.get(w);
    if (list) list.push(c);
    else weeks.set(w, [c]);
    const esc = c.timeline.filter((e) => e.kind === 'escalated' || e.kind === 'stale_escalated').length;
    escalationEntries += esc;
    if (esc > 0) escalatedCases++;
    if (firstAt(c, 'closed')) closed++;
    if (c.timeline.some((e) => e.kind === 'reopened')) reopened++;
    // The case's rating is its latest; the timeline's 'rated' entries are the fallback for older documents.
    const score = c.rating?.score ?? c.timeline.filter((e) => e.kind === 'rated' && typeof e.score === 'number').at(-1)?.score;
    if (typeof score === 'number' && score >= 1 && score <= 5) {
      byScore[Math.round(score) - 1]++;
      scoreSum += score;
      rated++;
    }
  }
  return {
    all: group(cases, opts.now, opts.sla),
    byShift: { day: group(byShift.day, opts.now, opts.sla), night: group(byShift.night, opts.now, opts.sla) },
    byWeek: [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, cs]) => ({ week, ...group(cs, opts.now, opts.sla) })),
    escalations: { entries: escalationEntries, cases: escalatedCases },
    reopen: { reopened, closed, percent: closed ? (100 * reopened) / closed : undefined },
    ratings: { count: rated, mean: rated ? scoreSum / rated : undefined, byScore },
  };
}
