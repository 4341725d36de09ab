/**
 * Case numbers as reporters type them: the one parser in src/cases/case-number.ts, shared with the
 * duty feature so both read the same text the same way.
 */
export { isCaseNumber, normalizeDigits, parseCaseNumber, takeCaseNumber, toArabicDigits } from '../cases/case-number';
export type { CaseNumberContext } from '../cases/case-number';
