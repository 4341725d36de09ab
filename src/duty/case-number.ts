/**
 * Case numbers as officers type them: "PHR-2569-0001", "phr 2569 1", "PHR25690001", with Thai
 * digits ("PHR-๒๕๖๙-๐๐๐๑"), or without the center code when the year and number are joined by a
 * hyphen ("2569-0001"). Canonical form: `<CODE>-<YEAR>-<NNNN>` as case-service numbers them.
 */

const THAI_ZERO = '๐'.charCodeAt(0);

/** Thai digits to Arabic digits, one character for one, so positions stay the same. */
export const toArabicDigits = (s: string): string =>
  s.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - THAI_ZERO));

const WITH_CODE = /^([A-Za-z]{2,6})\s*-?\s*(\d{4})\s*[-/]?\s*(\d{1,6})(?![0-9A-Za-z])/;
const WITHOUT_CODE = /^(\d{4})\s*[-/]\s*(\d{1,6})(?![0-9A-Za-z])/;

const canonical = (code: string, year: string, seq: string) =>
  `${code.toUpperCase()}-${year}-${String(Number(seq)).padStart(4, '0')}`;

/**
 * A case number at the very start of `text` (leading spaces allowed), and the text after it.
 * The rest keeps its original characters (Thai digits in a note are not rewritten).
 */
export function takeCaseNumber(text: string, centerCode: string): { caseNumber: string; rest: string } | undefined {
  const lead = text.length - text.trimStart().length;
  const body = toArabicDigits(text.slice(lead));
  const m = WITH_CODE.exec(body);
  if (m) return { caseNumber: canonical(m[1], m[2], m[3]), rest: text.slice(lead + m[0].length).trim() };
  const n = WITHOUT_CODE.exec(body);
  if (n) return { caseNumber: canonical(centerCode, n[1], n[2]), rest: text.slice(lead + n[0].length).trim() };
  return undefined;
}

/** The whole of `text` as one case number, or undefined. */
export function parseCaseNumber(text: string, centerCode: string): string | undefined {
  const t = takeCaseNumber(text, centerCode);
  return t && !t.rest ? t.caseNumber : undefined;
}
