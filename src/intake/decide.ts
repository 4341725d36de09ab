import type { CaseDraft } from '../cases/types';
import type { DetailsPatch } from '../cases/decide';
import { PROBLEM_TYPES, SEXES, TARGET_GROUPS, URGENT_PROBLEM_TYPES, type ProblemType, type Sex, type TargetGroup } from '../cases/vocab';
import { TYPED_WORDS } from '../strings/th/intake';
import { resolveLocation, withDistrict, type RawLocation } from './location';
import { parseThaiPhone } from './phone';
import {
  choicesFor,
  DONE,
  inFollowup,
  matchTyped,
  NO_PIN,
  OUTSIDE,
  SKIP,
  TO_SUMMARY,
  typedIs,
  UNKNOWN_DISTRICT,
  USE_LINE,
  YES,
} from './steps';
import {
  EDITABLE_STEPS,
  FOLLOWUP_STEPS,
  type Answers,
  type Decision,
  type IntakeEffect,
  type IntakeInput,
  type IntakeSettings,
  type Say,
  type SayNote,
  type SessionState,
  type Step,
} from './types';

/**
 * The guided intake conversation as a pure function: (session, event, now, settings) → new session
 * and effects as data. No database, no LINE, no clock. Ids in effects derive from the event id, so
 * deciding the same event on the same session twice asks for exactly the same things.
 */

export interface IntakeEvent {
  /** webhookEventId (or the timer id for a timeout). */
  eventId: string;
  input: IntakeInput;
}

export const MAX_DETAILS = 1000;
export const MAX_ATTACHMENTS = 10;
const MAX_RECENT = 5;

export const timeoutTimerId = (userId: string, version: number) => `intake-timeout:${userId}:${version}`;

const emptyAnswers = (): Answers => ({ attachments: [], skipped: [] });

/** A user with no stored session. */
export function initialState(userId: string): SessionState {
  return { userId, version: 0, status: 'none', history: [], editing: false, queue: [], answers: emptyAnswers(), recent: [] };
}

/** After `openCase` ran: the state remembers the case (the service calls this with its number). */
export function applyOpened(s: SessionState, caseNumber: string): SessionState {
  const recent =
    s.intakeId && !s.recent.some((r) => r.intakeId === s.intakeId)
      ? [...s.recent, { intakeId: s.intakeId, caseNumber }].slice(-MAX_RECENT)
      : s.recent;
  return { ...s, caseNumber, recent };
}

/** Whether an active session has been idle longer than the timeout at `now`. */
export const isExpired = (s: SessionState, now: Date, timeoutMs: number) =>
  s.status === 'active' && !!s.lastActivityAt && now.getTime() - s.lastActivityAt.getTime() >= timeoutMs;

/** Whether the conversation is waiting for this user's next message. */
export const isActive = (s: SessionState, now: Date, timeoutMs: number) => s.status === 'active' && !isExpired(s, now, timeoutMs);

const isUrgent = (a: Answers) => !!a.problemType && URGENT_PROBLEM_TYPES.includes(a.problemType);
const oneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/** What a case is opened with, from the answers so far. */
export function draftFrom(s: SessionState, sos: boolean): CaseDraft {
  const a = s.answers;
  return {
    channel: 'ess_help_me',
    reporterUserId: s.userId,
    problemTypes: a.problemType ? [a.problemType] : [],
    urgent: sos || isUrgent(a),
    sos,
    ...(a.targetGroup ? { targetGroup: a.targetGroup } : {}),
    ...(a.sex ? { sex: a.sex } : {}),
    ...(a.location ? { location: a.location } : {}),
    ...(a.details ? { details: a.details } : {}),
    attachments: a.attachments,
    ...(a.phone ? { phone: a.phone } : {}),
    ...(a.contactViaLine ? { contactViaLine: true } : {}),
  };
}

// ── decide ──────────────────────────────────────────────────────────────────────────────────────

/** Internal result of one step handler: the next state and what to say. */
interface Turn {
  state: SessionState;
  say: Say[];
  effects?: IntakeEffect[];
}

