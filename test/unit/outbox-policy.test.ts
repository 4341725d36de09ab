import { MessageLimitError } from '../../src/line/limits';
import { LineApiError } from '../../src/line/messenger';
import { outboxBackoff, settleFailedReply } from '../../src/outbox/outbox';

describe('settleFailedReply: what a failed reply means', () => {
  const http = (status: number, lineMessage?: string) => new LineApiError('reply', 'http', { status, lineMessage });
  const cases: Array<[string, unknown, boolean, string]> = [
    ['"Invalid reply token" after an earlier try: the earlier one used it', http(400, 'Invalid reply token'), true, 'delivered'],
    ['"Invalid reply token" on the first try: nothing went out, push', http(400, 'Invalid reply token'), false, 'push'],
    ['a timeout: unknown, try the same token again', new LineApiError('reply', 'timeout', { timeoutMs: 1 }), false, 'retry-reply'],
    ['a network error: unknown, try the same token again', new LineApiError('reply', 'network'), true, 'retry-reply'],
    ['500: unknown, try the same token again', http(500), false, 'retry-reply'],
    ['429: not taken, try the same token again', http(429), false, 'retry-reply'],
    ['another 400: the reply surely failed, push', http(400, 'The request body has 1 error(s)'), false, 'push'],
    ['403: the reply surely failed, push', http(403), true, 'push'],
    ['a message over LINE limits: park', new MessageLimitError(['messages[0].text: longer than 5000 characters']), false, 'park'],
  ];
  it.each(cases)('%s', (_name, err, triedBefore, verdict) => {
    expect(settleFailedReply(err, triedBefore)).toBe(verdict);
  });

  it('when the failure is not LINE\'s (e.g. the database), then it is rethrown for the queue to retry', () => {
    const db = new Error('database unavailable');
    expect(() => settleFailedReply(db, false)).toThrow(db);
  });
});

describe('outboxBackoff: quick first retries, low ceiling for groups', () => {
  const backoff = outboxBackoff(250, 60_000, 10_000);
  const max = (key: string, attempts: number) => Math.max(...Array.from({ length: 50 }, () => backoff(attempts, { key })));

  it('when a push first fails, then the retry comes within half a second, for users and groups alike', () => {
    expect(max('U1', 1)).toBeLessThanOrEqual(325);
    expect(max('C1', 1)).toBeLessThanOrEqual(325);
  });

  it('when a group push keeps failing, then no wait exceeds 10 s (plus jitter), however many attempts', () => {
    for (const n of [5, 10, 20, 100]) expect(max('C-group', n)).toBeLessThanOrEqual(13_000);
    expect(max('R-room', 30)).toBeLessThanOrEqual(13_000);
  });

  it('when a 1:1 push keeps failing, then it backs off further, up to a minute', () => {
    expect(max('U-user', 20)).toBeGreaterThan(13_000);
    expect(max('U-user', 20)).toBeLessThanOrEqual(78_000);
  });
});
