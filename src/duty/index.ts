import type { Connection } from 'mongoose';
import type { EventHandler } from '../bot/context';
import type { CaseService } from '../cases/store';
import { minutesToMs, type Config } from '../config/env';
import type { Logger } from '../log/logger';
import type { Outbox } from '../outbox/types';
import type { Timers } from '../timers/types';
import { dutyTh } from '../strings/th/duty';
import { ESCALATE_KIND, STALE_KIND, type EscalationSettings } from './escalation';
import { createEscalationHandler, createStaleHandler } from './escalation-runner';
import { enrollCodeModel } from './enroll-codes';
import { createDutyHandlers, errorKind, type DutyHandlerDeps } from './handle';
import { createDutyListener } from './listener';
import { createOfficerNames } from './officer-names';
import { createGroupRegistry, createPendingStore } from './store';
import { createCenterGroups, type CentersView } from './center-groups';

/**
 * The duty queue in the officers' LINE groups: new cases to the group on shift, acknowledgement and
 * the lifecycle by buttons and commands, escalation of cases nobody picked up or everybody forgot.
 */

export interface DutyDeps {
  conn: Connection;
  cases: CaseService;
  outbox: Outbox;
  timers: Timers;
  config: Config;
  logger: Logger;
  /** The centers: each case's messages go to its own center's groups (absent: the home center only). */
  centers?: CentersView;
  profiles: {
    getGroupMemberProfile(groupId: string, userId: string): Promise<{ displayName: string }>;
    getProfile(userId: string): Promise<{ displayName: string }>;
  };
  /** Evidence (issue 14): the media pushes an officer gets after รายละเอียด. */
  media?: DutyHandlerDeps['media'];
  /** Evidence (issue 14): officers' photos to reporters (`ตอบ <เลขที่>` alone, the "after" photo of a close). */
  photos?: DutyHandlerDeps['photos'];
}

export interface Duty {
  /** Every event from a group or room: always taken (ordinary chatter is ignored silently). */
  handleGroupEvent: EventHandler;
  /** 1:1 events: `d:` postbacks and officer commands are refused politely; anything else is not taken. */
  handleUserEvent: EventHandler;
}

export const escalationSettings = (config: Config): EscalationSettings => ({
  urgentMs: minutesToMs(config.ACK_SLA_URGENT_MINUTES),
  normalMs: minutesToMs(config.ACK_SLA_NORMAL_MINUTES),
  maxRounds: config.ESCALATION_MAX_ROUNDS,
  staleMs: Math.round(config.STALE_CASE_HOURS * 3_600_000),
});

export function createDuty(deps: DutyDeps): Duty {
  const { conn, cases, outbox, timers, config, logger } = deps;
  const registry = createGroupRegistry(conn, config);
  // Registered now so initModels creates its unique index before the first code is redeemed.
  enrollCodeModel(conn);
  const settings = escalationSettings(config);
  const names = createOfficerNames(deps.profiles, {
    fallback: dutyTh.officerFallbackName,
    onError: (err) => logger.warn('officer name lookup failed', errorKind(err)),
  });
  const groups = createCenterGroups({ config, registry, centers: deps.centers, escalation: settings });
  cases.onChange(createDutyListener({ cases, outbox, timers, config, logger, registry, escalation: settings, groups }));
  timers.handle(ESCALATE_KIND, createEscalationHandler({ cases, outbox, timers, config, logger, registry, settings, groups }));
  timers.handle(STALE_KIND, createStaleHandler({ cases, outbox, timers, config, logger, registry, settings, groups }));
  return createDutyHandlers({
    conn,
    cases,
    config,
    registry,
    groups,
    pending: createPendingStore(conn),
    names,
    profiles: deps.profiles,
    media: deps.media,
    photos: deps.photos,
    centers: deps.centers,
  });
}

export { createEnrollCode, redeemEnrollCode } from './enroll-codes';
export { createGroupRegistry } from './store';
