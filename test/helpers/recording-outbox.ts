import type { Message } from '../../src/bot/context';
import type { Outbox, OutboxItem } from '../../src/outbox/types';

/** An Outbox that records, with the real one's idempotency by id (nothing is sent). */
export class RecordingOutbox implements Outbox {
  private readonly byId = new Map<string, OutboxItem>();
  /** Every enqueue call, duplicates included. */
  readonly calls: OutboxItem[] = [];

  async enqueue(items: OutboxItem[]): Promise<void> {
    for (const item of items) {
      this.calls.push(item);
      if (!this.byId.has(item.id)) this.byId.set(item.id, item);
    }
  }

  /** What would be delivered: one item per id. */
  get items(): OutboxItem[] {
    return [...this.byId.values()];
  }

  to(chatId: string): OutboxItem[] {
    return this.items.filter((i) => i.to === chatId);
  }

  messagesTo(chatId: string): Message[] {
    return this.to(chatId).flatMap((i) => i.messages);
  }

  clear(): void {
    this.calls.length = 0;
    this.byId.clear();
  }
}
