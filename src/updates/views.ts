import type { Message } from '../bot/context';
import { flex, locationAction, postback, messageAction, quickReply, text, uriAction, type Action } from '../bot/messages';
import { POSTBACK } from '../bot/postbacks';
import type { CaseRecord, TimelineEntry } from '../cases/types';
import type { CaseAction, Refusal } from '../cases/decide';
import type { CaseStatus, Outcome } from '../cases/vocab';
import { CASE_STATUS_LABELS, OUTCOME_LABELS } from '../cases/vocab';
import { UPDATES_TH } from '../strings/th/updates';
import { thaiDateTime } from '../time/thai-time';
import { UPDATES_POSTBACK } from './postbacks';
import { entryLabel, lastVisible, publicLines, statusAfter, timelineUntil, type UpdateKind } from './public-timeline';
import { clip, excerpt } from './text';
import { followerTimeline, type FollowerUpdateKind } from './followers';
import { z } from 'zod';
import { defineTemplate } from '../templates/render';

// ---- Flex templates (flex-templates/*.json) and their typed variables ----

/**
 * The updates feature's Flex templates (flex-templates/update-*.json) and their variables. Flex
 * text components may not be empty, so every text slot requires at least one character.
 */

const nonEmpty = z.string().min(1);
const color = z.string().regex(/^#[0-9A-Fa-f]{6}$/);
/** Already rendered Flex components (rows built from the small templates below). */
const components = z.array(z.unknown()).min(1);

export const factTemplate = defineTemplate('update-fact', z.object({ label: nonEmpty, value: nonEmpty }));

export const timelineEntryTemplate = defineTemplate('update-timeline-entry', z.object({ when: nonEmpty, text: nonEmpty }));

export const timelineMoreTemplate = defineTemplate('update-timeline-more', z.object({ text: nonEmpty }));

/** A line of prose in a bubble's facts (what happens next). */
export const noteTemplate = defineTemplate('update-note', z.object({ text: nonEmpty }));

const buttonLabel = nonEmpty.max(20);

/** "Still safe?" with its two answers and a 191 button. */
export const checkinTemplate = defineTemplate(
  'update-checkin',
  z.object({
    title: nonEmpty,
    body: nonEmpty,
    safeLabel: buttonLabel,
    safeData: nonEmpty.max(300),
    unsafeLabel: buttonLabel,
    unsafeData: nonEmpty.max(300),
    call191Label: buttonLabel,
  }),
);

/** The emergency numbers as big buttons (shown at once on "not safe"). */
export const callTemplate = defineTemplate(
  'update-call',
  z.object({ title: nonEmpty, body: nonEmpty, call191Label: buttonLabel, call1300Label: buttonLabel }),
);

export const statusTemplate = defineTemplate(
  'update-status',
  z.object({
    color,
    title: nonEmpty,
    caseNumberLine: nonEmpty,
    statusLabel: nonEmpty,
    facts: components,
    timelineHeading: nonEmpty,
    timeline: components,
    trackLabel: nonEmpty.max(20),
    trackDisplay: nonEmpty,
  }),
);

export const officerMessageTemplate = defineTemplate(
  'update-officer-message',
  z.object({
    title: nonEmpty,
    centerName: nonEmpty,
    caseNumberLine: nonEmpty,
    message: nonEmpty,
    facts: components,
    timelineHeading: nonEmpty,
    timeline: components,
    trackLabel: nonEmpty.max(20),
    trackDisplay: nonEmpty,
  }),
);

export const trackingTemplate = defineTemplate(
  'update-tracking',
  z.object({
    color,
    caseNumber: nonEmpty,
    openedLine: nonEmpty,
    statusLabel: nonEmpty,
    lastWhen: nonEmpty,
    lastText: nonEmpty,
    viewLabel: nonEmpty.max(20),
    viewData: nonEmpty.max(300),
    viewDisplay: nonEmpty,
  }),
);


/**
 * Every message the updates feature sends, built from data alone (no database, no clock), so that
 * tests can check each one against LINE's limits.
 */

/** A bubble with a 30 KB JSON limit stays far below it with 8 entries of at most ~100 characters. */
export const TIMELINE_MAX_ENTRIES = 8;
/** LINE shows at most 12 bubbles in a carousel. */
export const CAROUSEL_MAX = 12;
/** Quick replies hold 13 items; two are "new report" and "not this". */
export const WHICH_CASE_MAX = 11;
/** Longer officer messages are cut in the bubble and follow in full as text (5,000 allowed). */
const RELAY_BUBBLE_MAX = 1000;
const TEXT_MAX = 5000;
const ALT_MAX = 400;

export const STATUS_COLORS: Record<CaseStatus, string> = {
  new: '#6B7280',
  acknowledged: '#1D4ED8',
  in_progress: '#C2410C',
  referred: '#7C3AED',
  closed: '#15803D',
};

const fact = (label: string, value: string) => factTemplate.render({ label, value: excerpt(value, 300) });

function timelineComponents(timeline: readonly TimelineEntry[], status: CaseStatus, when: Date): unknown[] {
  const { lines, hidden } = publicLines(timeline, TIMELINE_MAX_ENTRIES);
  const rows: unknown[] = [];
  if (hidden > 0) rows.push(timelineMoreTemplate.render({ text: UPDATES_TH.timelineMore(hidden) }));
  for (const l of lines) rows.push(timelineEntryTemplate.render(l));
  // A case always has its public "opened" entry; this only guards against an empty Flex box.
  if (!rows.length) rows.push(timelineEntryTemplate.render({ when: thaiDateTime(when), text: CASE_STATUS_LABELS[status] }));
  return rows;
}

const trackButton = { trackLabel: UPDATES_TH.button.trackAll, trackDisplay: UPDATES_TH.button.trackAllDisplay };

/** Facts that belong to a status as of an entry: which agency, which outcome and the closing note. */
function statusFacts(timeline: readonly TimelineEntry[], status: CaseStatus, at: Date, withNote = true): unknown[] {
  const f = UPDATES_TH.fact;
  const facts = [fact(f.when, thaiDateTime(at))];
  if (status === 'referred') {
    const referral = [...timeline].reverse().find((e) => e.kind === 'referred');
    if (referral?.text) facts.push(fact(f.agency, referral.text));
  }
  if (status === 'closed') {
    const closing = [...timeline].reverse().find((e) => e.kind === 'closed');
    if (closing?.outcome) facts.push(fact(f.outcome, OUTCOME_LABELS[closing.outcome]));
    if (closing?.mergedInto) facts.push(fact(f.carriesOn, closing.mergedInto));
    if (closing?.text && withNote) facts.push(fact(f.note, closing.text));
  }
  return facts;
}

const note = (t: string) => noteTemplate.render({ text: t });

/**
 * `follower`: the bubble for the reporter of `copy`, merged into this case: the lifecycle only (see
 * followers.ts), and a preview that names their own number beside this one.
 */
function statusBubble(caseNumber: string, timeline: readonly TimelineEntry[], title: string, at: Date, lead?: string, follower?: { copy: string }): Message {
  const status = statusAfter(timeline);
  const statusLabel = CASE_STATUS_LABELS[status];
  const shown = follower ? followerTimeline(timeline) : timeline;
  const alt = follower ? UPDATES_TH.follower.altText(follower.copy, caseNumber, statusLabel) : UPDATES_TH.updateAltText(caseNumber, statusLabel);
  const contents = statusTemplate.render({
    color: STATUS_COLORS[status],
    title,
    caseNumberLine: UPDATES_TH.caseNumberLine(caseNumber),
    statusLabel,
    facts: [...(lead ? [note(lead)] : []), ...statusFacts(shown, status, at, !follower)],
    timelineHeading: UPDATES_TH.timelineHeading,
    timeline: timelineComponents(shown, status, at),
    ...trackButton,
  });
  return flex(excerpt(alt, ALT_MAX), contents);
}

const DUPLICATE: Outcome = 'duplicate';
/** A close that merged the case into another (outcome 'duplicate'). */
export const isMergeClose = (e: TimelineEntry): boolean => e.kind === 'closed' && (e.outcome === DUPLICATE || !!e.mergedInto);

const viewButton = (caseNumber: string) =>
  postback(UPDATES_TH.button.viewCase, UPDATES_POSTBACK.view(caseNumber), UPDATES_TH.button.viewCaseDisplay(caseNumber));
const reopenButton = (caseNumber: string) =>
  postback(UPDATES_TH.button.notHelped, UPDATES_POSTBACK.reopen(caseNumber), UPDATES_TH.button.notHelpedDisplay);
const callActions = (): Action[] => [
  uriAction(UPDATES_TH.button.call191, 'tel:191'),
  uriAction(UPDATES_TH.button.call1300, 'tel:1300'),
];
const urgentActions = (): Action[] => [locationAction(UPDATES_TH.button.sendPin), ...callActions()];

/** The rating question after closing; a case already rated (closed again after reopening) only offers reopening. */
export function ratingQuestion(caseNumber: string, alreadyRated: boolean): Message {
  const r = UPDATES_TH.rating;
  const reopen = postback(UPDATES_TH.button.notHelped, UPDATES_POSTBACK.reopen(caseNumber), UPDATES_TH.button.notHelpedDisplay);
  if (alreadyRated) return text(r.askReopenOnly(caseNumber), [reopen]);
  const scores = ([5, 4, 3, 2, 1] as const).map((n) =>
    postback(r.scoreLabels[n], UPDATES_POSTBACK.rate(caseNumber, n), r.scoreDisplay(n)),
  );
  return text(r.ask(caseNumber), [...scores, reopen]);
}

/**
 * The reporter's message for one change of their case, or null when the entry is not one the
 * reporter hears about. Built from the timeline up to that entry, so a re-run says the same.
 */
/** What the reporter's update for a merged case needs to know about the case that carries on. */
export interface CarriesOn {
  caseNumber: string;
  /** The same reporter: their later updates come from that case. */
  own: boolean;
}

export function reporterUpdateMessages(
  c: Pick<CaseRecord, 'caseNumber' | 'timeline'> & Partial<Pick<CaseRecord, 'urgent'>>,
  entry: TimelineEntry,
  kind: UpdateKind,
  centerName: string,
  carriesOn?: CarriesOn,
  /** Officer photos of a relay entry as LINE image messages (signed links, built by the caller). */
  media: Message[] = [],
): Message[] {
  const timeline = timelineUntil(c.timeline, entry.id);
  if (kind === 'relay' && !entry.text?.trim() && entry.attachments?.length) {
    const lead = entry.after ? UPDATES_TH.afterPhoto(c.caseNumber) : UPDATES_TH.relayPhoto(c.caseNumber, centerName);
    return [text(clip(lead, TEXT_MAX)), ...media];
  }
  if (kind === 'relay') {
    const body = (entry.text ?? '').trim();
    const status = statusAfter(timeline);
    const contents = officerMessageTemplate.render({
      title: UPDATES_TH.title.relay,
      centerName: excerpt(UPDATES_TH.relayFrom(centerName), 200),
      caseNumberLine: UPDATES_TH.caseNumberLine(c.caseNumber),
      message: clip(body, RELAY_BUBBLE_MAX),
      facts: [fact(UPDATES_TH.fact.status, CASE_STATUS_LABELS[status]), fact(UPDATES_TH.fact.when, thaiDateTime(entry.at))],
      timelineHeading: UPDATES_TH.timelineHeading,
      timeline: timelineComponents(timeline, status, entry.at),
      ...trackButton,
    });
    const messages = [flex(excerpt(UPDATES_TH.relayAltText(c.caseNumber, body), ALT_MAX), contents)];
    if (body.length > RELAY_BUBBLE_MAX) {
      messages.push(text(clip(`${UPDATES_TH.relayContinued(c.caseNumber)}\n${body}`, TEXT_MAX)));
    }
    return messages;
  }
  if (kind === 'closed' && isMergeClose(entry)) {
    // Merged into the case that carries on: say which, and ask no rating (the help was not judged here).
    const into = entry.mergedInto ?? carriesOn?.caseNumber;
    if (!into) return [statusBubble(c.caseNumber, timeline, UPDATES_TH.title.closed, entry.at)];
    const own = carriesOn?.caseNumber === into && carriesOn.own;
    const lead = own ? UPDATES_TH.lead.mergedOwn(into) : UPDATES_TH.lead.mergedOther(into);
    const bubble = statusBubble(c.caseNumber, timeline, UPDATES_TH.title.merged(into), entry.at, lead);
    if (own) return [{ ...bubble, quickReply: quickReply([viewButton(into)]) } as Message];
    // Someone else's case carries on: its progress reaches this reporter too (followers.ts).
    return [{ ...bubble, quickReply: quickReply([viewButton(into), reopenButton(c.caseNumber)]) } as Message];
  }
  if (kind === 'acknowledged') {
    const urgent = !!c.urgent;
    const title = urgent ? UPDATES_TH.title.acknowledgedUrgent : UPDATES_TH.title.acknowledged;
    const lead = urgent ? UPDATES_TH.lead.acknowledgedUrgent : UPDATES_TH.lead.acknowledged;
    const bubble = statusBubble(c.caseNumber, timeline, title, entry.at, lead);
    return [urgent ? ({ ...bubble, quickReply: quickReply(callActions()) } as Message) : bubble];
  }
  const bubble = statusBubble(c.caseNumber, timeline, UPDATES_TH.title[kind], entry.at);
  if (kind !== 'closed') return [bubble];
  // A rating given before an earlier reopening blocks a new one (the lifecycle refuses it). Read
  // from the timeline up to this entry, not from `c.rating`, so a re-run asks the same question.
  const ratedBefore = timeline.some((e) => e.kind === 'rated' && e.score !== undefined);
  return [bubble, ratingQuestion(c.caseNumber, ratedBefore)];
}

/**
 * The push to the reporter of a copy merged into `main` (a follower, see followers.ts) about one
 * change of `main`: the lifecycle only, and a way to say "not helped yet" about their own copy.
 */
export function followerUpdateMessages(
  main: Pick<CaseRecord, 'caseNumber' | 'timeline'> & Partial<Pick<CaseRecord, 'urgent'>>,
  entry: TimelineEntry & { kind: FollowerUpdateKind },
  copy: string,
  centerName: string,
): Message[] {
  if (entry.kind === 'transferred') return [text(UPDATES_TH.followerTransferred(copy, main.caseNumber, entry.text ?? centerName))];
  const timeline = timelineUntil(main.timeline, entry.id);
  const F = UPDATES_TH.follower;
  // The main case itself merged on (a chain): it carries on in a third case, so no "closed, reopen yours" words.
  const mergedOn = entry.kind === 'closed' && isMergeClose(entry) && entry.mergedInto ? entry.mergedInto : undefined;
  const title = mergedOn
    ? F.title.mergedOn(main.caseNumber, mergedOn)
    : (entry.kind === 'acknowledged' && main.urgent ? F.title.acknowledgedUrgent : F.title[entry.kind])(main.caseNumber);
  const lead = entry.kind === 'closed' && !mergedOn ? F.closedLead(copy, main.caseNumber) : UPDATES_TH.lead.follower(copy, main.caseNumber);
  const bubble = statusBubble(main.caseNumber, timeline, title, entry.at, lead, { copy });
  const actions = entry.kind === 'closed' ? [reopenButton(copy)] : main.urgent && entry.kind === 'acknowledged' ? callActions() : [viewButton(main.caseNumber)];
  return [{ ...bubble, quickReply: quickReply(actions) } as Message];
}

/** The case that carries on, as the reporter of a copy merged into it may see it. */
export function followerViewMessages(main: Pick<CaseRecord, 'caseNumber' | 'timeline' | 'updatedAt'>, copy: string): Message[] {
  const last = lastVisible(followerTimeline(main.timeline));
  return [
    statusBubble(main.caseNumber, main.timeline, UPDATES_TH.follower.title.view(main.caseNumber), last?.at ?? main.updatedAt, UPDATES_TH.lead.follower(copy, main.caseNumber), { copy }),
  ];
}

/** One case as the reporter asked to see it (typed number or "see progress"). */
export function caseViewMessages(c: Pick<CaseRecord, 'caseNumber' | 'timeline' | 'updatedAt'>): Message[] {
  const last = lastVisible(c.timeline);
  return [statusBubble(c.caseNumber, c.timeline, UPDATES_TH.title.view, last?.at ?? c.updatedAt)];
}

type TrackedCase = Pick<CaseRecord, 'caseNumber' | 'timeline' | 'createdAt'> & { mergedInto?: string };

function trackingBubble(c: TrackedCase, own: ReadonlySet<string>, main?: Pick<CaseRecord, 'caseNumber' | 'timeline'>): unknown {
  if (main) return mergedTrackingBubble(c, main);
  const status = statusAfter(c.timeline);
  const last = lastVisible(c.timeline);
  // A merged copy points at the case that carries on, when that case is the reporter's own too.
  const into = c.mergedInto && own.has(c.mergedInto) ? c.mergedInto : undefined;
  const lastText = c.mergedInto ? UPDATES_TH.tracking_merged(c.mergedInto) : last ? entryLabel(last) : CASE_STATUS_LABELS[status];
  return renderTracking(c, status, last?.at, lastText, into ?? c.caseNumber);
}

/**
 * A merged copy in the carousel answers with the case that carries on: its status and latest step
 * (as a follower reads them), and the button opens that case.
 */
function mergedTrackingBubble(c: TrackedCase, main: Pick<CaseRecord, 'caseNumber' | 'timeline'>): unknown {
  const status = statusAfter(main.timeline);
  const last = lastVisible(followerTimeline(main.timeline));
  return renderTracking(c, status, last?.at, UPDATES_TH.trackingCarriedOn(main.caseNumber, last ? entryLabel(last) : CASE_STATUS_LABELS[status]), main.caseNumber);
}

/** One case's tracking bubble: the case as reported, the status and latest step shown, the case its button opens. */
function renderTracking(c: TrackedCase, status: CaseStatus, lastAt: Date | undefined, lastText: string, viewed: string): unknown {
  return trackingTemplate.render({
    color: STATUS_COLORS[status],
    caseNumber: c.caseNumber,
    openedLine: `${UPDATES_TH.fact.openedAt} ${thaiDateTime(c.createdAt)}`,
    statusLabel: CASE_STATUS_LABELS[status],
    lastWhen: `${UPDATES_TH.fact.lastUpdate} ${thaiDateTime(lastAt ?? c.createdAt)}`,
    lastText: excerpt(lastText, 100),
    viewLabel: UPDATES_TH.button.viewCase,
    viewData: UPDATES_POSTBACK.view(viewed),
    viewDisplay: UPDATES_TH.button.viewCaseDisplay(viewed),
  });
}

const newReportButton = () => postback(UPDATES_TH.button.newReport, POSTBACK.startReport);
const trackAllButton = () => postback(UPDATES_TH.button.trackAll, UPDATES_POSTBACK.track, UPDATES_TH.button.trackAllDisplay);

/**
 * The reporter's cases, newest first: a carousel of at most 12, and when there are more, a word
 * about the rest and how to see one of them. `total` counts all of the reporter's cases.
 */
export function trackingMessages(
  cases: readonly TrackedCase[],
  total: number,
  /** The case each merged copy carries on in, by the copy's number (loaded by the do layer). */
  carried: Readonly<Record<string, Pick<CaseRecord, 'caseNumber' | 'timeline'>>> = {},
): Message[] {
  if (!cases.length) return [text(UPDATES_TH.tracking.none, [newReportButton()])];
  const shown = cases.slice(0, CAROUSEL_MAX);
  const own = new Set(cases.map((c) => c.caseNumber));
  const carousel = { type: 'carousel', contents: shown.map((c) => trackingBubble(c, own, carried[c.caseNumber])) };
  const messages = [flex(UPDATES_TH.tracking.altText(Math.max(total, shown.length)), carousel)];
  const rest = Math.max(total, cases.length) - shown.length;
  if (rest > 0) messages.push(text(UPDATES_TH.tracking.more(rest, shown[shown.length - 1]!.caseNumber)));
  return messages;
}

/** The same answer for an unknown number and for someone else's case: nothing to probe. */
export const notFoundMessages = (): Message[] => [text(UPDATES_TH.tracking.notFound, [trackAllButton()])];

/**
 * "Is this about your case?" with one button per open case, "new report" and "not this". With a pin
 * among the messages, "new report" becomes the SOS button: a pin is this channel's SOS gesture.
 */
export function askWhichCaseMessages(caseNumbers: readonly string[], received: number, hasPin = false): Message[] {
  const shown = caseNumbers.slice(0, WHICH_CASE_MAX);
  const ask =
    received > 1
      ? UPDATES_TH.info.askMore(received)
      : shown.length === 1
        ? UPDATES_TH.info.askOne(shown[0]!)
        : UPDATES_TH.info.askMany;
  const body = hasPin ? `${ask}\n${UPDATES_TH.info.pinNotUrgent}` : ask;
  const fresh = hasPin
    ? postback(UPDATES_TH.button.sos, POSTBACK.sos)
    : postback(UPDATES_TH.button.newCase, POSTBACK.startReport, UPDATES_TH.button.newReport);
  return [
    text(body, [
      ...shown.map((n) => postback(n, UPDATES_POSTBACK.about(n), UPDATES_TH.button.aboutCaseDisplay(n))),
      fresh,
      postback(UPDATES_TH.button.notThis, UPDATES_POSTBACK.aboutNone, UPDATES_TH.button.notThisDisplay),
    ]),
  ];
}

export const infoSentMessages = (caseNumber: string): Message[] => [text(UPDATES_TH.info.sent(caseNumber))];

/** The open case a follow-up went to, as the acknowledgement needs it. */
export interface FollowUpTarget {
  caseNumber: string;
  urgent: boolean;
  status: CaseStatus;
}

/**
 * The one short line after something was added to an open case. Urgent cases keep the pin and
 * call buttons at hand; others offer their progress and a new report (in case it was not about it).
 */
export function addedMessages(target: FollowUpTarget, what: 'info' | 'pin' | 'sticker'): Message[] {
  if (what === 'pin' && !target.urgent) {
    const body = `${UPDATES_TH.info.pinSent(target.caseNumber)}\n${UPDATES_TH.info.pinNotUrgent}`;
    return [text(body, [postback(UPDATES_TH.button.sos, POSTBACK.sos), ...callActions(), viewButton(target.caseNumber)])];
  }
  const body = what === 'pin' ? UPDATES_TH.info.pinSent(target.caseNumber) : UPDATES_TH.info.sent(target.caseNumber);
  const actions = target.urgent ? urgentActions() : [viewButton(target.caseNumber), newReportButton()];
  return [text(body, actions)];
}

export const stickerThanksMessages = (caseNumber: string | undefined): Message[] => [
  text(UPDATES_TH.info.stickerThanks(caseNumber), caseNumber ? [viewButton(caseNumber)] : [trackAllButton()]),
];

export const sosAgainMessages = (target: FollowUpTarget): Message[] => [
  text(UPDATES_TH.info.sosAgain(target.caseNumber, target.status !== 'new'), urgentActions()),
];

/** "Still safe?" for one round of one case. */
export function checkinQuestionMessages(caseNumber: string, round: string): Message[] {
  const c = UPDATES_TH.checkin;
  const b = UPDATES_TH.button;
  const safeData = UPDATES_POSTBACK.checkin(caseNumber, round, true);
  const unsafeData = UPDATES_POSTBACK.checkin(caseNumber, round, false);
  const contents = checkinTemplate.render({
    title: c.title,
    body: c.body(caseNumber),
    safeLabel: b.safe,
    safeData,
    unsafeLabel: b.unsafe,
    unsafeData,
    call191Label: b.call191,
  });
  // The same answers as quick replies: bigger to tap, and the bubble's buttons stay for later.
  return [
    flex(excerpt(c.altText(caseNumber), ALT_MAX), contents, [
      postback(b.unsafe, unsafeData),
      postback(b.safe, safeData),
      uriAction(b.call191, 'tel:191'),
    ]),
  ];
}

function callMessage(title: string, body: string, altText: string, actions: Action[]): Message {
  const contents = callTemplate.render({
    title,
    body,
    call191Label: UPDATES_TH.button.call191,
    call1300Label: UPDATES_TH.button.call1300,
  });
  return flex(excerpt(altText, ALT_MAX), contents, actions);
}

/** "Not safe" shows 191 at once; "safe" is thanked, with the way to say otherwise later. */
export function checkinAnswerMessages(caseNumber: string, safe: boolean): Message[] {
  const c = UPDATES_TH.checkin;
  if (safe) return [text(c.safeThanks(caseNumber), [uriAction(UPDATES_TH.button.call191, 'tel:191')])];
  return [callMessage(c.unsafeTitle, c.unsafeBody(caseNumber), c.unsafeAlt(caseNumber), urgentActions())];
}
export const infoNotSentMessages = (): Message[] => [text(UPDATES_TH.info.notSent, [newReportButton(), trackAllButton()])];
export const nothingPendingMessages = (): Message[] => [text(UPDATES_TH.info.nothingPending)];

export const askCommentMessages = (): Message[] => [
  text(UPDATES_TH.rating.thanksAskComment, [messageAction(UPDATES_TH.button.skip)]),
];
export const commentThanksMessages = (): Message[] => [text(UPDATES_TH.rating.commentThanks)];
export const skippedMessages = (): Message[] => [text(UPDATES_TH.rating.skipped)];

export const askReopenWordsMessages = (caseNumber: string): Message[] => [
  text(UPDATES_TH.reopen.askWords(caseNumber), [messageAction(UPDATES_TH.button.skip)]),
];
export const reopenedMessages = (caseNumber: string): Message[] => [text(UPDATES_TH.reopen.done(caseNumber))];

/** What the reporter hears when the lifecycle refused their action (a stale button, a double tap). */
export function refusalMessages(
  action: CaseAction,
  reason: Refusal | 'not_found',
  caseNumber: string,
  current?: Pick<CaseRecord, 'status'>,
): Message[] {
  if (action.type === 'checkin') {
    // A late answer about a closed case: "not safe" still gets the numbers and a way to a new SOS.
    if (action.safe) return [text(UPDATES_TH.checkin.closedSafe)];
    const c = UPDATES_TH.checkin;
    return [
      callMessage(c.unsafeTitle, c.closedUnsafe(caseNumber), c.closedUnsafe(caseNumber), [
        postback(UPDATES_TH.button.sos, POSTBACK.sos),
        ...callActions(),
      ]),
    ];
  }
  if (reason === 'not_found') return notFoundMessages();
  if (action.type === 'rate' && reason === 'already_rated') return [text(UPDATES_TH.rating.alreadyRated)];
  if (action.type === 'rate' && reason === 'not_closed') return [text(UPDATES_TH.rating.notClosed)];
  if (action.type === 'reopen' && reason === 'not_closed') {
    return [text(UPDATES_TH.reopen.notClosed(caseNumber, CASE_STATUS_LABELS[current?.status ?? 'new']))];
  }
  // A comment on a case that was reopened meanwhile: thank them anyway, nothing is lost that matters.
  if (action.type === 'comment') return commentThanksMessages();
  return [text(UPDATES_TH.somethingWrong)];
}
