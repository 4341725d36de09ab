import type { CaseStatus, Channel, Outcome, ProblemType, Sex, TargetGroup } from './vocab';

/** Who did something to a case. `id` is a LINE user id (officer/reporter) or an API caller's name. */
export interface Actor {
  kind: 'reporter' | 'officer' | 'system' | 'api';
  id?: string;
  name?: string;
}

/** The name the admin API records an entry under when its caller gives none (a program's, not a person's). */
export const API_DEFAULT_ACTOR_NAME = 'admin-api';

/** A LINE message the reporter sent, kept by id so officers can fetch its content. */
export interface Attachment {
  messageId: string;
  type: 'image' | 'audio' | 'video' | 'file';
  /** Audio and video length from the webhook, in ms (LINE's audio message needs it). */
  duration?: number;
  /** Evidence storage (src/evidence): unset or 'pending' until the content is in GridFS. */
  evidence?: AttachmentEvidence;
  /** Sent by an officer to the reporter (a relayed or "after" photo); unset: the reporter's own. */
  from?: 'officer';
}

/** Where an attachment's content stands: stored with its digest, failed for good, or refused by a size limit. */
export interface AttachmentEvidence {
  status: 'pending' | 'stored' | 'failed' | 'refused';
  contentType?: string;
  size?: number;
  /** SHA-256 of the content, hex. */
  sha256?: string;
  at: Date;
  /** Why it failed or was refused: 'gone' (LINE no longer has it), 'unavailable', 'file_too_large', 'case_full'. */
  reason?: string;
}

export interface CaseLocation {
  lat?: number;
  lng?: number;
  address?: string;
  /** Thai district name from the bundled list, when known. */
  district?: string;
  districtCode?: string;
  province?: string;
  /** A pin outside the center's province: kept, and flagged for referral. */
  outOfProvince?: boolean;
}

export type TimelineKind =
  | 'opened'
  | 'acknowledged'
  | 'in_progress'
  | 'referred'
  | 'closed'
  | 'reopened'
  | 'note'
  | 'relay'
  | 'reporter_info'
  | 'problem_types_added'
  | 'rated'
  | 'escalated'
  | 'details_updated'
  | 'details_viewed'
  | 'merged_from'
  | 'stale_escalated'
  | 'checkin'
  | 'media_viewed'
  | 'transferred';

/** One step in a case's history. Only `public` entries are ever shown to the reporter. */
export interface TimelineEntry {
  /** Deterministic per cause (e.g. the webhook event id), so re-processing never adds it twice. */
  id: string;
  at: Date;
  kind: TimelineKind;
  actor: Actor;
  public: boolean;
  /** Hash of the API request that made this entry: a reused Idempotency-Key with another body is refused. */
  fingerprint?: string;
  text?: string;
  outcome?: Outcome;
  problemTypes?: ProblemType[];
  attachments?: Attachment[];
  score?: number;
  round?: number;
  /** On the 'closed' entry of a case merged into another (outcome 'duplicate'): the case that carries on. */
  mergedInto?: string;
  /** A pin the reporter sent later ('reporter_info'), or a place given in the SOS follow-ups ('details_updated'). */
  location?: CaseLocation;
  /** The reporter's answer to "still safe?" ('checkin'). */
  safe?: boolean;
  /** The reporter sent a sticker: nothing to forward, but a sign of life on an urgent case. */
  sticker?: boolean;
  /** transferred: the center codes the case moved from and to (issue 12); `text` is the new center's name. */
  fromCenter?: string;
  toCenter?: string;
  /** A 'relay' photo sent with the close: proof of the help given ("after" photo). */
  after?: boolean;
  /** transferred by a re-route (actor system): the province of the reporter's later place that moved it. */
  province?: string;
}

export interface CaseRecord {
  caseNumber: string;
  centerCode: string;
  channel: Channel;
  /** Idempotency key of the cause that opened the case (intake id, API request id). Unique. */
  sourceId: string;
  reporterUserId?: string;
  problemTypes: ProblemType[];
  urgent: boolean;
  /** Opened by SOS with the pin alone; details may follow. */
  sos: boolean;
  targetGroup?: TargetGroup;
  sex?: Sex;
  location?: CaseLocation;
  details?: string;
  attachments: Attachment[];
  phone?: string;
  contactViaLine?: boolean;
  status: CaseStatus;
  owner?: { id?: string; name?: string };
  referredTo?: string;
  outcome?: Outcome;
  closingNote?: string;
  rating?: { score: number; comment?: string; at: Date };
  reopenCount: number;
  escalationRound: number;
  /** Group the new-case card went to. */
  dutyGroupId?: string;
  timeline: TimelineEntry[];
  /** Timeline entry ids whose notifications are not yet all enqueued (see CaseService in cases/store.ts). */
  pendingNotify: string[];
  /** When the notification sweep may next retry `pendingNotify` (moved back after each failed retry). */
  notifyAfter?: Date;
  notifyAttempts?: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  acknowledgedAt?: Date;
  closedAt?: Date;
  reopenedAt?: Date;
  /** Closed as a duplicate of this case (contract 1). */
  mergedInto?: string;
  /** The shift team the last group card went to (contract 4), so a handover can say who had it. */
  dutyTeam?: 'day' | 'night';
  /** Every place the case has had, oldest first, once the reporter sent pins later; the newest is `location`. */
  locationHistory?: LocationHistoryItem[];
}

export type LocationHistoryItem = CaseLocation & { at: Date };

/** What a channel supplies to open a case. */
export interface CaseDraft {
  channel: Channel;
  reporterUserId?: string;
  problemTypes: ProblemType[];
  urgent?: boolean;
  sos?: boolean;
  targetGroup?: TargetGroup;
  sex?: Sex;
  location?: CaseLocation;
  details?: string;
  attachments?: Attachment[];
  phone?: string;
  contactViaLine?: boolean;
}
