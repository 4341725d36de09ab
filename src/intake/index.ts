import type { EventHandler } from '../bot/context';
import { createIntakeService, type IntakeServiceDeps } from './handle';

/**
 * The guided intake conversation. The router asks, for a 1:1 user: `handleEntry` first
 * for `i:` postbacks; otherwise `handleActive`, then duty commands typed in a 1:1 chat, then `handleEntry`, then the updates feature, then
 * `handleFallback`. Registers the `intake-timeout` timer handler.
 */
export function createIntake(deps: IntakeServiceDeps): { handleActive: EventHandler; handleEntry: EventHandler; handleFallback: EventHandler } {
  const service = createIntakeService(deps);
  deps.timers.handle('intake-timeout', service.onTimeout);
  return {
    handleActive: (ctx) => service.handle(ctx, 'active'),
    handleEntry: (ctx) => service.handle(ctx, 'entry'),
    handleFallback: (ctx) => service.fallback(ctx),
  };
}

export { createIntakeService } from './handle';
export { decide, initialState } from './decide';
