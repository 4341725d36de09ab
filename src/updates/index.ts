import type mongoose from 'mongoose';
import type { EventHandler, Message } from '../bot/context';
import type { Attachment } from '../cases/types';
import type { CaseService } from '../cases/store';
import { minutesToMs, type Config } from '../config/env';
import { checkMessages } from '../line/limits';
import type { Logger } from '../log/logger';
import type { Outbox } from '../outbox/types';
import type { Timers } from '../timers/types';
import { CHECKIN_KIND, firstCheckin, mayStartCheckin, type CheckinSettings } from './checkin';
import { WHICH_CASE_TTL_MS } from './decide';
import { createCheckinHandler, createReporterHandler } from './handle';
import { createReporterStateStore } from './store';
import { decideReporterUpdate, mergeTarget, silentFor } from './reporter-update';
import { copiesNamed, findFollowers, isFollowerUpdate } from './followers';
import { followerUpdateMessages } from './views';
import type { OutboxItem } from '../outbox/types';

/**
 * Progress to reporters: every public step of a case reaches the citizen who
 * reported it, tracking ("ติดตามเรื่อง", typed case numbers), rating and "not helped yet" after
 * closing, what a reporter sends about an open case (attached to it), and the "still safe?"
 * check-in while an urgent case waits for an officer.
 *
 * Wiring: the router asks `handleFollowUp` before intake's entry words and pins (a person with an
 * open case adds to it), and `handle` after intake for everything else of ours (`u:` postbacks,
 * tracking words). The case listener registered here enqueues the reporter's message under
 * `${entry.id}:reporter` and the check-in timer under `checkin:<caseNumber>:<round>`, so a re-run
 * by the notification sweep sends and schedules nothing twice.
 */
export function createUpdates(deps: {
  conn: mongoose.Connection;
  cases: CaseService;
  outbox: Outbox;
  timers: Timers;
  config: Config;
  logger: Logger;
  /** Evidence (issue 14): officer photos as LINE image messages on links signed for the reporter. */
  media?: (attachments: Attachment[], reporterId: string, now: Date) => Message[];
  /**
   * The Thai name of a center by its code (src/centers): an officer's message comes from the center
   * that has the case now, which after a transfer or a re-route is not the home center. Absent, or
   * an unknown code: the home center's name from the config.
   */
  centerName?: (centerCode: string) => Promise<string | undefined>;
  /**
   * A center's urgent acknowledgement SLA in minutes by its code (src/centers: a stored center may
   * set its own): the "still safe?" questions follow the center the case is on. Absent, or an unknown
   * code: the environment's `ACK_SLA_URGENT_MINUTES`.
   */
  urgentSlaMinutes?: (centerCode: string) => Promise<number | undefined>;
}): { handle: EventHandler; handleFollowUp: EventHandler } {
  const pendingMs = minutesToMs(deps.config.SESSION_TIMEOUT_MINUTES);
  const homeCheckin: CheckinSettings = {
    urgentSlaMs: minutesToMs(deps.config.ACK_SLA_URGENT_MINUTES),
    maxRounds: deps.config.ESCALATION_MAX_ROUNDS,
  };
  // The home center's settings need no lookup; another center's SLA is read when a question is scheduled.
  const checkinFor = async (centerCode: string): Promise<CheckinSettings> => {
    if (centerCode === deps.config.CENTER_CODE || !deps.urgentSlaMinutes) return homeCheckin;
    const minutes = await deps.urgentSlaMinutes(centerCode);
    return minutes === undefined ? homeCheckin : { ...homeCheckin, urgentSlaMs: minutesToMs(minutes) };
  };

  deps.cases.onChange(async (c, entry) => {
    const into = mergeTarget(c, entry);
    const carried = into ? await deps.cases.get(into) : null;
    const carriesOn = carried ? { caseNumber: carried.caseNumber, own: !!c.reporterUserId && carried.reporterUserId === c.reporterUserId } : undefined;
    const photos = entry.kind === 'relay' && entry.attachments?.length && c.reporterUserId ? deps.media?.(entry.attachments, c.reporterUserId, new Date()) : undefined;
    // Only a relay names its center: the lookup is skipped for every other change and for the home center.
    const centerName =
      entry.kind === 'relay' && c.centerCode !== deps.config.CENTER_CODE
        ? ((await deps.centerName?.(c.centerCode)) ?? deps.config.CENTER_NAME)
        : deps.config.CENTER_NAME;
    const item = decideReporterUpdate(c, entry, centerName, carriesOn, photos);
    if (item) {
      const problems = checkMessages(item.messages);
      // Paths and rules only, never values. Enqueued anyway: the outbox parks what LINE refuses,
      // and failing here would make the sweep retry a message that can never pass.
      if (problems.length) deps.logger.error('reporter update breaks LINE limits', { caseNumber: c.caseNumber, problems });
      await deps.outbox.enqueue([item]);
      deps.logger.info('reporter update enqueued', { caseNumber: c.caseNumber, kind: entry.kind });
    }
    // The reporters of copies merged into this case hear its lifecycle too (followers.ts); the
    // lookup runs only for a case that had copies merged into it.
    if (isFollowerUpdate(entry) && copiesNamed(c).length) {
      const followers = await findFollowers((n) => deps.cases.get(n), c);
      const items: OutboxItem[] = followers.map((f) => ({
        id: `${entry.id}:follower:${f.copy}`,
        to: f.userId,
        messages: followerUpdateMessages(c, entry, f.copy, deps.config.CENTER_NAME),
        ...silentFor({ urgent: !!c.urgent || f.urgent }),
      }));
      if (items.length) {
        await deps.outbox.enqueue(items);
        deps.logger.info('follower updates enqueued', { caseNumber: c.caseNumber, kind: entry.kind, count: items.length });
      }
    }
    const timer = mayStartCheckin(c, entry) ? firstCheckin(c, entry, await checkinFor(c.centerCode)) : undefined;
    if (timer) await deps.timers.schedule(timer);
  });

  deps.timers.handle(CHECKIN_KIND, createCheckinHandler({ cases: deps.cases, outbox: deps.outbox, timers: deps.timers, logger: deps.logger, settings: checkinFor }));

  const handler = createReporterHandler({
    cases: deps.cases,
    store: createReporterStateStore(deps.conn),
    timeouts: { pendingMs, whichCaseMs: Math.min(WHICH_CASE_TTL_MS, pendingMs) },
  });
  return { handle: handler('rest'), handleFollowUp: handler('followup') };
}
