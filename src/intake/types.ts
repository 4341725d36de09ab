import type { Attachment, CaseDraft, CaseLocation } from '../cases/types';
import type { Province } from '../cases/geo';
import type { DetailsPatch } from '../cases/decide';
import type { CaseStatus, ProblemType, Sex, TargetGroup } from '../cases/vocab';
import type { TimerSpec } from '../timers/types';

/**
 * The intake conversation's data: what is stored per user (`SessionState`), what comes in
 * (`IntakeInput`), and what `decide` asks the service to do (`IntakeEffect`). Plain data only, so a
 * conversation can be tested as a table and a session can live in MongoDB.
 */

/**
 * Every question the conversation can ask. Which are asked, in which order, and what "back" and
 * "edit" do is data in `graph.ts`; this is only the vocabulary.
 */
export const STEPS = [
  'problem',
  'location',
  /** No province known from the place: the region first, then its provinces (two taps). */
  'region',
  'province',
  'district',
  'target',
  'sex',
  'details',
  'phone',
  'summary',
  'edit',
  'sosPin',
  /** After an SOS without a pin: one question for a typed place or a phone number. */
  'sosPlace',
  /** "ยกเลิก" on the summary asks once before the answers are discarded. */
  'cancelConfirm',
] as const;
export type Step = (typeof STEPS)[number];
/** Steps a person can change from the summary. */
export const EDITABLE_STEPS = ['problem', 'location', 'target', 'sex', 'details', 'phone'] as const;
export type EditableStep = (typeof EDITABLE_STEPS)[number];

export interface Answers {
  problemType?: ProblemType;
  location?: CaseLocation;
  /** District code proposed from the pin or address, awaiting the person's confirmation. */
  proposedDistrictCode?: string;
  /** DOPA code of the province the place is in (from the pin or address, or chosen): its districts are offered. */
  provinceCode?: string;
  /** The region chosen at `region`, whose provinces `province` lists. */
  region?: string;
  /** The page of a long list (region's provinces, Bangkok's khet) shown at the current step. */
  page?: number;
  /** The district needs no question: LINE's address or the typed one named it, or the person chose. */
  districtSettled?: boolean;
  /** A problem type read from typed words, awaiting one tap to confirm. */
  proposedProblem?: ProblemType;
  targetGroup?: TargetGroup;
  sex?: Sex;
  details?: string;
  attachments: Attachment[];
  phone?: string;
  contactViaLine?: boolean;
  /** Steps answered with "skip", so the summary and SOS follow-ups know they were asked. */
  skipped: Step[];
}

export type SessionStatus = 'none' | 'active' | 'submitted' | 'cancelled' | 'expired' | 'done';

export interface SessionState {
  userId: string;
  /** Bumped by every decision that is saved; the save is conditional on the previous value. */
  version: number;
  status: SessionStatus;
  mode?: 'report' | 'sos';
  /** `intake:<eventId>` (report) or `sos:<eventId>` (SOS): the case's idempotency key. */
  intakeId?: string;
  step?: Step;
  /** Steps to return to with "back", most recent last. */
  history: Step[];
  /** Answering this step returns to the summary (the person came from "edit"). */
  editing: boolean;
  answers: Answers;
  /** Set by the service from `cases.open`'s result. */
  caseNumber?: string;
  lastActivityAt?: Date;
  /**
   * Due time of the one idle timer this active session relies on (its id is `idleTimerId(userId, timeoutAt)`).
   * Set when a conversation starts and when the timer re-arms itself; steps in between leave it.
   */
  timeoutAt?: Date;
  /** The person was already told that this conversation timed out. */
  expiredNoted?: boolean;
  /** Recently submitted intakes, so a late second "confirm" answers with the case number. */
  recent: { intakeId: string; caseNumber: string }[];
}

/** What the center's configuration contributes to decisions. */
export interface IntakeSettings {
  timeoutMs: number;
  timeoutMinutes: number;
  province: Province;
}

export type MediaType = Attachment['type'];

/** An `i:` postback, parsed. Unknown data becomes `{ type: 'unknown' }` and is re-prompted. */
export type IntakeAction =
  | { type: 'start' }
  | { type: 'sos' }
  | { type: 'menu' }
  | { type: 'back' }
  | { type: 'cancel' }
  | { type: 'help' }
  | { type: 'edit' }
  | { type: 'confirm'; intakeId: string }
  | { type: 'answer'; step: Step; value: string }
  | { type: 'unknown' };

