import { OUTCOMES, PROBLEM_TYPES, PROBLEM_TYPE_LABELS, PROBLEM_TYPE_SHORT, type Outcome, type ProblemType } from '../cases/vocab';
import { AGENCIES, COMMANDS, OUTCOME_ALIASES, POLITE_ENDINGS, PROBLEM_TYPE_ALIASES, type AgencyCode } from '../strings/th/duty';
import { parseCaseNumber, takeCaseNumber, toArabicDigits, type CaseNumberContext } from '../cases/case-number';

/**
 * What an officer asked for, whether typed in the group or tapped (postback `d:…`). Both routes
 * parse into the same command so the rest of the feature has one path.
 */
export type DutyCommand =
  | { kind: 'queue' }
  | { kind: 'help' }
  | { kind: 'cancel' }
  | { kind: 'show'; caseNumber: string }
  | { kind: 'details'; caseNumber: string }
  | { kind: 'ack'; caseNumber: string }
  | { kind: 'start'; caseNumber: string }
  | { kind: 'refer'; caseNumber: string; agency?: string }
  | { kind: 'close'; caseNumber: string; outcome?: Outcome; note?: string }
  | { kind: 'note'; caseNumber: string; text: string }
  | { kind: 'relay'; caseNumber: string; text: string }
  /** `ตอบ <เลขที่>` alone or the card's button: the officer's next photo in the group goes to the reporter. */
  | { kind: 'photo'; caseNumber: string }
  | { kind: 'types'; caseNumber: string; problemTypes: ProblemType[] }
  | { kind: 'enroll'; code: string }
  /** Close `caseNumber` as a copy of `into` (contract 1); `into` missing → asked for. */
  | { kind: 'merge'; caseNumber: string; into?: string }
  /** Move the case to another center (issue 12); `center` missing → the centers are offered, `page` of them. */
  | { kind: 'transfer'; caseNumber: string; center?: string; page?: number }
  | { kind: 'usage'; command: UsageKey };

export type UsageKey = 'ack' | 'show' | 'details' | 'start' | 'refer' | 'close' | 'note' | 'relay' | 'types' | 'enroll' | 'merge' | 'transfer';

type CaseKeyword = Exclude<keyof typeof COMMANDS, 'queue' | 'help' | 'cancel' | 'enroll'>;

/** Commands that change a case or read the queue: the ones refused outside a duty group. */
export const OFFICER_ONLY: ReadonlySet<DutyCommand['kind']> = new Set([
  'queue',
  'ack',
  'start',
  'refer',
  'close',
  'note',
  'relay',
  'photo',
  'types',
  'enroll',
  'merge',
  'transfer',
]);

// Longest keyword first, so "ปิดเรื่อง" wins over "ปิด" and "รับเรื่อง" is never read as "เรื่อง".
const KEYWORDS: { word: string; key: keyof typeof COMMANDS }[] = (Object.keys(COMMANDS) as (keyof typeof COMMANDS)[])
  .flatMap((key) => COMMANDS[key].map((word) => ({ word, key })))
  .sort((a, b) => b.word.length - a.word.length);

const OUTCOME_WORDS: { word: string; outcome: Outcome }[] = OUTCOMES.flatMap((outcome) =>
  OUTCOME_ALIASES[outcome].map((word) => ({ word, outcome })),
).sort((a, b) => b.word.length - a.word.length);

/** An outcome word at the start of `text`, and what follows it (the closing note). */
export function takeOutcome(text: string): { outcome: Outcome; rest: string } | undefined {
  const t = text.trim();
  const hit = OUTCOME_WORDS.find(({ word }) => t.startsWith(word));
  return hit ? { outcome: hit.outcome, rest: t.slice(hit.word.length).trim() } : undefined;
}

/** Problem types named anywhere in `text`, by label, short label or alias. */
export function findProblemTypes(text: string): ProblemType[] {
  return PROBLEM_TYPES.filter((p) =>
    [PROBLEM_TYPE_LABELS[p], PROBLEM_TYPE_SHORT[p], ...(PROBLEM_TYPE_ALIASES[p] ?? [])].some((w) => text.includes(w)),
  );
}

