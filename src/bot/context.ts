import type { messagingApi, webhook } from '@line/bot-sdk';
import type { Logger } from '../log/logger';

export type Message = messagingApi.Message;
export type LineEvent = webhook.Event;

/** Where an event came from, flattened. */
export interface EventSource {
  type: 'user' | 'group' | 'room';
  /** May be missing in groups (LINE documents it as optional there). */
  userId?: string;
  groupId?: string;
  roomId?: string;
  /** The chat to answer in: userId for 1:1, groupId/roomId otherwise. */
  chatId: string;
}

/**
 * What a feature gets for one webhook event. `now` is the event's timestamp, never the wall clock,
 * so that processing the same event again decides the same thing.
 *
 * `reply` and `push` enqueue into the durable outbox under ids derived from the event id and the
 * call order: processing the same event twice sends nothing twice. Answer each event with one
 * `reply` (up to 5 messages); `reply` uses the reply token while it is fresh and push otherwise.
 */
export interface EventContext {
  event: LineEvent;
  eventId: string;
  now: Date;
  source: EventSource;
  reply(messages: Message[], opts?: ReplyOptions): Promise<void>;
  /** `key` distinguishes pushes made while handling this one event (e.g. "group-card"). */
  push(to: string, messages: Message[], key: string): Promise<void>;
  /**
   * Work the event's processing must finish (it counts as done only after) that need not hold back
   * its reply, e.g. a new case's duty card: the inbox worker sends the reply, then waits for it.
   * Absent where nothing sends a reply early: the caller awaits the work itself.
   */
  afterReply?(work: Promise<unknown>): void;
  log: Logger;
}

/**
 * What a feature knows about its reply beyond the words. Both concern the event's first reply only
 * (the one that may use the reply token); set at most one.
 */
export interface ReplyOptions {
  /**
   * The feature's own conditional save, which won just now, already records this reply as owed (the
   * intake's `lastReply`), and a re-run of the event sends it with `maybeSent`. The inbox worker then
   * holds it in memory only (no "reply kept" write of its own) and sends it after the step.
   */
  kept?: boolean;
  /**
   * An earlier run of this event may have sent this reply already (its save recorded it, then the run
   * was cut short: a crash, a lost "done" write, a second instance). It goes to the outbox as tried
   * with the event's token, where `settleFailedReply` settles it: never a fresh direct reply, whose
   * "Invalid reply token" on a first try would mean a second copy by push.
   */
  maybeSent?: boolean;
}

/** A feature's event handler: true when it took the event, false to let the next one try. */
export type EventHandler = (ctx: EventContext) => Promise<boolean>;
