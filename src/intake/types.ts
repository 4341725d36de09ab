import type { Attachment, CaseDraft, CaseLocation } from '../cases/types';
import type { Province } from '../cases/geo';
import type { DetailsPatch } from '../cases/decide';
import type { ProblemType, Sex, TargetGroup } from '../cases/vocab';
import type { TimerSpec } from '../timers/types';

/**
 * The intake conversation's data: what is stored per user (`SessionState`), what comes in
 * (`IntakeInput`), and what `decide` asks the service to do (`IntakeEffect`). Plain data only, so a
 * conversation can be tested as a table and a session can live in MongoDB.
 */

/** Questions of a report, in order; `district` is asked only when a location needs it. */
export const REPORT_STEPS = ['problem', 'location', 'district', 'target', 'sex', 'details', 'phone', 'summary'] as const;
/** Optional questions after an SOS case was opened (the pin is already in). */
export const FOLLOWUP_STEPS = ['problem', 'target', 'sex', 'details', 'phone'] as const;

export type Step = (typeof REPORT_STEPS)[number] | 'edit' | 'sosPin';
/** Steps a person can change from the summary. */
export const EDITABLE_STEPS = ['problem', 'location', 'target', 'sex', 'details', 'phone'] as const;
export type EditableStep = (typeof EDITABLE_STEPS)[number];

export interface Answers {
  problemType?: ProblemType;
  location?: CaseLocation;
  /** District code proposed from the pin or address, awaiting the person's confirmation. */
  proposedDistrictCode?: string;
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
  /** SOS follow-up questions still to ask, in order. */
  queue: Step[];
  answers: Answers;
  /** Set by the service from `cases.open`'s result. */
  caseNumber?: string;
  lastActivityAt?: Date;
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
  | { kind: 'media'; messageId: string; type: MediaType }
  /** Stickers and anything else that answers nothing. */
  | { kind: 'other' }
  /** The idle timer fired. */
  | { kind: 'timeout' };

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
  | { t: 'sosOpened' }
  | { t: 'sosDone'; stopped: boolean }
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
  | { n: 'followupIntro' };

export type IntakeEffect =
  /** One reply per event; the service sends it after the case effects so it can name the case. */
  | { kind: 'reply'; say: Say[] }
  /** The timeout note goes out by push (no reply token when a timer fires). */
  | { kind: 'push'; id: string; say: Say[] }
  /** Opens (or finds, when re-run) the case keyed by `sourceId`; its number goes into the state. */
  | { kind: 'openCase'; sourceId: string; draft: CaseDraft }
  /** Fills in the SOS case named in the state; `entryId` makes a re-run a no-op. */
  | { kind: 'updateCase'; entryId: string; patch: DetailsPatch }
  | { kind: 'schedule'; timer: TimerSpec }
  | { kind: 'cancelTimer'; id: string };

export interface Decision {
  state: SessionState;
  effects: IntakeEffect[];
}