export function decide(prev: SessionState, ev: IntakeEvent, now: Date, settings: IntakeSettings): Decision {
  const { input } = ev;

  if (input.kind === 'timeout') return onTimeout(prev, now, settings);

  let s = prev;
  const prefix: Say[] = [];
  if (isExpired(s, now, settings.timeoutMs)) {
    if (!s.expiredNoted) prefix.push({ t: 'expired', ...(s.caseNumber ? { caseNumber: s.caseNumber } : {}) });
    s = ended(s, 'expired');
  }

  let turn: Turn;
  if (input.kind === 'unfollow') turn = { state: s.status === 'active' ? ended(s, 'cancelled') : s, say: [] };
  else if (input.kind === 'follow') turn = { state: s.status === 'active' ? ended(s, 'cancelled') : s, say: [{ t: 'welcome' }, { t: 'privacy' }, { t: 'menu' }] };
  else if (s.status === 'active') turn = onActive(s, ev, settings);
  else turn = onIdle(s, ev, settings);

  const next: SessionState = {
    ...turn.state,
    version: prev.version + 1,
    ...(turn.state.status === 'active' ? { lastActivityAt: now } : {}),
  };
  const effects: IntakeEffect[] = [...(turn.effects ?? [])];
  // "It expired" already explains why an old button does nothing.
  const say = [...prefix, ...(prefix.length ? turn.say.filter((x) => x.t !== 'stale') : turn.say)];
  if (say.length) effects.push({ kind: 'reply', say });
  effects.push(...timerEffects(prev, next, now, settings));
  return { state: next, effects };
}

function timerEffects(prev: SessionState, next: SessionState, now: Date, settings: IntakeSettings): IntakeEffect[] {
  const out: IntakeEffect[] = [];
  if (prev.status === 'active') out.push({ kind: 'cancelTimer', id: timeoutTimerId(prev.userId, prev.version) });
  if (next.status === 'active') {
    out.push({
      kind: 'schedule',
      timer: {
        id: timeoutTimerId(next.userId, next.version),
        kind: 'intake-timeout',
        dueAt: new Date(now.getTime() + settings.timeoutMs),
        payload: { userId: next.userId, version: next.version },
      },
    });
  }
  return out;
}

function onTimeout(s: SessionState, now: Date, settings: IntakeSettings): Decision {
  // A timer from an older version, or one that fires early, changes nothing.
  if (!isExpired(s, now, settings.timeoutMs)) return { state: s, effects: [] };
  const state: SessionState = { ...ended(s, 'expired'), expiredNoted: true, version: s.version + 1 };
  return { state, effects: timeoutPushes(state, timeoutTimerId(s.userId, s.version)) };
}

/** The timeout note, from the session the timeout ended (so a re-run can queue it again). */
export function timeoutPushes(ended: SessionState, timerId: string): IntakeEffect[] {
  const say: Say[] = [{ t: 'timeoutNote', ...(ended.caseNumber ? { caseNumber: ended.caseNumber } : {}) }];
  return [{ kind: 'push', id: timerId, say }];
}

/** The session ends; answers are dropped (nothing unsent is kept), recent case numbers stay. */
function ended(s: SessionState, status: SessionState['status']): SessionState {
  return {
    userId: s.userId,
    version: s.version,
    status,
    history: [],
    editing: false,
    queue: [],
    answers: emptyAnswers(),
    recent: s.recent,
    ...(status === 'expired' || status === 'done' || status === 'submitted' ? { mode: s.mode, intakeId: s.intakeId, caseNumber: s.caseNumber } : {}),
  };
}

// ── no conversation in progress ─────────────────────────────────────────────────────────────────

function onIdle(s: SessionState, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const { input } = ev;
  if (input.kind === 'location') return openSos(startSos(s, ev), rawOf(input), ev, settings);
  if (input.kind === 'text') {
    if (typedIs(input.text, TYPED_WORDS.sos)) return askSosPin(startSos(s, ev));
    if (typedIs(input.text, TYPED_WORDS.report)) return startReport(s, ev);
    return { state: s, say: [{ t: 'menu' }] };
  }
  if (input.kind === 'postback') {
    const a = input.action;
    if (a.type === 'start') return startReport(s, ev);
    if (a.type === 'sos') return askSosPin(startSos(s, ev));
    if (a.type === 'confirm') {
      const done = s.recent.find((r) => r.intakeId === a.intakeId);
      if (done) return { state: s, say: [{ t: 'alreadySubmitted', caseNumber: done.caseNumber }] };
      return { state: s, say: [{ t: 'stale' }, { t: 'menu' }] };
    }
    if (a.type === 'menu' || a.type === 'help') return { state: s, say: [{ t: 'menu' }] };
    // A button from a conversation that already ended.
    return { state: s, say: [{ t: 'stale' }, { t: 'menu' }] };
  }
  return { state: s, say: [{ t: 'menu' }] };
}

