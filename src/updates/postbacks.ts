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
} as const;

export type UpdatesPostback =
  | { kind: 'track' }
  | { kind: 'view'; caseNumber: string }
  | { kind: 'rate'; caseNumber: string; score: number }
  | { kind: 'reopen'; caseNumber: string }
  | { kind: 'about'; caseNumber: string }
  | { kind: 'about_none' };

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
  if (verb === 'rate' && parts.length === 4 && /^[1-5]$/.test(extra ?? '')) {
    return { kind: 'rate', caseNumber, score: Number(extra) };
  }
  return undefined;
}
