import type { messagingApi } from '@line/bot-sdk';
import { ChatUser, wordsIn } from '../helpers/chat';
import { startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';
import { checkMessages } from '../../src/line/limits';
import { timerModel } from '../../src/timers/timers';
import type { TranscriptItem } from '../../src/sandbox/line-emulator';

/**
 * "Still safe?" through the whole service: the durable timer, the outbox, the LINE
 * emulator, and the answer coming back as a signed postback. The urgent SLA is shortened to 1.2 s
 * (check-in at 0.6 s) with one round, so the test waits on events, never on a clock.
 */

const GROUP = 'C0000000000000000000000000000duty';
const QUESTION = 'ยังปลอดภัยไหมคะ';
let h: Harness;
let app: TestInstance;

beforeAll(async () => {
  h = await startHarness('updates-checkin');
  app = await h.instance({ env: { DUTY_GROUP_ID: GROUP, ACK_SLA_URGENT_MINUTES: '0.02', ESCALATION_MAX_ROUNDS: '1' } });
});

afterAll(async () => {
  await h.stop();
});

afterEach(() => {
  expect(h.emulator.deliveries().flatMap((d) => checkMessages(d.messages))).toEqual([]);
});

const questionsTo = (userId: string) =>
  h.emulator.messagesTo(userId).filter((m: messagingApi.Message) => wordsIn(m).includes(QUESTION));

async function sos(person: ChatUser): Promise<string> {
  await person.follow();
  await person.pin(18.0783, 99.8297, 'ต.ห้วยอ้อ อ.ลอง จ.แพร่ 54150 ประเทศไทย');
  const caseNumber = /PHR-25\d\d-\d{4}/.exec(person.read())?.[0];
  if (!caseNumber) throw new Error('no case number after the SOS pin');
  return caseNumber;
}

const checkins = async (caseNumber: string) =>
  (await app.service.cases.get(caseNumber))!.timeline.filter((e) => e.kind === 'checkin').map((e) => ({ safe: e.safe, public: e.public }));

it('when an urgent case waits past half its SLA, then the reporter is asked once, even as the case changes and escalates', async () => {
  const person = new ChatUser(h, app, 'U-checkin-1');
  const caseNumber = await sos(person);
  // An answer to a follow-up question changes the case (and runs the listeners) while it waits.
  await person.tap(/ครอบครัว/);
  await waitFor(() => questionsTo(person.userId).length > 0, 'the check-in question');
  // The escalation is due at the full SLA, after the check-in: once it is on the case, the check-in round is over.
  await waitFor(async () => (await app.service.cases.get(caseNumber))!.timeline.some((e) => e.kind === 'escalated'), 'the escalation');
  const [q] = questionsTo(person.userId);
  expect([questionsTo(person.userId).length, wordsIn(q!).includes(`เรื่องด่วน ${caseNumber} ส่งถึงเจ้าหน้าที่เวรแล้ว และยังรอเจ้าหน้าที่รับเรื่อง`)]).toEqual([1, true]);
});

it('when the reporter answers "ไม่ปลอดภัย", then it is recorded once (not public) and 191 is shown at once', async () => {
  const person = new ChatUser(h, app, 'U-checkin-2');
  const caseNumber = await sos(person);
  await waitFor(() => questionsTo(person.userId).length > 0, 'the check-in question');
  await person.tap('ไม่ปลอดภัย');
  const shown = person.newMessages();
  await person.tap('ไม่ปลอดภัย');
  expect({
    recorded: await checkins(caseNumber),
    call: shown.some((m) => JSON.stringify(m).includes('"uri":"tel:191"')),
    words: shown.map(wordsIn).join('\n').includes('แจ้งเจ้าหน้าที่เวรแล้วว่าคุณไม่ปลอดภัย'),
  }).toEqual({ recorded: [{ safe: false, public: false }], call: true, words: true });
});

it('when the reporter answers "ปลอดภัย", then it is noted on the timeline and they are thanked', async () => {
  const person = new ChatUser(h, app, 'U-checkin-3');
  const caseNumber = await sos(person);
  await waitFor(() => questionsTo(person.userId).length > 0, 'the check-in question');
  await person.tap('ปลอดภัย');
  expect([await checkins(caseNumber), person.read().startsWith('ขอบคุณที่แจ้งค่ะ')]).toEqual([[{ safe: true, public: false }], true]);
});

it('when an officer acknowledges before half the SLA, then the reporter is never asked', async () => {
  const person = new ChatUser(h, app, 'U-checkin-4');
  // Timers held until the officer has acknowledged, however slow the machine: the order is what is tested.
  await app.service.timers.queue.stop();
  const caseNumber = await sos(person);
  const officer = { kind: 'officer' as const, id: 'U-officer-1', name: 'สมศรี' };
  await app.service.cases.act(caseNumber, { type: 'acknowledge' }, officer, { entryId: `ack-${caseNumber}`, now: new Date() });
  app.service.timers.queue.start();
  const timers = timerModel(app.conn);
  await waitFor(async () => (await timers.findById(`checkin:${caseNumber}:0.1`).lean())?.status === 'done', 'the check-in timer to fire');
  expect(questionsTo(person.userId)).toEqual([]);
});

it('when the check-in is pushed, then it goes without sound (notificationDisabled), as the emulator records and shows', async () => {
  const person = new ChatUser(h, app, 'U-checkin-5');
  await sos(person);
  await waitFor(() => questionsTo(person.userId).length > 0, 'the check-in question');
  const asked = h.emulator.deliveries(person.userId).filter((d) => d.messages.some((m) => wordsIn(m).includes(QUESTION)));
  // What the browser chat polls: the transcript marks the silent push.
  const res = await fetch(`${h.emulator.url}/__emulator/messages?to=${person.userId}`);
  const { items } = (await res.json()) as { items: TranscriptItem[] };
  const shown = items.filter((t) => t.direction === 'out' && wordsIn(t.message).includes(QUESTION));
  expect({
    via: asked.map((d) => [d.via, d.notificationDisabled]),
    shown: shown.map((t) => t.direction === 'out' && t.silent),
  }).toEqual({ via: [['push', true]], shown: [true] });
});
