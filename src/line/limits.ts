import type { messagingApi } from '@line/bot-sdk';

/**
 * Checks outgoing messages against the limits that make LINE answer 400, before anything is sent.
 * Input is treated as untrusted JSON (the LINE emulator validates raw request bodies with it), so
 * every rule tolerates missing or mistyped fields. Problems name a path and a rule, never a value:
 * message text is personal data and must not reach logs or errors.
 */

/** One broken rule, in the shape of LINE's 400 `details` entries. */
export interface LimitProblem {
  property: string;
  message: string;
}

/** Thrown by `assertMessages`; `problems` lists each broken rule as "path: rule". */
export class MessageLimitError extends Error {
  constructor(readonly problems: string[]) {
    super(`Messages break LINE limits:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'MessageLimitError';
  }
}

/**
 * Length as LINE counts text, alt text and data: UTF-16 code units, so Thai vowels and tone marks are
 * characters of their own. LINE documents grapheme clusters for action labels and display texts
 * (developers.line.biz/en/docs/messaging-api/text-character-count); code units are never fewer than
 * grapheme clusters, so using them everywhere is the stricter, never-wrong-way-round choice.
 */
const lineLength = (s: string): number => s.length;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a node sits decides which rules apply to it. */
type Kind = 'message' | 'action' | 'quickReplyAction' | 'flexContainer' | 'flexComponent';

interface Rule {
  kind: Kind;
  /** Dotted field path inside the node. */
  field: string;
  applies?: (node: Obj) => boolean;
  broken: (value: unknown, node: Obj) => boolean;
  rule: string | ((value: unknown, node: Obj) => string);
}

const ofType =
  (...types: string[]) =>
  (n: Obj) =>
    typeof n.type === 'string' && types.includes(n.type);
const blank = (v: unknown) => typeof v !== 'string' || v.length === 0;
const longer = (max: number) => (v: unknown) => typeof v === 'string' && lineLength(v) > max;
const moreThan = (max: number) => (v: unknown) => Array.isArray(v) && v.length > max;
const URI_SCHEMES = /^(https?|line|tel):/i;

/** `{key}` placeholders of a textV2 text; `{{` and `}}` are literal braces. */
const placeholders = (text: string): string[] =>
  [...text.replace(/\{\{|\}\}/g, '').matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
const undefinedKeys = (text: unknown, node: Obj): string[] => {
  if (typeof text !== 'string') return [];
  const defined = isObj(node.substitution) ? node.substitution : {};
  return [...new Set(placeholders(text).filter((k) => !Object.hasOwn(defined, k)))];
};

const RULES: Rule[] = [
  { kind: 'message', field: 'text', applies: ofType('text', 'textV2'), broken: blank, rule: 'required and must not be empty' },
  { kind: 'message', field: 'text', applies: ofType('text', 'textV2'), broken: longer(5000), rule: 'longer than 5000 characters' },
  {
    kind: 'message',
    field: 'text',
    applies: ofType('textV2'),
    broken: (v, n) => undefinedKeys(v, n).length > 0,
    rule: (v, n) => `references ${undefinedKeys(v, n).map((k) => `{${k}}`).join(', ')} with no matching substitution`,
  },
  { kind: 'message', field: 'altText', applies: ofType('flex', 'template', 'imagemap'), broken: blank, rule: 'required and must not be empty' },
  { kind: 'message', field: 'altText', applies: ofType('flex', 'template', 'imagemap'), broken: longer(400), rule: 'longer than 400 characters' },
  { kind: 'message', field: 'quickReply.items', broken: moreThan(13), rule: 'more than 13 items' },
  {
    kind: 'message',
    field: 'quickReply.items',
    broken: (v) => Array.isArray(v) && v.some((i) => !isObj(i) || i.type !== 'action'),
    rule: 'every item needs type "action"',
  },
  {
    kind: 'message',
    field: 'contents',
    applies: ofType('flex'),
    broken: (v) => !isObj(v) || !ofType('bubble', 'carousel')(v),
    rule: 'must be an object with type bubble or carousel',
  },
  { kind: 'flexContainer', field: 'contents', applies: ofType('carousel'), broken: moreThan(12), rule: 'more than 12 bubbles' },
  { kind: 'action', field: 'label', broken: longer(20), rule: 'longer than 20 characters' },
  { kind: 'action', field: 'data', applies: ofType('postback', 'datetimepicker', 'richmenuswitch'), broken: longer(300), rule: 'longer than 300 characters' },
  { kind: 'action', field: 'displayText', applies: ofType('postback'), broken: longer(300), rule: 'longer than 300 characters' },
  { kind: 'action', field: 'uri', applies: ofType('uri'), broken: (v) => typeof v !== 'string' || !URI_SCHEMES.test(v), rule: 'must use the http, https, line or tel scheme' },
  { kind: 'quickReplyAction', field: 'label', broken: blank, rule: 'required for quick reply buttons' },
  { kind: 'quickReplyAction', field: 'displayText', applies: ofType('postback'), broken: blank, rule: 'required for postback actions in quick replies' },
];

type Child = [node: unknown, path: string, kinds: Kind[]];

const each = (list: unknown, path: string, kinds: Kind[]): Child[] =>
  Array.isArray(list) ? list.map((item, i): Child => [item, `${path}[${i}]`, kinds]) : [];

/** Template actions sit in `actions`, `defaultAction`, and per column in the same plus `action`. */
const templateActions = (t: Obj, path: string): Child[] => [
  ...each(t.actions, `${path}.actions`, ['action']),
  [t.defaultAction, `${path}.defaultAction`, ['action']],
  ...(Array.isArray(t.columns) ? t.columns : []).flatMap((c, i): Child[] =>
    isObj(c)
      ? [
          ...each(c.actions, `${path}.columns[${i}].actions`, ['action']),
          [c.defaultAction, `${path}.columns[${i}].defaultAction`, ['action']],
          [c.action, `${path}.columns[${i}].action`, ['action']],
        ]
      : [],
  ),
];

const CHILDREN: Record<Kind, (n: Obj, path: string) => Child[]> = {
  message: (m, path) => [
    ...(isObj(m.quickReply) && Array.isArray(m.quickReply.items)
      ? m.quickReply.items.map((item, i): Child => [
          isObj(item) ? item.action : undefined,
          `${path}.quickReply.items[${i}].action`,
          ['action', 'quickReplyAction'],
        ])
      : []),
    ...(m.type === 'template' && isObj(m.template) ? templateActions(m.template, `${path}.template`) : []),
    ...(m.type === 'flex' ? [[m.contents, `${path}.contents`, ['flexContainer']] as Child] : []),
  ],
  flexContainer: (c, path) =>
    c.type === 'carousel'
      ? each(c.contents, `${path}.contents`, ['flexContainer'])
      : [
          ...(['header', 'hero', 'body', 'footer'] as const).map((k): Child => [c[k], `${path}.${k}`, ['flexComponent']]),
          [c.action, `${path}.action`, ['action']],
        ],
  flexComponent: (c, path) => [...each(c.contents, `${path}.contents`, ['flexComponent']), [c.action, `${path}.action`, ['action']]],
  action: () => [],
  quickReplyAction: () => [],
};

/**
 * LINE documents the JSON of one bubble at most 30 KB and of one carousel at most 50 KB. Which KB
 * (1,000 or 1,024 bytes) and which serialisation LINE measures are not documented, so this counts the
 * UTF-8 bytes of the JSON as this service sends it (JSON.stringify, as the SDK does: Thai is 3 bytes a
 * character) against 1,000-byte KB: the stricter reading, never the wrong way round.
 */
export const MAX_BUBBLE_JSON_BYTES = 30_000;
export const MAX_CAROUSEL_JSON_BYTES = 50_000;
const jsonBytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v) ?? '', 'utf8');

function sizeProblem(container: Obj, path: string): LimitProblem | undefined {
  const max = container.type === 'carousel' ? MAX_CAROUSEL_JSON_BYTES : container.type === 'bubble' ? MAX_BUBBLE_JSON_BYTES : undefined;
  if (max === undefined) return undefined;
  const bytes = jsonBytes(container);
  return bytes > max ? { property: path, message: `${container.type} JSON is ${bytes} bytes, more than ${max}` } : undefined;
}

const get = (node: Obj, field: string): unknown =>
  field.split('.').reduce<unknown>((v, key) => (isObj(v) ? v[key] : undefined), node);

function visit(node: unknown, path: string, kinds: Kind[], out: LimitProblem[]): void {
  if (!isObj(node)) return;
  for (const r of RULES) {
    if (!kinds.includes(r.kind) || (r.applies && !r.applies(node))) continue;
    const value = get(node, r.field);
    if (r.broken(value, node)) {
      out.push({ property: `${path}.${r.field}`, message: typeof r.rule === 'string' ? r.rule : r.rule(value, node) });
    }
  }
  if (kinds.includes('flexContainer')) {
    const p = sizeProblem(node, path);
    if (p) out.push(p);
  }
  for (const kind of kinds) for (const [child, p, k] of CHILDREN[kind](node, path)) visit(child, p, k, out);
}

/** Structured problems for any JSON value claimed to be a message list (used by the emulator). */
export function findLimitProblems(messages: unknown): LimitProblem[] {
  if (!Array.isArray(messages)) return [{ property: 'messages', message: 'must be an array of 1 to 5 messages' }];
  const out: LimitProblem[] = [];
  if (messages.length < 1 || messages.length > 5) {
    out.push({ property: 'messages', message: `must hold 1 to 5 messages (has ${messages.length})` });
  }
  messages.forEach((m, i) => {
    if (!isObj(m)) out.push({ property: `messages[${i}]`, message: 'must be an object' });
    else visit(m, `messages[${i}]`, ['message'], out);
  });
  return out;
}

/** Every broken limit as "path: rule"; empty when LINE would accept the list. */
export function checkMessages(messages: messagingApi.Message[]): string[] {
  return findLimitProblems(messages).map((p) => `${p.property}: ${p.message}`);
}

/** Throws MessageLimitError listing every broken limit. */
export function assertMessages(messages: messagingApi.Message[]): void {
  const problems = checkMessages(messages);
  if (problems.length) throw new MessageLimitError(problems);
}
