import type { messagingApi } from '@line/bot-sdk';
import { assertMessages, checkMessages, findLimitProblems, MessageLimitError } from '../../src/line/limits';

type Message = messagingApi.Message;
type Action = messagingApi.Action;

const text = (t: string): Message => ({ type: 'text', text: t });
const withQuickReply = (actions: Action[]): Message => ({
  type: 'text',
  text: 'เลือก',
  quickReply: { items: actions.map((action) => ({ type: 'action', action })) },
});
const postback = (over: Partial<messagingApi.PostbackAction> = {}): Action => ({
  type: 'postback',
  label: 'ยืนยัน',
  data: 'a=1',
  displayText: 'ยืนยัน',
  ...over,
});
const button = (action: Action): messagingApi.FlexButton => ({ type: 'button', action });
const bubble = (...contents: messagingApi.FlexComponent[]): messagingApi.FlexBubble => ({
  type: 'bubble',
  body: { type: 'box', layout: 'vertical', contents: [{ type: 'box', layout: 'horizontal', contents }] },
});
const flex = (contents: messagingApi.FlexContainer, altText = 'การ์ดเคส'): Message => ({ type: 'flex', altText, contents });
const uri = (u: string): Action => ({ type: 'uri', label: 'โทร', uri: u });
const n = (count: number, make: (i: number) => Message): Message[] => Array.from({ length: count }, (_, i) => make(i));

// "สิทธิ/สวัสดิการ" is 11 base letters but 15 UTF-16 code units: vowels and tone marks count.
const THAI_15 = 'สิทธิ/สวัสดิการ';

