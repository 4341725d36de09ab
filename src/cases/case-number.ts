import { buddhistYear } from '../time/thai-time';

/**
 * The one reader of case numbers as people type them, used by officers (duty) and reporters
 * (updates) alike, so a number that works in one chat works in the other:
 *   "PHR-2569-0001", "phr 2569 1", "PHR25690001", "PHR–2569–0001" (en or em dash), "PHR-2569/0001",
 *   Thai digits ("PHR-๒๕๖๙-๐๐๐๑"), zero-width spaces copied from other chats, and — when the caller
 *   knows the center and the time — "2569-0001" (this center) and a short "2" / "๒" (this center's
 *   case of the current Buddhist-era year).
 * The result has the exact form the case service stores: `<CODE>-<YEAR>-<NNNN>`.
 */

export interface CaseNumberContext {
  /** The center whose cases a number without a code means. */
  centerCode: string;
  /** The moment the number was typed: a short number means a case of this Buddhist-era year. */
  now: Date;
}

const THAI_ZERO = 0x0e50;
// Zero-width spaces, joiners and the BOM arrive when numbers are copied from other chats.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const DASH = '[-\\u2010-\\u2015\\u2212/]';

/** Thai digits to Arabic digits, one character for one, so positions stay the same. */
export const toArabicDigits = (s: string): string => s.replace(/[\u0E50-\u0E59]/g, (d) => String(d.charCodeAt(0) - THAI_ZERO));
/** Same as toArabicDigits (the name the updates feature used). */
export const normalizeDigits = toArabicDigits;

const WITH_CODE = new RegExp(`^([A-Za-z]{2,6})\\s*${DASH}?\\s*(\\d{4})\\s*${DASH}?\\s*(\\d{1,6})(?![0-9A-Za-z])`);
const WITHOUT_CODE = new RegExp(`^(\\d{4})\\s*${DASH}\\s*(\\d{1,6})(?![0-9A-Za-z])`);
// A short number stands alone: not glued to letters, and not followed by more digits after a space
// ("2569 0001" is too ambiguous to guess).
const SHORT = /^(\d{1,4})(?![0-9A-Za-z])(?!\s+\d)/;

const canonical = (code: string, year: string | number, seq: string) =>
  `${code.toUpperCase()}-${year}-${String(Number(seq)).padStart(4, '0')}`;

/**
 * A case number at the very start of `text` (leading spaces allowed), and the text after it. The
 * rest keeps its original characters (Thai digits in a note are not rewritten). Without `ctx` only
 * numbers that carry a center code are read.
 */
export function takeCaseNumber(text: string, ctx?: CaseNumberContext): { caseNumber: string; rest: string; short: boolean } | undefined {
  // Invisible characters are removed first; the rest is then sliced from the cleaned text.
  const clean = text.replace(INVISIBLE, '');
  const lead = clean.length - clean.trimStart().length;
  const body = toArabicDigits(clean.slice(lead));
  const rest = (len: number) => clean.slice(lead + len).trim();
  const m = WITH_CODE.exec(body);
  if (m) return { caseNumber: canonical(m[1], m[2], m[3]), rest: rest(m[0].length), short: false };
  if (!ctx) return undefined;
  const n = WITHOUT_CODE.exec(body);
  if (n) return { caseNumber: canonical(ctx.centerCode, n[1], n[2]), rest: rest(n[0].length), short: false };
  const s = SHORT.exec(body);
  if (s && Number(s[1]) > 0) {
    return { caseNumber: canonical(ctx.centerCode, buddhistYear(ctx.now), s[1]), rest: rest(s[0].length), short: true };
  }
  return undefined;
}

/** The whole of `text` as one case number, or undefined. */
export function parseCaseNumber(text: string, ctx?: CaseNumberContext): string | undefined {
  const t = takeCaseNumber(text, ctx);
  return t && !t.rest ? t.caseNumber : undefined;
}

/** Postback payloads embed case numbers; this keeps a forged payload from reaching a query as anything else. */
export const isCaseNumber = (s: string): boolean => /^[A-Z]{2,6}-\d{4}-\d{4,6}$/.test(s);
