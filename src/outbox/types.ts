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
}

export interface Outbox {
  /** Durably stores the items (idempotent by id) and wakes the delivery worker. */
  enqueue(items: OutboxItem[]): Promise<void>;
}
