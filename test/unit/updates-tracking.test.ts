import type { CaseRecord } from '../../src/cases/types';
import { checkMessages } from '../../src/line/limits';
import { trackingMessages } from '../../src/updates/views';
import { caseRecord, entry, quickReplyData, readable } from '../helpers/updates-fakes';

const t0 = new Date('2026-01-10T03:00:00Z');
const nth = (i: number): CaseRecord =>
  caseRecord({
    caseNumber: `PHR-2569-${String(100 - i).padStart(4, '0')}`,
    createdAt: new Date(t0.getTime() - i * 86_400_000),
  });

const bubbles = (messages: ReturnType<typeof trackingMessages>) =>
  (messages[0] as { contents: { type: string; contents: unknown[] } }).contents.contents;

describe('trackingMessages', () => {
  it('when the reporter has no cases, then a friendly word offers the way to report', () => {
    const [m] = trackingMessages([], 0);
    expect(quickReplyData(m!)).toEqual(['i:start']);
  });

  it('when the reporter has 3 cases, then a carousel shows all 3 in the given (newest first) order', () => {
    const cases = [nth(0), nth(1), nth(2)];
    const shown = bubbles(trackingMessages(cases, 3)).map((b) => readable(b as never).split('\n')[0]);
    expect(shown).toEqual(['PHR-2569-0100', 'PHR-2569-0099', 'PHR-2569-0098']);
  });

  it('when a case has moved on, then its bubble shows the status and the last update', () => {
    const c = nth(0);
    c.timeline.push(entry('referred', new Date(t0.getTime() + 3_600_000), { text: 'ศูนย์คุ้มครองคนไร้ที่พึ่ง' }));
    const words = readable(trackingMessages([c], 1)[0]!);
    expect(words).toEqual(expect.stringContaining('ส่งต่อหน่วยงานแล้ว'));
    expect(words).toEqual(expect.stringContaining('ส่งต่อให้ ศูนย์คุ้มครองคนไร้ที่พึ่ง'));
  });

  it('when the reporter has 20 cases, then the carousel holds the 12 newest', () => {
    const cases = Array.from({ length: 13 }, (_, i) => nth(i));
    expect(bubbles(trackingMessages(cases, 20))).toHaveLength(12);
  });

  it('when the reporter has 20 cases, then a text says 8 more and how to see one', () => {
    const cases = Array.from({ length: 13 }, (_, i) => nth(i));
    const messages = trackingMessages(cases, 20);
    expect(readable(messages[1]!)).toEqual(expect.stringContaining('อีก 8 เรื่อง'));
  });

  it('when exactly 12 cases exist, then no "more" text follows', () => {
    const cases = Array.from({ length: 12 }, (_, i) => nth(i));
    expect(trackingMessages(cases, 12)).toHaveLength(1);
  });

  it('when 12 bubbles are built, then LINE accepts the messages', () => {
    const cases = Array.from({ length: 13 }, (_, i) => nth(i));
    expect(checkMessages(trackingMessages(cases, 40))).toEqual([]);
  });

  it('when 12 bubbles with long updates are built, then the carousel JSON stays under LINE\'s 50 KB', () => {
    const cases = Array.from({ length: 12 }, (_, i) => {
      const c = nth(i);
      c.timeline.push(entry('relay', t0, { text: 'ง'.repeat(3000) }));
      return c;
    });
    const [m] = trackingMessages(cases, 12);
    expect(Buffer.byteLength(JSON.stringify((m as { contents: unknown }).contents))).toBeLessThan(50_000);
  });
});