/** Something that was meant as a case number but is not one ("PHR-2569" or "PHR 25x"). */
const looksLikeCaseNumberAttempt = (s: string) => /^[A-Za-z]{2,6}\s*-?\s*\d/.test(toArabicDigits(s)) || /^\d{4}/.test(toArabicDigits(s));

/** Normalises an enrollment code as typed: spaces and hyphens do not matter, nor letter case. */
export const normaliseEnrollCode = (s: string) => toArabicDigits(s).replace(/[\s-]/g, '').toUpperCase();

/** The first word of `text` as a case number, with the words after it. */
function takeFirstWord(text: string, ctx: CaseNumberContext) {
  const m = /^\s*(\S+)\s+([\s\S]*)$/.exec(text);
  const caseNumber = m ? parseCaseNumber(m[1], ctx) : undefined;
  return caseNumber && m ? { caseNumber, rest: m[2].trim(), short: true } : undefined;
}

const isPolite = (rest: string) => rest === '' || POLITE_ENDINGS.includes(rest.replace(/\s+/g, ''));

function caseCommand(key: CaseKeyword, caseNumber: string, rest: string, short: boolean, ctx: CaseNumberContext | undefined): DutyCommand | undefined {
  switch (key) {
    case 'ack':
    case 'show':
    case 'details':
    case 'start':
      // "รับเรื่อง 2 เรื่องแล้ว" is chatter about two cases, not case 2: a short number must stand alone.
      if (short && !isPolite(rest)) return undefined;
      return { kind: key, caseNumber };
    case 'refer':
      return { kind: 'refer', caseNumber, ...(rest ? { agency: rest } : {}) };
    case 'close': {
      const o = takeOutcome(rest);
      if (o?.outcome === 'duplicate') {
        const into = takeCaseNumber(o.rest, ctx);
        return into && isPolite(into.rest) ? { kind: 'merge', caseNumber, into: into.caseNumber } : { kind: 'merge', caseNumber };
      }
      if (o) return { kind: 'close', caseNumber, outcome: o.outcome, ...(o.rest ? { note: o.rest } : {}) };
      // "ปิด 5 โมงเย็น" is about the time: after a short number only an outcome word makes it a close.
      if (short && !isPolite(rest)) return undefined;
      return { kind: 'close', caseNumber, ...(rest && !short ? { note: rest } : {}) };
    }
    case 'merge': {
      const into = takeCaseNumber(rest, ctx);
      if (into && isPolite(into.rest)) return { kind: 'merge', caseNumber, into: into.caseNumber };
      // "รวม 3" asks which case carries on; "รวม 3 เรื่อง" is chatter.
      return isPolite(rest) ? { kind: 'merge', caseNumber } : undefined;
    }
    case 'relay':
      return rest ? { kind: key, caseNumber, text: rest } : { kind: 'photo', caseNumber };
    case 'note':
      return rest ? { kind: key, caseNumber, text: rest } : { kind: 'usage', command: key };
    case 'types':
      return { kind: 'types', caseNumber, problemTypes: findProblemTypes(rest) };
    case 'transfer':
      if (isPolite(rest)) return { kind: 'transfer', caseNumber };
      // "โอน 3 ให้แล้ว" after a short number is chatter (money is "โอน" too): only a center code counts.
      if (CENTER_CODE_WORD.test(rest)) return { kind: 'transfer', caseNumber, center: rest.toUpperCase() };
      return short ? undefined : { kind: 'transfer', caseNumber, center: rest };
  }
}

/** A center code as typed: 2–6 Latin letters, any case ("cmi" is CMI). */
const CENTER_CODE_WORD = /^[A-Za-z]{2,6}$/;

/**
 * A typed group message as a command, or undefined for ordinary chatter. A keyword counts only
 * when it stands alone or is followed by a case number, so "เรื่องนี้ด่วนนะ" stays chatter. Without
 * `ctx` only numbers with a center code count: a citizen's "ตอบ 2" in a 1:1 chat is not an officer
 * command to refuse, it is an answer for the other features.
 */
