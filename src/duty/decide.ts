import type { CaseAction } from '../cases/decide';
import { takeCaseNumber, toArabicDigits, type CaseNumberContext } from '../cases/case-number';
import type { Outcome } from '../cases/vocab';
import { POLITE_ENDINGS } from '../strings/th/duty';
import { evidenceTh } from '../strings/th/evidence';
import { OFFICER_ONLY, takeOutcome, type DutyCommand, type UsageKey } from './commands';

/**
 * What to do with one officer input, decided without I/O: the "do" layer (handle.ts) carries the
 * plan out and turns its results into messages. Inputs are the parsed command (typed or tapped),
 * where it came from, and the officer's pending step (a close waiting for its note), if any.
 */

/** A step an officer has started and finishes with their next message in the group. */
export interface PendingClose {
  kind: 'close';
  caseNumber: string;
  outcome?: Outcome;
  note?: string;
}
/** After ส่งต่อหน่วยงาน: the next message names the agency (the chips keep working too). */
export interface PendingRefer {
  kind: 'refer';
  caseNumber: string;
}
/** After "ซ้ำ/รวมกับเรื่องอื่น": the next message names the case that carries on. */
export interface PendingMerge {
  kind: 'merge';
  caseNumber: string;
}
/** A short window in which the officer's next photo in the group goes to the reporter (issue 14). */
export interface PendingPhoto {
  /** 'relay_photo' after `ตอบ <เลขที่>`; 'after_photo' after a close (proof of the help given). */
  kind: 'relay_photo' | 'after_photo';
  caseNumber: string;
}
export type Pending = PendingClose | PendingRefer | PendingMerge | PendingPhoto;

/** How long a photo window stays open: short, so a photo sent much later is not relayed by surprise. */
export const PHOTO_WINDOW_MS = 5 * 60_000;
export const isPhotoWindow = (p: Pending | undefined): p is PendingPhoto => p?.kind === 'relay_photo' || p?.kind === 'after_photo';

/**
 * Longest officer-typed values, in characters as a person counts them (grapheme clusters). They end up
 * in cards, in the reporter's status card and in group confirmations, which LINE limits (5,000
 * characters a text, 30 KB a bubble): an unbounded referral made every later card for its case fail.
 */
export const TYPED_LIMITS = { agency: 120, note: 1000, closeNote: 1000, relay: 2000 } as const;
export type TypedField = keyof typeof TYPED_LIMITS;

const segmenter = new Intl.Segmenter('th', { granularity: 'grapheme' });
export const graphemeLength = (s: string): number => {
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
};

/** How long a started step waits for the officer's next message. */
export const PENDING_TTL_MS = 15 * 60_000;

export type Say =
  | { kind: 'help' }
  | { kind: 'usage'; command: UsageKey }
  | { kind: 'unregistered' }
  | { kind: 'unattributed' }
  | { kind: 'private_refusal' }
  | { kind: 'private_enroll' }
  | { kind: 'cancelled' }
  | { kind: 'too_long'; field: TypedField; length: number; retype: boolean }
  | { kind: 'merge_self'; caseNumber: string }
  | { kind: 'merge_number'; caseNumber: string }
  | { kind: 'photo_skipped'; caseNumber: string };

export type Question = 'agency' | 'outcome' | 'note' | 'types' | 'into';

export type DutyPlan =
  /** Not for this feature (a 1:1 message that is not an officer command): let the next handler try. */
  | { kind: 'pass' }
  /** Ordinary chatter in a group: taken, no answer. */
  | { kind: 'ignore' }
  /** `pending` (if set) is stored so the officer's next message retries the step. */
  | { kind: 'say'; say: Say; clearPending?: boolean; pending?: Pending }
  | { kind: 'enroll'; code: string }
  | { kind: 'queue' }
  | { kind: 'show'; caseNumber: string }
  | { kind: 'details'; caseNumber: string; userId: string }
  /** `next` (if set) is stored once the action went through: a close opens the "after" photo window. */
  | { kind: 'act'; caseNumber: string; action: CaseAction; userId: string; clearPending: boolean; next?: Pending }
  /** `ตอบ <เลขที่>` alone: open a photo window for the case (the handler checks the case and media links). */
  | { kind: 'photo_window'; caseNumber: string; userId: string }
  /** A photo sent within a window: store it and send it to the reporter. */
  | { kind: 'photo'; caseNumber: string; messageId: string; after: boolean; userId: string }
  /** Close `caseNumber` as a copy of `into`, and note it on `into` (contract 1). */
  | { kind: 'merge'; caseNumber: string; into: string; userId: string; clearPending: boolean }
  /** Move the case to the center `to` names (a code as typed: the handler checks it against the centers). */
  | { kind: 'transfer'; caseNumber: string; to: string; userId: string }
  /** Offer the other centers as choices, `page` of them (1 = the first). */
  | { kind: 'transfer_choices'; caseNumber: string; page: number; userId: string }
  /** Ask the officer for what is missing; `pending` is stored for their next message. */
  | { kind: 'ask'; caseNumber: string; question: Question; userId: string; pending?: Pending };

