import type { messagingApi, webhook } from '@line/bot-sdk';
import { inboxModel } from '../../src/inbox/inbox';
import { outboxModel } from '../../src/outbox/outbox';
import { followEvent, locationEvent, postbackEvent, textEvent } from './line';
import { waitFor, type Harness, type TestInstance } from './service';

/**
 * A person in a LINE chat with the bot, through signed webhooks and the LINE emulator: they see
 * only what LINE delivered, and tap only buttons that were shown to them.
 */

type Action = messagingApi.Action;

/** Every action (quick reply, flex or template button) inside a message, in document order. */
export function actionsIn(node: unknown, out: Action[] = []): Action[] {
  if (Array.isArray(node)) {
    for (const n of node) actionsIn(n, out);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.action && typeof o.action === 'object' && 'type' in (o.action as object)) out.push(o.action as Action);
    for (const [k, v] of Object.entries(o)) if (k !== 'action') actionsIn(v, out);
  }
  return out;
}

/** All the words of a message a person reads (text, flex texts, alt text). */
export function wordsIn(m: messagingApi.Message): string {
  const parts: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (typeof o.text === 'string') parts.push(o.text);
      if (typeof o.altText === 'string') parts.push(o.altText);
      if (typeof o.label === 'string') parts.push(o.label);
      Object.values(o).forEach(walk);
    }
  };
  walk(m);
  return parts.join('\n');
}

/** Waits until every stored event is processed and every queued message delivered. */
export async function settle(app: TestInstance): Promise<void> {
  await waitFor(
    async () =>
      (await inboxModel(app.conn).countDocuments({ status: 'pending' })) === 0 &&
      (await outboxModel(app.conn).countDocuments({ status: 'pending' })) === 0,
    'the bot to settle',
    20_000,
  );
}

export class ChatUser {
  private seen = 0;
  taps = 0;

  constructor(
    private readonly h: Harness,
    private readonly app: TestInstance,
    readonly userId: string,
    private readonly groupId?: string,
  ) {}

  private get chatId() {
    return this.groupId ?? this.userId;
  }

  /** Messages delivered to this chat since the person last acted. */
  newMessages(): messagingApi.Message[] {
    return this.h.emulator.messagesTo(this.chatId).slice(this.seen);
  }

  allMessages(): messagingApi.Message[] {
    return this.h.emulator.messagesTo(this.chatId);
  }

  /** The words of the messages since the person last acted. */
  read(): string {
    return this.newMessages().map(wordsIn).join('\n');
  }

  async send(event: webhook.Event): Promise<void> {
    this.seen = this.h.emulator.messagesTo(this.chatId).length;
    const res = await this.app.post([event]);
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    await settle(this.app);
  }

  private token() {
    return this.h.emulator.issueReplyToken(this.chatId);
  }

  follow() {
    return this.send(followEvent({ userId: this.userId, replyToken: this.token() }));
  }

  say(text: string) {
    return this.send(textEvent({ userId: this.userId, groupId: this.groupId, text, replyToken: this.token() }));
  }

  pin(latitude: number, longitude: number, address?: string) {
    return this.send(locationEvent({ userId: this.userId, latitude, longitude, address, replyToken: this.token() }));
  }

  /** Taps the most recently shown button with this label (quick reply or card button). */
  async tap(label: string | RegExp): Promise<void> {
    const recent = this.allMessages().slice().reverse();
    const matches = (a: Action) => ('label' in a && typeof a.label === 'string' ? (typeof label === 'string' ? a.label === label : label.test(a.label)) : false);
    let action: Action | undefined;
    for (const m of recent) {
      action = actionsIn(m).find(matches);
      if (action) break;
    }
    if (!action) throw new Error(`no button labelled ${String(label)} was shown`);
    this.taps++;
    if (action.type === 'postback') {
      return this.send(postbackEvent({ userId: this.userId, groupId: this.groupId, data: action.data!, replyToken: this.token() }));
    }
    if (action.type === 'message') return this.say(action.text!);
    throw new Error(`button ${String(label)} is a ${action.type} action, not something a test can tap`);
  }
}
