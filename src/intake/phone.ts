/**
 * Thai phone numbers as people type them: with spaces, dashes, dots or brackets, Thai digits, or
 * the +66 country code. Accepted: mobiles (06/08/09 + 8 digits) and landlines (02–07 + 7 digits).
 */

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

const toAsciiDigits = (s: string) => s.replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d)));

/** The number in national form (`0812345678`), or undefined when it is not a Thai phone number. */
export function parseThaiPhone(input: string): string | undefined {
  const compact = toAsciiDigits(input.trim()).replace(/[\s\-().]/g, '');
  if (!/^\+?\d+$/.test(compact)) return undefined;
  const national = compact.replace(/^\+?66(?=[1-9])/, '0');
  if (/^0[689]\d{8}$/.test(national)) return national;
  if (/^0[2-7]\d{7}$/.test(national)) return national;
  return undefined;
}

