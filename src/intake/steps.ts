import type { Province } from '../cases/geo';
import { PROBLEM_TYPE_LABELS, PROBLEM_TYPE_SHORT, PROBLEM_TYPES, SEX_LABELS, SEXES, TARGET_GROUP_LABELS, TARGET_GROUPS } from '../cases/vocab';
import { ANSWER_WORDS, fillIn, INTAKE_TH as T, PLACE_WORDS, PROBLEM_WORD_PRIORITY, PROBLEM_WORDS, TYPED_WORDS } from '../strings/th/intake';
import { inBangkok } from '../strings/th/geo';
import { thailand, type Province as GeoProvince } from '../geo';
import { REGION_BUTTON_LABELS, REGION_LABELS } from '../strings/th/geo';
import { findDistrict } from './location';
import { provinceOfAnswers } from './graph';
import { EDITABLE_STEPS, STEPS, type EditableStep, type IntakeAction, type SessionState, type Step } from './types';
import type { ProblemType } from '../cases/vocab';

/**
 * The answers each step offers, shared by the conversation (to read typed answers) and the message
 * builder (to draw the buttons), so a button and its typed equivalent can never disagree.
 */

export interface Choice {
  /** Goes into the postback `i:a:<step>:<value>`. */
  value: string;
  label: string;
  /** Other ways to type the same answer. */
  aliases?: readonly string[];
}

/** Postback data of the intake feature (`i:` namespace, see src/bot/postbacks.ts). */
export const INTAKE_DATA = {
  back: 'i:back',
  cancel: 'i:cancel',
  help: 'i:help',
  edit: 'i:edit',
  confirm: (intakeId: string) => `i:ok:${intakeId}`,
  answer: (step: Step, value: string) => `i:a:${step}:${value}`,
} as const;

const isStep = (s: string): s is Step => (STEPS as readonly string[]).includes(s);

/** Parses `i:` postback data; anything unexpected is `unknown` (re-prompted, never an error). */
export function parseIntakeData(data: string): IntakeAction {
  switch (data) {
    case 'i:start':
      return { type: 'start' };
    case 'i:sos':
      return { type: 'sos' };
    case 'i:menu':
      return { type: 'menu' };
    case INTAKE_DATA.back:
      return { type: 'back' };
    case INTAKE_DATA.cancel:
      return { type: 'cancel' };
    case INTAKE_DATA.help:
      return { type: 'help' };
    case INTAKE_DATA.edit:
      return { type: 'edit' };
  }
  if (data.startsWith('i:ok:') && data.length > 5) return { type: 'confirm', intakeId: data.slice(5) };
  const m = /^i:a:([a-zA-Z]+):([\w-]{1,40})$/.exec(data);
  if (m && isStep(m[1])) return { type: 'answer', step: m[1], value: m[2] };
  return { type: 'unknown' };
}

export const SKIP = 'skip';
export const DONE = 'done';
export const YES = 'yes';
export const UNKNOWN_DISTRICT = 'unknown';
export const OUTSIDE = 'out';
export const USE_LINE = 'line';
export const NO_PIN = 'nopin';
export const TO_SUMMARY = 'summary';
/** `cancelConfirm`: discard the answers. */
export const DISCARD = 'discard';

const EDIT_LABELS: Record<EditableStep, string> = {
  problem: T.btnEditProblem,
  location: T.btnEditLocation,
  target: T.btnEditTarget,
  sex: T.btnEditSex,
  details: T.btnEditDetails,
  phone: T.btnEditPhone,
};

/** `page-<n>`: a list's navigation button; the step is asked again showing page n. */
export const PAGE_PREFIX = 'page-';
export const pageOfValue = (v: string | undefined): number | undefined =>
  v?.startsWith(PAGE_PREFIX) && /^\d{1,2}$/.test(v.slice(PAGE_PREFIX.length)) ? Number(v.slice(PAGE_PREFIX.length)) : undefined;

/** LINE's quick reply holds 13 items; the controls (back, cancel, help) take three of them. */
const QUICK_REPLY_MAX = 13;
const CONTROLS = 3;
const LABEL_MAX = 20;
/** LINE refuses labels over 20 characters: long names are cut (their full name stays a typed alias). */
export const fitLabel = (s: string) => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s);

export interface Page {
  items: Choice[];
  /** 0-based page shown and the number of pages (1 when the list fits). */
  n: number;
  total: number;
}

/**
 * One page of a long list so that its items, the fixed choices around it, the navigation buttons
 * and the controls fit LINE's 13 quick-reply items. A list that fits is shown whole, without
 * navigation. Pages have a fixed size so a typed number means the same button on every turn.
 */
export function paginate(list: readonly Choice[], fixed: number, page: number | undefined): Page {
  const room = QUICK_REPLY_MAX - CONTROLS - fixed;
  if (list.length <= room) return { items: [...list], n: 0, total: 1 };
  const size = room - 2;
  const total = Math.ceil(list.length / size);
  const n = Math.min(Math.max(page ?? 0, 0), total - 1);
  const items = list.slice(n * size, (n + 1) * size);
  const prev: Choice[] = n > 0 ? [{ value: `${PAGE_PREFIX}${n - 1}`, label: T.btnPrevPage, aliases: TYPED_WORDS.prevPage }] : [];
  const nextP: Choice[] = n < total - 1 ? [{ value: `${PAGE_PREFIX}${n + 1}`, label: T.btnNextPage, aliases: TYPED_WORDS.nextPage }] : [];
  return { items: [...items, ...prev, ...nextP], n, total };
}

