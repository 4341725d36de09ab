import { POSTBACK } from '../bot/postbacks';
import { isCaseNumber } from './case-number';

/**
 * The `u:` postbacks this feature makes and answers. Payloads come back from the client and are
 * untrusted: parsing accepts only the shapes built here.
 */

export const UPDATES_POSTBACK = {
  track: POSTBACK.track,
  view: (caseNumber: string) => `u:case:${caseNumber}`,
  rate: (caseNumber: string, score: number) => `u:rate:${caseNumber}:${score}`,
  reopen: (caseNumber: string) => `u:reopen:${caseNumber}`,
  about: (caseNumber: string) => `u:about:${caseNumber}`,
  aboutNone: 'u:about:none',
  /** The answer to "still safe?" for one check-in round (`<cycle>.<n>`, see checkin.ts). */
  checkin: (caseNumber: string, round: string, safe: boolean) => `u:checkin:${caseNumber}:${round}:${safe ? 1 : 0}`,
} as const;

export type UpdatesPostback =
  | { kind: 'track' }
  | { kind: 'view'; caseNumber: string }
  | { kind: 'rate'; caseNumber: string; score: number }
  | { kind: 'reopen'; caseNumber: string }
  | { kind: 'about'; caseNumber: string }
  | { kind: 'about_none' }
  | { kind: 'checkin'; caseNumber: string; round: string; safe: boolean };

export function parseUpdatesPostback(data: string): UpdatesPostback | undefined {
  if (data === UPDATES_POSTBACK.track) return { kind: 'track' };
  if (data === UPDATES_POSTBACK.aboutNone) return { kind: 'about_none' };
  const parts = data.split(':');
  if (parts[0] !== 'u') return undefined;
  const [, verb, caseNumber, extra] = parts;
  if (!caseNumber || !isCaseNumber(caseNumber)) return undefined;
  if (verb === 'case' && parts.length === 3) return { kind: 'view', caseNumber };
  if (verb === 'reopen' && parts.length === 3) return { kind: 'reopen', caseNumber };
  if (verb === 'about' && parts.length === 3) return { kind: 'about', caseNumber };
  if (verb === 'checkin' && parts.length === 5 && /^\d{1,3}\.\d{1,3}$/.test(extra ?? '') && /^[01]$/.test(parts[4] ?? '')) {
    return { kind: 'checkin', caseNumber, round: extra!, safe: parts[4] === '1' };
  }
  if (verb === 'rate' && parts.length === 4 && /^[1-5]$/.test(extra ?? '')) {
    return { kind: 'rate', caseNumber, score: Number(extra) };
  }
  return undefined;
}