function fresh(s: SessionState, ev: IntakeEvent, mode: 'report' | 'sos', step: Step): SessionState {
  return {
    userId: s.userId,
    version: s.version,
    status: 'active',
    mode,
    intakeId: `${mode === 'report' ? 'intake' : 'sos'}:${ev.eventId}`,
    step,
    history: [],
    editing: false,
    queue: [],
    answers: emptyAnswers(),
    recent: s.recent,
  };
}

const startReport = (s: SessionState, ev: IntakeEvent): Turn => {
  const state = fresh(s, ev, 'report', 'problem');
  return { state, say: [{ t: 'ask', step: 'problem' }] };
};

/** SOS keeps whatever a report in progress already knew; the intake id is this event's. */
const startSos = (s: SessionState, ev: IntakeEvent): SessionState => ({
  ...fresh(s, ev, 'sos', 'sosPin'),
  answers: s.status === 'active' ? s.answers : emptyAnswers(),
});

const askSosPin = (state: SessionState): Turn => ({ state, say: [{ t: 'call' }, { t: 'ask', step: 'sosPin' }] });

const rawOf = (i: { lat: number; lng: number; address?: string; title?: string }): RawLocation => ({
  lat: i.lat,
  lng: i.lng,
  address: i.address,
  title: i.title,
});

/** Opens the urgent case at once with what is known (a pin, an address, or nothing). */
function openSos(s: SessionState, raw: RawLocation | undefined, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const location = raw ? resolveLocation(raw, settings.province).location : s.answers.location;
  const answers: Answers = { ...s.answers, ...(location ? { location } : {}) };
  const withLoc: SessionState = { ...s, answers };
  const queue = FOLLOWUP_STEPS.filter((step) => !answered(answers, step));
  const sourceId = s.intakeId ?? `sos:${ev.eventId}`;
  const effects: IntakeEffect[] = [{ kind: 'openCase', sourceId, draft: draftFrom(withLoc, true) }];
  if (!queue.length) {
    return { state: { ...ended(withLoc, 'done'), mode: 'sos', intakeId: sourceId }, say: [{ t: 'sosOpened' }, { t: 'call' }], effects };
  }
  const [first, ...rest] = queue;
  const state: SessionState = { ...withLoc, intakeId: sourceId, step: first, queue: rest, history: [] };
  return {
    state,
    say: [{ t: 'sosOpened' }, { t: 'call' }, { t: 'ask', step: first, note: { n: 'followupIntro' } }],
    effects,
  };
}

function answered(a: Answers, step: Step): boolean {
  switch (step) {
    case 'problem':
      return !!a.problemType;
    case 'target':
      return !!a.targetGroup;
    case 'sex':
      return !!a.sex;
    case 'details':
      return !!a.details || a.attachments.length > 0;
    case 'phone':
      return !!a.phone || !!a.contactViaLine;
    default:
      return false;
  }
}

// ── a conversation in progress ──────────────────────────────────────────────────────────────────

type Control = 'back' | 'cancel' | 'help' | 'start' | 'sos' | 'menu' | 'edit' | { confirm: string } | undefined;

/** Controls that work at every step, tapped or typed. */
function controlOf(s: SessionState, input: IntakeInput): Control {
  if (input.kind === 'postback') {
    const a = input.action;
    if (a.type === 'confirm') return { confirm: a.intakeId };
    if (a.type === 'answer' || a.type === 'unknown') return undefined;
    return a.type;
  }
  if (input.kind !== 'text') return undefined;
  const t = input.text;
  // Free-text steps take words as answers; only unmistakable controls count there.
  if (typedIs(t, TYPED_WORDS.cancel)) return 'cancel';
  if (typedIs(t, TYPED_WORDS.back)) return 'back';
  if (typedIs(t, TYPED_WORDS.help)) return 'help';
  if (typedIs(t, TYPED_WORDS.sos)) return 'sos';
  if (s.step === 'details') return undefined;
  if (typedIs(t, TYPED_WORDS.report)) return 'start';
  if (s.step === 'summary') {
    if (typedIs(t, TYPED_WORDS.confirm) && s.intakeId) return { confirm: s.intakeId };
    if (typedIs(t, TYPED_WORDS.edit)) return 'edit';
  }
  return undefined;
}

