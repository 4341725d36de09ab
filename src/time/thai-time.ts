import dayjs from 'dayjs';
import buddhistEra from 'dayjs/plugin/buddhistEra';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/th';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(buddhistEra);

/** The centers work in Thai time; Thailand has no daylight saving. */
export const TZ = 'Asia/Bangkok';

export const bangkok = (d: Date | string | number) => dayjs(d).tz(TZ).locale('th');

/** Buddhist-era year of a moment in Bangkok time (2026-01-01T00:30+07:00 → 2569). */
export const buddhistYear = (d: Date) => bangkok(d).year() + 543;

/** "22 พ.ย. 2569 14:05 น." */
export const thaiDateTime = (d: Date) => `${bangkok(d).format('D MMM BBBB HH:mm')} น.`;

/** "1 กุมภาพันธ์ 2567" */
export const thaiDateLong = (d: Date | string) => bangkok(d).format('D MMMM BBBB');

/** Start of a Bangkok calendar day given as YYYY-MM-DD, as a UTC instant. */
export const bangkokDayStart = (ymd: string) => dayjs.tz(ymd, TZ).toDate();

/** Minutes since Bangkok midnight, for shift boundaries. */
export const bangkokMinuteOfDay = (d: Date) => {
  const b = bangkok(d);
  return b.hour() * 60 + b.minute();
};
