import { thailand, type Province } from '../geo';
import type { Answers, IntakeSettings, SayNote, SessionState, Step } from './types';

/** The part of the settings the graph reads (the province's districts). */
type GraphSettings = Pick<IntakeSettings, 'province'>;
/** Notes that need nothing but their name. */
type SkippedNote = Extract<SayNote, { n: 'placed' }>['n'];

/**
 * The intake's step graph as data: which questions each flow asks, in which order, when a step is
 * asked at all (an SOS asks only what it does not know yet, but always where the person is when no
 * pin came), which steps count in "ขั้นตอน n/N", and how "back" and "edit" move. `decide.ts` reads
 * answers and calls `next`, `back` and `progress`; a new step or a changed order is a change here.
 */

export type Flow = 'report' | 'sos';

/** Conditions by name, so the flows below stay plain data. */
export type Condition = 'always' | 'provinceNeeded' | 'districtNeeded' | 'unanswered';

export interface FlowStep {
  step: Step;
  /** Asked only when this holds at the moment the conversation reaches it. */
  askIf?: Condition;
  /** Counted in "ขั้นตอน n/N" (a sub-question shares its parent's number and is not counted). */
  counted?: boolean;
  /** Part of another step: editing that step asks this one too before the summary. */
  partOf?: Step;
  /** Skipped because an earlier answer settled it, yet "back" still returns to it. */
  backVisits?: boolean;
  /** Said with the next question when this step was skipped because an earlier answer settled it. */
  skippedNote?: SkippedNote;
}

export interface FlowSpec {
  steps: readonly FlowStep[];
  /** What comes after the last step: the summary to confirm, or the end of the SOS follow-ups. */
  end: 'summary' | 'done';
}

export const FLOWS: Record<Flow, FlowSpec> = {
  report: {
    steps: [
      { step: 'problem', counted: true },
      { step: 'location', counted: true },
      // No province from the place (a typed address without one, or no pin): region, then province.
      { step: 'region', askIf: 'provinceNeeded', partOf: 'location' },
      { step: 'province', askIf: 'provinceNeeded', partOf: 'location' },
      { step: 'district', askIf: 'districtNeeded', partOf: 'location', backVisits: true, skippedNote: 'placed' },
      { step: 'target', counted: true },
      { step: 'sex', counted: true },
      { step: 'details', counted: true },
      { step: 'phone', counted: true },
    ],
    end: 'summary',
  },
  // After the urgent case opened: optional questions, only those not answered yet. With no pin the
  // first is where the person is (a typed place or a phone number), never skipped for lack of a pin.
  sos: {
    steps: [
      // Answered by a place or a phone number (either is enough), so asked only with neither.
      { step: 'sosPlace', askIf: 'unanswered', counted: true },
      { step: 'problem', askIf: 'unanswered', counted: true },
      { step: 'target', askIf: 'unanswered', counted: true },
      { step: 'sex', askIf: 'unanswered', counted: true },
      { step: 'details', askIf: 'unanswered', counted: true },
      { step: 'phone', askIf: 'unanswered', counted: true },
    ],
    end: 'done',
  },
};

/** Whether the answers already hold what a step asks for. */
export function answered(a: Answers, step: Step): boolean {
  switch (step) {
    case 'problem':
      return !!a.problemType;
    case 'location':
      return !!a.location;
    case 'region':
    case 'province':
      return !!a.provinceCode;
    case 'district':
      return !!a.districtSettled;
    case 'target':
      return !!a.targetGroup;
    case 'sex':
      return !!a.sex;
    case 'details':
      return !!a.details || a.attachments.length > 0;
    case 'phone':
      return !!a.phone || !!a.contactViaLine;
    case 'sosPlace':
      return !!a.location || !!a.phone;
    default:
      return false;
  }
}

/** The province the answers place the report in (pinned, typed or chosen), whose districts are offered. */
export const provinceOfAnswers = (a: Answers): Province | undefined => (a.provinceCode ? thailand().province(a.provinceCode) : undefined);
const districtsKnown = (a: Answers) => (provinceOfAnswers(a)?.districts.length ?? 0) > 0;

const holds = (c: Condition | undefined, fs: FlowStep, s: SessionState, settings: GraphSettings): boolean => {
  const a = s.answers;
  switch (c ?? 'always') {
    case 'always':
      return true;
    case 'provinceNeeded':
      // Not `a.location`: "ไม่สะดวกปักหมุด" leaves no place at all (and an empty one is not stored).
      return !a.provinceCode;
    case 'districtNeeded':
      return districtsKnown(a) && !a.districtSettled;
    case 'unanswered':
      return !answered(a, fs.step) && !a.skipped.includes(fs.step);
  }
};

export const flowOf = (s: SessionState): Flow => (s.mode === 'sos' ? 'sos' : 'report');

export interface Move {
  /** The step to ask, or the flow's end. */
  to: Step | 'done';
  /** Steps passed on the way, in order, to remember for "back" (the one left, and any `backVisits`). */
  history: Step[];
  /** Notes of steps skipped on the way (e.g. "the district was read from the address"). */
  notes: SkippedNote[];
}

/**
 * Where the conversation goes after `from` was answered. While editing from the summary, only the
 * steps that are part of the edited one follow, then the summary again.
 */
export function next(s: SessionState, from: Step, settings: GraphSettings, opts: { editing?: boolean } = {}): Move {
  const spec = FLOWS[flowOf(s)];
  const i = spec.steps.findIndex((x) => x.step === from);
  const history: Step[] = [from];
  const notes: SkippedNote[] = [];
  const end: Step | 'done' = spec.end === 'summary' ? 'summary' : 'done';
  // Editing "location" asks its parts; answering one part (region) goes on to the next (province).
  const parent = spec.steps[i]?.partOf ?? from;
  for (const fs of spec.steps.slice(i + 1)) {
    if (opts.editing && fs.partOf !== parent) break;
    if (holds(fs.askIf, fs, s, settings)) return { to: fs.step, history, notes };
    if (fs.backVisits && districtsKnown(s.answers)) history.push(fs.step);
    if (fs.skippedNote && s.answers.location?.district) notes.push(fs.skippedNote);
  }
  return { to: end, history, notes };
}

/** The first step a flow asks with what is known, from its start (the SOS follow-ups). */
export function first(s: SessionState, settings: GraphSettings): Step | 'done' {
  const spec = FLOWS[flowOf(s)];
  const fs = spec.steps.find((x) => holds(x.askIf, x, s, settings));
  return fs ? fs.step : spec.end === 'summary' ? 'summary' : 'done';
}

/** "back": the last step remembered, or nothing to go back to. */
export function back(s: SessionState): { to: Step; history: Step[] } | undefined {
  const to = s.history[s.history.length - 1];
  return to ? { to, history: s.history.slice(0, -1) } : undefined;
}

/**
 * "ขั้นตอน n/N" for the step being asked: N counts the steps this conversation asks (an SOS's
 * planned questions: those asked so far and those still unanswered), so numbers never skip.
 */
export function progress(s: SessionState, step: Step, settings: GraphSettings): { n: number; total: number } | undefined {
  const spec = FLOWS[flowOf(s)];
  const at = spec.steps.findIndex((x) => x.step === step);
  if (at < 0 || !spec.steps[at]!.counted) return undefined;
  const planned = spec.steps.filter(
    (fs, i) => fs.counted && (flowOf(s) === 'report' || i === at || (i < at ? s.history.includes(fs.step) : holds(fs.askIf, fs, s, settings))),
  );
  const n = planned.findIndex((fs) => fs.step === step) + 1;
  return { n, total: planned.length };
}