function onActive(s: SessionState, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const step = s.step ?? 'problem';
  const c = controlOf(s, ev.input);
  if (c !== undefined) return onControl(s, step, c, ev, settings);
  if (s.mode === 'sos' && step === 'sosPin') return onSosPin(s, ev, settings);
  return onAnswer(s, step, ev, settings);
}

function onControl(s: SessionState, step: Step, c: Exclude<Control, undefined>, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const followup = inFollowup(s);
  if (typeof c === 'object') {
    if (step === 'summary' && c.confirm === s.intakeId) return submit(s);
    const done = s.recent.find((r) => r.intakeId === c.confirm);
    if (done) return { state: s, say: [{ t: 'alreadySubmitted', caseNumber: done.caseNumber }, { t: 'ask', step }] };
    return reprompt(s, step);
  }
  switch (c) {
    case 'cancel':
      if (followup) return { state: ended(s, 'done'), say: [{ t: 'sosDone', stopped: true }] };
      return { state: ended(s, 'cancelled'), say: [{ t: 'cancelled' }, { t: 'menu' }] };
    case 'help':
      return { state: s, say: [{ t: 'help', step }] };
    case 'menu':
      return { state: s, say: [{ t: 'menu' }] };
    case 'back': {
      if (!s.history.length) {
        if (followup) return { state: s, say: [{ t: 'ask', step }] };
        return { state: ended(s, 'cancelled'), say: [{ t: 'menu' }] };
      }
      const back = s.history[s.history.length - 1];
      // SOS follow-ups go back to the previous question and ask the skipped-over one again later.
      const queue = followup ? [step, ...s.queue] : s.queue;
      const state: SessionState = { ...s, step: back, history: s.history.slice(0, -1), queue, editing: back === 'summary' ? false : s.editing };
      return { state, say: [{ t: 'ask', step: back }] };
    }
    case 'start':
      if (s.mode === 'report') return { state: s, say: [{ t: 'ask', step, note: { n: 'resumed' } }] };
      return startReport(s, ev);
    case 'sos':
      if (s.mode === 'sos') return { state: s, say: [{ t: 'call' }, { t: 'ask', step }] };
      {
        const sos = startSos(s, ev);
        if (sos.answers.location) return openSos(sos, undefined, ev, settings);
        return askSosPin(sos);
      }
    case 'edit':
      if (step !== 'summary') return reprompt(s, step);
      return { state: { ...s, step: 'edit', history: [...s.history, 'summary'] }, say: [{ t: 'ask', step: 'edit' }] };
  }
}

const reprompt = (s: SessionState, step: Step, note: SayNote = { n: 'notUnderstood' }): Turn => ({
  state: s,
  say: [{ t: 'ask', step, note }],
});

function onSosPin(s: SessionState, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const { input } = ev;
  if (input.kind === 'location') return openSos(s, rawOf(input), ev, settings);
  if (input.kind === 'text') {
    if (typedIs(input.text, TYPED_WORDS.noPin)) return openSos(s, undefined, ev, settings);
    return openSos(s, { address: input.text }, ev, settings);
  }
  if (input.kind === 'postback' && input.action.type === 'answer' && input.action.step === 'sosPin' && input.action.value === NO_PIN) {
    return openSos(s, undefined, ev, settings);
  }
  return reprompt(s, 'sosPin');
}

/** The chosen value for a choice step, from a tapped postback for this step or typed text. */
function choiceValue(s: SessionState, step: Step, input: IntakeInput, settings: IntakeSettings): string | undefined {
  if (input.kind === 'postback') {
    const a = input.action;
    return a.type === 'answer' && a.step === step ? a.value : undefined;
  }
  // Numbers are answers of their own in free-text steps ("1" as details), not list positions.
  const numbered = step !== 'details' && step !== 'phone';
  if (input.kind === 'text') return matchTyped(input.text, choicesFor(step, s, settings.province), settings.province, numbered)?.value;
  return undefined;
}

