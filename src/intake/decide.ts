import type { CaseDraft, CaseLocation } from '../cases/types';
import type { DetailsPatch } from '../cases/decide';
import type { TimerSpec } from '../timers/types';
import {
  PROBLEM_TYPES,
  SEXES,
  TARGET_GROUPS,
  URGENT_PROBLEM_TYPES,
  type CaseStatus,
  type ProblemType,
  type Sex,
  type TargetGroup,
} from '../cases/vocab';
import { INTAKE_TH, TYPED_WORDS } from '../strings/th/intake';
import { answered, back as backOf, first, next as nextOf, provinceOfAnswers } from './graph';
import { thailand } from '../geo';
import { inDistrict, placeOf, withDistrict, type RawLocation } from './location';
import { parseThaiPhone } from './phone';
import {
  choicesFor,
  DISCARD,
  looksLikePlace,
  DONE,
  inFollowup,
  matchTyped,
  NO_PIN,
  OUTSIDE,
  pageOfValue,
  proposeProblem,
  SKIP,
  TO_SUMMARY,
  typedIs,
  UNKNOWN_DISTRICT,
  USE_LINE,
  YES,
} from './steps';
import {
  EDITABLE_STEPS,
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
 * deciding the same event on the same session twice asks for exactly the same things. Which step
 * follows which is data in `graph.ts`; this module reads answers and says what to do.
 */

export interface IntakeEvent {
  /** webhookEventId (or the timer id for a timeout). */
  eventId: string;
  input: IntakeInput;
  /**
   * A fact the service looked up before deciding: the status of the SOS case whose follow-up
   * questions are in progress, so the closing line says where the case really is.
   */
  caseStatus?: CaseStatus;
  /**
   * A fact looked up when this event could open an SOS case: the person's urgent case that is
   * still open. One open urgent case per person: what they send goes into it instead.
   */
  openUrgentCase?: string;
}

export const MAX_DETAILS = 1000;
export const MAX_ATTACHMENTS = 10;
const MAX_RECENT = 5;

/** The id of a timer scheduled per version, before timers re-armed themselves (still fired after an upgrade). */
export const timeoutTimerId = (userId: string, version: number) => `intake-timeout:${userId}:${version}`;
/** The session's idle timer due at `dueAt`: one id per due time, so re-arming twice for one activity schedules one timer. */
export const idleTimerId = (userId: string, dueAt: Date) => `intake-timeout:${userId}:t${dueAt.getTime()}`;

const emptyAnswers = (): Answers => ({ attachments: [], skipped: [] });

/** A user with no stored session. */
export function initialState(userId: string): SessionState {
  return { userId, version: 0, status: 'none', history: [], editing: false, answers: emptyAnswers(), recent: [] };
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

/** What a case is opened with, from the answers so far. Only what was given: no placeholder place. */
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

  if (input.kind === 'timeout') return onTimeout(prev, input.dueAt, now, settings);

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

  const active = turn.state.status === 'active';
  const { timeoutAt: _t, ...decided } = turn.state;
  const timer = active ? idleTimer(prev, now, settings) : undefined;
  const next: SessionState = {
    ...decided,
    version: prev.version + 1,
    ...(active ? { lastActivityAt: now } : {}),
    ...(timer ? { timeoutAt: timer.dueAt } : {}),
  };
  const effects: IntakeEffect[] = [...(turn.effects ?? [])];
  // "It expired" already explains why an old button does nothing.
  const say = [...prefix, ...(prefix.length ? turn.say.filter((x) => x.t !== 'stale') : turn.say)];
  if (say.length) effects.push({ kind: 'reply', say });
  if (timer?.schedule) effects.push({ kind: 'schedule', timer: timer.schedule });
  return { state: next, effects };
}

/**
 * One lazy idle timer per session: scheduled when a conversation becomes active, left alone by every
 * step after that (no timer write per step) and never cancelled. When it fires it re-arms itself from
 * the last activity if the person answered meanwhile (`onTimeout`), so an active session always has
 * one pending; a finished session's timer finds nothing to do.
 */
function idleTimer(prev: SessionState, now: Date, settings: IntakeSettings): { dueAt: Date; schedule?: TimerSpec } {
  // Still active: the recorded timer fires later and sees this step (or it already fired, saved, and
  // this decision's conditional save loses and is decided again on what it saved).
  if (prev.status === 'active' && prev.timeoutAt) return { dueAt: prev.timeoutAt };
  const dueAt = new Date(now.getTime() + settings.timeoutMs);
  return { dueAt, schedule: idleTimerSpec(prev.userId, dueAt) };
}

const idleTimerSpec = (userId: string, dueAt: Date): TimerSpec => ({ id: idleTimerId(userId, dueAt), kind: 'intake-timeout', dueAt, payload: { userId } });

function onTimeout(s: SessionState, dueAt: Date | undefined, now: Date, settings: IntakeSettings): Decision {
  const none = { state: s, effects: [] };
  // A timer scheduled per version (before an upgrade): one that fires early changes nothing, a newer one follows.
  if (!dueAt) {
    if (!isExpired(s, now, settings.timeoutMs)) return none;
    const state: SessionState = { ...ended(s, 'expired'), expiredNoted: true, version: s.version + 1 };
    return { state, effects: timeoutPushes(state, timeoutTimerId(s.userId, s.version)) };
  }
  // A finished conversation's timer, or an older one while a later timer is recorded: nothing to do.
  if (s.status !== 'active' || (s.timeoutAt && s.timeoutAt.getTime() > dueAt.getTime())) return none;
  // Judged at the due time, not the clock, so a late run decides what an on-time run would have; a
  // re-armed timer already due fires at once and is judged at its own due time.
  if (!isExpired(s, dueAt, settings.timeoutMs)) {
    const next = new Date((s.lastActivityAt ?? dueAt).getTime() + settings.timeoutMs);
    return { state: { ...s, version: s.version + 1, timeoutAt: next }, effects: [{ kind: 'schedule', timer: idleTimerSpec(s.userId, next) }] };
  }
  const state: SessionState = { ...ended(s, 'expired'), expiredNoted: true, version: s.version + 1 };
  return { state, effects: timeoutPushes(state, idleTimerId(s.userId, dueAt)) };
}

/** The timeout note, from the session the timeout ended (so a re-run can queue it again). */
export function timeoutPushes(ended: SessionState, timerId: string): IntakeEffect[] {
  const say: Say[] = [{ t: 'timeoutNote', ...(ended.caseNumber ? { caseNumber: ended.caseNumber } : {}) }];
  // An SOS conversation's reporter may be hiding from someone: the note comes without sound.
  return [{ kind: 'push', id: timerId, say, ...(ended.mode === 'sos' ? { silent: true } : {}) }];
}

/** The session ends; answers are dropped (nothing unsent is kept), recent case numbers stay. */
function ended(s: SessionState, status: SessionState['status']): SessionState {
  return {
    userId: s.userId,
    version: s.version,
    status,
    history: [],
    editing: false,
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
    if (typedIs(input.text, TYPED_WORDS.report)) return startReport(s, ev, settings);
    return { state: s, say: [{ t: 'menu' }] };
  }
  if (input.kind === 'postback') {
    const a = input.action;
    if (a.type === 'start') return startReport(s, ev, settings);
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
    answers: emptyAnswers(),
    recent: s.recent,
  };
}

function startReport(s: SessionState, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const state = fresh(s, ev, 'report', 'problem');
  const step = first(state, settings);
  return { state: { ...state, step: step === 'done' ? 'summary' : step }, say: [{ t: 'ask', step: step === 'done' ? 'summary' : step }] };
}

/** SOS keeps whatever a report in progress already knew; the intake id is this event's. */
const startSos = (s: SessionState, ev: IntakeEvent): SessionState => ({
  ...fresh(s, ev, 'sos', 'sosPin'),
  answers: s.status === 'active' ? { ...s.answers, skipped: [] } : emptyAnswers(),
});

const askSosPin = (state: SessionState): Turn => ({ state, say: [{ t: 'call' }, { t: 'ask', step: 'sosPin' }] });

const rawOf = (i: { lat: number; lng: number; address?: string; title?: string }): RawLocation => ({
  lat: i.lat,
  lng: i.lng,
  address: i.address,
  title: i.title,
});

/**
 * An SOS place (a pin, a typed place) for the whole country, as a report's place is read: the
 * province and district `locate` finds, never the home province assumed. Nothing is confirmed in
 * an SOS, so this is what the case and its card say from the start.
 */
const sosPlace = (raw: RawLocation): CaseLocation => placeOf(raw).location;

/** What the case's place is, so the reply says exactly that (never a pin that was not sent). */
const placeKind = (loc: CaseLocation | undefined): 'pin' | 'typed' | 'none' =>
  !loc ? 'none' : loc.lat !== undefined ? 'pin' : loc.address ? 'typed' : 'none';

/**
 * Opens the urgent case at once with what is known (a pin, a typed place, or nothing), then asks
 * the SOS follow-up questions the graph still has for it — first where the person is, if unknown.
 */
function openSos(s: SessionState, raw: RawLocation | undefined, ev: IntakeEvent, settings: IntakeSettings, phone?: string): Turn {
  if (ev.openUrgentCase && !inFollowup(s)) return addToOpenCase(s, ev.openUrgentCase, raw, ev, settings, phone);
  const location = raw ? sosPlace(raw) : s.answers.location;
  const answers: Answers = { ...s.answers, ...(location ? { location } : {}), ...(phone ? { phone, contactViaLine: undefined } : {}) };
  const sourceId = s.intakeId ?? `sos:${ev.eventId}`;
  const withLoc: SessionState = { ...s, answers, intakeId: sourceId, history: [], editing: false };
  const effects: IntakeEffect[] = [{ kind: 'openCase', sourceId, draft: draftFrom(withLoc, true) }];
  const opened: Say[] = [{ t: 'sosOpened', place: placeKind(location) }, { t: 'call' }];
  const step = first(withLoc, settings);
  if (step === 'done') return { state: { ...ended(withLoc, 'done'), mode: 'sos', intakeId: sourceId }, say: opened, effects };
  return { state: { ...withLoc, step }, say: [...opened, { t: 'ask', step, note: { n: 'followupIntro' } }], effects };
}

/** SOS again while an urgent case is open: the pin, place or phone goes into that case. */
function addToOpenCase(s: SessionState, caseNumber: string, raw: RawLocation | undefined, ev: IntakeEvent, settings: IntakeSettings, phone?: string): Turn {
  const location = raw ? sosPlace(raw) : s.answers.location;
  const added = location ? placeKind(location) : phone ? 'phone' : 'again';
  const info =
    location ? { location } : { text: phone ?? INTAKE_TH.sosAgainInfo };
  return {
    state: { ...ended(s, 'done'), mode: 'sos', caseNumber },
    say: [{ t: 'sosExisting', caseNumber, added: added === 'none' ? 'again' : added }, { t: 'call' }],
    effects: [{ kind: 'addInfo', entryId: ev.eventId, caseNumber, ...info }],
  };
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
  if (s.step === 'details' || s.step === 'sosPlace') return undefined;
  if (typedIs(t, TYPED_WORDS.report)) return 'start';
  if (s.step === 'summary') {
    if (typedIs(t, TYPED_WORDS.confirm) && s.intakeId) return { confirm: s.intakeId };
    if (typedIs(t, TYPED_WORDS.edit)) return 'edit';
  }
  return undefined;
}

function onActive(s: SessionState, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const step = s.step ?? 'problem';
  // The case was closed while its follow-up questions were open: stop asking, keep what was sent.
  if (inFollowup(s) && ev.caseStatus === 'closed') {
    const info = infoOf(ev.input, settings);
    return {
      state: ended(s, 'done'),
      say: [{ t: 'sosDone', stopped: true, status: 'closed' }],
      effects: info ? [{ kind: 'addInfo', entryId: ev.eventId, ...info.fields }] : [],
    };
  }
  const c = controlOf(s, ev.input);
  if (c !== undefined) return onControl(s, step, c, ev, settings);
  if (s.mode === 'sos' && step === 'sosPin') return onSosPin(s, ev, settings);
  const turn = onAnswer(s, step, ev, settings);
  if (turn) return turn;
  // Not an answer to this step. During the SOS follow-ups it is still something the person wants
  // the officers to have: it goes into the case, with one line saying so, and the question again.
  if (inFollowup(s)) return attachInfo(s, step, ev, settings);
  return reprompt(s, step);
}

/** The words, file or pin of an input, as a `reporter_info` entry; undefined for a button. */
function infoOf(input: IntakeInput, settings: IntakeSettings): { what: 'text' | 'media' | 'pin' | 'sticker'; fields: { text?: string; attachments?: Answers['attachments']; location?: CaseLocation } } | undefined {
  switch (input.kind) {
    case 'text':
      return input.text.trim() ? { what: 'text', fields: { text: input.text.trim() } } : undefined;
    case 'media':
      return { what: 'media', fields: { attachments: [{ messageId: input.messageId, type: input.type, ...(input.duration ? { duration: input.duration } : {}) }] } };
    case 'location':
      return { what: 'pin', fields: { location: sosPlace(rawOf(input)) } };
    case 'other':
      return { what: 'sticker', fields: { text: INTAKE_TH.stickerInfo } };
    default:
      return undefined;
  }
}

function attachInfo(s: SessionState, step: Step, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const info = infoOf(ev.input, settings);
  if (!info) return reprompt(s, step, { n: 'again' });
  // A pin sent later is the case's place from now on (the lifecycle keeps the history).
  const answers: Answers = info.fields.location ? { ...s.answers, location: info.fields.location } : s.answers;
  return {
    state: { ...s, answers },
    say: [{ t: 'ask', step, note: { n: 'attached', what: info.what } }],
    effects: [{ kind: 'addInfo', entryId: ev.eventId, ...info.fields }],
  };
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
      if (followup) return { state: ended(s, 'done'), say: [sosDone(true, ev)] };
      // On the summary everything is answered: ask once before discarding it.
      if (step === 'summary') return { state: { ...s, step: 'cancelConfirm', history: [...s.history, 'summary'] }, say: [{ t: 'ask', step: 'cancelConfirm' }] };
      return { state: ended(s, 'cancelled'), say: [{ t: 'cancelled' }, { t: 'menu' }] };
    case 'help':
      return { state: s, say: [{ t: 'help', step }] };
    case 'menu':
      return { state: s, say: [{ t: 'menu' }] };
    case 'back': {
      const b = backOf(s);
      if (!b) {
        if (followup) return { state: s, say: [{ t: 'ask', step }] };
        return { state: ended(s, 'cancelled'), say: [{ t: 'menu' }] };
      }
      const state: SessionState = {
        ...s,
        step: b.to,
        history: b.history,
        editing: b.to === 'summary' ? false : s.editing,
        answers: { ...s.answers, page: undefined },
      };
      return { state, say: [{ t: 'ask', step: b.to }] };
    }
    case 'start':
      if (s.mode === 'report') return { state: s, say: [{ t: 'ask', step, note: { n: 'resumed' } }] };
      return startReport(s, ev, settings);
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

const sosDone = (stopped: boolean, ev: IntakeEvent): Say => ({ t: 'sosDone', stopped, ...(ev.caseStatus ? { status: ev.caseStatus } : {}) });

const reprompt = (s: SessionState, step: Step, note: SayNote = { n: 'notUnderstood' }): Turn => ({
  state: s,
  say: [{ t: 'ask', step, note }],
});

/** Before the SOS case opens: a pin, a typed place or phone, or "can't pin" — each opens it at once. */
function onSosPin(s: SessionState, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const { input } = ev;
  if (input.kind === 'location') return openSos(s, rawOf(input), ev, settings);
  if (input.kind === 'text') {
    if (typedIs(input.text, TYPED_WORDS.noPin)) return openSos(s, undefined, ev, settings);
    const phone = parseThaiPhone(input.text);
    if (phone) return openSos(s, undefined, ev, settings, phone);
    if (looksLikePlace(input.text, settings.province)) return openSos(s, { address: input.text }, ev, settings);
    // Words that are not a place ("ถูกตีอยู่"): the case opens with them as details, and the place
    // question comes next; they never become the case's address.
    const details = addDetails(s.answers, input.text.trim().slice(0, MAX_DETAILS));
    return openSos({ ...s, answers: { ...s.answers, ...(details ? { details } : {}) } }, undefined, ev, settings);
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
  const numbered = step !== 'details' && step !== 'phone' && step !== 'sosPlace';
  // Districts of the country-wide list are matched by name in onDistrict (the whole province, not one page).
  const byName = step === 'district' && s.answers.provinceCode ? undefined : settings.province;
  if (input.kind === 'text') return matchTyped(input.text, choicesFor(step, s, settings.province), byName, numbered)?.value;
  return undefined;
}

/** The step's answer, or undefined when the input answers nothing here. */
function onAnswer(s: SessionState, step: Step, ev: IntakeEvent, settings: IntakeSettings): Turn | undefined {
  const { input } = ev;
  const followup = inFollowup(s);
  const value = choiceValue(s, step, input, settings);

  if (followup && value === SKIP && step !== 'details' && step !== 'sosPlace') {
    return advance({ ...s, answers: skip(s.answers, step) }, step, ev, settings);
  }

  // "ถัดไป ▶" / "◀ ก่อนหน้า" of a paged list: the same question, another page.
  const page = pageOfValue(value);
  if (page !== undefined && (step === 'province' || step === 'district')) {
    return { state: { ...s, answers: { ...s.answers, page } }, say: [{ t: 'ask', step }] };
  }

  switch (step) {
    case 'problem':
      return onProblem(s, value, ev, settings);
    case 'region':
      return onRegion(s, value, ev, settings);
    case 'province':
      return onProvince(s, value, ev, settings);
    case 'location': {
      if (value === NO_PIN) return onLocation(s, {}, ev, settings);
      if (input.kind === 'location') return onLocation(s, rawOf(input), ev, settings);
      if (input.kind === 'text' && input.text.trim()) return onLocation(s, { address: input.text }, ev, settings);
      return undefined;
    }
    case 'district':
      return onDistrict(s, value, ev, settings);
    case 'target': {
      if (!value || !oneOf(TARGET_GROUPS, value)) return undefined;
      const targetGroup: TargetGroup = value;
      return advance({ ...s, answers: { ...s.answers, targetGroup } }, step, ev, settings, followup ? { targetGroup } : undefined);
    }
    case 'sex': {
      if (!value || !oneOf(SEXES, value)) return undefined;
      const sex: Sex = value;
      return advance({ ...s, answers: { ...s.answers, sex } }, step, ev, settings, followup ? { sex } : undefined);
    }
    case 'details':
      return onDetails(s, value, ev, settings);
    case 'phone':
      return onPhone(s, value, ev, settings);
    case 'sosPlace':
      return onSosPlace(s, value, ev, settings);
    case 'summary':
      return undefined;
    case 'edit': {
      if (value === TO_SUMMARY) return { state: { ...s, step: 'summary', history: s.history.slice(0, -1), editing: false }, say: [{ t: 'summary' }] };
      const target = EDITABLE_STEPS.find((e) => e === value);
      if (!target) return undefined;
      return { state: { ...s, step: target, editing: true, history: [...s.history, 'edit'] }, say: [{ t: 'ask', step: target }] };
    }
    case 'cancelConfirm':
      if (value === DISCARD) return { state: ended(s, 'cancelled'), say: [{ t: 'cancelled' }, { t: 'menu' }] };
      if (value === TO_SUMMARY) return { state: { ...s, step: 'summary', history: s.history.slice(0, -1) }, say: [{ t: 'summary' }] };
      return undefined;
    case 'sosPin':
      return undefined;
  }
}

const withNote = (say: Say[], note: SayNote): Say[] =>
  say.map((m, i) => (i === say.length - 1 && m.t === 'ask' && !m.note ? { ...m, note } : m));

const skip = (a: Answers, step: Step): Answers => (a.skipped.includes(step) ? a : { ...a, skipped: [...a.skipped, step] });

/** Typed words kept as details: added to what is there; undefined past the details limit. */
const addDetails = (a: Answers, text: string): string | undefined => {
  const joined = a.details && a.details !== text ? `${a.details}\n${text}` : text;
  return joined.length <= MAX_DETAILS ? joined : undefined;
};

function onProblem(s: SessionState, value: string | undefined, ev: IntakeEvent, settings: IntakeSettings): Turn | undefined {
  const followup = inFollowup(s);
  const chosen = value === YES ? s.answers.proposedProblem : value && oneOf(PROBLEM_TYPES, value) ? value : undefined;
  if (chosen) {
    const problemType: ProblemType = chosen;
    const state = { ...s, answers: { ...s.answers, problemType, proposedProblem: undefined } };
    const turn = advance(state, 'problem', ev, settings, followup ? { problemTypes: [problemType] } : undefined);
    // Danger first: the call buttons come before the next question, once per report.
    if (!followup && URGENT_PROBLEM_TYPES.includes(problemType) && !isUrgent(s.answers)) {
      return { ...turn, say: [{ t: 'call' }, ...withNote(turn.say, { n: 'urgent' })] };
    }
    return turn;
  }
  const { input } = ev;
  if (input.kind !== 'text') return undefined;
  const text = input.text.trim();
  const proposed = proposeProblem(text);
  if (!proposed || text.length > MAX_DETAILS) return undefined;
  // "ไม่มีเงินซื้อข้าว": propose the type (one tap to confirm) and keep the words as details. In
  // the SOS follow-ups the case is open: the words go in at once, as the person's own words.
  if (followup) {
    return {
      state: { ...s, answers: { ...s.answers, proposedProblem: proposed } },
      say: [{ t: 'ask', step: 'problem', note: { n: 'proposedProblem' } }],
      effects: [{ kind: 'addInfo', entryId: ev.eventId, text }],
    };
  }
  const details = addDetails(s.answers, text);
  const answers: Answers = { ...s.answers, proposedProblem: proposed, ...(details ? { details } : {}) };
  return { state: { ...s, answers }, say: [{ t: 'ask', step: 'problem', note: { n: 'proposedProblem' } }] };
}

function onLocation(s: SessionState, raw: RawLocation, ev: IntakeEvent, settings: IntakeSettings): Turn {
  const place = placeOf(raw);
  const answers: Answers = {
    ...s.answers,
    location: place.location,
    provinceCode: place.province?.code,
    region: place.province?.region,
    page: undefined,
    proposedDistrictCode: place.district?.code,
    // LINE's address (or the typed one) names the district officially: no question (one tap
    // fewer); "back" opens the district list with it proposed, and the summary shows it.
    districtSettled: place.districtFrom === 'address',
  };
  return advance({ ...s, answers }, 'location', ev, settings);
}

/** Typed at the region or province question: a province by name ("เชียงใหม่", "กทม", "Chiang Mai"). */
const typedProvince = (input: IntakeInput) => (input.kind === 'text' ? thailand().findProvince(input.text) : undefined);

/** The province is known: its districts come next; any district of another province is dropped. */
function withProvince(s: SessionState, code: string): Answers {
  const province = thailand().province(code)!;
  return {
    ...s.answers,
    location: inDistrict(s.answers.location ?? {}, province, undefined),
    provinceCode: province.code,
    region: province.region,
    page: undefined,
    proposedDistrictCode: undefined,
    districtSettled: false,
  };
}

function onRegion(s: SessionState, value: string | undefined, ev: IntakeEvent, settings: IntakeSettings): Turn | undefined {
  const typed = typedProvince(ev.input);
  if (typed) return advance({ ...s, answers: withProvince(s, typed.code) }, 'region', ev, settings);
  if (!value || !thailand().regions.includes(value)) return undefined;
  const answers: Answers = { ...s.answers, region: value, provinceCode: undefined, page: undefined };
  return advance({ ...s, answers }, 'region', ev, settings);
}

function onProvince(s: SessionState, value: string | undefined, ev: IntakeEvent, settings: IntakeSettings): Turn | undefined {
  const chosen = (value ? thailand().province(value) : undefined) ?? typedProvince(ev.input);
  if (!chosen) return undefined;
  return advance({ ...s, answers: withProvince(s, chosen.code) }, 'province', ev, settings);
}

function onDistrict(s: SessionState, value: string | undefined, ev: IntakeEvent, settings: IntakeSettings): Turn | undefined {
  const geoProvince = provinceOfAnswers(s.answers);
  if (!geoProvince) return onCenterDistrict(s, value, ev, settings);
  const loc = s.answers.location ?? {};
  const { input } = ev;
  const typed = !value && input.kind === 'text' ? thailand().findDistrict(geoProvince, input.text) : undefined;
  let location: CaseLocation;
  if (value === YES && s.answers.proposedDistrictCode) {
    location = inDistrict(loc, geoProvince, geoProvince.districts.find((d) => d.code === s.answers.proposedDistrictCode));
  } else if (value === UNKNOWN_DISTRICT) {
    location = inDistrict(loc, geoProvince, undefined);
  } else {
    const d = typed ?? (value ? geoProvince.districts.find((x) => x.code === value) : undefined);
    if (!d) return undefined;
    location = inDistrict(loc, geoProvince, d);
  }
  const answers: Answers = { ...s.answers, location, proposedDistrictCode: undefined, districtSettled: true, page: undefined };
  return advance({ ...s, answers }, 'district', ev, settings);
}

/** A session saved before the country-wide intake (no province code): the center's own list, as then. */
function onCenterDistrict(s: SessionState, value: string | undefined, ev: IntakeEvent, settings: IntakeSettings): Turn | undefined {
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
    if (!d) return undefined;
    location = withDistrict(loc, p, d);
  }
  const answers: Answers = { ...s.answers, location, proposedDistrictCode: undefined, districtSettled: true };
  return advance({ ...s, answers }, 'district', ev, settings);
}

function onDetails(s: SessionState, value: string | undefined, ev: IntakeEvent, settings: IntakeSettings): Turn | undefined {
  const { input } = ev;
  const followup = inFollowup(s);
  if (input.kind === 'media') {
    if (s.answers.attachments.length >= MAX_ATTACHMENTS) return reprompt(s, 'details', { n: 'tooManyFiles' });
    const attachment = { messageId: input.messageId, type: input.type, ...(input.duration ? { duration: input.duration } : {}) };
    const answers: Answers = { ...s.answers, attachments: [...s.answers.attachments, attachment] };
    const count = answers.attachments.length + (answers.details ? 1 : 0);
    const effects: IntakeEffect[] = followup ? [{ kind: 'updateCase', entryId: ev.eventId, patch: { attachments: [attachment] } }] : [];
    return { state: { ...s, answers }, say: [{ t: 'ask', step: 'details', note: { n: 'received', count } }], effects };
  }
  if (value === SKIP || value === DONE) {
    return advance({ ...s, answers: value === SKIP ? skip(s.answers, 'details') : s.answers }, 'details', ev, settings);
  }
  if (input.kind === 'text') {
    const text = input.text.trim();
    if (!text) return reprompt(s, 'details');
    if (text.length > MAX_DETAILS) return reprompt(s, 'details', { n: 'tooLong', length: text.length });
    // Words kept from the problem question come first and the answer adds to them; an edit from
    // the summary replaces them.
    const details = s.editing ? text : addDetails(s.answers, text);
    if (!details) return reprompt(s, 'details', { n: 'tooLong', length: (s.answers.details ?? '').length + text.length + 1 });
    const answers: Answers = { ...s.answers, details };
    return advance({ ...s, answers }, 'details', ev, settings, followup ? { details } : undefined);
  }
  return undefined;
}

function onPhone(s: SessionState, value: string | undefined, ev: IntakeEvent, settings: IntakeSettings): Turn | undefined {
  const { input } = ev;
  const followup = inFollowup(s);
  if (value === USE_LINE) {
    const answers: Answers = { ...s.answers, phone: undefined, contactViaLine: true };
    return advance({ ...s, answers }, 'phone', ev, settings, followup ? { contactViaLine: true } : undefined);
  }
  if (value === SKIP) {
    const answers: Answers = { ...skip(s.answers, 'phone'), phone: undefined, contactViaLine: undefined };
    return advance({ ...s, answers }, 'phone', ev, settings);
  }
  if (input.kind === 'text') {
    const phone = parseThaiPhone(input.text);
    if (!phone) {
      // During SOS follow-ups, words without a digit are a message, not a mistyped number.
      if (followup && !/[0-9๐-๙]/.test(input.text)) return undefined;
      return reprompt(s, 'phone', { n: 'badPhone' });
    }
    const answers: Answers = { ...s.answers, phone, contactViaLine: undefined };
    return advance({ ...s, answers }, 'phone', ev, settings, followup ? { phone } : undefined);
  }
  return undefined;
}

/** After an SOS without a pin: a typed place or a phone number (either is enough), a pin, or skip. */
function onSosPlace(s: SessionState, value: string | undefined, ev: IntakeEvent, settings: IntakeSettings): Turn | undefined {
  const { input } = ev;
  if (value === SKIP) {
    const turn = advance({ ...s, answers: skip(s.answers, 'sosPlace') }, 'sosPlace', ev, settings);
    return { ...turn, say: noted(turn.say, { n: 'noPlace' }) };
  }
  let patch: DetailsPatch | undefined;
  if (input.kind === 'location') patch = { location: sosPlace(rawOf(input)) };
  else if (input.kind === 'text' && input.text.trim()) {
    const phone = parseThaiPhone(input.text);
    patch = phone ? { phone } : { location: sosPlace({ address: input.text }) };
  }
  if (!patch) return undefined;
  const answers: Answers = { ...s.answers, ...(patch.location ? { location: patch.location } : {}), ...(patch.phone ? { phone: patch.phone } : {}) };
  const turn = advance({ ...s, answers }, 'sosPlace', ev, settings, patch);
  return { ...turn, say: noted(turn.say, { n: patch.phone ? 'phoneKept' : 'placeKept' }) };
}

/** Puts a note on the next question, or says it alone when the follow-ups just ended. */
const noted = (say: Say[], note: SayNote): Say[] =>
  say.some((m) => m.t === 'ask') ? say.map((m) => (m.t === 'ask' ? { ...m, note } : m)) : say;

/**
 * Moves past `from` along the step graph: to the next step the graph asks with these answers, to
 * the summary again when editing, or to the end of the SOS follow-ups. A follow-up answer also
 * fills in the open case.
 */
function advance(prev: SessionState, from: Step, ev: IntakeEvent, settings: IntakeSettings, patch?: DetailsPatch): Turn {
  // A list's page belongs to the step it was shown at.
  const s: SessionState = prev.answers.page === undefined ? prev : { ...prev, answers: { ...prev.answers, page: undefined } };
  const effects: IntakeEffect[] = patch ? [{ kind: 'updateCase', entryId: ev.eventId, patch }] : [];
  const followup = inFollowup(s);
  if (s.editing && !followup) {
    const mv = nextOf(s, from, settings, { editing: true });
    if (mv.to !== 'summary' && mv.to !== 'done') {
      return { state: { ...s, step: mv.to, history: [...s.history, from] }, say: [{ t: 'ask', step: mv.to }], effects };
    }
    // Back to the summary; what "back" returns to is the summary's own history.
    const at = s.history.lastIndexOf('summary');
    const history = at < 0 ? s.history : s.history.slice(0, at);
    return { state: { ...s, step: 'summary', editing: false, history }, say: [{ t: 'summary' }], effects };
  }
  const mv = nextOf(s, from, settings);
  if (mv.to === 'done') return { state: ended(s, 'done'), say: [sosDone(false, ev)], effects };
  const state: SessionState = { ...s, step: mv.to, history: [...s.history, ...mv.history] };
  // Words kept from an earlier answer are already details: say so where more can be added.
  const kept = mv.to === 'details' && answered(s.answers, 'details') ? { n: 'received' as const, count: s.answers.attachments.length + (s.answers.details ? 1 : 0) } : undefined;
  const note: SayNote | undefined = mv.notes[0] ? { n: mv.notes[0] } : kept;
  const ask: Say = mv.to === 'summary' ? { t: 'summary' } : { t: 'ask', step: mv.to, ...(note ? { note } : {}) };
  return { state, say: [ask], effects };
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