/** Bangkok's districts are เขต; everywhere else อำเภอ. */
export const isBangkok = (p: { code: string } | undefined) => p?.code === '10';

/** The provinces the `province` step lists: the chosen region's, or all when none was chosen. */
export const provincesToOffer = (s: SessionState): readonly GeoProvince[] =>
  s.answers.region ? thailand().provincesIn(s.answers.region) : thailand().provinces;

/** The current page of the `province` step. */
export function provincePage(s: SessionState): Page {
  const list = provincesToOffer(s).map((p): Choice => ({ value: p.code, label: fitLabel(p.name), aliases: [p.name, p.nameEn] }));
  return paginate(list, 0, s.answers.page);
}

/** The current page of the `district` step: the proposed district first as "yes", "unknown" last. */
export function districtPage(s: SessionState): Page {
  const province = provinceOfAnswers(s.answers);
  if (!province) return { items: [], n: 0, total: 1 };
  const khet = isBangkok(province);
  const proposed = s.answers.proposedDistrictCode ? province.districts.find((d) => d.code === s.answers.proposedDistrictCode) : undefined;
  const head: Choice[] = proposed
    ? [{ value: YES, label: fitLabel(fillIn(khet ? T.btnYesKhet : T.btnYesDistrict, { district: proposed.name })), aliases: [proposed.name, ...TYPED_WORDS.confirm] }]
    : [];
  const unknown: Choice = { value: UNKNOWN_DISTRICT, label: khet ? T.btnUnknownKhet : T.btnUnknownDistrict, aliases: TYPED_WORDS.unknownDistrict };
  const list = province.districts
    .filter((d) => d.code !== proposed?.code)
    .map((d): Choice => ({ value: d.code, label: fitLabel(fillIn(khet ? T.btnKhet : T.btnDistrict, { district: d.name })), aliases: [d.name, d.nameEn] }));
  const page = paginate(list, head.length + 1, s.answers.page);
  return { ...page, items: [...head, ...page.items, unknown] };
}

/** Whether the state is answering optional questions of an SOS case that is already open. */
export const inFollowup = (s: SessionState) => s.mode === 'sos' && s.caseNumber !== undefined;

/** The districts to offer: the proposed one first as "yes", then the rest, then "unknown". */
function districtChoices(s: SessionState, province: Province): Choice[] {
  const proposed = s.answers.proposedDistrictCode
    ? province.districts.find((d) => d.code === s.answers.proposedDistrictCode)
    : undefined;
  const outside = s.answers.location?.outOfProvince === true;
  const khet = inBangkok(province);
  const list = province.districts
    .filter((d) => d.code !== proposed?.code)
    .map((d): Choice => ({ value: d.code, label: fitLabel(fillIn(khet ? T.btnKhet : T.btnDistrict, { district: d.name })), aliases: [d.name, d.nameEn] }));
  const head: Choice[] = proposed
    ? [{ value: YES, label: fitLabel(fillIn(khet ? T.btnYesKhet : T.btnYesDistrict, { district: proposed.name })), aliases: [proposed.name, ...TYPED_WORDS.confirm] }]
    : outside
      ? [{ value: OUTSIDE, label: T.btnConfirmOutside, aliases: TYPED_WORDS.confirm }]
      : [];
  // 13 quick reply items at most: yes/outside + districts + unknown + back, cancel, help.
  const room = 13 - 3 - head.length - (outside ? 0 : 1);
  return [
    ...head,
    ...list.slice(0, room),
    ...(outside ? [] : [{ value: UNKNOWN_DISTRICT, label: khet ? T.btnUnknownKhet : T.btnUnknownDistrict, aliases: TYPED_WORDS.unknownDistrict }]),
  ];
}

