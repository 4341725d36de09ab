import { z } from 'zod';
import { findLimitProblems, type LimitProblem } from '../../line/limits';

/**
 * Request shapes the emulator accepts, after messaging-api.yml. Objects are loose: LINE accepts
 * properties this sandbox does not model, and the limits check covers what matters most.
 */

const action = z.looseObject({ type: z.string() });
const quickReplyAction = z.looseObject({
  type: z.enum(['message', 'postback', 'uri', 'datetimepicker', 'camera', 'cameraRoll', 'location', 'clipboard']),
});
const common = {
  quickReply: z
    .looseObject({ items: z.array(z.looseObject({ type: z.literal('action'), action: quickReplyAction })).min(1).max(13) })
    .optional(),
  sender: z.looseObject({ name: z.string().max(20).optional(), iconUrl: z.string().optional() }).optional(),
};
const media = { originalContentUrl: z.string().min(1), previewImageUrl: z.string().min(1) };

const message = z.discriminatedUnion('type', [
  z.looseObject({ ...common, type: z.literal('text'), text: z.string() }),
  z.looseObject({
    ...common,
    type: z.literal('textV2'),
    text: z.string(),
    substitution: z.record(z.string(), z.looseObject({ type: z.enum(['mention', 'emoji']) })).optional(),
  }),
  z.looseObject({ ...common, type: z.literal('sticker'), packageId: z.string(), stickerId: z.string() }),
  z.looseObject({ ...common, type: z.literal('image'), ...media }),
  z.looseObject({ ...common, type: z.literal('video'), ...media }),
  z.looseObject({ ...common, type: z.literal('audio'), originalContentUrl: z.string().min(1), duration: z.number() }),
  z.looseObject({ ...common, type: z.literal('location'), title: z.string(), address: z.string(), latitude: z.number(), longitude: z.number() }),
  z.looseObject({
    ...common,
    type: z.literal('imagemap'),
    baseUrl: z.string(),
    altText: z.string(),
    baseSize: z.looseObject({ width: z.number(), height: z.number() }),
    actions: z.array(action),
  }),
  z.looseObject({
    ...common,
    type: z.literal('template'),
    altText: z.string(),
    template: z.looseObject({ type: z.enum(['buttons', 'confirm', 'carousel', 'image_carousel']) }),
  }),
  z.looseObject({ ...common, type: z.literal('flex'), altText: z.string(), contents: z.looseObject({ type: z.string() }) }),
  z.looseObject({ ...common, type: z.literal('coupon'), couponId: z.string() }),
]);

const messages = z.array(message).min(1).max(5);

export const replyRequest = z.object({ replyToken: z.string().min(1), messages, notificationDisabled: z.boolean().optional() });

export const pushRequest = z.object({
  to: z.string().min(1),
  messages,
  notificationDisabled: z.boolean().optional(),
  customAggregationUnits: z.array(z.string()).optional(),
});

const int = (min: number) => z.number().int().min(min);
export const richMenuRequest = z.object({
  size: z.object({ width: int(1), height: int(1) }),
  selected: z.boolean(),
  name: z.string().min(1).max(300),
  chatBarText: z.string().min(1).max(14),
  areas: z.array(z.object({ bounds: z.object({ x: int(0), y: int(0), width: int(1), height: int(1) }), action })).max(20),
});

export const loadingRequest = z.object({ chatId: z.string().min(1), loadingSeconds: z.number().int().min(5).max(60).optional() });

/** LINE's property notation: `messages[0].quickReply.items[2].action.label`. */
const property = (path: ReadonlyArray<PropertyKey>) =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');

/**
 * Validates a body against a shape and, when it carries messages, against LINE's limits.
 * Returns LINE's 400 body, or undefined when the request is acceptable.
 */
export function validate<T>(schema: z.ZodType<T>, body: unknown): { ok: true; value: T } | { ok: false; error: LineErrorBody } {
  const parsed = schema.safeParse(body);
  const problems: LimitProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ property: property(i.path), message: i.message }));
  const raw = typeof body === 'object' && body !== null ? (body as { messages?: unknown }).messages : undefined;
  if (Array.isArray(raw)) {
    const seen = new Set(problems.map((p) => p.property));
    problems.push(...findLimitProblems(raw).filter((p) => !seen.has(p.property)));
  }
  if (parsed.success && problems.length === 0) return { ok: true, value: parsed.data };
  return { ok: false, error: lineError(problems) };
}

export interface LineErrorBody {
  message: string;
  details?: LimitProblem[];
}

export const lineError = (details: LimitProblem[]): LineErrorBody => ({
  message: `The request body has ${details.length} error(s)`,
  details: details.map((d) => ({ message: d.message, property: d.property })),
});
