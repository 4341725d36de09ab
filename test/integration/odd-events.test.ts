import type { webhook } from '@line/bot-sdk';
import { inboxModel } from '../../src/inbox/inbox';
import { settle } from '../helpers/chat';
import { leaveEvent, memberLeftEvent, postbackEvent, textEvent } from '../helpers/line';
import { startHarness, type Harness, type TestInstance } from '../helpers/service';

/** Events the bot has no use for must be accepted, processed quietly, and never break anything. */

let h: Harness;
let app: TestInstance;
beforeAll(async () => {
  h = await startHarness('odd_events');
  app = await h.instance({ env: { DUTY_GROUP_ID: 'Coddgroup0000000000000000000000001' } });
});
afterAll(async () => {
  await h.stop();
});

const base = (id: string) => ({
  mode: 'active' as const,
  timestamp: Date.now(),
  webhookEventId: `01ODD${id.padEnd(21, '0').toUpperCase()}`,
  deliveryContext: { isRedelivery: false },
});
const user = (userId: string) => ({ type: 'user' as const, userId });

const quiet: Array<[string, webhook.Event, string]> = [
  ['unsend', { type: 'unsend', ...base('unsend'), source: user('U-odd-1'), unsend: { messageId: '1' } } as webhook.Event, 'U-odd-1'],
  ['videoPlayComplete', { type: 'videoPlayComplete', ...base('video'), source: user('U-odd-2'), replyToken: 'x', videoPlayComplete: { trackingId: 't' } } as webhook.Event, 'U-odd-2'],
  ['an unknown future event type', { type: 'somethingNew', ...base('future'), source: user('U-odd-3') } as unknown as webhook.Event, 'U-odd-3'],
  ['leave (bot removed from a group)', leaveEvent({ groupId: 'Coddgroup0000000000000000000000002' }), 'Coddgroup0000000000000000000000002'],
  ['memberLeft', memberLeftEvent({ groupId: 'Coddgroup0000000000000000000000001', userIds: ['U-gone'] }), 'Coddgroup0000000000000000000000001'],
];

describe('events the bot does not act on', () => {
  it.each(quiet)('when LINE sends %s, then it is accepted, processed and nobody is messaged', async (_name, event, chat) => {
    const res = await app.post([event]);
    expect(res.status).toBe(200);
    await settle(app);
    expect((await inboxModel(app.conn).findById(event.webhookEventId).lean())?.status).toBe('done');
    expect(h.emulator.messagesTo(chat)).toEqual([]);
  });
});

describe('input the bot does not expect', () => {
  it('when a postback carries data the bot never made, then the person gets the main menu, not an error', async () => {
    const e = postbackEvent({ userId: 'U-odd-4', data: 'zz:forged:data', replyToken: h.emulator.issueReplyToken('U-odd-4') });
    expect((await app.post([e])).status).toBe(200);
    await settle(app);
    expect((await inboxModel(app.conn).findById(e.webhookEventId).lean())?.status).toBe('done');
    expect(JSON.stringify(h.emulator.messagesTo('U-odd-4'))).toContain('แจ้งเหตุ');
  });

  it('when a text of 5,000 characters arrives with nothing in progress, then the person gets the main menu', async () => {
    const e = textEvent({ userId: 'U-odd-5', text: 'ก'.repeat(5000), replyToken: h.emulator.issueReplyToken('U-odd-5') });
    expect((await app.post([e])).status).toBe(200);
    await settle(app);
    expect(JSON.stringify(h.emulator.messagesTo('U-odd-5'))).toContain('แจ้งเหตุ');
  });

  it('when ordinary chatter is typed in the duty group, then the bot stays silent', async () => {
    const group = 'Coddgroup0000000000000000000000001';
    const before = h.emulator.messagesTo(group).length;
    await app.post([textEvent({ userId: 'U-chatter', groupId: group, text: 'กินข้าวยังครับ' })]);
    await settle(app);
    expect(h.emulator.messagesTo(group)).toHaveLength(before);
  });
});