function onAnswer(s: SessionState, step: Step, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const { input } = ev;
  const followup = inFollowup(s);
  const value = choiceValue(s, step, input, settings);

  if (followup && value === SKIP && step !== 'details') return advance({ ...s, answers: skip(s.answers, step) }, step, ev);

  switch (step) {
    case 'problem': {
      if (!value || !oneOf(PROBLEM_TYPES, value)) return reprompt(s, step);
      const problemType: ProblemType = value;
      const state = { ...s, answers: { ...s.answers, problemType } };
      const turn = advance(state, step, ev, followup ? { problemTypes: [problemType] } : undefined);
      // Danger first: the call buttons come before the next question, once per report.
      if (!followup && URGENT_PROBLEM_TYPES.includes(problemType) && !isUrgent(s.answers)) {
        return { ...turn, say: [{ t: 'call' }, ...withNote(turn.say, { n: 'urgent' })] };
      }
      return turn;
    }
    case 'location': {
      if (input.kind === 'location') return onLocation(s, rawOf(input), ev, settings);
      if (input.kind === 'text' && input.text.trim()) return onLocation(s, { address: input.text }, ev, settings);
      return reprompt(s, step);
    }
    case 'district':
      return onDistrict(s, value, ev, settings);
    case 'target': {
      if (!value || !oneOf(TARGET_GROUPS, value)) return reprompt(s, step);
      const targetGroup: TargetGroup = value;
      return advance({ ...s, answers: { ...s.answers, targetGroup } }, step, ev, followup ? { targetGroup } : undefined);
    }
    case 'sex': {
      if (!value || !oneOf(SEXES, value)) return reprompt(s, step);
      const sex: Sex = value;
      return advance({ ...s, answers: { ...s.answers, sex } }, step, ev, followup ? { sex } : undefined);
    }
    case 'details':
      return onDetails(s, value, ev, settings);
    case 'phone':
      return onPhone(s, value, ev, settings);
    case 'summary':
      return reprompt(s, step);
    case 'edit': {
      if (value === TO_SUMMARY) return { state: { ...s, step: 'summary', history: s.history.slice(0, -1), editing: false }, say: [{ t: 'summary' }] };
      const target = EDITABLE_STEPS.find((e) => e === value);
      if (!target) return reprompt(s, step);
      return { state: { ...s, step: target, editing: true, history: [...s.history, 'edit'] }, say: [{ t: 'ask', step: target }] };
    }
    case 'sosPin':
      return reprompt(s, step);
  }
}

const withNote = (say: Say[], note: SayNote): Say[] =>
  say.map((m, i) => (i === say.length - 1 && m.t === 'ask' && !m.note ? { ...m, note } : m));

const skip = (a: Answers, step: Step): Answers => (a.skipped.includes(step) ? a : { ...a, skipped: [...a.skipped, step] });

function onLocation(s: SessionState, raw: RawLocation, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const r = resolveLocation(raw, settings.province);
  const answers: Answers = {
    ...s.answers,
    location: r.location,
    proposedDistrictCode: r.kind === 'propose' ? r.district.code : undefined,
  };
  const state = { ...s, answers };
  // With no bundled districts there is nothing to pick from: the address alone goes to the officer.
  if (!settings.province.districts.length) return advance(state, 'district', ev, undefined, 'location');
  if (r.kind === 'propose' && r.from === 'address') {
    // LINE's address names the district officially: take it without a question (one tap fewer)
    // and say so; "back" opens the district list with it proposed, and the summary shows it.
    const turn = advance({ ...state, history: [...s.history, 'location'] }, 'district', ev);
    return { ...turn, say: withNote(turn.say, { n: 'placed' }) };
  }
  return { state: { ...state, step: 'district', history: [...s.history, 'location'] }, say: [{ t: 'ask', step: 'district' }] };
}

function onDistrict(s: SessionState, value: string | undefined, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const p = settings.province;
  const loc = s.answers.location ?? {};
  let location = loc;
  if (value === YES && s.answers.proposedDistrictCode) {
    location = withDistrict(loc, p, p.districts.find((d) => d.code === s.answers.proposedDistrictCode));
  } else if (value === OUTSIDE && loc.outOfProvince) {
    location = loc;
  } else if (value === UNKNOWN_DISTRICT && !loc.outOfProvince) {
    location = withDistrict(loc, p, undefined);
  } else {
    const d = value ? p.districts.find((x) => x.code === value) : undefined;
    if (!d) return reprompt(s, 'district');
    location = withDistrict(loc, p, d);
  }
  const answers: Answers = { ...s.answers, location, proposedDistrictCode: undefined };
  return advance({ ...s, answers }, 'district', ev);
}

