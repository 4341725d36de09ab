import type { Message } from '../bot/context';
import type { Action } from '../bot/messages';
import { flex, mentionAll, mentionUser, postback, text, uriAction } from '../bot/messages';
import { evidenceTh } from '../strings/th/evidence';
import type { Attachment, CaseLocation, CaseRecord, TimelineEntry } from '../cases/types';
import type { CaseAction, Refusal } from '../cases/decide';
import type { Center } from '../centers/types';
import {
  CASE_STATUS_LABELS,
  OUTCOMES,
  OUTCOME_LABELS,
  PROBLEM_TYPES,
  PROBLEM_TYPE_LABELS,
  PROBLEM_TYPE_SHORT,
  SEX_LABELS,
  TARGET_GROUP_LABELS,
  type ProblemType,
} from '../cases/vocab';
import { AGENCIES, dutyTh, type AgencyCode } from '../strings/th/duty';
import { districtWords } from '../strings/th/geo';
import { thaiDateTime } from '../time/thai-time';
import { dutyPostback } from './commands';
import { TYPED_LIMITS, type Question, type Say } from './decide';
import { z } from 'zod';
import { defineTemplate } from '../templates/render';

// ---- Flex templates (flex-templates/*.json) and their typed variables ----

/** The duty feature's Flex templates (`flex-templates/duty-*.json`) and their variables. */

const component = z.record(z.string(), z.unknown());
const components = z.array(component).min(1);

