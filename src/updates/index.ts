import type mongoose from 'mongoose';
import type { EventHandler } from '../bot/context';
import type { CaseService } from '../cases/store';
import { minutesToMs, type Config } from '../config/env';
import { checkMessages } from '../line/limits';
import type { Logger } from '../log/logger';
import type { Outbox } from '../outbox/types';
import { WHICH_CASE_TTL_MS } from './decide';
import { createReporterHandler } from './handle';
import { createReporterStateStore } from './store';
import { decideReporterUpdate } from './reporter-update';

/**
 * Progress to reporters: every public step of a case reaches the citizen who reported it,
 * tracking ("ติดตามเรื่อง", typed case numbers), rating and "not helped yet" after closing, and
 * forwarding what a reporter writes about an open case.
 *
 * Wiring: the router hands this `handle` the `u:` postbacks first, and after intake every other
 * 1:1 user event. The case listener registered here enqueues the reporter's message under
 * `${entry.id}:reporter`, so a re-run by the notification sweep sends nothing twice.
 */
export function createUpdates(deps: {
  conn: mongoose.Connection;
  cases: CaseService;
  outbox: Outbox;
  config: Config;
  logger: Logger;
}): { handle: EventHandler } {
  const pendingMs = minutesToMs(deps.config.SESSION_TIMEOUT_MINUTES);

  deps.cases.onChange(async (c, entry) => {
    const item = decideReporterUpdate(c, entry, deps.config.CENTER_NAME);
    if (!item) return;
    const problems = checkMessages(item.messages);
    // Paths and rules only, never values. Enqueued anyway: the outbox parks what LINE refuses,
    // and failing here would make the sweep retry a message that can never pass.
    if (problems.length) deps.logger.error('reporter update breaks LINE limits', { caseNumber: c.caseNumber, problems });
    await deps.outbox.enqueue([item]);
    deps.logger.info('reporter update enqueued', { caseNumber: c.caseNumber, kind: entry.kind });
  });

  const handle = createReporterHandler({
    cases: deps.cases,
    store: createReporterStateStore(deps.conn),
    timeouts: { pendingMs, whichCaseMs: Math.min(WHICH_CASE_TTL_MS, pendingMs) },
  });
  return { handle };
}