describe('checkMessages', () => {
  const cases: Array<[string, Message[], string | null]> = [
    ['when 1 message is sent, then it passes', [text('สวัสดี')], null],
    ['when 5 messages are sent, then it passes', n(5, (i) => text(`ข้อความ ${i}`)), null],
    ['when no message is sent, then the list is rejected', [], 'messages: must hold 1 to 5 messages (has 0)'],
    ['when 6 messages are sent, then the list is rejected', n(6, () => text('x')), 'messages: must hold 1 to 5 messages (has 6)'],

    ['when text has 5000 characters, then it passes', [text('ก'.repeat(5000))], null],
    ['when text has 5001 characters, then it is too long', [text('ก'.repeat(5001))], 'messages[0].text: longer than 5000 characters'],
    ['when text is empty, then it is rejected', [text('')], 'messages[0].text: required and must not be empty'],

    ['when a quick reply has 13 items, then it passes', [withQuickReply(Array.from({ length: 13 }, () => postback()))], null],
    [
      'when a quick reply has 14 items, then it is rejected',
      [withQuickReply(Array.from({ length: 14 }, () => postback()))],
      'messages[0].quickReply.items: more than 13 items',
    ],
    [
      'when a quick reply item lacks type "action", then it is rejected',
      [{ type: 'text', text: 'x', quickReply: { items: [{ action: postback() }] } }],
      'messages[0].quickReply.items: every item needs type "action"',
    ],

    ['when a label has 20 characters, then it passes', [withQuickReply([postback({ label: 'ก'.repeat(20) })])], null],
    ['when a Thai label has 15 code units, then it passes', [withQuickReply([postback({ label: THAI_15 })])], null],
    [
      'when a Thai label is 17 graphemes but 21 code units, then it is too long',
      [withQuickReply([postback(), postback(), postback(), postback({ label: `${THAI_15}ทดสอบๆ` })])],
      'messages[0].quickReply.items[3].action.label: longer than 20 characters',
    ],
    [
      'when a quick reply button has no label, then it is rejected',
      [withQuickReply([{ type: 'location' } as Action])],
      'messages[0].quickReply.items[0].action.label: required for quick reply buttons',
    ],

    ['when postback data has 300 characters, then it passes', [withQuickReply([postback({ data: 'd'.repeat(300) })])], null],
    [
      'when postback data has 301 characters, then it is too long',
      [withQuickReply([postback({ data: 'd'.repeat(301) })])],
      'messages[0].quickReply.items[0].action.data: longer than 300 characters',
    ],
    [
      'when postback displayText has 301 characters, then it is too long',
      [withQuickReply([postback({ displayText: 'ก'.repeat(301) })])],
      'messages[0].quickReply.items[0].action.displayText: longer than 300 characters',
    ],
    [
      'when a quick reply postback has no displayText, then it is rejected',
      [withQuickReply([postback({ displayText: undefined })])],
      'messages[0].quickReply.items[0].action.displayText: required for postback actions in quick replies',
    ],
    ['when a flex postback button has no displayText, then it passes', [flex(bubble(button(postback({ displayText: undefined }))))], null],

    ['when a uri is https, then it passes', [flex(bubble(button(uri('https://example.org/ศรส'))))], null],
    ['when a uri is tel, then it passes', [flex(bubble(button(uri('tel:1300'))))], null],
    ['when a uri is line, then it passes', [withQuickReply([uri('line://nv/location')])], null],
    [
      'when a uri uses javascript:, then it is rejected',
      [flex(bubble(button(uri('javascript:alert(1)'))))],
      'messages[0].contents.body.contents[0].contents[0].action.uri: must use the http, https, line or tel scheme',
    ],
    [
      'when a uri is missing, then it is rejected',
      [withQuickReply([{ type: 'uri', label: 'เปิด' } as Action])],
      'messages[0].quickReply.items[0].action.uri: must use the http, https, line or tel scheme',
    ],
    [
      'when a flex button label nested in boxes is too long, then its path is reported',
      [flex(bubble(button(postback({ label: 'ก'.repeat(21) }))))],
      'messages[0].contents.body.contents[0].contents[0].action.label: longer than 20 characters',
    ],
    [
      'when a bubble action label is too long, then it is rejected',
      [flex({ type: 'bubble', action: { type: 'uri', label: 'x'.repeat(21), uri: 'https://x.org' } })],
      'messages[0].contents.action.label: longer than 20 characters',
    ],

    ['when a carousel has 12 bubbles, then it passes', [flex({ type: 'carousel', contents: Array.from({ length: 12 }, () => bubble()) })], null],
    [
      'when a carousel has 13 bubbles, then it is rejected',
      [flex({ type: 'carousel', contents: Array.from({ length: 13 }, () => bubble()) })],
      'messages[0].contents.contents: more than 12 bubbles',
    ],
    [
      'when a bubble inside a carousel breaks a rule, then its path is reported',
      [flex({ type: 'carousel', contents: [bubble(), bubble(button(uri('ftp://x')))] })],
      'messages[0].contents.contents[1].body.contents[0].contents[0].action.uri: must use the http, https, line or tel scheme',
    ],
    [
      'when flex contents is not a bubble or carousel, then it is rejected',
      [{ type: 'flex', altText: 'x', contents: { type: 'box' } } as unknown as Message],
      'messages[0].contents: must be an object with type bubble or carousel',
    ],

    ['when altText has 400 characters, then it passes', [flex(bubble(), 'ก'.repeat(400))], null],
    ['when altText has 401 characters, then it is too long', [flex(bubble(), 'ก'.repeat(401))], 'messages[0].altText: longer than 400 characters'],
    ['when altText is empty, then it is rejected', [flex(bubble(), '')], 'messages[0].altText: required and must not be empty'],
    [
      'when a template has no altText, then it is rejected',
      [{ type: 'template', template: { type: 'confirm', text: 'ยืนยัน?', actions: [postback(), postback()] } } as unknown as Message],
      'messages[0].altText: required and must not be empty',
    ],
    [
      'when a template button label is too long, then it is rejected',
      [{ type: 'template', altText: 'x', template: { type: 'buttons', text: 'x', actions: [postback({ label: 'x'.repeat(21) })] } }],
      'messages[0].template.actions[0].label: longer than 20 characters',
    ],

    [
      'when textV2 references defined keys, then it passes',
      [{ type: 'textV2', text: '{u1} รับเรื่อง {{ok}}', substitution: { u1: { type: 'mention', mentionee: { type: 'user', userId: 'U1' } } } }],
      null,
    ],
    [
      'when textV2 references an undefined key, then it is rejected',
      [{ type: 'textV2', text: '{u1} และ {u2}', substitution: { u1: { type: 'mention', mentionee: { type: 'all' } } } }],
      'messages[0].text: references {u2} with no matching substitution',
    ],
  ];

  it.each(cases)('%s', (_name, messages, expected) => {
    const problems = checkMessages(messages);
    if (expected === null) expect(problems).toEqual([]);
    else expect(problems).toContain(expected);
  });
});

