import { dutyPostback } from '../../src/duty/commands';
import { checkMessages } from '../../src/line/limits';
import { bkk, openCase, startDutyWorld, type DutyWorld } from '../helpers/duty-fakes';
import { postbackEvent } from '../helpers/line';

const GROUP = 'Cduty0000000000000000000000000002';
const A = 'Uofficer_a0000000000000000000002';
const STRANGER = 'Unotfriend00000000000000000000002';
const T0 = bkk('10:00');
const tap = (data: string, userId = A) => postbackEvent({ groupId: GROUP, userId, data, timestamp: T0.getTime() + 60_000 });

describe('with minimal cards', () => {
  let w: DutyWorld;
  beforeAll(async () => {
    w = await startDutyWorld('duty_details', { DUTY_GROUP_ID: GROUP });
    w.profiles.names.set(A, 'สมหญิง');
    w.profiles.names.set(STRANGER, 'คนใหม่');
    w.profiles.notFriends.add(STRANGER);
  });
  afterAll(() => w.stop());
  beforeEach(() => w.outbox.clear());

  test('when รายละเอียด is tapped, then the phone and details go privately to the officer', async () => {
    const c = await openCase(w, T0, { phone: '0861112222', details: 'ผู้สูงอายุถูกทิ้งไว้ลำพัง' });
    await w.send(tap(dutyPostback.details(c.caseNumber)));
    const s = JSON.stringify(w.outbox.messagesTo(A));
    expect([s.includes('0861112222'), s.includes('ผู้สูงอายุถูกทิ้งไว้ลำพัง')]).toEqual([true, true]);
  });

  test('when รายละเอียด is tapped, then the group does not see the phone', async () => {
    const c = await openCase(w, T0, { phone: '0861112222' });
    await w.send(tap(dutyPostback.details(c.caseNumber)));
    expect(JSON.stringify(w.outbox.messagesTo(GROUP))).not.toContain('0861112222');
  });

  test('when details are sent, then every message fits LINE limits', async () => {
    const c = await openCase(w, T0);
    await w.send(tap(dutyPostback.details(c.caseNumber)));
    expect(w.outbox.items.flatMap((i) => checkMessages(i.messages))).toEqual([]);
  });

  test('when details are viewed, then the access is recorded in the timeline', async () => {
    const c = await openCase(w, T0);
    await w.send(tap(dutyPostback.details(c.caseNumber)));
    expect((await w.cases.get(c.caseNumber))?.timeline.find((e) => e.kind === 'details_viewed')).toMatchObject({
      public: false,
      actor: { kind: 'officer', id: A },
    });
  });

  test('when the officer is not a friend of the OA, then the group mentions them to add it first', async () => {
    const c = await openCase(w, T0);
    const e = tap(dutyPostback.details(c.caseNumber), STRANGER);
    await w.send(e);
    expect(w.outbox.items.find((i) => i.id.startsWith(`${e.webhookEventId}:r`))?.messages[0]).toMatchObject({
      type: 'textV2',
      text: expect.stringContaining('เพิ่มบัญชีนี้เป็นเพื่อน'),
      substitution: { u: { mentionee: { type: 'user', userId: STRANGER } } },
    });
  });

  test('when the officer is not a friend of the OA, then nothing is sent privately', async () => {
    const c = await openCase(w, T0);
    await w.send(tap(dutyPostback.details(c.caseNumber), STRANGER));
    expect(w.outbox.to(STRANGER)).toHaveLength(0);
  });

  test('when the reporter sent an attachment, then the private details name where to fetch it', async () => {
    const c = await openCase(w, T0, { attachments: [{ messageId: '424242', type: 'image' }] });
    await w.send(tap(dutyPostback.details(c.caseNumber)));
    expect(JSON.stringify(w.outbox.messagesTo(A))).toContain(`/api/cases/${c.caseNumber}/attachments/424242`);
  });
});

describe('with full cards', () => {
  let w: DutyWorld;
  beforeAll(async () => {
    w = await startDutyWorld('duty_details_full', { DUTY_GROUP_ID: GROUP, GROUP_CARD_DETAIL: 'full' });
    w.profiles.names.set(A, 'สมหญิง');
  });
  afterAll(() => w.stop());
  beforeEach(() => w.outbox.clear());

  test('when รายละเอียด is tapped, then the details are answered in the group', async () => {
    const c = await openCase(w, T0, { phone: '0863334444' });
    const e = tap(dutyPostback.details(c.caseNumber));
    await w.send(e);
    const reply = w.outbox.items.find((i) => i.id.startsWith(`${e.webhookEventId}:r`));
    expect([reply?.to, JSON.stringify(reply?.messages).includes('0863334444')]).toEqual([GROUP, true]);
  });
});
