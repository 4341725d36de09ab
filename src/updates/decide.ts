import type { Message } from '../bot/context';
import { POSTBACK } from '../bot/postbacks';
import type { Attachment, CaseLocation, CaseRecord } from '../cases/types';
import type { CaseAction } from '../cases/decide';
import type { CaseStatus } from '../cases/vocab';
import { typedIs } from '../intake/steps';
import { TYPED_WORDS } from '../strings/th/intake';
import { UPDATES_KEYWORDS } from '../strings/th/updates';
import { parseCaseNumber } from './case-number';
import { parseUpdatesPostback } from './postbacks';
import type { Pending } from './store';
import { clip } from './text';
import {
  addedMessages,
  askCommentMessages,
  checkinAnswerMessages,
  askReopenWordsMessages,
  askWhichCaseMessages,
  caseViewMessages,
  commentThanksMessages,
  followerViewMessages,
  infoNotSentMessages,
  infoSentMessages,
  notFoundMessages,
  nothingPendingMessages,
  reopenedMessages,
  skippedMessages,
  sosAgainMessages,
  stickerThanksMessages,
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
  | { kind: 'postback'; data: string }
  /** A pin, already read for the whole country by the do layer (`placeOf`). */
  | { kind: 'location'; location: CaseLocation }
  | { kind: 'sticker' };

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
  | { kind: 'message'; text?: string; attachment?: Attachment; location?: CaseLocation; sticker?: boolean }
  /** The SOS words typed, or the SOS button tapped, again. Ours only while an urgent case is open. */
  | { kind: 'sos_again'; text: string }
  /** Intake's "make a report" words: a new report, never a follow-up. */
  | { kind: 'new_report' }
  | { kind: 'checkin'; caseNumber: string; round: string; safe: boolean }
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

const bundleSize = (p: { texts: string[]; attachments: Attachment[]; location?: CaseLocation }) =>
  p.texts.length + p.attachments.length + (p.location ? 1 : 0);

/**
 * The entry id of a check-in answer: one per round and answer, so a double tap records once, and
 * "not safe" after "safe" is still recorded (and alerts).
 */
export const checkinAnswerId = (caseNumber: string, round: string, safe: boolean) =>
  `checkin:${caseNumber}:${round}:${safe ? 'safe' : 'unsafe'}`;

export function activePending(pending: Pending | undefined, now: Date, t: Timeouts): Pending | undefined {
  if (!pending) return undefined;
  const ttl = pending.kind === 'which_case' ? t.whichCaseMs : t.pendingMs;
  return now.getTime() - pending.since.getTime() <= ttl ? pending : undefined;
}

/** What the reporter means, given what we are waiting for (already checked for expiry). */
export function interpret(input: ReporterInput, pending: Pending | undefined): Intent {
  if (input.kind === 'postback') {
    // The SOS button (rich menu, menus) belongs to intake; a follow-up only while an urgent case is open.
    if (input.data === POSTBACK.sos) return { kind: 'sos_again', text: TYPED_WORDS.sos[0] };
    const p = parseUpdatesPostback(input.data);
    return p ?? { kind: 'unknown' };
  }
  if (input.kind === 'location') return { kind: 'message', location: input.location };
  if (input.kind === 'sticker') return { kind: 'message', sticker: true };
  if (input.kind === 'text') {
    const t = input.text;
    // Danger and "new report" words win over any wait, as they do when intake takes them first.
    if (typedIs(t, TYPED_WORDS.sos)) return { kind: 'sos_again', text: t.trim() };
    if (typedIs(t, TYPED_WORDS.report)) return { kind: 'new_report' };
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
  /** The case, and how the person follows it when it is not theirs or was merged on (followers.ts). */
  | { kind: 'view'; caseNumber: string }
  | { kind: 'open_cases' }
  | { kind: 'latest_closed' };

export function factsNeeded(intent: Intent, pending: Pending | undefined): FactsNeeded {
  switch (intent.kind) {
    case 'track':
      return { kind: 'tracking' };
    case 'view':
      return { kind: 'view', caseNumber: intent.caseNumber };
    case 'rate':
    case 'reopen':
    case 'about':
      return { kind: 'case', caseNumber: intent.caseNumber };
    case 'message':
      // Even while a "which case?" question is open: an urgent case opened since takes what comes next.
      return { kind: 'open_cases' };
    case 'sos_again':
      return { kind: 'open_cases' };
    case 'checkin':
      return { kind: 'case', caseNumber: intent.caseNumber };
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
  /** Tracking: the case each merged copy of the person carries on in, by the copy's number. */
  carried?: Record<string, CaseRecord>;
  /**
   * View: the case the person follows instead: `main` carries on their merged `copy` (the case asked
   * for was that copy, or is the main case itself). Set only when the person may see it.
   */
  follows?: { copy: string; main: CaseRecord };
  /** The reporter's cases that are not closed, newest first. */
  openCases?: OpenCase[];
}

export interface OpenCase {
  caseNumber: string;
  urgent: boolean;
  status: CaseStatus;
  createdAt?: Date;
}

/**
 * The open cases a follow-up may go to. A case opened at this very event's time was opened by this
 * event (intake uses the event time): when the event is processed again after a crash, intake must
 * finish opening it, not have the same pin attached to the case it opened.
 */
const followUpTargets = (facts: Facts, now: Date): OpenCase[] =>
  (facts.openCases ?? []).filter((c) => c.createdAt?.getTime() !== now.getTime());

export interface ActEffect {
  caseNumber: string;
  action: CaseAction;
  /** Suffix of the timeline entry id (`${eventId}:${key}`): the same event never acts twice. */
  key: string;
  /** A whole entry id instead, when the cause is not the event (one answer per check-in round). */
  entryId?: string;
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
      return done(undefined, trackingMessages(facts.tracking?.cases ?? [], facts.tracking?.total ?? 0, facts.carried));

    case 'view':
      // A merged copy answers with the case that carries on (their own, or as its follower).
      if (facts.follows) {
        const { main, copy } = facts.follows;
        return done(undefined, own(main) ? caseViewMessages(main) : followerViewMessages(main, copy));
      }
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
      const location = pending.location;
      return done(
        undefined,
        infoSentMessages(intent.caseNumber),
        [{ caseNumber: intent.caseNumber, action: { type: 'reporter_info', text, attachments, ...(location ? { location } : {}) }, key: 'info' }],
        { ifRefused: undefined },
      );
    }

    case 'about_none':
      return done(undefined, infoNotSentMessages());

    case 'message': {
      const add = (p: { texts: string[]; attachments: Attachment[]; location?: CaseLocation }) => ({
        texts: intent.text ? [...p.texts, intent.text].slice(0, BUNDLE_MAX) : p.texts,
        attachments: intent.attachment ? [...p.attachments, intent.attachment].slice(0, BUNDLE_MAX) : p.attachments,
        // One place per case action: of several pins sent in one go, the newest counts.
        ...(intent.location ?? p.location ? { location: intent.location ?? p.location } : {}),
      });
      const open = followUpTargets(facts, now);
      const urgent = open.find((c) => c.urgent);
      if (pending?.kind === 'which_case' && !urgent) {
        if (intent.sticker) return done(pending, stickerThanksMessages(undefined));
        const next: Pending = { ...pending, ...add(pending), since: now };
        // The quick reply buttons vanish once the user sends something, so the question comes again.
        return done(next, askWhichCaseMessages(next.caseNumbers, bundleSize(next), !!next.location));
      }
      // No open case: not ours (intake shows the main menu, or opens an SOS for a pin). A waiting comment ends here too.
      if (!open.length) return { handled: false, pending: undefined, acts: [], reply: [], pendingIfRefused: undefined };
      // One open urgent case per person: whatever comes next belongs to it, without a question (a
      // "which case?" question about other cases stays open for its own answer).
      const keep = pending?.kind === 'which_case' ? pending : undefined;
      const target = urgent ?? (open.length === 1 ? open[0] : undefined);
      if (intent.sticker) {
        // A sticker on an urgent case is a sign of life the officers should see; elsewhere it is a "thank you".
        if (!target?.urgent) return done(undefined, stickerThanksMessages(target?.caseNumber));
        return done(keep, addedMessages(target, 'sticker'), [
          { caseNumber: target.caseNumber, action: { type: 'reporter_info', sticker: true }, key: 'info' },
        ]);
      }
      if (target) {
        const action: CaseAction = {
          type: 'reporter_info',
          ...(intent.text ? { text: clip(intent.text, INFO_TEXT_MAX) } : {}),
          ...(intent.attachment ? { attachments: [intent.attachment] } : {}),
          ...(intent.location ? { location: intent.location } : {}),
        };
        return done(keep, addedMessages(target, intent.location ? 'pin' : 'info'), [
          { caseNumber: target.caseNumber, action, key: 'info' },
        ]);
      }
      const caseNumbers = open.map((c) => c.caseNumber);
      const next: Pending = { kind: 'which_case', since: now, caseNumbers, ...add({ texts: [], attachments: [] }) };
      return done(next, askWhichCaseMessages(caseNumbers, 1, !!intent.location));
    }

    case 'sos_again': {
      const urgent = followUpTargets(facts, now).find((c) => c.urgent);
      // Without an open urgent case the SOS words are intake's (a new urgent case); any wait ends.
      if (!urgent) return { handled: false, pending: undefined, acts: [], reply: [], pendingIfRefused: undefined };
      return done(undefined, sosAgainMessages(urgent), [
        { caseNumber: urgent.caseNumber, action: { type: 'reporter_info', text: intent.text }, key: 'info' },
      ]);
    }

    case 'new_report':
      // Intake starts the report (compared with intake's own matcher, so both read the words alike).
      return { handled: false, pending: undefined, acts: [], reply: [], pendingIfRefused: undefined };

    case 'checkin': {
      if (!own(facts.case)) return done(pending, notFoundMessages());
      return done(pending, checkinAnswerMessages(intent.caseNumber, intent.safe), [
        {
          caseNumber: intent.caseNumber,
          action: { type: 'checkin', safe: intent.safe },
          key: 'checkin',
          entryId: checkinAnswerId(intent.caseNumber, intent.round, intent.safe),
        },
      ]);
    }
  }
}