export interface DutyInput {
  /** A group/room chat, or the officer's 1:1 chat with the OA. */
  where: 'group' | 'user';
  /** The group is configured or registered as a duty (or escalation) group. */
  dutyGroup: boolean;
  userId?: string;
  /** True for postbacks with `d:` data, even when the data was not understood. */
  dutyPostback: boolean;
  command?: DutyCommand;
  /** The message text when the input is a text message (for a pending step). */
  text?: string;
  /** The message id when the input is an image message (for a photo window). */
  image?: string;
  /** The officer's pending step, already checked to be unexpired. */
  pending?: Pending;
  /** How case numbers typed in a pending step are read (this center, this year). */
  numbers?: CaseNumberContext;
}

/** Commands that read nothing personal and change nothing: fine without knowing who asked. */
const ANONYMOUS_OK = new Set<DutyCommand['kind']>(['queue', 'help', 'show', 'usage', 'enroll']);

export function decideDutyInput(input: DutyInput): DutyPlan {
  const { command } = input;
  if (input.where === 'user') {
    if (command?.kind === 'enroll') return { kind: 'say', say: { kind: 'private_enroll' } };
    if (input.dutyPostback || (command && OFFICER_ONLY.has(command.kind))) {
      return { kind: 'say', say: { kind: 'private_refusal' } };
    }
    return { kind: 'pass' };
  }

  if (!command) {
    if (input.dutyPostback) return input.dutyGroup ? { kind: 'ignore' } : { kind: 'say', say: { kind: 'unregistered' } };
    if (input.image) {
      // Photos in the group are the officers' own business unless a window is open for this officer.
      const p = input.pending;
      if (!input.dutyGroup || !input.userId || !isPhotoWindow(p)) return { kind: 'ignore' };
      return { kind: 'photo', caseNumber: p.caseNumber, messageId: input.image, after: p.kind === 'after_photo', userId: input.userId };
    }
    if (input.dutyGroup && input.pending && input.userId && input.text?.trim()) {
      return continuePending(input.pending, input.text.trim(), input.userId, input.numbers);
    }
    return { kind: 'ignore' };
  }

  if (command.kind === 'enroll') return { kind: 'enroll', code: command.code };
  if (!input.dutyGroup) return { kind: 'say', say: { kind: 'unregistered' } };
  if (!input.userId && !ANONYMOUS_OK.has(command.kind)) return { kind: 'say', say: { kind: 'unattributed' } };
  const userId = input.userId ?? '';

  switch (command.kind) {
    case 'help':
      return { kind: 'say', say: { kind: 'help' } };
    case 'usage':
      return { kind: 'say', say: { kind: 'usage', command: command.command } };
    case 'cancel':
      return { kind: 'say', say: { kind: 'cancelled' }, clearPending: true };
    case 'queue':
      return { kind: 'queue' };
    case 'show':
      return { kind: 'show', caseNumber: command.caseNumber };
    case 'details':
      return { kind: 'details', caseNumber: command.caseNumber, userId };
    case 'ack':
      return act(command.caseNumber, { type: 'acknowledge' }, userId);
    case 'start':
      return act(command.caseNumber, { type: 'start' }, userId);
    case 'refer':
      if (!command.agency) {
        return { kind: 'ask', caseNumber: command.caseNumber, question: 'agency', userId, pending: { kind: 'refer', caseNumber: command.caseNumber } };
      }
      return (
        tooLong('agency', command.agency, { kind: 'refer', caseNumber: command.caseNumber }) ??
        act(command.caseNumber, { type: 'refer', agency: command.agency }, userId, input.pending?.caseNumber === command.caseNumber)
      );
    case 'close':
      return decideClose(command.caseNumber, command.outcome, command.note, input.pending, userId);
    case 'merge':
      return decideMerge(command.caseNumber, command.into, userId, input.pending?.caseNumber === command.caseNumber);
    case 'note':
      return tooLong('note', command.text) ?? act(command.caseNumber, { type: 'note', text: command.text }, userId);
    case 'relay':
      return tooLong('relay', command.text) ?? act(command.caseNumber, { type: 'relay', text: command.text }, userId);
    case 'photo':
      return { kind: 'photo_window', caseNumber: command.caseNumber, userId };
    case 'transfer':
      return command.center
        ? { kind: 'transfer', caseNumber: command.caseNumber, to: command.center, userId }
        : { kind: 'transfer_choices', caseNumber: command.caseNumber, page: command.page ?? 1, userId };
    case 'types':
      return command.problemTypes.length
        ? act(command.caseNumber, { type: 'add_problem_types', problemTypes: command.problemTypes }, userId)
        : { kind: 'ask', caseNumber: command.caseNumber, question: 'types', userId };
  }
}

