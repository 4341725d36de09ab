import type { Message } from '../bot/context';
import type { Attachment, CaseRecord } from '../cases/types';
import type { CaseAction } from '../cases/decide';
import { UPDATES_KEYWORDS } from '../strings/th/updates';
import { parseCaseNumber } from './case-number';
import { parseUpdatesPostback } from './postbacks';
import type { Pending } from './store';
import { clip } from './text';
import {
  askCommentMessages,
  askReopenWordsMessages,
  askWhichCaseMessages,
  caseViewMessages,
  commentThanksMessages,
  infoNotSentMessages,
  infoSentMessages,
  notFoundMessages,
  nothingPendingMessages,
  reopenedMessages,
  skippedMessages,
  trackingMessages,
} from './views';

/**
 * The reporter's side of the updates feature as decide-then-do: an event is read into an intent
 * (`interpret`), the do layer loads the facts the intent needs (`factsNeeded`), and `decide` returns
 * the new pending state, the case actions to run and the reply — all plain data, no I/O, no clock.
 */

export type ReporterInput =
  | { kind: 'text'; text: string }
  | { kind: 'media'; attachment: Attachment }
  | { kind: 'postback'; data: string };

export type Intent =
  | { kind: 'track' }
  | { kind: 'view'; caseNumber: string }
  | { kind: 'rate'; caseNumber: string; score: number }
  | { kind: 'reopen'; caseNumber: string }
  | { kind: 'reopen_latest' }
  | { kind: 'about'; caseNumber: string }
  | { kind: 'about_none' }
  | { kind: 'comment'; caseNumber: string; text?: string }
  | { kind: 'reopen_words'; caseNumber: string; text?: string; attachment?: Attachment }
  | { kind: 'message'; text?: string; attachment?: Attachment }
  | { kind: 'unknown' };

export interface Timeouts {
  /** How long "awaiting a comment" and "awaiting the words for not helped yet" stay open. */
  pendingMs: number;
  /** How long after the last message a "which case is this about?" bundle takes more messages. */
  whichCaseMs: number;
}

/** A "which case?" question is about messages sent in one go; later ones start a new question. */
export const WHICH_CASE_TTL_MS = 10 * 60_000;
/** Messages gathered under one question (a burst of photos); beyond this the oldest are kept. */
const BUNDLE_MAX = 20;
/** Extra information forwarded to the duty group must fit one LINE text with its header. */
const INFO_TEXT_MAX = 4500;

const squash = (s: string) => s.replace(/[\s\u200B-\u200D\uFEFF]+/g, '');
const isKeyword = (s: string, words: readonly string[]) => words.includes(squash(s));

export function activePending(pending: Pending | undefined, now: Date, t: Timeouts): Pending | undefined {
  if (!pending) return undefined;
  const ttl = pending.kind === 'which_case' ? t.whichCaseMs : t.pendingMs;
  return now.getTime() - pending.since.getTime() <= ttl ? pending : undefined;
}

/** What the reporter means, given what we are waiting for (already checked for expiry). */
export function interpret(input: ReporterInput, pending: Pending | undefined): Intent {
  if (input.kind === 'postback') {
    const p = parseUpdatesPostback(input.data);
    return p ?? { kind: 'unknown' };
  }
  if (input.kind === 'text') {
    const t = input.text;
    if (isKeyword(t, UPDATES_KEYWORDS.track)) return { kind: 'track' };
    const trackPrefix = UPDATES_KEYWORDS.track[0];
    const typed = parseCaseNumber(t.trim().startsWith(trackPrefix) ? t.trim().slice(trackPrefix.length) : t);
    if (typed) return { kind: 'view', caseNumber: typed };
    const skip = isKeyword(t, UPDATES_KEYWORDS.skip);
    if (!pending && isKeyword(t, UPDATES_KEYWORDS.notHelped)) return { kind: 'reopen_latest' };
    if (pending?.kind === 'comment') return { kind: 'comment', caseNumber: pending.caseNumber, text: skip ? undefined : t };
    if (pending?.kind === 'reopen') return { kind: 'reopen_words', caseNumber: pending.caseNumber, text: skip ? undefined : t };
    return { kind: 'message', text: t };
  }
  // A photo sent while we wait for "what is still wrong" is exactly that; while we wait for a
  // comment it is something else, handled as a fresh message.
  if (pending?.kind === 'reopen') return { kind: 'reopen_words', caseNumber: pending.caseNumber, attachment: input.attachment };
  return { kind: 'message', attachment: input.attachment };
}

export type FactsNeeded =
  | { kind: 'none' }
  | { kind: 'tracking' }
  | { kind: 'case'; caseNumber: string }
  | { kind: 'open_cases' }
  | { kind: 'latest_closed' };

export function factsNeeded(intent: Intent, pending: Pending | undefined): FactsNeeded {
  switch (intent.kind) {
    case 'track':
      return { kind: 'tracking' };
    case 'view':
    case 'rate':
    case 'reopen':
    case 'about':
      return { kind: 'case', caseNumber: intent.caseNumber };
    case 'message':
      return pending?.kind === 'which_case' ? { kind: 'none' } : { kind: 'open_cases' };
    case 'reopen_latest':
      return { kind: 'latest_closed' };
    default:
      return { kind: 'none' };
  }
}

