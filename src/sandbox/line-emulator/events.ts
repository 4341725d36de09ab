import type { webhook } from '@line/bot-sdk';
import { newMessageId, newQuoteToken, newReplyToken, ulid } from './ids';

/**
 * Webhook event builders shaped exactly as LINE sends them (webhook.yml). Shared by the emulator's
 * browser chat and by tests (test/helpers/line.ts), so there is one definition of "a LINE event".
 * Every event gets a fresh ULID `webhookEventId`, `deliveryContext`, `mode: "active"` and a timestamp.
 */

export interface EventOptions {
  timestamp?: number;
  /** Pass the id of an earlier event together with `isRedelivery: true` to model LINE's redelivery. */
  webhookEventId?: string;
  isRedelivery?: boolean;
  mode?: webhook.EventMode;
}

export interface FromOptions extends EventOptions {
  /** Required in 1:1 chats; optional in groups, where LINE may omit it. */
  userId?: string;
  /** Set for an event from a group chat. */
  groupId?: string;
  /** Defaults to a random token that no emulator knows: pass `emulator.issueReplyToken(chatId)` to reply. */
  replyToken?: string;
}

function base(opts: EventOptions) {
  const timestamp = opts.timestamp ?? Date.now();
  return {
    timestamp,
    mode: opts.mode ?? ('active' as const),
    webhookEventId: opts.webhookEventId ?? ulid(timestamp),
    deliveryContext: { isRedelivery: opts.isRedelivery ?? false },
  };
}

function sourceOf(opts: { userId?: string; groupId?: string }): webhook.Source {
  if (opts.groupId) return opts.userId ? { type: 'group', groupId: opts.groupId, userId: opts.userId } : { type: 'group', groupId: opts.groupId };
  if (opts.userId) return { type: 'user', userId: opts.userId };
  throw new Error('an event needs a userId or a groupId');
}

type MessageEventOf<C extends webhook.MessageContent> = webhook.MessageEvent & { message: C; replyToken: string };

function messageEvent<C extends webhook.MessageContent>(opts: FromOptions, message: C): MessageEventOf<C> {
  return { type: 'message', ...base(opts), source: sourceOf(opts), replyToken: opts.replyToken ?? newReplyToken(), message };
}

interface MessageOptions extends FromOptions {
  messageId?: string;
}

export const textEvent = (o: MessageOptions & { text: string; mention?: webhook.Mention }) =>
  messageEvent<webhook.TextMessageContent>(o, {
    type: 'text',
    id: o.messageId ?? newMessageId(),
    text: o.text,
    quoteToken: newQuoteToken(),
    ...(o.mention ? { mention: o.mention } : {}),
  });

export const locationEvent = (o: MessageOptions & { latitude: number; longitude: number; address?: string; title?: string }) =>
  messageEvent<webhook.LocationMessageContent>(o, {
    type: 'location',
    id: o.messageId ?? newMessageId(),
    latitude: o.latitude,
    longitude: o.longitude,
    ...(o.title !== undefined ? { title: o.title } : {}),
    ...(o.address !== undefined ? { address: o.address } : {}),
  });

export const imageEvent = (o: MessageOptions) =>
  messageEvent<webhook.ImageMessageContent>(o, {
    type: 'image',
    id: o.messageId ?? newMessageId(),
    contentProvider: { type: 'line' },
    quoteToken: newQuoteToken(),
  });

export const audioEvent = (o: MessageOptions & { duration?: number }) =>
  messageEvent<webhook.AudioMessageContent>(o, {
    type: 'audio',
    id: o.messageId ?? newMessageId(),
    contentProvider: { type: 'line' },
    duration: o.duration ?? 5000,
  });

export const videoEvent = (o: MessageOptions & { duration?: number }) =>
  messageEvent<webhook.VideoMessageContent>(o, {
    type: 'video',
    id: o.messageId ?? newMessageId(),
    contentProvider: { type: 'line' },
    quoteToken: newQuoteToken(),
    ...(o.duration !== undefined ? { duration: o.duration } : {}),
  });

/** LINE sends files without a contentProvider: the name and size are the whole description. */
export const fileEvent = (o: MessageOptions & { fileName: string; fileSize: number }) =>
  messageEvent<webhook.FileMessageContent>(o, {
    type: 'file',
    id: o.messageId ?? newMessageId(),
    fileName: o.fileName,
    fileSize: o.fileSize,
  });

export const stickerEvent = (
  o: MessageOptions & { packageId?: string; stickerId?: string; stickerResourceType?: webhook.StickerMessageContent.StickerResourceTypeEnum; keywords?: string[] },
) =>
  messageEvent<webhook.StickerMessageContent>(o, {
    type: 'sticker',
    id: o.messageId ?? newMessageId(),
    packageId: o.packageId ?? '446',
    stickerId: o.stickerId ?? '1988',
    stickerResourceType: o.stickerResourceType ?? 'STATIC',
    quoteToken: newQuoteToken(),
    ...(o.keywords ? { keywords: o.keywords } : {}),
  });

export const postbackEvent = (o: FromOptions & { data: string; params?: Record<string, string> }): webhook.PostbackEvent & { replyToken: string } => ({
  type: 'postback',
  ...base(o),
  source: sourceOf(o),
  replyToken: o.replyToken ?? newReplyToken(),
  postback: o.params ? { data: o.data, params: o.params } : { data: o.data },
});

export const followEvent = (o: EventOptions & { userId: string; replyToken?: string; isUnblocked?: boolean }): webhook.FollowEvent => ({
  type: 'follow',
  ...base(o),
  source: { type: 'user', userId: o.userId },
  replyToken: o.replyToken ?? newReplyToken(),
  follow: { isUnblocked: o.isUnblocked ?? false },
});

/** No replyToken: a user who blocked the bot cannot be answered. */
export const unfollowEvent = (o: EventOptions & { userId: string }): webhook.UnfollowEvent => ({
  type: 'unfollow',
  ...base(o),
  source: { type: 'user', userId: o.userId },
});

export const joinEvent = (o: EventOptions & { groupId: string; replyToken?: string }): webhook.JoinEvent => ({
  type: 'join',
  ...base(o),
  source: { type: 'group', groupId: o.groupId },
  replyToken: o.replyToken ?? newReplyToken(),
});

export const leaveEvent = (o: EventOptions & { groupId: string }): webhook.LeaveEvent => ({
  type: 'leave',
  ...base(o),
  source: { type: 'group', groupId: o.groupId },
});

export const memberJoinedEvent = (o: EventOptions & { groupId: string; userIds: string[]; replyToken?: string }): webhook.MemberJoinedEvent => ({
  type: 'memberJoined',
  ...base(o),
  source: { type: 'group', groupId: o.groupId },
  replyToken: o.replyToken ?? newReplyToken(),
  joined: { members: o.userIds.map((userId) => ({ type: 'user', userId })) },
});

export const memberLeftEvent = (o: EventOptions & { groupId: string; userIds: string[] }): webhook.MemberLeftEvent => ({
  type: 'memberLeft',
  ...base(o),
  source: { type: 'group', groupId: o.groupId },
  left: { members: o.userIds.map((userId) => ({ type: 'user', userId })) },
});
