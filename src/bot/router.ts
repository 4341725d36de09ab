import type { EventContext, EventHandler } from './context';
import { postbackFeature } from './postbacks';

export interface Features {
  intake: { handleActive: EventHandler; handleEntry: EventHandler; handleFallback: EventHandler };
  duty: { handleGroupEvent: EventHandler; handleUserEvent: EventHandler };
  updates: { handle: EventHandler; handleFollowUp: EventHandler };
}

/**
 * Who answers an event. Groups and rooms belong to the duty feature. In a 1:1 chat a postback goes
 * to the feature its prefix names; anything else goes first to a conversation in progress, then to
 * officer commands typed in the wrong place, then to the intake entry words (report, SOS, a pin),
 * then to progress tracking, and finally to the main menu — nobody is ever left without an answer.
 */
/**
 * Event types someone does something with. Others (unsend, video played, beacons, types LINE adds
 * later) are accepted and stored but answered with nothing: a menu pushed because a message was
 * unsent would only confuse.
 */
const ACTIONABLE = new Set(['message', 'postback', 'follow', 'unfollow', 'join', 'leave', 'memberJoined', 'memberLeft']);

export function createRouter(f: Features): EventHandler {
  const firstTaker =
    (...handlers: EventHandler[]): EventHandler =>
    async (ctx) => {
      for (const h of handlers) if (await h(ctx)) return true;
      return false;
    };

  // A person with an open case adds to it (updates.handleFollowUp) before intake reads a pin or the
  // SOS words as a new SOS: one open urgent case per person. Intake's conversation in progress
  // (e.g. the SOS follow-up questions) still comes first.
  const userChain = firstTaker(
    f.intake.handleActive,
    f.duty.handleUserEvent,
    f.updates.handleFollowUp,
    f.intake.handleEntry,
    f.updates.handle,
    f.intake.handleFallback,
  );

  return async (ctx: EventContext) => {
    if (!ACTIONABLE.has(ctx.event.type)) return false;
    if (ctx.source.type !== 'user') return f.duty.handleGroupEvent(ctx);
    if (ctx.event.type === 'postback') {
      const feature = postbackFeature(ctx.event.postback.data);
      // The SOS button again while an urgent case is open goes to that case, unless intake is mid-conversation.
      if (feature === 'intake') return firstTaker(f.intake.handleActive, f.updates.handleFollowUp, f.intake.handleEntry, f.intake.handleFallback)(ctx);
      if (feature === 'duty') return firstTaker(f.duty.handleUserEvent, f.intake.handleFallback)(ctx);
      if (feature === 'updates') return firstTaker(f.updates.handle, f.intake.handleFallback)(ctx);
    }
    return userChain(ctx);
  };
}