describe('assertMessages', () => {
  it('when every limit holds, then it returns', () => {
    expect(() => assertMessages([text('ok')])).not.toThrow();
  });

  it('when a limit is broken, then it throws a MessageLimitError naming the path and never the text', () => {
    const secret = 'บ้านเลขที่ 12 '.repeat(400);
    let caught: unknown;
    try {
      assertMessages([text(secret)]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MessageLimitError);
    expect((caught as MessageLimitError).problems).toEqual(['messages[0].text: longer than 5000 characters']);
    expect((caught as Error).message).not.toContain('บ้านเลขที่');
  });
});

describe('findLimitProblems', () => {
  it('when the body is not an array, then it says so instead of throwing', () => {
    expect(findLimitProblems({ nope: true })).toEqual([{ property: 'messages', message: 'must be an array of 1 to 5 messages' }]);
  });

  it('when fields are missing or mistyped, then it reports them instead of throwing', () => {
    expect(() => findLimitProblems([null, 7, { type: 'flex' }, { type: 'text', quickReply: { items: [null] } }])).not.toThrow();
  });
});

describe('JSON size of flex containers (bubble ≤ 30 KB, carousel ≤ 50 KB, counted in UTF-8 bytes as sent)', () => {
  const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');
  /** A bubble whose JSON is exactly `size` bytes, padded with `unit` (one character of `unitBytes` bytes). */
  const bubbleOf = (size: number, unit = 'a', unitBytes = 1): messagingApi.FlexBubble => {
    const make = (t: string): messagingApi.FlexBubble => ({
      type: 'bubble',
      body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: t, wrap: true }] },
    });
    const room = size - bytes(make(''));
    const b = make(unit.repeat(Math.floor(room / unitBytes)) + 'a'.repeat(room % unitBytes));
    expect(bytes(b)).toBe(size);
    return b;
  };

  it('when a bubble is 30,000 bytes, then it passes', () => {
    expect(checkMessages([flex(bubbleOf(30_000))])).toEqual([]);
  });

  it('when a bubble is 30,001 bytes, then it is rejected with its size and no text', () => {
    const problems = checkMessages([flex(bubbleOf(30_001))]);
    expect(problems).toEqual(['messages[0].contents: bubble JSON is 30001 bytes, more than 30000']);
  });

  it('when Thai text makes a bubble 10,100 characters but more than 30,000 bytes, then it is rejected', () => {
    const b = bubbleOf(30_100, 'ก', 3);
    expect(JSON.stringify(b).length).toBeLessThan(11_000);
    expect(checkMessages([flex(b)])).toContain('messages[0].contents: bubble JSON is 30100 bytes, more than 30000');
  });

  it('when a carousel of bubbles that each pass is more than 50,000 bytes, then the carousel is rejected', () => {
    const carousel: messagingApi.FlexCarousel = { type: 'carousel', contents: Array.from({ length: 12 }, () => bubbleOf(4_500)) };
    expect(bytes(carousel)).toBeGreaterThan(50_000);
    expect(checkMessages([flex(carousel)])).toEqual([`messages[0].contents: carousel JSON is ${bytes(carousel)} bytes, more than 50000`]);
  });

  it('when one bubble of a carousel is over 30,000 bytes, then that bubble is reported', () => {
    const carousel: messagingApi.FlexCarousel = { type: 'carousel', contents: [bubbleOf(1_000), bubbleOf(30_500)] };
    expect(checkMessages([flex(carousel)])).toEqual(['messages[0].contents.contents[1]: bubble JSON is 30500 bytes, more than 30000']);
  });

  it('when a carousel is 50,000 bytes, then it passes', () => {
    const probe: messagingApi.FlexCarousel = { type: 'carousel', contents: [bubbleOf(20_000), bubbleOf(20_000), bubbleOf(1_000)] };
    const carousel: messagingApi.FlexCarousel = { type: 'carousel', contents: [bubbleOf(20_000), bubbleOf(20_000), bubbleOf(1_000 + 50_000 - bytes(probe))] };
    expect(bytes(carousel)).toBe(50_000);
    expect(checkMessages([flex(carousel)])).toEqual([]);
  });
});
