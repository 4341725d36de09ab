import dayjs from 'dayjs';
import buddhistEra from 'dayjs/plugin/buddhistEra';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/th';

dayjs.extend(utc);
dayjs.extend(buddhistEra);

/** The centers work in Thai time; Thailand has no daylight saving. */
export const TZ = 'Asia/Bangkok';

/**
 * Thailand has kept UTC+7 all year since 1920, so Bangkok time is a fixed offset. dayjs's timezone
 * plugin asks Intl for the offset on every call (tens of µs each; the duty roster's shift lookup
 * made thousands of them per surge minute); a fixed offset gives the same answers for free.
 */
const OFFSET_MIN = 7 * 60;
const MS_PER_MIN = 60_000;

export const bangkok = (d: Date | string | number) => dayjs(d).utcOffset(OFFSET_MIN).locale('th');

/** Buddhist-era year of a moment in Bangkok time (2026-01-01T00:30+07:00 → 2569). */
export const buddhistYear = (d: Date) => new Date(d.getTime() + OFFSET_MIN * MS_PER_MIN).getUTCFullYear() + 543;

/** "22 พ.ย. 2569 14:05 น." */
export const thaiDateTime = (d: Date) => `${bangkok(d).format('D MMM BBBB HH:mm')} น.`;

/** "1 กุมภาพันธ์ 2567" */
export const thaiDateLong = (d: Date | string) => bangkok(d).format('D MMMM BBBB');

/** Start of a Bangkok calendar day given as YYYY-MM-DD, as a UTC instant. */
export const bangkokDayStart = (ymd: string) => new Date(Date.parse(`${ymd}T00:00:00+07:00`));

/** Minutes since Bangkok midnight, for shift boundaries. */
export const bangkokMinuteOfDay = (d: Date) => {
  const minutes = Math.floor(d.getTime() / MS_PER_MIN) + OFFSET_MIN;
  return ((minutes % 1440) + 1440) % 1440;
};
