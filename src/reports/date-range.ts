import { z } from 'zod';
import { bangkok, bangkokDayStart, thaiDateLong } from '../time/thai-time';

/**
 * Report and filter ranges are inclusive Asia/Bangkok calendar days: `to` = 2024-08-28 takes
 * everything created before 2024-08-29 00:00 Bangkok time. Days are parsed strictly so that
 * 2024-02-30 is an error rather than silently becoming 1 March.
 */

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDay(s: string): boolean {
  const m = YMD.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && y >= 1970;
}

/** A zod schema for one YYYY-MM-DD calendar day (used by the API and the report script). */
export const calendarDay = z.string().refine(isCalendarDay, 'must be a calendar day as YYYY-MM-DD');

/** The calendar day after `ymd` (pure date arithmetic; Thailand has no daylight saving). */
export function nextDay(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export interface DayRange {
  from: string;
  to: string;
  /** First instant included. */
  start: Date;
  /** First instant after the range (start of the day after `to`). */
  end: Date;
}

export function dayRange(from: string, to: string): DayRange {
  return { from, to, start: bangkokDayStart(from), end: bangkokDayStart(nextDay(to)) };
}

/** A `{ from, to }` pair of days, `from` not after `to`. */
export const dayRangeSchema = z
  .object({ from: calendarDay, to: calendarDay })
  .refine((r) => !isCalendarDay(r.from) || !isCalendarDay(r.to) || r.from <= r.to, {
    message: 'must not be before from',
    path: ['to'],
  });

/**
 * "1 กุมภาพันธ์ – 28 สิงหาคม 2567" as in the published report: the year is written once when both
 * ends fall in the same Buddhist-era year.
 */
export function thaiRangeText(from: string, to: string): string {
  const a = thaiDateLong(bangkokDayStart(from));
  const b = thaiDateLong(bangkokDayStart(to));
  if (from === to) return b;
  const yearA = a.split(' ').pop();
  const yearB = b.split(' ').pop();
  const left = yearA === yearB ? a.slice(0, a.lastIndexOf(' ')) : a;
  return `${left} – ${b}`;
}

/** The calendar months (YYYY-MM) from `from`'s to `to`'s, both included. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  // Bounded by the range itself: one step per month, and `from` is not after `to`.
  for (let ym = from.slice(0, 7); ym <= last; ym = `${y}-${String(m).padStart(2, '0')}`) {
    out.push(ym);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

/** "กุมภาพันธ์ 2567" for 2024-02. */
export function thaiMonthText(ym: string): string {
  return bangkok(`${ym}-15T12:00:00+07:00`).format('MMMM BBBB');
}
