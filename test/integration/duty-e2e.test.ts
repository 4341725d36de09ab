import request from 'supertest';
import type { messagingApi } from '@line/bot-sdk';
import { createEnrollCode } from '../../src/duty';
import { ChatUser, settle, wordsIn } from '../helpers/chat';
import { joinEvent, postbackEvent } from '../helpers/line';
import { startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';

/** The duty queue through signed webhooks, the LINE emulator and real timers. */

const ADMIN = 'test-admin-token-0123456789';
let h: Harness;
beforeAll(async () => {
  h = await startHarness('duty_e2e');
});
afterAll(async () => {
  await h.stop();
});

async function openCase(app: TestInstance, body: Record<string, unknown> = {}): Promise<string> {
  const res = await request(app.service.app)
    .post('/api/cases')
    .set('authorization', `Bearer ${ADMIN}`)
    .send({ channel: 'hotline_1300', problemTypes: ['income'], targetGroup: 'elderly', sex: 'male', location: { district: 'ลอง' }, details: 'ลุงอยู่คนเดียว', phone: '0812345678', ...body });
  expect(res.status).toBe(201);
  return res.body.caseNumber as string;
}

const mentionsEveryone = (m: messagingApi.Message) => m.type === 'textV2' && JSON.stringify(m).includes('"type":"all"');
const escalationsIn = (chat: string, caseNumber: string) =>
  h.emulator.messagesTo(chat).filter((m) => mentionsEveryone(m) && JSON.stringify(m).includes(caseNumber));

describe('group registration', () => {
  it('when the bot joins an unregistered group, then it says how to register, refuses a bad code and accepts a good one', async () => {
    const app = await h.instance();
    const group = 'Cregister00000000000000000000001';
    h.emulator.addGroupMember(group, 'U-admin', 'ผู้ดูแล');
    const admin = new ChatUser(h, app, 'U-admin', group);
    await admin.send(joinEvent({ groupId: group, replyToken: h.emulator.issueReplyToken(group) }));
    expect(admin.read()).toContain('ลงทะเบียนกลุ่ม');

    await admin.say('ลงทะเบียนกลุ่ม ZZZZ-9999');
    expect(admin.read()).toContain('รหัสลงทะเบียนไม่ถูกต้อง');

    const { code } = await createEnrollCode(app.conn, { role: 'both', ttlMinutes: 60, now: new Date() });
    await admin.say(`ลงทะเบียนกลุ่ม ${code}`);
    expect(admin.read()).toContain('ลงทะเบียนสำเร็จ');

    // A new case now reaches the registered group.
    const caseNumber = await openCase(app);
    await settle(app);
    expect(h.emulator.messagesTo(group).map(wordsIn).join('\n')).toContain(caseNumber);

    // The same code cannot register another group.
    const other = 'Cregister00000000000000000000002';
    h.emulator.addGroupMember(other, 'U-admin', 'ผู้ดูแล');
    const elsewhere = new ChatUser(h, app, 'U-admin', other);
    await elsewhere.say(`ลงทะเบียนกลุ่ม ${code}`);
    expect(elsewhere.read()).toContain('รหัสลงทะเบียนไม่ถูกต้อง');
    await app.stop();
  });

  it('when someone taps a case action in a 1:1 chat, then it is refused and the case is unchanged', async () => {
    const group = 'Cprivate000000000000000000000001';
    const app = await h.instance({ env: { DUTY_GROUP_ID: group } });
    const caseNumber = await openCase(app);
    const stranger = new ChatUser(h, app, 'U-stranger');
    await stranger.send(postbackEvent({ userId: 'U-stranger', data: `d:ack:${caseNumber}`, replyToken: h.emulator.issueReplyToken('U-stranger') }));
    expect(stranger.read()).toContain('ใช้ได้เฉพาะในกลุ่มเวร');
    expect((await app.service.cases.get(caseNumber))?.status).toBe('new');
    await app.stop();
  });
});

describe('least data in the group', () => {
  it('when an officer taps รายละเอียด on a minimal card, then phone and details go to their 1:1 chat, not the group', async () => {
    const group = 'Cdetails000000000000000000000001';
    h.emulator.addGroupMember(group, 'U-officer-d', 'วันดี');
    h.emulator.setProfile('U-officer-d', 'วันดี');
    const app = await h.instance({ env: { DUTY_GROUP_ID: group } });
    const caseNumber = await openCase(app);
    await settle(app);
    const groupText = () => h.emulator.messagesTo(group).map((m) => JSON.stringify(m)).join('\n');
    expect(groupText()).toContain(caseNumber);
    expect(groupText()).not.toContain('0812345678');
    expect(groupText()).not.toContain('ลุงอยู่คนเดียว');

    const officer = new ChatUser(h, app, 'U-officer-d', group);
    await officer.tap('รายละเอียด');
    const privately = h.emulator.messagesTo('U-officer-d').map((m) => JSON.stringify(m)).join('\n');
    expect(privately).toContain('0812345678');
    expect(privately).toContain('ลุงอยู่คนเดียว');
    expect(groupText()).not.toContain('0812345678');
    const stored = await app.service.cases.get(caseNumber);
    expect(stored?.timeline.some((e) => e.kind === 'details_viewed' && e.actor.id === 'U-officer-d')).toBe(true);
    await app.stop();
  });
});

describe('escalation', () => {
  const env = (group: string) => ({ DUTY_GROUP_ID: group, ESCALATION_GROUP_ID: 'Csupervisors00000000000000000001', ACK_SLA_NORMAL_MINUTES: '0.01', ESCALATION_MAX_ROUNDS: '2' });

  it('when nobody acknowledges and two instances run, then each round is announced once in the duty and supervisors groups', async () => {
    const group = 'Cescalate00000000000000000000001';
    const a = await h.instance({ env: env(group) });
    const b = await h.instance({ env: env(group) });
    const caseNumber = await openCase(a);
    await waitFor(() => escalationsIn(group, caseNumber).length >= 2, 'two escalation rounds');
    await new Promise((r) => setTimeout(r, 1500)); // a third round would be due by now
    await settle(a);
    expect(escalationsIn(group, caseNumber)).toHaveLength(2);
    expect(escalationsIn('Csupervisors00000000000000000001', caseNumber)).toHaveLength(2);
    const stored = await a.service.cases.get(caseNumber);
    expect(stored?.timeline.filter((e) => e.kind === 'escalated').map((e) => e.round)).toEqual([1, 2]);
    await a.stop();
    await b.stop();
  });

  it('when the app restarts before the deadline, then the escalation still fires, once', async () => {
    const group = 'Cescalate00000000000000000000002';
    const first = await h.instance({ env: { ...env(group), ACK_SLA_NORMAL_MINUTES: '0.06', ESCALATION_MAX_ROUNDS: '1' } });
    const caseNumber = await openCase(first);
    await settle(first);
    await first.stop();
    expect(escalationsIn(group, caseNumber)).toHaveLength(0);
    const second = await h.instance({ env: { ...env(group), ACK_SLA_NORMAL_MINUTES: '0.06', ESCALATION_MAX_ROUNDS: '1' } });
    await waitFor(() => escalationsIn(group, caseNumber).length >= 1, 'escalation after restart');
    await new Promise((r) => setTimeout(r, 1500));
    await settle(second);
    expect(escalationsIn(group, caseNumber)).toHaveLength(1);
    await second.stop();
  });

  it('when an officer acknowledges in time, then nothing is escalated', async () => {
    const group = 'Cescalate00000000000000000000003';
    h.emulator.addGroupMember(group, 'U-quick', 'ไวไว');
    const app = await h.instance({ env: { ...env(group), ACK_SLA_NORMAL_MINUTES: '0.02' } });
    const caseNumber = await openCase(app);
    await settle(app);
    await new ChatUser(h, app, 'U-quick', group).say(`รับเรื่อง ${caseNumber}`);
    await new Promise((r) => setTimeout(r, 2000));
    await settle(app);
    expect(escalationsIn(group, caseNumber)).toHaveLength(0);
    await app.stop();
  });
});
