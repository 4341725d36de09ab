import {
  bangkok,
  bangkokDayStart,
  bangkokMinuteOfDay,
  buddhistYear,
  thaiDateLong,
  thaiDateTime,
} from '../../src/time/thai-time';

/** The IANA zone's own answer, from Intl: what a fixed +07:00 must always agree with. */
const intl = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Bangkok',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const viaIntl = (d: Date) => {
  const p = Object.fromEntries(intl.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
};

describe('Bangkok time', () => {
  it('agrees with the Asia/Bangkok zone at every instant sampled over 1990-2040', () => {
    const from = Date.UTC(1990, 0, 1);
    const span = Date.UTC(2040, 0, 1) - from;
    for (let i = 0; i < 2_000; i++) {
      // Deterministic spread, with a minute offset that walks through the day.
      const d = new Date(from + Math.floor((span * i) / 2_000) + i * 61_000);
      expect(bangkok(d).format('YYYY-MM-DD HH:mm')).toBe(viaIntl(d));
      const [, hm] = viaIntl(d).split(' ');
      const [h, m] = hm!.split(':').map(Number);
      expect(bangkokMinuteOfDay(d)).toBe(h! * 60 + m!);
    }
  });

  it('turns the Buddhist-era year at Bangkok midnight, not at UTC midnight', () => {
    expect(buddhistYear(new Date('2025-12-31T16:59:59Z'))).toBe(2568);
    expect(buddhistYear(new Date('2025-12-31T17:00:00Z'))).toBe(2569);
  });

  it('starts a calendar day at 00:00 Bangkok (17:00 UTC the day before)', () => {
    expect(bangkokDayStart('2026-04-01').toISOString()).toBe('2026-03-31T17:00:00.000Z');
    expect(bangkok(new Date('2026-03-31T17:00:00Z')).startOf('day').toDate().toISOString()).toBe('2026-03-31T17:00:00.000Z');
    expect(bangkok(new Date('2026-03-31T16:59:00Z')).startOf('month').toDate().toISOString()).toBe('2026-02-28T17:00:00.000Z');
  });

  it('reads minutes of the day around midnight', () => {
    expect(bangkokMinuteOfDay(new Date('2026-12-01T17:00:00Z'))).toBe(0);
    expect(bangkokMinuteOfDay(new Date('2026-12-01T16:59:00Z'))).toBe(1439);
    expect(bangkokMinuteOfDay(new Date('1969-12-31T23:00:00Z'))).toBe(6 * 60);
  });

  it('writes Thai dates in Bangkok time with the Buddhist-era year', () => {
    expect(thaiDateTime(new Date('2026-11-22T07:05:00Z'))).toBe('22 พ.ย. 2569 14:05 น.');
    expect(thaiDateTime(new Date('2025-12-31T17:30:00Z'))).toBe('1 ม.ค. 2569 00:30 น.');
    expect(thaiDateLong('2024-01-31T17:00:00Z')).toBe('1 กุมภาพันธ์ 2567');
  });
});