export function parseCommand(text: string, ctx: CaseNumberContext | undefined): DutyCommand | undefined {
  const t = text.trim();
  for (const { word, key } of KEYWORDS) {
    if (!t.startsWith(word)) continue;
    const after = t.slice(word.length);
    if (key === 'queue' || key === 'help' || key === 'cancel') {
      if (after.trim() === '') return { kind: key };
      continue;
    }
    if (key === 'enroll') {
      const code = normaliseEnrollCode(after);
      return code ? { kind: 'enroll', code } : { kind: 'usage', command: 'enroll' };
    }
    if (after.trim() === '') return { kind: 'usage', command: key };
    // "รวม 3 2" names two short numbers side by side, which a single number never reads as.
    const taken = takeCaseNumber(after, ctx) ?? (key === 'merge' && ctx ? takeFirstWord(after, ctx) : undefined);
    if (taken) return caseCommand(key, taken.caseNumber, taken.rest, taken.short, ctx);
    // "ส่งต่อ" etc. are ordinary words too: only a near-miss case number earns a usage hint.
    if (/^\s/.test(after) && looksLikeCaseNumberAttempt(after.trim())) return { kind: 'usage', command: key };
  }
  return undefined;
}

/** Postback data of the duty feature. Kept short: LINE allows 300 characters. */
export const dutyPostback = {
  ack: (no: string) => `d:ack:${no}`,
  details: (no: string) => `d:detail:${no}`,
  show: (no: string) => `d:case:${no}`,
  start: (no: string) => `d:start:${no}`,
  refer: (no: string, agency?: AgencyCode) => `d:refer:${no}${agency ? `:${agency}` : ''}`,
  close: (no: string, outcome?: Outcome) => `d:close:${no}${outcome ? `:${outcome}` : ''}`,
  types: (no: string, type?: ProblemType) => `d:types:${no}${type ? `:${type}` : ''}`,
  merge: (no: string) => `d:merge:${no}`,
  photo: (no: string) => `d:photo:${no}`,
  /** `center` a code (the transfer itself), or `page` of the choices (2…); neither: the first page. */
  transfer: (no: string, to?: { center: string } | { page: number }) =>
    `d:transfer:${no}${to ? `:${'center' in to ? to.center : `p${to.page}`}` : ''}`,
  queue: 'd:queue',
  help: 'd:help',
  cancel: 'd:cancel',
};

const isIn = <T extends string>(list: readonly T[], v: string | undefined): v is T =>
  v !== undefined && (list as readonly string[]).includes(v);

/** A `d:` postback as a command; undefined for data this feature does not know. */
export function parsePostback(data: string): DutyCommand | undefined {
  const [ns, verb, rawNo, arg] = data.split(':');
  if (ns !== 'd' || !verb) return undefined;
  if (verb === 'queue' || verb === 'help' || verb === 'cancel') return { kind: verb };
  // Postbacks carry the stored form: anything else is forged or broken.
  const caseNumber = rawNo ? parseCaseNumber(rawNo) : undefined;
  if (!caseNumber) return undefined;
  switch (verb) {
    case 'ack':
      return { kind: 'ack', caseNumber };
    case 'detail':
      return { kind: 'details', caseNumber };
    case 'case':
      return { kind: 'show', caseNumber };
    case 'start':
      return { kind: 'start', caseNumber };
    case 'refer':
      if (arg === undefined) return { kind: 'refer', caseNumber };
      return arg in AGENCIES ? { kind: 'refer', caseNumber, agency: AGENCIES[arg as AgencyCode].name } : undefined;
    case 'close':
      if (arg === undefined) return { kind: 'close', caseNumber };
      if (arg === 'duplicate') return { kind: 'merge', caseNumber };
      return isIn(OUTCOMES, arg) ? { kind: 'close', caseNumber, outcome: arg } : undefined;
    case 'merge':
      return arg === undefined ? { kind: 'merge', caseNumber } : undefined;
    case 'photo':
      return arg === undefined ? { kind: 'photo', caseNumber } : undefined;
    case 'transfer': {
      if (arg === undefined) return { kind: 'transfer', caseNumber };
      const page = /^p([1-9]\d{0,2})$/.exec(arg);
      if (page) return { kind: 'transfer', caseNumber, page: Number(page[1]) };
      return /^[A-Z]{2,6}$/.test(arg) ? { kind: 'transfer', caseNumber, center: arg } : undefined;
    }
    case 'types':
      if (arg === undefined) return { kind: 'types', caseNumber, problemTypes: [] };
      return isIn(PROBLEM_TYPES, arg) ? { kind: 'types', caseNumber, problemTypes: [arg] } : undefined;
    default:
      return undefined;
  }
}