export const caseCardTemplate = defineTemplate(
  'duty-case-card',
  z.object({
    headerColor: z.string().regex(/^#[0-9A-F]{6}$/i),
    title: z.string().min(1),
    caseNumber: z.string().min(1),
    summary: z.string().min(1),
    rows: components,
    buttons: components,
  }),
);

export const queueTemplate = defineTemplate(
  'duty-queue',
  z.object({ title: z.string().min(1), subtitle: z.string().min(1), rows: components }),
);

export const caseDetailsTemplate = defineTemplate(
  'duty-case-details',
  z.object({
    title: z.string().min(1),
    notice: z.string().min(1),
    rows: components,
    /** A footer box with buttons, or undefined to leave the bubble without a footer. */
    footer: component.optional(),
  }),
);


/**
 * Every message the duty feature sends, built from case data. Pure: the same case renders the
 * same card. Group messages never carry the reporter's name or LINE id; with `minimal` detail they
 * carry no phone number or free-text details either.
 */

export type CardDetail = 'minimal' | 'full';

const COLORS = { urgent: '#C62828', normal: '#1F3A5F', closed: '#616161' };
const MAX_DETAILS_IN_CARD = 1500;
const MAX_QUEUE_ROWS = 15;
// Below LINE's 5,000 characters for one text, with room for a header line.
const MAX_TEXT = 4800;
// Values typed by people (officers' agency names, reporters' places) shown in a card: bounded so the
// bubble stays far below LINE's 30 KB, whatever an older record holds.
const MAX_VALUE_IN_CARD = 200;
const MAX_NAME_IN_CARD = 60;

export const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const nonEmpty = (s: string | undefined) => (s && s.trim() ? s : dutyTh.card.unknown);

type FlexNode = Record<string, unknown>;

const row = (label: string, value: string): FlexNode => ({
  type: 'box',
  layout: 'baseline',
  spacing: 'sm',
  contents: [
    { type: 'text', text: label, size: 'sm', color: '#888888', flex: 3, wrap: true },
    { type: 'text', text: nonEmpty(value), size: 'sm', color: '#222222', flex: 7, wrap: true },
  ],
});

const button = (action: Action, style: 'primary' | 'secondary' | 'link' = 'secondary'): FlexNode => ({
  type: 'button',
  style,
  height: 'sm',
  action,
});

/** A postback whose echo in the chat names the case, so the group sees who tapped what. */
const tap = (label: string, data: string, caseNumber?: string) =>
  postback(label, data, caseNumber ? `${label} ${caseNumber}` : label);

export const mapUrl = (lat: number, lng: number) =>
  `https://www.google.com/maps/search/?api=1&query=${lat.toFixed(6)},${lng.toFixed(6)}`;

const problemTypesText = (types: readonly ProblemType[]) =>
  types.length ? types.map((p) => PROBLEM_TYPE_LABELS[p]).join(', ') : dutyTh.card.notGiven;

const districtText = (c: CaseRecord) => {
  const l = c.location;
  if (!l) return c.sos ? dutyTh.card.noLocation : dutyTh.card.notGiven;
  if (l.outOfProvince) return l.province ? dutyTh.card.outOfArea(l.province) : dutyTh.card.outOfProvince;
  return l.district ?? dutyTh.card.notGiven;
};

export const hasPin = (c: Pick<CaseRecord, 'location'>) => c.location?.lat !== undefined && c.location.lng !== undefined;

/**
 * Where to go, for cards that show it (urgent cases, or full detail): a pin, the place the reporter
 * typed, or plainly no location at all. Never claims a pin that was not sent.
 */
const placeText = (c: CaseRecord) => {
  const T = dutyTh.card;
  const address = c.location?.address?.trim();
  if (hasPin(c)) return address ? T.pinnedAt(clip(address, MAX_VALUE_IN_CARD)) : T.pinned;
  if (address) return T.typedPlace(clip(address, MAX_VALUE_IN_CARD));
  return T.noLocation;
};

/** Least data by default: the minimal card names a map position only when officers must act at once. */
const showsPlace = (c: CaseRecord, detail: CardDetail) => detail === 'full' || c.urgent;

/** One line that says what the case is about, with no personal data: used in the header and alt text. */
export function caseSummary(c: CaseRecord): string {
  if (c.sos && !c.problemTypes.length && !c.targetGroup) {
    if (hasPin(c)) return dutyTh.card.sosSummary;
    return c.location?.address?.trim() ? dutyTh.card.sosSummaryTypedPlace : dutyTh.card.sosSummaryNoPin;
  }
  const who = [c.targetGroup && TARGET_GROUP_LABELS[c.targetGroup], c.sex && c.sex !== 'unspecified' ? SEX_LABELS[c.sex] : undefined]
    .filter(Boolean)
    .join(' ');
  return dutyTh.card.summaryOf(
    [
      c.urgent ? dutyTh.card.urgent : dutyTh.card.normal,
      c.problemTypes.map((p) => PROBLEM_TYPE_SHORT[p]).join('/'),
      who,
      c.location?.district ? dutyTh.card.districtShort(districtWords(c.location).short, c.location.district) : '',
    ].filter((s): s is string => !!s),
  );
}

/** Lifecycle steps that make sense from the case's status (the state machine still has the last word). */
export function nextStepActions(c: Pick<CaseRecord, 'caseNumber' | 'status'>): Action[] {
  const no = c.caseNumber;
  const L = dutyTh.labels;
  switch (c.status) {
    case 'new':
      return [tap(L.ack, dutyPostback.ack(no), no), tap(L.details, dutyPostback.details(no), no), tap(L.transfer, dutyPostback.transfer(no), no)];
    case 'acknowledged':
    case 'referred':
      return [
        tap(L.start, dutyPostback.start(no), no),
        tap(L.refer, dutyPostback.refer(no), no),
        tap(L.close, dutyPostback.close(no), no),
        tap(L.types, dutyPostback.types(no), no),
        tap(L.details, dutyPostback.details(no), no),
        tap(L.transfer, dutyPostback.transfer(no), no),
      ];
    case 'in_progress':
      return [
        tap(L.refer, dutyPostback.refer(no), no),
        tap(L.close, dutyPostback.close(no), no),
        tap(L.types, dutyPostback.types(no), no),
        tap(L.details, dutyPostback.details(no), no),
        tap(L.transfer, dutyPostback.transfer(no), no),
      ];
    case 'closed':
      return [tap(L.details, dutyPostback.details(no), no)];
  }
}

/**
 * The case card. `announce` marks the new-case push (title "เรื่องใหม่"); otherwise the title is
 * the status. `full` adds the phone and details, as the center chose for its groups.
 */
export interface CardOptions {
  detail: CardDetail;
  announce?: boolean;
  /** The shift team that had the case before this card (a handover): named on the card. */
  previousTeam?: 'day' | 'night';
}

export function caseCard(c: CaseRecord, opts: CardOptions): Message {
  const T = dutyTh.card;
  const rows: FlexNode[] = [
    row(T.problemTypes, problemTypesText(c.problemTypes)),
    row(T.targetGroup, c.targetGroup ? TARGET_GROUP_LABELS[c.targetGroup] : T.notGiven),
    row(T.sex, c.sex ? SEX_LABELS[c.sex] : T.notGiven),
    // Bangkok's districts are เขต (src/strings/th/geo.ts).
    row(districtWords(c.location).district, districtText(c)),
  ];
  if (showsPlace(c, opts.detail)) rows.push(row(T.place, placeText(c)));
  rows.push(row(T.reportedAt, thaiDateTime(c.createdAt)));
  if (!opts.announce) rows.push(row(T.status, CASE_STATUS_LABELS[c.status]));
  // A reopened case is back in the queue: its earlier owner is not its owner now.
  if (c.owner?.name && c.status !== 'new') rows.push(row(T.owner, clip(c.owner.name, MAX_NAME_IN_CARD)));
  if (c.referredTo) rows.push(row(T.referredTo, clip(c.referredTo, MAX_VALUE_IN_CARD)));
  if (c.mergedInto) rows.push(row(T.mergedInto, c.mergedInto));
  if (c.reopenCount > 0) rows.push(row(T.status, T.reopenCount(c.reopenCount)));
  if (opts.previousTeam) rows.push(row(T.previousTeam, dutyTh.teams[opts.previousTeam]));
  if (opts.detail === 'full') {
    rows.push(row(T.phone, c.phone ?? T.notGiven));
    rows.push(row(T.details, clip(c.details ?? T.notGiven, MAX_DETAILS_IN_CARD)));
    if (c.attachments.length) rows.push(row(T.attachments, attachmentSummary(c.attachments)));
  } else {
    rows.push({ type: 'text', text: T.hiddenDetails, size: 'xs', color: '#888888', wrap: true });
  }

  const steps = nextStepActions(c);
  const buttons = steps.map((a, i) => button(a, i === 0 && c.status === 'new' ? 'primary' : 'secondary'));
  if (showsPlace(c, opts.detail) && c.location?.lat !== undefined && c.location.lng !== undefined) {
    buttons.push(button(uriAction(dutyTh.labels.map, mapUrl(c.location.lat, c.location.lng)), 'link'));
  }
  // Issue 14: once someone has the case, a photo can go to a reporter who is on LINE (d:photo opens the window).
  if (c.reporterUserId && c.status !== 'new' && c.status !== 'closed') {
    buttons.push(button(tap(evidenceTh.photo.button, dutyPostback.photo(c.caseNumber), c.caseNumber), 'link'));
  }
  const headerColor = c.status === 'closed' ? COLORS.closed : c.urgent ? COLORS.urgent : COLORS.normal;
  const title = opts.announce
    ? `${c.sos ? `${T.sos} · ` : ''}${c.urgent ? `🔴 ${T.urgent} · ` : ''}${T.titleNew}`
    : `${c.urgent ? `🔴 ${T.urgent} · ` : ''}${dutyTh.statusShort[c.status]}`;
  const contents = caseCardTemplate.render({
    headerColor,
    title,
    caseNumber: c.caseNumber,
    summary: caseSummary(c),
    rows,
    buttons,
  });
  const alt = opts.announce ? T.altNew(c.caseNumber, c.urgent) : T.alt(c.caseNumber);
  return flex(clip(`${alt}: ${caseSummary(c)}`, 400), contents);
}

const attachmentSummary = (list: readonly Attachment[]) => {
  const counts = new Map<string, number>();
  for (const a of list) counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${dutyTh.attachmentTypes[t] ?? t} ${n}`).join(', ');
};

export const attachmentRefs = (caseNumber: string, list: readonly Attachment[]) =>
  list.map((a) => dutyTh.attachmentRef(caseNumber, dutyTh.attachmentTypes[a.type] ?? a.type, a.messageId) + evidenceState(a));

/** Where the stored copy stands (issue 14): officers see at once that a piece of evidence was lost. */
const evidenceState = (a: Attachment) => ` (${evidenceTh.status[a.evidence?.status ?? 'pending']})`;

const MAX_LATER_ENTRIES = 5;
const MAX_ADDRESS_IN_DETAILS = 500;
const MAX_ATTACHMENT_REFS = 20;

/** The newest attachment references, then how many older ones the admin API also holds. */
const attachmentLines = (caseNumber: string, list: readonly Attachment[]) => {
  const shown = list.slice(-MAX_ATTACHMENT_REFS);
  const refs = attachmentRefs(caseNumber, shown);
  return (list.length > shown.length ? [...refs, dutyTh.details.moreAttachments(list.length - shown.length)] : refs).join('\n');
};
const MAX_LATER_WORDS = 400;

/** The reporter's later words and pins, newest last, bounded so the bubble stays well under 30 KB. */
function laterFromReporter(c: CaseRecord): string[] {
  return (c.timeline as EntryWithExtras[])
    .filter((e) => e.actor.kind === 'reporter' && (e.kind === 'reporter_info' || e.kind === 'reopened'))
    .filter((e) => e.text?.trim() || (e.location?.lat !== undefined && e.location.lng !== undefined))
    .slice(-MAX_LATER_ENTRIES)
    .map((e) => {
      const pin = e.location?.lat !== undefined && e.location.lng !== undefined ? ` ${dutyTh.details.newPin(mapUrl(e.location.lat, e.location.lng))}` : '';
      const words = e.text?.trim() ? ` "${clip(e.text.trim(), MAX_LATER_WORDS)}"` : '';
      return `${thaiDateTime(e.at)}${words}${pin}`;
    });
}

/** The private details for one officer: phone, details, address, attachments, the reporter's later words. */
export function detailsMessage(c: CaseRecord): Message {
  const D = dutyTh.details;
  const rows: FlexNode[] = [
    row(D.phone, c.phone ?? dutyTh.card.notGiven),
    row(D.contactViaLine, c.contactViaLine ? D.contactViaLineYes(c.caseNumber) : dutyTh.card.unknown),
    row(D.details, clip(c.details ?? dutyTh.card.notGiven, MAX_DETAILS_IN_CARD)),
    row(D.address, clip(c.location?.address ?? districtText(c), MAX_ADDRESS_IN_DETAILS)),
    row(D.attachments, c.attachments.length ? attachmentLines(c.caseNumber, c.attachments) : D.noAttachments),
  ];
  // What the reporter sent later: the group saw only a one-line notice for a non-urgent case.
  const later = laterFromReporter(c);
  if (later.length) rows.push(row(D.later, later.join('\n')));
  const buttons: FlexNode[] = [];
  if (c.phone) buttons.push(button(uriAction(dutyTh.labels.call, `tel:${c.phone.replace(/[^\d+]/g, '')}`), 'primary'));
  if (c.location?.lat !== undefined && c.location.lng !== undefined) {
    buttons.push(button(uriAction(dutyTh.labels.map, mapUrl(c.location.lat, c.location.lng)), 'link'));
  }
  const contents = caseDetailsTemplate.render({
    title: D.title(c.caseNumber),
    notice: D.confidential,
    rows,
    footer: buttons.length ? { type: 'box', layout: 'vertical', spacing: 'sm', contents: buttons } : undefined,
  });
  return flex(D.alt(c.caseNumber), contents);
}

/** The open cases, urgent first then oldest, as one compact bubble; each row opens its card. */
export function queueMessages(open: readonly CaseRecord[], total: number): Message[] {
  if (!open.length) return [text(dutyTh.queue.empty)];
  const Q = dutyTh.queue;
  const shown = open.slice(0, MAX_QUEUE_ROWS);
  const rows: FlexNode[] = shown.map((c) => {
    // LINE gives a tap to the innermost component that has an action: the row box and each of its
    // texts carry the same one, so a tap anywhere on the row opens the case.
    const open = tap(Q.open, dutyPostback.show(c.caseNumber), c.caseNumber);
    return {
      type: 'box',
      layout: 'vertical',
      action: open,
      contents: [
        {
          type: 'text',
          text: `${c.urgent ? Q.urgentMark : Q.normalMark} ${c.caseNumber} · ${dutyTh.statusShort[c.status]}`,
          size: 'sm',
          weight: 'bold',
          wrap: true,
          action: open,
        },
        {
          type: 'text',
          text: Q.row([thaiDateTime(c.createdAt), caseSummary(c), ...(c.owner?.name ? [clip(c.owner.name, MAX_NAME_IN_CARD)] : [])]),
          size: 'xs',
          color: '#666666',
          wrap: true,
          action: open,
        },
      ],
    };
  });
  if (total > shown.length) rows.push({ type: 'text', text: Q.more(total - shown.length), size: 'xs', color: '#888888', wrap: true });
  return [flex(Q.alt(total), queueTemplate.render({ title: Q.title(total), subtitle: Q.subtitle, rows }))];
}

export const helpMessage = (example: string): Message =>
  text(dutyTh.help(example), [postback(dutyTh.labels.queue, dutyPostback.queue, 'คิว')]);

export function sayMessages(say: Say, example: string): Message[] {
  const R = dutyTh.refusal;
  switch (say.kind) {
    case 'help':
      return [helpMessage(example)];
    case 'usage':
      return [text(dutyTh.usageHint(dutyTh.usage[say.command]))];
    case 'unregistered':
      return [text(R.unregisteredGroup(dutyTh.registration.howTo))];
    case 'unattributed':
      return [text(R.unattributed)];
    case 'private_refusal':
      return [text(R.privateChat)];
    case 'private_enroll':
      return [text(dutyTh.registration.privateChat)];
    case 'cancelled':
      return [text(dutyTh.ask.cancelled)];
    case 'too_long':
      return [
        text(dutyTh.ask.tooLong(dutyTh.fieldNames[say.field], say.length, TYPED_LIMITS[say.field], say.retype), say.retype ? [cancelChip()] : undefined),
      ];
    case 'merge_self':
      return [text(dutyTh.ask.mergeSelf(say.caseNumber), [cancelChip()])];
    case 'merge_number':
      return [text(dutyTh.ask.into(say.caseNumber), [cancelChip()])];
    case 'photo_skipped':
      return [text(evidenceTh.photo.skipped(say.caseNumber))];
  }
}

const cancelChip = () => postback(dutyTh.labels.cancel, dutyPostback.cancel, dutyTh.labels.cancel);

/**
 * A refusal as an answer: the words, and — when the case is known — the steps its current status
 * allows, so a tap on an old card (status moved on) leads straight to what can be done now.
 */
export function refusalMessages(reason: Refusal | 'not_found', caseNumber: string, action: CaseAction, c?: CaseRecord): Message[] {
  return [text(clip(refusalText(reason, caseNumber, action, c), MAX_TEXT), c ? nextStepActions(c) : undefined)];
}

/** A refusal from the case service in words, naming the case (and its owner for a taken case). */
export function refusalText(
  reason: Refusal | 'not_found',
  caseNumber: string,
  action: CaseAction,
  c?: Pick<CaseRecord, 'owner' | 'status' | 'outcome' | 'mergedInto'>,
): string {
  const R = dutyTh.refusal;
  switch (reason) {
    case 'not_found':
      return R.notFound(caseNumber);
    case 'already_acknowledged':
      return R.alreadyAcknowledged(caseNumber, clip(c?.owner?.name ?? dutyTh.officerFallbackName, MAX_NAME_IN_CARD));
    case 'not_acknowledged':
      return R.notAcknowledged(caseNumber);
    case 'closed':
      return c?.outcome === 'duplicate' && c.mergedInto ? R.merged(caseNumber, c.mergedInto) : R.closed(caseNumber);
    case 'same_status':
      return R.sameStatus(caseNumber, c ? CASE_STATUS_LABELS[c.status] : '');
    case 'not_allowed_for_actor':
      return R.notAllowed;
    case 'invalid':
      if (action.type === 'note' || action.type === 'relay') return R.emptyText(caseNumber);
      if (action.type === 'add_problem_types') return R.typesExist(caseNumber);
      return R.invalid;
    default:
      return R.generic;
  }
}

/** What the group sees after an officer's action went through. */
export function actedMessages(c: CaseRecord, entry: TimelineEntry, officerName: string, detail: CardDetail = 'minimal'): Message[] {
  const A = dutyTh.acted;
  const no = c.caseNumber;
  const name = clip(officerName, MAX_NAME_IN_CARD);
  // Quick replies vanish once a newer message arrives; the status card's buttons stay, and offer
  // what the case's status now allows.
  const withCard = (body: string) => [text(clip(body, MAX_TEXT), nextStepActions(c)), caseCard(c, { detail })];
  switch (entry.kind) {
    case 'acknowledged':
      return withCard(A.acknowledged(clip(c.owner?.name ?? name, MAX_NAME_IN_CARD), no));
    case 'in_progress':
      return withCard(A.in_progress(name, no));
    case 'referred':
      return withCard(A.referred(name, no, clip(entry.text ?? c.referredTo ?? '', MAX_VALUE_IN_CARD)));
    case 'closed':
      if (entry.outcome === 'duplicate' && entry.mergedInto) return [text(A.merged(name, no, entry.mergedInto))];
      return [text(A.closed(name, no, entry.outcome ? OUTCOME_LABELS[entry.outcome] : ''))];
    case 'note':
      return [text(A.note(no))];
    case 'relay':
      return [text(A.relay(no))];
    case 'transferred':
      return [text(clip(dutyTh.transfer.acted(name, no, entry.text ?? '', entry.toCenter ?? ''), MAX_TEXT))];
    case 'problem_types_added':
      return [text(A.typesAdded(no, (entry.problemTypes ?? []).map((p) => PROBLEM_TYPE_LABELS[p]).join(', ')))];
    default:
      return [text(`${no}: ${dutyTh.listener.apiWhat.other}`)];
  }
}

/** A question for what a step still needs, with the choices as quick replies. */
export function askMessages(question: Question, c: CaseRecord, pendingOutcomeLabel?: string): Message[] {
  const no = c.caseNumber;
  const cancel = cancelChip();
  switch (question) {
    case 'agency':
      return [
        text(dutyTh.ask.agency(no), [
          ...(Object.keys(AGENCIES) as AgencyCode[]).map((code) =>
            postback(AGENCIES[code].label, dutyPostback.refer(no, code), `ส่งต่อ ${no} ${AGENCIES[code].name}`),
          ),
          cancel,
        ]),
      ];
    case 'into':
      return [text(dutyTh.ask.into(no), [cancel])];
    case 'outcome':
      return [
        text(dutyTh.ask.outcome(no), [
          ...OUTCOMES.map((o) => postback(OUTCOME_LABELS[o], dutyPostback.close(no, o), `ปิด ${no} ${OUTCOME_LABELS[o]}`)),
          cancel,
        ]),
      ];
    case 'note':
      return [text(dutyTh.ask.note(no, pendingOutcomeLabel ?? ''), [cancel])];
    case 'types': {
      const missing = PROBLEM_TYPES.filter((p) => !c.problemTypes.includes(p));
      if (!missing.length) return [text(dutyTh.ask.noMoreTypes(no))];
      return [
        text(
          dutyTh.ask.types(no),
          missing.map((p) => postback(PROBLEM_TYPE_SHORT[p], dutyPostback.types(no, p), `เพิ่มประเภท ${no} ${PROBLEM_TYPE_SHORT[p]}`)),
        ),
      ];
    }
  }
}

/** LINE shows at most 13 quick-reply items: a page holds the centers, ถัดไป and ยกเลิก. */
const QUICK_REPLY_MAX = 13;

/**
 * The centers a case can move to, as quick replies (one tap transfers), listed by code and name in
 * the text; more than fit → pages, each ending with ถัดไป. `page` beyond the last shows the last.
 */
export function transferChoicesMessages(no: string, centers: readonly Pick<Center, 'code' | 'name'>[], page: number, lead?: string): Message[] {
  const all = centers.length <= QUICK_REPLY_MAX - 1;
  const perPage = all ? QUICK_REPLY_MAX - 1 : QUICK_REPLY_MAX - 2;
  const pages = Math.max(1, Math.ceil(centers.length / perPage));
  const p = Math.min(Math.max(1, page), pages);
  const shown = centers.slice((p - 1) * perPage, p * perPage);
  const L = dutyTh.labels;
  const chips = [
    ...shown.map((c) => postback(c.code, dutyPostback.transfer(no, { center: c.code }), `โอน ${no} ${c.code}`)),
    ...(p < pages ? [postback(L.nextPage, dutyPostback.transfer(no, { page: p + 1 }), `${L.transfer} ${no} ${L.nextPage}`)] : []),
    cancelChip(),
  ];
  const body = [lead ?? dutyTh.transfer.ask(no, p, pages), ...shown.map((c) => dutyTh.transfer.choice(c.code, clip(c.name, MAX_VALUE_IN_CARD)))].join('\n');
  return [text(clip(body, MAX_TEXT), chips)];
}

export const detailsSentMessage = (no: string) => text(dutyTh.details_private.sent(no));
export const notFriendMessage = (no: string, userId: string) => mentionUser(dutyTh.details_private.notFriend(no), userId);

/** The escalation notice: everyone in the group is mentioned, then the card to act on. */
export function escalationMessages(c: CaseRecord, round: number, waitedMinutes: number, detail: CardDetail, previousTeam?: 'day' | 'night'): Message[] {
  return [mentionAll(dutyTh.escalation(c.caseNumber, round, waitedMinutes, c.urgent)), caseCard(c, { detail, previousTeam })];
}

/** A case acknowledged (or in progress) and then left alone: announced again, everyone mentioned. */
export function staleMessages(c: CaseRecord, round: number, idleMinutes: number, detail: CardDetail, previousTeam?: 'day' | 'night'): Message[] {
  // A LINE display name inside a textV2 text: its braces would read as placeholders (LINE answers 400).
  const owner = clip(c.owner?.name ?? dutyTh.officerFallbackName, MAX_NAME_IN_CARD).replace(/[{}]/g, (b) => b + b);
  return [mentionAll(dutyTh.stale(c.caseNumber, round, idleMinutes, owner, c.urgent)), caseCard(c, { detail, previousTeam })];
}

/** The reporter answered the check-in "not safe" (contract 3): everyone in the group, at once. */
export function notSafeMessages(c: CaseRecord, detail: CardDetail): Message[] {
  return [mentionAll(dutyTh.notSafe(c.caseNumber, c.status === 'new')), caseCard(c, { detail })];
}

/** A reopened case; the reporter's words are quoted only where the group may read them (least data). */
export function reopenedMessages(c: CaseRecord, words: string | undefined, detail: CardDetail, previousTeam?: 'day' | 'night'): Message[] {
  const L = dutyTh.listener;
  const quoted = detail === 'full' || c.urgent;
  const body = quoted ? L.reopened(c.caseNumber, words) : L.reopened(c.caseNumber, undefined) + (words?.trim() ? `\n${L.reopenedWordsPrivate}` : '');
  return [text(clip(body, MAX_TEXT)), caseCard(c, { detail, previousTeam })];
}

/** A timeline entry as it may carry fields other features add (contracts 2 and 3). */
export type EntryWithExtras = TimelineEntry & { location?: CaseLocation; safe?: boolean };

/**
 * Reporter's follow-up. Least data by default: for an urgent case the group needs it at once (their
 * words, attachment references and a new pin with its map link); otherwise, in minimal mode, one line
 * says there is more, to be read through รายละเอียด (private, logged).
 */
export function reporterInfoMessages(c: CaseRecord, entry: EntryWithExtras, detail: CardDetail = 'full'): Message[] {
  const L = dutyTh.listener;
  const chips = [tap(dutyTh.labels.details, dutyPostback.details(c.caseNumber), c.caseNumber), tap(dutyTh.labels.queue, dutyPostback.queue)];
  // Shown even in minimal mode, as the card's district row shows it: the province only, and the officer must act on it.
  const outside = outOfAreaLine(entry.location);
  if (!c.urgent && detail === 'minimal') return [text([L.reporterInfoMinimal(c.caseNumber), ...outside].join('\n'), chips)];
  const pin = entry.location;
  const pinned = pin?.lat !== undefined && pin.lng !== undefined;
  // The header and the place come first, so clipping long words never drops the new location.
  const lines = [L.reporterInfo(c.caseNumber)];
  if (pinned) lines.push(L.newLocation(mapUrl(pin.lat!, pin.lng!)));
  lines.push(...outside);
  if (entry.text) lines.push(L.reporterText(entry.text));
  if (entry.attachments?.length) lines.push(L.reporterAttachments, ...attachmentRefs(c.caseNumber, entry.attachments));
  const mapChip = pinned ? [uriAction(dutyTh.labels.map, mapUrl(pin.lat!, pin.lng!))] : [];
  return [text(clip(lines.join('\n'), MAX_TEXT), [...mapChip, ...chips])];
}

/**
 * A later place in a province no center serves: the case router marked it (`outOfProvince`, as at
 * opening, cases/store.ts), so the case stays and its group must arrange the hand-over outside the system.
 */
const outOfAreaLine = (loc: CaseLocation | undefined): string[] =>
  loc?.outOfProvince && loc.province ? [dutyTh.listener.newPlaceOutOfArea(loc.province)] : [];

export const detailsUpdatedMessages = (c: CaseRecord, detail: CardDetail, previousTeam?: 'day' | 'night', entry?: EntryWithExtras): Message[] => [
  text([dutyTh.listener.detailsUpdated(c.caseNumber), ...outOfAreaLine(entry?.location)].join('\n')),
  caseCard(c, { detail, previousTeam }),
];

/** A change made through the admin API, told briefly to the case's group. */
export function apiNoticeMessages(c: CaseRecord, entry: TimelineEntry): Message[] {
  const W = dutyTh.listener.apiWhat;
  const what = (() => {
    switch (entry.kind) {
      case 'acknowledged':
        return W.acknowledged(c.owner?.name ?? entry.actor.name ?? dutyTh.officerFallbackName);
      case 'in_progress':
        return W.in_progress;
      case 'referred':
        return W.referred(clip(entry.text ?? c.referredTo ?? '', MAX_VALUE_IN_CARD));
      case 'closed':
        return W.closed(entry.outcome ? OUTCOME_LABELS[entry.outcome] : '');
      case 'note':
        return W.note;
      case 'relay':
        return W.relay;
      case 'problem_types_added':
        return W.problem_types_added((entry.problemTypes ?? []).map((p) => PROBLEM_TYPE_LABELS[p]).join(', '));
      case 'details_updated':
        return W.details_updated;
      case 'details_viewed':
        return W.details_viewed;
      default:
        return W.other;
    }
  })();
  return [text(clip(dutyTh.listener.api(c.caseNumber, what), MAX_TEXT), nextStepActions(c))];
}


/**
 * Re-routing by a later place (duty/reroute.ts). The old group's line says where the case went and
 * why; the new group reads where it came from above the card; a case in hand gets the suggestion,
 * with the typed command in the words and one button that runs it (the ordinary transfer postback,
 * so the group's own center is checked as for any transfer).
 */
export const reroutedAwayMessages = (no: string, province: string, to: Pick<Center, 'code' | 'name'>): Message[] => [
  text(clip(dutyTh.reroute.movedAway(no, province, to.name, to.code), MAX_TEXT)),
];

export const reroutedInMessages = (c: CaseRecord, province: string, from: Pick<Center, 'code' | 'name'>, detail: CardDetail): Message[] => [
  text(clip(dutyTh.reroute.movedIn(c.caseNumber, province, from.name, from.code), MAX_TEXT)),
  caseCard(c, { detail, announce: true }),
];

export const rerouteSuggestionMessages = (no: string, province: string, to: Pick<Center, 'code' | 'name'>): Message[] => [
  text(clip(dutyTh.reroute.suggest(no, province, to.name, to.code), MAX_TEXT), [
    postback(dutyTh.reroute.suggestButton(to.code), dutyPostback.transfer(no, { center: to.code }), dutyTh.reroute.suggestTapped(no, to.code)),
  ]),
];