/** The answer buttons of a step (controls such as back/cancel/help are added by the builder). */
export function choicesFor(step: Step, s: SessionState, province: Province): Choice[] {
  const followup = inFollowup(s);
  const skip: Choice[] = followup ? [{ value: SKIP, label: T.btnSkip, aliases: TYPED_WORDS.skip }] : [];
  switch (step) {
    case 'problem': {
      const proposed = s.answers.proposedProblem;
      const yes: Choice[] = proposed ? [{ value: YES, label: T.btnYesProblem, aliases: TYPED_WORDS.confirm }] : [];
      return [
        ...yes,
        ...PROBLEM_TYPES.map((p): Choice => ({ value: p, label: PROBLEM_TYPE_SHORT[p], aliases: [PROBLEM_TYPE_LABELS[p]] })),
        ...skip,
      ];
    }
    case 'district':
      // A session from before the country-wide intake has no province code: the center's list.
      return s.answers.provinceCode ? districtPage(s).items : districtChoices(s, province);
    case 'region':
      return thailand().regions.map((r): Choice => ({ value: r, label: fitLabel(REGION_BUTTON_LABELS[r] ?? r), aliases: [r, REGION_LABELS[r] ?? r] }));
    case 'province':
      return provincePage(s).items;
    case 'target':
      return [...TARGET_GROUPS.map((g): Choice => ({ value: g, label: TARGET_GROUP_LABELS[g], aliases: ANSWER_WORDS.target[g] })), ...skip];
    case 'sex':
      return [...SEXES.map((x): Choice => ({ value: x, label: SEX_LABELS[x], aliases: ANSWER_WORDS.sex[x] })), ...skip];
    case 'details': {
      const got = s.answers.attachments.length > 0 || !!s.answers.details;
      return got
        ? [{ value: DONE, label: T.btnDone, aliases: TYPED_WORDS.done }]
        : [{ value: SKIP, label: T.btnSkip, aliases: [...TYPED_WORDS.skip, ...TYPED_WORDS.done] }];
    }
    case 'phone':
      return [
        { value: USE_LINE, label: T.btnUseLine, aliases: TYPED_WORDS.useLine },
        { value: SKIP, label: T.btnSkip, aliases: TYPED_WORDS.skip },
      ];
    case 'edit':
      return [
        ...EDITABLE_STEPS.map((e): Choice => ({ value: e, label: EDIT_LABELS[e] })),
        { value: TO_SUMMARY, label: T.btnBackToSummary },
      ];
    case 'sosPin':
      return [{ value: NO_PIN, label: T.btnNoPin, aliases: TYPED_WORDS.noPin }];
    case 'sosPlace':
      return [{ value: SKIP, label: T.btnSkip, aliases: [...TYPED_WORDS.skip, ...TYPED_WORDS.noPlace] }];
    case 'cancelConfirm':
      return [
        { value: DISCARD, label: T.btnConfirmCancel, aliases: [...TYPED_WORDS.confirmCancel, ...TYPED_WORDS.confirm] },
        { value: TO_SUMMARY, label: T.btnKeepEditing, aliases: TYPED_WORDS.keepEditing },
      ];
    case 'location':
      // A report without a pin: the province is asked next (region → province → district).
      return [{ value: NO_PIN, label: T.btnNoPin, aliases: TYPED_WORDS.noPin }];
    case 'summary':
      return [];
  }
}

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
/** Trimmed, lowercase, no spaces, Thai digits as Arabic ("๒" and "2" are the same answer). */
const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d)));

/** Whether typed text is one of the given words. */
export const typedIs = (text: string, words: readonly string[]) => words.some((w) => norm(w) === norm(text));

/** Short messages only: in a longer one a word like "ยาย" is part of a story, not an answer. */
const MAX_CONTAINED_ANSWER = 30;
const MIN_CONTAINED_WORD = 3;

/**
 * The choice a typed answer means: its number in the list (Thai or Arabic digits), its label or an
 * alias, a short message containing one choice's word ("เป็นผู้หญิงค่ะ"), or a district name.
 */
export function matchTyped(text: string, choices: readonly Choice[], province?: Province, numbered = true): Choice | undefined {
  const t = norm(text);
  if (numbered && /^\d{1,2}$/.test(t)) return choices[Number(t) - 1];
  const direct = choices.find((c) => norm(c.label) === t || c.aliases?.some((a) => norm(a) === t));
  if (direct) return direct;
  if (t.length <= MAX_CONTAINED_ANSWER) {
    const containing = choices.filter((c) => c.aliases?.some((a) => norm(a).length >= MIN_CONTAINED_WORD && t.includes(norm(a))));
    if (containing.length === 1) return containing[0];
  }
  if (!province) return undefined;
  // "อ.ลอง", "อำเภอลอง": district choices are listed by code.
  const d = findDistrict(province, text);
  return d ? choices.find((c) => c.value === d.code || (c.value === YES && c.aliases?.includes(d.name))) : undefined;
}

/** The problem type typed words suggest ("ไม่มีเงินซื้อข้าว" → income), if any. */
export function proposeProblem(text: string): ProblemType | undefined {
  const t = norm(text);
  let best: { p: ProblemType; hits: number } | undefined;
  for (const p of PROBLEM_WORD_PRIORITY) {
    const hits = PROBLEM_WORDS[p].filter((w) => t.includes(norm(w))).length;
    if (hits > 0 && (!best || hits > best.hits)) best = { p, hits };
  }
  return best?.p;
}

/** Whether typed text reads as a place: an address word, a landmark word, or a district name. */
export function looksLikePlace(text: string, province?: Province): boolean {
  const t = norm(text);
  return PLACE_WORDS.some((w) => t.includes(norm(w))) || (!!province && province.districts.some((d) => t.includes(norm(d.name))));
}

/** "1 รายได้/ความเป็นอยู่\n2 …": the choices repeated in a re-prompt, for people who type. */
export const numberedList = (choices: readonly Choice[]) => choices.map((c, i) => `${i + 1} ${c.label}`).join('\n');
