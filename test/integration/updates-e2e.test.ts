import type { messagingApi } from '@line/bot-sdk';
import type { Actor } from '../../src/cases/types';
import { checkMessages } from '../../src/line/limits';
import { postbackEvent, textEvent } from '../helpers/line';
import { startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';
import { readable } from '../helpers/updates-fakes';

/**
 * Relay both ways through the whole service: signed webhooks in, the durable outbox, and the LINE
 * emulator out. Cases are opened through the case service (intake has its own tests).
 */

const GROUP = 'C0000000000000000000000000000duty';
const officer: Actor = { kind: 'officer', id: 'Uofficer0000000000000000000000001', name: 'สมศรี' };

let h: Harness;
let app: TestInstance;
let n = 0;
const newUser = () => `U${String(++n).padStart(31, '0')}e`;

beforeAll(async () => {
  h = await startHarness('updates-e2e');
  app = await h.instance({ env: { DUTY_GROUP_ID: GROUP } });
});

afterAll(async () => {
  await h.stop();
});

afterEach(() => {
  const problems = h.emulator.deliveries().flatMap((d) => checkMessages(d.messages));
  h.emulator.reset();
  expect(problems).toEqual([]);
});

async function openCase(userId: string): Promise<string> {
  const r = await app.service.cases.open(
    { channel: 'ess_help_me', reporterUserId: userId, problemTypes: ['family'] },
    { sourceId: `e2e-${userId}`, actor: { kind: 'reporter', id: userId }, now: new Date() },
  );
  return r.case.caseNumber;
}

const textsTo = (to: string) => h.emulator.messagesTo(to).map((m: messagingApi.Message) => readable(m));

it('when an officer relays a message, then the reporter receives it from LINE as a message from the center', async () => {
  const user = newUser();
  const no = await openCase(user);
  await app.service.cases.act(no, { type: 'relay', text: 'เจ้าหน้าที่จะโทรหาภายในวันนี้ค่ะ' }, officer, {
    entryId: `relay-${no}`,
    now: new Date(),
  });
  const got = await waitFor(
    () => textsTo(user).find((t) => t.includes('เจ้าหน้าที่จะโทรหาภายในวันนี้ค่ะ')),
    'the relayed message at the reporter',
  );
  expect(got).toEqual(expect.stringContaining('ข้อความจากศูนย์'));
});

// Least data by default (issue 10): for a non-urgent case in minimal mode the group reads one line, and
// the words through รายละเอียด.
it('when the reporter writes and picks their case, then the duty group is told there is more, without the words', async () => {
  const user = newUser();
  const no = await openCase(user);
  await app.post([textEvent({ userId: user, text: 'ลูกยังไม่กลับบ้านเลยค่ะ', replyToken: h.emulator.issueReplyToken(user) })]);
  await waitFor(() => textsTo(user).some((t) => t.includes(no)), 'the "which case?" question');
  await app.post([postbackEvent({ userId: user, data: `u:about:${no}`, replyToken: h.emulator.issueReplyToken(user) })]);
  await waitFor(() => textsTo(GROUP).find((t) => t.includes(`ผู้แจ้งส่งข้อมูลเพิ่ม ${no}`)), 'the reporter information notice in the duty group');
  expect(textsTo(GROUP).join('\n')).not.toContain('ลูกยังไม่กลับบ้านเลยค่ะ');
});
