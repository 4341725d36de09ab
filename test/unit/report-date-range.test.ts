import { dayRange, dayRangeSchema, isCalendarDay, nextDay, thaiRangeText } from '../../src/reports/date-range';

describe('report date ranges', () => {
  it('when the range is the published one, then it is written as in the Phrae report', () => {
    expect(thaiRangeText('2024-02-01', '2024-08-28')).toBe('1 กุมภาพันธ์ – 28 สิงหาคม 2567');
  });

  it('when the range spans two Buddhist-era years, then both years are written', () => {
    expect(thaiRangeText('2023-12-01', '2024-01-31')).toBe('1 ธันวาคม 2566 – 31 มกราคม 2567');
  });

  it('when from and to are the same day, then the day is written once', () => {
    expect(thaiRangeText('2024-02-01', '2024-02-01')).toBe('1 กุมภาพันธ์ 2567');
  });

  it('when a range is built, then it starts at Bangkok midnight of from and ends at Bangkok midnight after to', () => {
    const r = dayRange('2024-02-01', '2024-08-28');
    expect(r.start.toISOString()).toBe('2024-01-31T17:00:00.000Z');
    expect(r.end.toISOString()).toBe('2024-08-28T17:00:00.000Z');
  });

  it('when the day is the last of a leap February, then the next day is 1 March', () => {
    expect(nextDay('2024-02-29')).toBe('2024-03-01');
  });

  it.each(['2024-02-30', '2024-13-01', '24-02-01', '2024-2-1', ''])('when the day is %p, then it is not a calendar day', (s) => {
    expect(isCalendarDay(s)).toBe(false);
  });

  it('when to is before from, then the range is refused on to', () => {
    const r = dayRangeSchema.safeParse({ from: '2024-08-28', to: '2024-02-01' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['to']);
  });
});