export interface Facts {
  /** The case named by the intent; null when unknown. */
  case?: CaseRecord | null;
  tracking?: { cases: CaseRecord[]; total: number };
  /** The reporter's cases that are not closed, newest first. */
  openCases?: string[];
}

export interface ActEffect {
  caseNumber: string;
  action: CaseAction;
  /** Suffix of the timeline entry id (`${eventId}:${key}`): the same event never acts twice. */
  key: string;
}

export interface Decision {
  /** False: not this feature's event (the router lets intake show the main menu). */
  handled: boolean;
  pending: Pending | undefined;
  acts: ActEffect[];
  reply: Message[];
  /** The pending state to keep when the lifecycle refuses one of `acts` (the reply then explains). */
  pendingIfRefused: Pending | undefined;
}

/** `ifRefused` defaults to the new pending state; pass `{ ifRefused: undefined }` to end the wait on refusal. */
function done(pending: Pending | undefined, reply: Message[], acts: ActEffect[] = [], opts?: { ifRefused: Pending | undefined }): Decision {
  // Not a default parameter: an explicit `undefined` must mean "no wait", not "same as pending".
  return { handled: true, pending, acts, reply, pendingIfRefused: opts ? opts.ifRefused : pending };
}

export function decide(intent: Intent, pending: Pending | undefined, facts: Facts, userId: string, now: Date): Decision {
  const own = (c: CaseRecord | null | undefined): c is CaseRecord => !!c && c.reporterUserId === userId;

  switch (intent.kind) {
    case 'unknown':
      return { handled: false, pending, acts: [], reply: [], pendingIfRefused: pending };

    case 'track':
      return done(undefined, trackingMessages(facts.tracking?.cases ?? [], facts.tracking?.total ?? 0));

    case 'view':
      return done(undefined, own(facts.case) ? caseViewMessages(facts.case) : notFoundMessages());

    case 'rate':
      if (!own(facts.case)) return done(pending, notFoundMessages());
      return done(
        { kind: 'comment', caseNumber: intent.caseNumber, since: now },
        askCommentMessages(),
        [{ caseNumber: intent.caseNumber, action: { type: 'rate', score: intent.score }, key: 'rate' }],
        { ifRefused: undefined },
      );

    case 'comment':
      if (!intent.text) return done(undefined, skippedMessages());
      return done(undefined, commentThanksMessages(), [
        { caseNumber: intent.caseNumber, action: { type: 'comment', text: intent.text }, key: 'comment' },
      ]);

    case 'reopen_latest':
      // Typed words with no closed case to reopen mean nothing here: intake shows the menu.
      if (!own(facts.case) || facts.case.status !== 'closed') return { handled: false, pending, acts: [], reply: [], pendingIfRefused: pending };
      return decide({ kind: 'reopen', caseNumber: facts.case.caseNumber }, pending, facts, userId, now);

    case 'reopen':
      if (!own(facts.case)) return done(pending, notFoundMessages());
      // Asking for words first; the case is reopened with them (or without, on "ข้าม").
      return done({ kind: 'reopen', caseNumber: intent.caseNumber, since: now }, askReopenWordsMessages(intent.caseNumber));

    case 'reopen_words': {
      const acts: ActEffect[] = [{ caseNumber: intent.caseNumber, action: { type: 'reopen', text: intent.text }, key: 'reopen' }];
      if (intent.attachment) {
        acts.push({
          caseNumber: intent.caseNumber,
          action: { type: 'reporter_info', attachments: [intent.attachment] },
          key: 'info',
        });
      }
      return done(undefined, reopenedMessages(intent.caseNumber), acts, { ifRefused: undefined });
    }

    case 'about': {
      if (pending?.kind !== 'which_case') return done(undefined, nothingPendingMessages());
      if (!own(facts.case)) return done(pending, notFoundMessages());
      const text = pending.texts.length ? clip(pending.texts.join('\n'), INFO_TEXT_MAX) : undefined;
      const attachments = pending.attachments.length ? pending.attachments : undefined;
      return done(
        undefined,
        infoSentMessages(intent.caseNumber),
        [{ caseNumber: intent.caseNumber, action: { type: 'reporter_info', text, attachments }, key: 'info' }],
        { ifRefused: undefined },
      );
    }

    case 'about_none':
      return done(undefined, infoNotSentMessages());

    case 'message': {
      const add = (p: { texts: string[]; attachments: Attachment[] }) => ({
        texts: intent.text ? [...p.texts, intent.text].slice(0, BUNDLE_MAX) : p.texts,
        attachments: intent.attachment ? [...p.attachments, intent.attachment].slice(0, BUNDLE_MAX) : p.attachments,
      });
      if (pending?.kind === 'which_case') {
        const next: Pending = { ...pending, ...add(pending), since: now };
        // The quick reply buttons vanish once the user sends something, so the question comes again.
        return done(next, askWhichCaseMessages(next.caseNumbers, next.texts.length + next.attachments.length));
      }
      const open = facts.openCases ?? [];
      // No open case: not ours (intake shows the main menu). A waiting comment ends here too.
      if (!open.length) return { handled: false, pending: undefined, acts: [], reply: [], pendingIfRefused: undefined };
      const next: Pending = { kind: 'which_case', since: now, caseNumbers: open, ...add({ texts: [], attachments: [] }) };
      return done(next, askWhichCaseMessages(open, 1));
    }
  }
}
