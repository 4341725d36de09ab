import type { Connection } from 'mongoose';
import type { EventHandler } from '../bot/context';
import type { CaseService } from '../cases/case-service';
import type { Config } from '../config/env';
import type { Logger } from '../log/logger';
import type { Outbox } from '../outbox/types';
import type { Timers } from '../timers/types';
import { createIntakeService } from './intake-service';

/**
 * The guided intake conversation (issue 3). The router asks, for a 1:1 user: `handleEntry` first
 * for `i:` postbacks; otherwise `handleActive`, then `handleEntry`, then the updates feature, then
 * `handleFallback`. Registers the `intake-timeout` timer handler.
 */
export function createIntake(deps: {
  conn: Connection;
  cases: CaseService;
  timers: Timers;
  outbox: Outbox;
  config: Config;
  logger: Logger;
}): { handleActive: EventHandler; handleEntry: EventHandler; handleFallback: EventHandler } {
  const service = createIntakeService(deps);
  deps.timers.handle('intake-timeout', service.onTimeout);
  return {
    handleActive: (ctx) => service.handle(ctx, 'active'),
    handleEntry: (ctx) => service.handle(ctx, 'entry'),
    handleFallback: (ctx) => service.fallback(ctx),
  };
}

export { createIntakeService } from './intake-service';
export { decide, initialState } from './decide';
