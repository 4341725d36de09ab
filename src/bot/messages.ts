import type { messagingApi } from '@line/bot-sdk';
import type { Message } from './context';

/** Small builders for LINE messages, so features read as what they say, not as JSON plumbing. */

export type QuickReplyItem = messagingApi.QuickReplyItem;
export type Action = messagingApi.Action;

export const postback = (label: string, data: string, displayText = label): messagingApi.PostbackAction => ({
  type: 'postback',
  label,
  data,
  displayText,
});
export const messageAction = (label: string, text = label): messagingApi.MessageAction => ({ type: 'message', label, text });
export const uriAction = (label: string, uri: string): messagingApi.URIAction => ({ type: 'uri', label, uri });
export const locationAction = (label: string): messagingApi.LocationAction => ({ type: 'location', label });
export const cameraAction = (label: string): messagingApi.CameraAction => ({ type: 'camera', label });
export const cameraRollAction = (label: string): messagingApi.CameraRollAction => ({ type: 'cameraRoll', label });

export const quickReply = (actions: Action[]): messagingApi.QuickReply => ({
  items: actions.map((action) => ({ type: 'action', action })),
});

export const text = (body: string, actions?: Action[]): Message => ({
  type: 'text',
  text: body,
  ...(actions?.length ? { quickReply: quickReply(actions) } : {}),
});

export const flex = (altText: string, contents: unknown, actions?: Action[]): Message =>
  ({
    type: 'flex',
    altText,
    contents,
    ...(actions?.length ? { quickReply: quickReply(actions) } : {}),
  }) as Message;

/** A text that mentions everyone in a group ("{all}" in `body` marks where). */
export const mentionAll = (body: string): Message =>
  ({
    type: 'textV2',
    text: body,
    substitution: { all: { type: 'mention', mentionee: { type: 'all' } } },
  }) as Message;

/** A text that mentions one user ("{u}" in `body` marks where). */
export const mentionUser = (body: string, userId: string): Message =>
  ({
    type: 'textV2',
    text: body,
    substitution: { u: { type: 'mention', mentionee: { type: 'user', userId } } },
  }) as Message;
