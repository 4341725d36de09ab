import type { Message } from '../bot/context';

/** One message batch to one recipient. `id` is deterministic so enqueueing twice sends once. */
export interface OutboxItem {
  id: string;
  to: string;
  messages: Message[];
  /** Used when still fresh at delivery time; otherwise the item is pushed. */
  replyToken?: string;
  replyTokenExpiresAt?: Date;
  /** Contract 5: urgent items go ahead of routine ones to the same recipient (e.g. an urgent case's card in a busy duty group). */
  priority?: 'urgent';
  /** Pushed without sound or vibration (LINE's `notificationDisabled`): for a reporter who may be hiding. */
  notificationDisabled?: boolean;
  /**
   * An attempt may already have used the reply token (set only for a reply the inbox worker sent
   * itself and could not settle, see `sendReply`): the outbox settles it with `settleFailedReply`.
   */
  replyTriedAt?: Date;
}

export interface Outbox {
  /** Durably stores the items (idempotent by id) and wakes the delivery worker. */
  enqueue(items: OutboxItem[]): Promise<void>;
}
