import type { Message } from '../bot/context';
import { cameraAction, cameraRollAction, flex, locationAction, postback, text, type Action } from '../bot/messages';
import { POSTBACK } from '../bot/postbacks';
import type { CaseRecord } from '../cases/types';
import type { Province } from '../cases/geo';
import { CASE_STATUS_LABELS, PROBLEM_TYPE_LABELS, type CaseStatus, SEX_LABELS, TARGET_GROUP_LABELS, URGENT_PROBLEM_TYPES } from '../cases/vocab';
import { fillIn, INTAKE_TH as T } from '../strings/th/intake';
import { progress, provinceOfAnswers } from './graph';
import { choicesFor, districtPage, inFollowup, INTAKE_DATA, isBangkok, numberedList, provincePage } from './steps';
import { inBangkok, REGION_LABELS } from '../strings/th/geo';
import type { Say, SayNote, SessionState, Step } from './types';
import { z } from 'zod';
import { defineTemplate } from '../templates/render';

// ---- Flex templates (flex-templates/*.json) and their typed variables ----

/** The intake's Flex templates (flex-templates/intake-*.json) and their typed variables. */

const nonEmpty = z.string().min(1);
/** LINE refuses labels over 20 characters (Thai vowels and tone marks count). */
const label = z.string().min(1).max(20);
const data = z.string().min(1).max(300);
const color = z.string().regex(/^#[0-9A-Fa-f]{6}$/);

export const summaryTemplate = defineTemplate(
  'intake-summary',
  z.object({
    headerColor: color,
    title: nonEmpty,
    badge: nonEmpty,
    labelProblem: nonEmpty,
    problem: nonEmpty,
    labelPlace: nonEmpty,
    place: nonEmpty,
    labelTarget: nonEmpty,
    target: nonEmpty,
    labelSex: nonEmpty,
    sex: nonEmpty,
    labelDetails: nonEmpty,
    details: nonEmpty,
    labelFiles: nonEmpty,
    files: nonEmpty,
    labelContact: nonEmpty,
    contact: nonEmpty,
    confirmLabel: label,
    confirmData: data,
    editLabel: label,
    editData: data,
    cancelLabel: label,
    cancelData: data,
  }),
);

export const callTemplate = defineTemplate(
  'intake-call',
  z.object({ title: nonEmpty, body: nonEmpty, call1300Label: label, call191Label: label }),
);

export const menuTemplate = defineTemplate(
  'intake-menu',
  z.object({
    title: nonEmpty,
    body: nonEmpty,
    reportLabel: label,
    reportData: data,
    trackLabel: label,
    trackData: data,
    sosLabel: label,
    sosData: data,
    callLabel: label,
  }),
);

export const openedTemplate = defineTemplate(
  'intake-opened',
  z.object({
    headerColor: color,
    title: nonEmpty,
    numberLabel: nonEmpty,
    caseNumber: nonEmpty,
    statusLabel: nonEmpty,
    status: nonEmpty,
    next: nonEmpty,
  }),
);


/**
 * Turns the conversation's `Say` data into LINE messages. Quick replies go on the last message
 * only (LINE shows them for the last one), and a reply never exceeds LINE's five messages.
 */

export interface RenderContext {
  /** The session after the decision. */
  state: SessionState;
  province: Province;
  centerName: string;
  timeoutMinutes: number;
  /** The case `openCase` opened or found, when the decision opened one. */
  opened?: CaseRecord;
}

const MAX_MESSAGES = 5;
const URGENT_COLOR = '#B00020';
const NORMAL_COLOR = '#1B5E9F';
const DETAILS_PREVIEW = 160;

const truncate = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The main menu's taps that a quick reply can hold (a quick reply cannot dial; the bubble can). */
const menuQuickReplies = (): Action[] => [
  postback(T.btnReport, POSTBACK.startReport),
  postback(T.btnTrack, POSTBACK.track),
  postback(T.btnSos, POSTBACK.sos),
];

function controls(step: Step, s: SessionState): Action[] {
  const followup = inFollowup(s);
  const cancel = postback(followup ? T.btnStop : T.btnCancel, INTAKE_DATA.cancel);
  const help = postback(T.btnHelp, INTAKE_DATA.help);
  if (step === 'summary') return [cancel, help];
  if (step === 'cancelConfirm') return [help];
  if (step === 'sosPin') return [postback(T.btnCancel, INTAKE_DATA.cancel), help];
  // The first follow-up question has nothing to go back to.
  if (step === 'sosPlace') return [cancel, help];
  return [postback(T.btnBack, INTAKE_DATA.back), cancel, help];
}

/** Every button a step offers: its answers (the pin picker first on location steps), then controls. */
export function stepActions(step: Step, ctx: RenderContext): Action[] {
  const s = ctx.state;
  const answers = choicesFor(step, s, ctx.province).map((c) => postback(c.label, INTAKE_DATA.answer(step, c.value)));
  const lead: Action[] =
    step === 'location' || step === 'sosPin' || step === 'sosPlace'
      ? [locationAction(T.btnPin)]
      : step === 'summary'
        ? [postback(T.btnConfirm, INTAKE_DATA.confirm(s.intakeId ?? '')), postback(T.btnEdit, INTAKE_DATA.edit)]
        : [];
  const media: Action[] = step === 'details' ? [cameraAction(T.btnCamera), cameraRollAction(T.btnPhotos)] : [];
  return [...lead, ...answers, ...media, ...controls(step, s)].slice(0, 13);
}

/** The question with its place in the conversation ("ขั้นตอน 2/6"), counting only the steps asked. */
function question(step: Step, ctx: RenderContext): string {
  const at = progress(ctx.state, step, ctx);
  const q = questionText(step, ctx);
  return at ? `${fillIn(T.stepOf, { n: at.n, total: at.total })}\n${q}` : q;
}

/** "(หน้า 2/8)" after a question whose list is paged, so the person knows there is more. */
const withPage = (q: string, page: { n: number; total: number }) => (page.total > 1 ? `${q} ${fillIn(T.pageOf, { n: page.n + 1, total: page.total })}` : q);

function questionText(step: Step, ctx: RenderContext): string {
  const s = ctx.state;
  const province = ctx.province.name;
  switch (step) {
    case 'problem':
      return T.askProblem;
    case 'location':
      return T.askLocation;
    case 'region':
      return T.askRegion;
    case 'province': {
      const page = provincePage(s);
      const region = s.answers.region ? (REGION_LABELS[s.answers.region] ?? s.answers.region) : '';
      return withPage(fillIn(T.askProvince, { region }), page);
    }
    case 'district': {
      const geoProvince = provinceOfAnswers(s.answers);
      if (geoProvince) {
        const page = districtPage(s);
        const khet = isBangkok(geoProvince);
        const proposed = geoProvince.districts.find((d) => d.code === s.answers.proposedDistrictCode);
        if (proposed) return withPage(fillIn(khet ? T.askKhetProposed : T.askDistrictProposed, { district: proposed.name, province: geoProvince.name }), page);
        const pick = khet ? T.askKhetPick : page.total > 1 ? T.askDistrictPickTyped : T.askDistrictPick;
        return withPage(fillIn(pick, { province: geoProvince.name }), page);
      }
      // A session from before the country-wide intake: the center's own province, Bangkok's in เขต.
      const loc = s.answers.location;
      const khet = inBangkok(ctx.province);
      const proposed = ctx.province.districts.find((d) => d.code === s.answers.proposedDistrictCode);
      if (proposed) return fillIn(khet ? T.askKhetProposed : T.askDistrictProposed, { district: proposed.name, province });
      if (loc?.outOfProvince) {
        const elsewhere = loc.province ? fillIn(inBangkok(loc) ? T.elsewhereBangkok : T.elsewhere, { province: loc.province }) : '';
        return fillIn(khet ? T.askKhetOutside : T.askDistrictOutside, { province, elsewhere });
      }
      return fillIn(khet ? T.askKhetPick : T.askDistrictPick, { province });
    }
    case 'target':
      return T.askTarget;
    case 'sex':
      return T.askSex;
    case 'details':
      return T.askDetails;
    case 'phone':
      return T.askPhone;
    case 'summary':
      return T.summaryIntro;
    case 'edit':
      return T.askEditField;
    case 'sosPin':
      return T.sosAskPin;
    case 'sosPlace':
      return T.sosAskPlace;
    case 'cancelConfirm':
      return T.askCancelConfirm;
  }
}

const HELP: Record<Step, string> = {
  problem: T.helpProblem,
  location: T.helpLocation,
  region: T.helpRegion,
  province: T.helpProvince,
  district: T.helpDistrict,
  target: T.helpTarget,
  sex: T.helpSex,
  details: T.helpDetails,
  phone: T.helpPhone,
  summary: T.helpSummary,
  edit: T.helpEdit,
  sosPin: T.helpSosPin,
  sosPlace: T.helpSosPlace,
  cancelConfirm: T.helpCancelConfirm,
};

/** The province the district step is about: the one the answers named, else the center's (older sessions). */
const districtProvince = (ctx: RenderContext) => provinceOfAnswers(ctx.state.answers) ?? ctx.province;

/** Help for a step; the district step's in Bangkok's words when the province is Bangkok. */
const helpText = (step: Step, ctx: RenderContext) => (step === 'district' && inBangkok(districtProvince(ctx)) ? T.helpKhet : HELP[step]);

function noteText(note: SayNote, step: Step, ctx: RenderContext): string {
  switch (note.n) {
    case 'notUnderstood': {
      const choices = choicesFor(step, ctx.state, ctx.province);
      return choices.length ? fillIn(T.notUnderstoodChoices, { choices: numberedList(choices) }) : T.notUnderstood;
    }
    case 'badPhone':
      return T.badPhone;
    case 'tooLong':
      return fillIn(T.detailsTooLong, { length: note.length.toLocaleString('en-US') });
    case 'tooManyFiles':
      return fillIn(T.tooManyFiles, { max: 10 });
    case 'received':
      return fillIn(T.askDetailsMore, { count: note.count });
    case 'resumed':
      return T.resumed;
    case 'urgent':
      return T.urgentNote;
    case 'placed':
      return fillIn(inBangkok(districtProvince(ctx)) ? T.placedNoteKhet : T.placedNote, { place: placeText(ctx.state, ctx).split('\n')[0] ?? '' });
    case 'followupIntro':
      return inFollowup(ctx.state) ? `${T.sosFollowupIntro}\n${T.helpFollowup}` : T.sosFollowupIntro;
    case 'attached':
      return ATTACHED[note.what];
    case 'again':
      return T.askAgain;
    case 'placeKept':
      return T.placeKept;
    case 'phoneKept':
      return T.phoneKept;
    case 'noPlace':
      return T.noPlace;
    case 'proposedProblem': {
      const p = ctx.state.answers.proposedProblem;
      return p ? fillIn(T.proposedProblem, { problem: PROBLEM_TYPE_LABELS[p] }) : T.notUnderstood;
    }
  }
}

const ATTACHED: Record<Extract<SayNote, { n: 'attached' }>['what'], string> = {
  text: T.attachedText,
  media: T.attachedMedia,
  pin: T.attachedPin,
  sticker: T.attachedSticker,
};

const SOS_PLACE: Record<Extract<Say, { t: 'sosOpened' }>['place'], string> = {
  pin: T.sosPlacePin,
  typed: T.sosPlaceTyped,
  none: T.sosPlaceNone,
};

const SOS_ADDED: Record<Extract<Say, { t: 'sosExisting' }>['added'], string> = {
  pin: T.sosAddedPin,
  typed: T.sosAddedTyped,
  phone: T.sosAddedPhone,
  again: T.sosAddedAgain,
};

/** Where the case really is when the follow-ups end; nothing claimed when unknown. */
function caseLine(status: CaseStatus | undefined): string {
  switch (status) {
    case undefined:
      return T.caseTrack;
    case 'new':
      return T.caseWaiting;
    case 'closed':
      return T.caseClosed;
    default:
      return fillIn(T.caseTaken, { status: CASE_STATUS_LABELS[status] });
  }
}

function placeText(s: SessionState, ctx: RenderContext): string {
  const loc = s.answers.location;
  if (!loc) return T.placeNone;
  const parts: string[] = [];
  // Bangkok is not a จังหวัด and its districts are เขต: "เขตบางรัก กรุงเทพมหานคร", never "จ.กรุงเทพมหานคร".
  const province = loc.province ?? ctx.province.name;
  const provinceOnly = (p: string) => fillIn(inBangkok({ province: p }) ? T.placeBangkokOnly : T.placeProvinceOnly, { province: p });
  if (loc.outOfProvince) parts.push(loc.province ? `${provinceOnly(loc.province)} ${T.placeOutside}` : T.placeOutside);
  else if (loc.district && inBangkok({ province })) parts.push(fillIn(T.placeKhet, { district: loc.district, province }));
  else if (loc.district) parts.push(fillIn(T.placeDistrict, { district: loc.district, province }));
  else parts.push(provinceOnly(province));
  if (loc.address) parts.push(truncate(loc.address, 80));
  else if (loc.lat !== undefined) parts.push(T.placePin);
  return parts.join('\n');
}

function summary(ctx: RenderContext, quick: Action[]): Message {
  const s = ctx.state;
  const a = s.answers;
  const urgent = !!a.problemType && URGENT_PROBLEM_TYPES.includes(a.problemType);
  const problem = a.problemType ? PROBLEM_TYPE_LABELS[a.problemType] : T.notGiven;
  const place = placeText(s, ctx);
  const contents = summaryTemplate.render({
    headerColor: urgent ? URGENT_COLOR : NORMAL_COLOR,
    title: T.summaryTitle,
    badge: urgent ? T.urgentBadge : T.normalBadge,
    labelProblem: T.labelProblem,
    problem,
    labelPlace: T.labelPlace,
    place,
    labelTarget: T.labelTarget,
    target: a.targetGroup ? TARGET_GROUP_LABELS[a.targetGroup] : T.notGiven,
    labelSex: T.labelSex,
    sex: a.sex ? SEX_LABELS[a.sex] : T.notGiven,
    labelDetails: T.labelDetails,
    details: a.details ? truncate(a.details, DETAILS_PREVIEW) : T.notGiven,
    labelFiles: T.labelFiles,
    files: a.attachments.length ? fillIn(T.filesCount, { count: a.attachments.length }) : T.notGiven,
    labelContact: T.labelContact,
    contact: a.phone ? fillIn(T.contactPhone, { phone: a.phone }) : a.contactViaLine ? T.contactLine : T.notGiven,
    confirmLabel: T.btnConfirm,
    confirmData: INTAKE_DATA.confirm(s.intakeId ?? ''),
    editLabel: T.btnEdit,
    editData: INTAKE_DATA.edit,
    cancelLabel: T.btnCancel,
    cancelData: INTAKE_DATA.cancel,
  });
  const alt = truncate(fillIn(T.summaryAlt, { problem, place: place.split('\n')[0] ?? '' }), 400);
  return flex(alt, contents, quick);
}

function opened(ctx: RenderContext): Message {
  const c = ctx.opened;
  const caseNumber = c?.caseNumber ?? ctx.state.caseNumber ?? '-';
  const next = [
    c?.urgent ? T.nextUrgent : T.nextNormal,
    ...(c?.location?.outOfProvince ? [T.nextOutside] : []),
    c?.phone ? T.nextContactPhone : T.nextContactLine,
    T.nextTrack,
  ].join('\n');
  const contents = openedTemplate.render({
    headerColor: c?.urgent ? URGENT_COLOR : NORMAL_COLOR,
    title: T.openedTitle,
    numberLabel: T.openedNumberLabel,
    caseNumber,
    statusLabel: T.openedStatusLabel,
    status: CASE_STATUS_LABELS[c?.status ?? 'new'],
    next,
  });
  return flex(fillIn(T.openedAlt, { caseNumber }), contents, menuQuickReplies());
}

const callBubble = (): Message =>
  flex(
    T.callAlt,
    callTemplate.render({ title: T.callTitle, body: T.callBody, call1300Label: T.btnCall1300, call191Label: T.btnCall191 }),
  );

const menu = (): Message =>
  flex(
    T.menuAlt,
    menuTemplate.render({
      title: T.menuTitle,
      body: T.menuText,
      reportLabel: T.btnReport,
      reportData: POSTBACK.startReport,
      trackLabel: T.btnTrack,
      trackData: POSTBACK.track,
      sosLabel: T.btnSos,
      sosData: POSTBACK.sos,
      callLabel: T.btnCall1300,
    }),
    menuQuickReplies(),
  );

function one(say: Say, ctx: RenderContext): Message {
  const caseNumber = ctx.opened?.caseNumber ?? ctx.state.caseNumber ?? '-';
  const center = ctx.centerName;
  switch (say.t) {
    case 'welcome':
      return text(fillIn(T.welcome, { center }));
    case 'privacy':
      return text(fillIn(T.privacy, { center }));
    case 'menu':
      return menu();
    case 'ask': {
      const actions = stepActions(say.step, ctx);
      if (say.step === 'summary') return summary(ctx, actions);
      const body = [say.note ? noteText(say.note, say.step, ctx) : undefined, question(say.step, ctx)].filter(Boolean).join('\n\n');
      return text(body, actions);
    }
    case 'help':
      return text(`${helpText(say.step, ctx)}\n\n${question(say.step, ctx)}`, stepActions(say.step, ctx));
    case 'call':
      return callBubble();
    case 'summary':
      return summary(ctx, stepActions('summary', ctx));
    case 'opened':
      return opened(ctx);
    case 'sosOpened':
      return text(fillIn(T.sosOpened, { caseNumber, place: SOS_PLACE[say.place] }));
    case 'sosExisting':
      return text(fillIn(T.sosExisting, { caseNumber: say.caseNumber, added: SOS_ADDED[say.added] }));
    case 'sosDone':
      return text(`${fillIn(say.stopped ? T.sosFollowupStopped : T.sosFollowupDone, { caseNumber })}\n${caseLine(say.status)}`, menuQuickReplies());
    case 'alreadySubmitted':
      return text(fillIn(T.alreadySubmitted, { caseNumber: say.caseNumber }), menuQuickReplies());
    case 'cancelled':
      return text(T.cancelled);
    case 'stale':
      return text(T.staleButton);
    case 'expired':
      return text(
        say.caseNumber
          ? fillIn(T.timeoutNoteSos, { caseNumber: say.caseNumber })
          : fillIn(T.expired, { minutes: formatMinutes(ctx.timeoutMinutes) }),
      );
    case 'timeoutNote':
      return text(
        say.caseNumber
          ? fillIn(T.timeoutNoteSos, { caseNumber: say.caseNumber })
          : fillIn(T.timeoutNote, { minutes: formatMinutes(ctx.timeoutMinutes) }),
        say.caseNumber ? menuQuickReplies() : [postback(T.btnReport, POSTBACK.startReport)],
      );
  }
}

const formatMinutes = (m: number) => (Number.isInteger(m) ? String(m) : m.toFixed(1));

/** The LINE messages for one reply: at most five, quick replies only on the last. */
export function renderSay(say: Say[], ctx: RenderContext): Message[] {
  const messages = say.slice(-MAX_MESSAGES).map((x) => one(x, ctx));
  return messages.map((m, i) => {
    if (i === messages.length - 1 || !('quickReply' in m)) return m;
    const { quickReply: _dropped, ...rest } = m;
    return rest as Message;
  });
}

/** The main menu alone, for a user with nothing in progress. */
export const mainMenuMessages = (): Message[] => [menu()];

/** Said when handling an event failed: progress is kept, so the person can simply try again. */
export const failureMessages = (): Message[] => [text(T.failed, menuQuickReplies())];
