import { EmulatorState, TRANSCRIPT_LIMIT } from '../../src/sandbox/line-emulator/emulator-state';

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
