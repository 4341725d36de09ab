import { z } from 'zod';

/**
 * The webhook body as LINE sends it. Only what the service relies on is checked; unknown event
 * types and extra fields pass through (LINE adds event types over time and must not get a 400).
 */
const source = z.union([
  z.object({ type: z.literal('user'), userId: z.string().min(1) }),
  z.object({ type: z.literal('group'), groupId: z.string().min(1), userId: z.string().min(1).optional() }),
  z.object({ type: z.literal('room'), roomId: z.string().min(1), userId: z.string().min(1).optional() }),
]);

export const webhookEventSchema = z.looseObject({
  type: z.string().min(1),
  timestamp: z.number().int().nonnegative(),
  webhookEventId: z.string().min(1).max(64),
  mode: z.string().optional(),
  source: source.optional(),
  replyToken: z.string().optional(),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
});

export const webhookBodySchema = z.object({
  destination: z.string().optional(),
  events: z.array(webhookEventSchema).max(1000),
});

export type WebhookEventShape = z.infer<typeof webhookEventSchema>;

/** The key that orders processing: one source (user, group, room) at a time, in timestamp order. */
export function sourceKey(e: WebhookEventShape): string {
  const s = e.source;
  if (!s) return 'none';
  if (s.type === 'user') return `u:${s.userId}`;
  if (s.type === 'group') return `g:${s.groupId}`;
  return `r:${s.roomId}`;
}