export type IntakeInput =
  | { kind: 'follow' }
  | { kind: 'unfollow' }
  | { kind: 'text'; text: string }
  | { kind: 'postback'; action: IntakeAction }
  | { kind: 'location'; lat: number; lng: number; address?: string; title?: string }
  | { kind: 'media'; messageId: string; type: MediaType; duration?: number }
  /** Stickers and anything else that answers nothing. */
  | { kind: 'other' }
  /** The idle timer fired; `dueAt` is its due time (absent: a timer scheduled before timers re-armed themselves). */
  | { kind: 'timeout'; dueAt?: Date };

/** One message to show, as data; `views.ts` turns it into LINE messages. */
export type Say =
  | { t: 'welcome' }
  | { t: 'privacy' }
  | { t: 'menu' }
  | { t: 'ask'; step: Step; note?: SayNote }
  | { t: 'help'; step: Step }
  | { t: 'call' }
  | { t: 'summary' }
  | { t: 'opened' }
  /** `place`: what the case was opened with, so the reply never claims a pin that was not sent. */
  | { t: 'sosOpened'; place: 'pin' | 'typed' | 'none' }
  /** A pin or SOS while the person's urgent case is open: added to it, no second case. */
  | { t: 'sosExisting'; caseNumber: string; added: 'pin' | 'typed' | 'phone' | 'again' }
  /** `status`: the case's status when the follow-ups ended, when the service knew it. */
  | { t: 'sosDone'; stopped: boolean; status?: CaseStatus }
  | { t: 'alreadySubmitted'; caseNumber: string }
  | { t: 'cancelled' }
  | { t: 'stale' }
  /** `caseNumber` when what expired was an SOS case's follow-up questions (the case stays open). */
  | { t: 'expired'; caseNumber?: string }
  | { t: 'timeoutNote'; caseNumber?: string };

export type SayNote =
  | { n: 'notUnderstood' }
  | { n: 'badPhone' }
  | { n: 'tooLong'; length: number }
  | { n: 'tooManyFiles' }
  | { n: 'received'; count: number }
  | { n: 'resumed' }
  | { n: 'urgent' }
  /** The district was read from the pin's address; say which, and how to change it. */
  | { n: 'placed' }
  | { n: 'followupIntro' }
  /** SOS follow-ups: what was sent besides an answer went into the case (one short line). */
  | { n: 'attached'; what: 'text' | 'media' | 'pin' | 'sticker' }
  /** SOS follow-ups: the question again, without "not understood". */
  | { n: 'again' }
  /** The place typed or pinned at `sosPlace` (or the phone) went into the case. */
  | { n: 'placeKept' }
  | { n: 'phoneKept' }
  /** `sosPlace` skipped: the case has no location, said plainly. */
  | { n: 'noPlace' }
  /** A problem type read from typed words: confirm with one tap. */
  | { n: 'proposedProblem' };

export type IntakeEffect =
  /** One reply per event; the service sends it after the case effects so it can name the case. */
  | { kind: 'reply'; say: Say[] }
  /** The timeout note goes out by push (no reply token when a timer fires). */
  /** `silent`: pushed without sound (LINE's notificationDisabled), for a reporter who may be hiding. */
  | { kind: 'push'; id: string; say: Say[]; silent?: boolean }
  /** Opens (or finds, when re-run) the case keyed by `sourceId`; its number goes into the state. */
  | { kind: 'openCase'; sourceId: string; draft: CaseDraft }
  /** Fills in the SOS case named in the state; `entryId` makes a re-run a no-op. */
  | { kind: 'updateCase'; entryId: string; patch: DetailsPatch }
  /** Attaches what the person sent besides an answer to the SOS case (`reporter_info`). */
  | { kind: 'addInfo'; entryId: string; text?: string; attachments?: Attachment[]; location?: CaseLocation; caseNumber?: string }
  | { kind: 'schedule'; timer: TimerSpec };

export interface Decision {
  state: SessionState;
  effects: IntakeEffect[];
}