const act = (caseNumber: string, action: CaseAction, userId: string, clearPending = false): DutyPlan => ({
  kind: 'act',
  caseNumber,
  action,
  userId,
  clearPending,
  // Every close by an officer in the group may be followed by an "after" photo.
  ...(action.type === 'close' ? { next: { kind: 'after_photo', caseNumber } as const } : {}),
});

/** A re-prompt when a typed value is over its limit; `retry` keeps the step open for the next message. */
function tooLong(field: TypedField, value: string, retry?: Pending): DutyPlan | undefined {
  const length = graphemeLength(value.trim());
  if (length <= TYPED_LIMITS[field]) return undefined;
  return { kind: 'say', say: { kind: 'too_long', field, length, retype: !!retry }, ...(retry ? { pending: retry } : {}) };
}

function decideMerge(caseNumber: string, into: string | undefined, userId: string, clearPending: boolean): DutyPlan {
  if (!into) return { kind: 'ask', caseNumber, question: 'into', userId, pending: { kind: 'merge', caseNumber } };
  if (into === caseNumber) return { kind: 'say', say: { kind: 'merge_self', caseNumber }, pending: { kind: 'merge', caseNumber } };
  return { kind: 'merge', caseNumber, into, userId, clearPending };
}

/** A close needs an outcome and a note; whichever is missing is asked for and the rest remembered. */
function decideClose(
  caseNumber: string,
  outcome: Outcome | undefined,
  note: string | undefined,
  pending: Pending | undefined,
  userId: string,
): DutyPlan {
  const earlier = pending?.kind === 'close' && pending.caseNumber === caseNumber ? pending : undefined;
  const o = outcome ?? earlier?.outcome;
  const n = note ?? earlier?.note;
  if (o === 'duplicate') return decideMerge(caseNumber, undefined, userId, false);
  if (n) {
    const long = tooLong('closeNote', n, { kind: 'close', caseNumber, ...(o ? { outcome: o } : {}) });
    if (long) return long;
  }
  if (o && n) return act(caseNumber, { type: 'close', outcome: o, note: n }, userId, !!earlier);
  const next: Pending = { kind: 'close', caseNumber, ...(o ? { outcome: o } : {}), ...(n ? { note: n } : {}) };
  return { kind: 'ask', caseNumber, question: o ? 'note' : 'outcome', userId, pending: next };
}

const EVIDENCE_SKIP_WORDS = evidenceTh.skipWords;
const isPolite = (rest: string) => rest === '' || POLITE_ENDINGS.includes(rest.replace(/\s+/g, ''));
/** Text that was meant as a case number ("PHR-2569", "2569-", "๑๒"), so a re-prompt helps. */
const looksLikeNumber = (s: string) => /^[A-Za-z]{0,6}\s*-?\s*\d/.test(toArabicDigits(s));

/** The officer's next plain message finishes the step they started. */
function continuePending(p: Pending, text: string, userId: string, numbers?: CaseNumberContext): DutyPlan {
  if (isPhotoWindow(p)) {
    // A window waits for a photo: "ข้าม" closes it, other chatter leaves it open.
    const skip = EVIDENCE_SKIP_WORDS.some((w) => text.startsWith(w) && isPolite(text.slice(w.length).trim()));
    return skip ? { kind: 'say', say: { kind: 'photo_skipped', caseNumber: p.caseNumber }, clearPending: true } : { kind: 'ignore' };
  }
  if (p.kind === 'refer') {
    return tooLong('agency', text, p) ?? act(p.caseNumber, { type: 'refer', agency: text }, userId, true);
  }
  if (p.kind === 'merge') {
    const into = numbers ? takeCaseNumber(text, numbers) : undefined;
    if (into && isPolite(into.rest)) return decideMerge(p.caseNumber, into.caseNumber, userId, true);
    // Chatter is not the answer; a mistyped number gets the question again.
    return looksLikeNumber(text) ? { kind: 'say', say: { kind: 'merge_number', caseNumber: p.caseNumber }, pending: p } : { kind: 'ignore' };
  }
  if (p.outcome) return tooLong('closeNote', text, p) ?? act(p.caseNumber, { type: 'close', outcome: p.outcome, note: text }, userId, true);
  // Waiting for an outcome: only an outcome word counts; anything else is chatter.
  const o = takeOutcome(text);
  if (!o) return { kind: 'ignore' };
  if (o.outcome === 'duplicate') {
    const into = numbers ? takeCaseNumber(o.rest, numbers) : undefined;
    return decideMerge(p.caseNumber, into && isPolite(into.rest) ? into.caseNumber : undefined, userId, true);
  }
  const note = o.rest || p.note;
  if (!note) return { kind: 'ask', caseNumber: p.caseNumber, question: 'note', userId, pending: { ...p, outcome: o.outcome } };
  return (
    tooLong('closeNote', note, { kind: 'close', caseNumber: p.caseNumber, outcome: o.outcome }) ??
    act(p.caseNumber, { type: 'close', outcome: o.outcome, note }, userId, true)
  );
}