function onDetails(s: SessionState, value: string | undefined, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const { input } = ev;
  const followup = inFollowup(s);
  if (input.kind === 'media') {
    if (s.answers.attachments.length >= MAX_ATTACHMENTS) return reprompt(s, 'details', { n: 'tooManyFiles' });
    const attachment = { messageId: input.messageId, type: input.type };
    const answers: Answers = { ...s.answers, attachments: [...s.answers.attachments, attachment] };
    const count = answers.attachments.length + (answers.details ? 1 : 0);
    const effects: IntakeEffect[] = followup ? [{ kind: 'updateCase', entryId: ev.eventId, patch: { attachments: [attachment] } }] : [];
    return { state: { ...s, answers }, say: [{ t: 'ask', step: 'details', note: { n: 'received', count } }], effects };
  }
  if (value === SKIP || value === DONE) {
    return advance({ ...s, answers: value === SKIP ? skip(s.answers, 'details') : s.answers }, 'details', ev);
  }
  if (input.kind === 'text') {
    const text = input.text.trim();
    if (!text) return reprompt(s, 'details');
    if (text.length > MAX_DETAILS) return reprompt(s, 'details', { n: 'tooLong', length: text.length });
    const answers: Answers = { ...s.answers, details: text };
    return advance({ ...s, answers }, 'details', ev, followup ? { details: text } : undefined);
  }
  return reprompt(s, 'details');
}

function onPhone(s: SessionState, value: string | undefined, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const { input } = ev;
  const followup = inFollowup(s);
  if (value === USE_LINE) {
    const answers: Answers = { ...s.answers, phone: undefined, contactViaLine: true };
    return advance({ ...s, answers }, 'phone', ev, followup ? { contactViaLine: true } : undefined);
  }
  if (value === SKIP) {
    const answers: Answers = { ...skip(s.answers, 'phone'), phone: undefined, contactViaLine: undefined };
    return advance({ ...s, answers }, 'phone', ev);
  }
  if (input.kind === 'text') {
    const phone = parseThaiPhone(input.text);
    if (!phone) return reprompt(s, 'phone', { n: 'badPhone' });
    const answers: Answers = { ...s.answers, phone, contactViaLine: undefined };
    return advance({ ...s, answers }, 'phone', ev, followup ? { phone } : undefined);
  }
  return reprompt(s, 'phone');
}

/**
 * Moves past `from`: to the summary when editing, to the next queued question in SOS follow-ups,
 * otherwise to the next report step. A follow-up answer also fills in the open case.
 */
function advance(
  s: SessionState,
  from: Step,
  ev: IntakeEvent,
  patch?: DetailsPatch,
  historyStep: Step = from,
): Turn {
  const effects: IntakeEffect[] = patch ? [{ kind: 'updateCase', entryId: ev.eventId, patch }] : [];
  if (inFollowup(s)) {
    const [next, ...queue] = s.queue;
    if (!next) return { state: ended(s, 'done'), say: [{ t: 'sosDone', stopped: false }], effects };
    return { state: { ...s, step: next, queue, history: [...s.history, from] }, say: [{ t: 'ask', step: next }], effects };
  }
  if (s.editing) {
    // Back to the summary; what "back" returns to is the summary's own history.
    const history = s.history.slice(0, s.history.lastIndexOf('summary') < 0 ? s.history.length : s.history.lastIndexOf('summary'));
    return { state: { ...s, step: 'summary', editing: false, history }, say: [{ t: 'summary' }], effects };
  }
  const order: readonly Step[] = ['problem', 'location', 'district', 'target', 'sex', 'details', 'phone', 'summary'];
  const next = order[order.indexOf(from) + 1] ?? 'summary';
  const state: SessionState = { ...s, step: next, history: [...s.history, historyStep] };
  return { state, say: [next === 'summary' ? { t: 'summary' } : { t: 'ask', step: next }], effects };
}

/** Confirm on the summary: open the case (idempotent by the intake id) and end the conversation. */
function submit(s: SessionState): Turn {
  const sourceId = s.intakeId!;
  return {
    state: { ...ended(s, 'submitted'), mode: 'report', intakeId: sourceId },
    say: [{ t: 'opened' }],
    effects: [{ kind: 'openCase', sourceId, draft: draftFrom(s, false) }],
  };
}
