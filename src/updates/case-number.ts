/**
 * Reading case numbers the way reporters type them (upper or lower case, spaces or dashes between the parts,
 * Thai digits (๐–๙), and leading zeros of the running number optional: "phr 2569 1" = PHR-2569-0001).
 * The result has the exact form the case service stores (`PHR-2569-0001`).
 */

const THAI_DIGIT = /[\u0E50-\u0E59]/g;
// Zero-width spaces and joiners arrive when numbers are copied from other chats.
const INVISIBLE = /[\u200B-\u200D\uFEFF]/g;
const CASE_NUMBER = /^([A-Z]{2,6})\s*[-–—]?\s*(\d{4})\s*[-–—]?\s*(\d{1,6})$/;

export const normalizeDigits = (s: string): string =>
  s.replace(THAI_DIGIT, (d) => String(d.charCodeAt(0) - 0x0e50));

/** The stored form of a typed case number, or undefined when the text is not one. */
export function parseCaseNumber(input: string): string | undefined {
  const s = normalizeDigits(input.replace(INVISIBLE, '')).trim().toUpperCase();
  const m = CASE_NUMBER.exec(s);
  if (!m) return undefined;
  const [, code, year, seq] = m;
  return `${code}-${year}-${String(Number(seq)).padStart(4, '0')}`;
}

/** Postback payloads embed case numbers; this keeps a forged payload from reaching a query as anything else. */
export const isCaseNumber = (s: string): boolean => /^[A-Z]{2,6}-\d{4}-\d{4,6}$/.test(s);
