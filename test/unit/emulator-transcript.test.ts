import { DELIVERIES_LIMIT, EmulatorState, TRANSCRIPT_LIMIT } from '../../src/sandbox/line-emulator/emulator-state';

const USER = `U${'a'.repeat(32)}`;
const GROUP = `C${'b'.repeat(32)}`;

/** Records one push of `n` text messages to `to`, as the push endpoint does after validating it. */
function push(state: EmulatorState, to: string, texts: string[]): void {
  state.record({ to, via: 'push', messages: texts.map((text) => ({ type: 'text', text })), at: new Date(state.now()), requestId: 'r' });
}

describe('the browser chat history', () => {
  it('when more messages were sent than the page keeps, then it shows the newest ones, oldest first, across the point where it wrapped', () => {
    const state = new EmulatorState(() => 0, 60_000);
    push(state, GROUP, ['to the group']);
    const sent = TRANSCRIPT_LIMIT + 15;
    for (let i = 0; i < sent; i += 5) push(state, USER, [0, 1, 2, 3, 4].map((k) => `m${i + k}`));

    const page = state.chat(USER);
    const texts = page.map((t) => (t.direction === 'out' && t.message.type === 'text' ? t.message.text : ''));
    expect(texts).toEqual(Array.from({ length: TRANSCRIPT_LIMIT }, (_, i) => `m${sent - TRANSCRIPT_LIMIT + i}`));
    expect(page.every((t, i) => i === 0 || t.seq === (page[i - 1]?.seq ?? 0) + 1)).toBe(true);
    expect(state.chat(USER, page[9]?.seq)).toEqual(page.slice(10));
    // The group's message was the oldest: gone from the page's history, not from the deliveries.
    expect([state.chatIds(), state.chat(GROUP), state.deliveries(GROUP)]).toEqual([[USER], [], [expect.objectContaining({ to: GROUP })]]);
  });

  it('when the history is not full, then it shows every message and inbound event in order, and reset forgets them', () => {
    const state = new EmulatorState(() => 0, 60_000);
    push(state, USER, ['a', 'b']);
    state.logInbound(USER, { type: 'unfollow', mode: 'active', timestamp: 0, webhookEventId: 'e', deliveryContext: { isRedelivery: false }, source: { type: 'user', userId: USER } });
    push(state, GROUP, ['c']);

    expect(state.chat(USER).map((t) => [t.seq, t.direction])).toEqual([[1, 'out'], [2, 'out'], [3, 'in']]);
    expect(state.chatIds()).toEqual([USER, GROUP]);
    state.reset();
    expect([state.chat(USER), state.chatIds()]).toEqual([[], []]);
  });
});

describe('a sandbox left running', () => {
  it('when more deliveries were made than it keeps, then the newest are kept, in order', () => {
    const state = new EmulatorState(() => 0, 60_000);
    const sent = DELIVERIES_LIMIT + 7;
    for (let i = 0; i < sent; i++) push(state, i === 0 ? GROUP : USER, [`d${i}`]);
    const kept = state.deliveries();
    expect(kept).toHaveLength(DELIVERIES_LIMIT);
    expect(kept[0]?.messages).toEqual([{ type: 'text', text: `d${sent - DELIVERIES_LIMIT}` }]);
    expect(kept.at(-1)?.messages).toEqual([{ type: 'text', text: `d${sent - 1}` }]);
    expect(state.deliveries(GROUP)).toEqual([]);
  });

  it('when reply tokens go unused past their lifetime, then they are dropped, and a fresh one still answers', () => {
    let now = 0;
    const state = new EmulatorState(() => now, 60_000);
    const stale = Array.from({ length: 500 }, () => state.issueReplyToken(USER));
    now = 61_000;
    const fresh = Array.from({ length: 1500 }, () => state.issueReplyToken(USER));
    expect(state.replyTarget(stale[0]!)).toBeUndefined();
    expect(state.replyTarget(fresh.at(-1)!)).toBe(USER);
    // The stale 500 are gone; of the fresh ones none was dropped.
    expect(state.held().replyTokens).toBe(1500);
  });
});
