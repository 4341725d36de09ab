import type { messagingApi } from '@line/bot-sdk';
import { ChatUser, wordsIn } from '../helpers/chat';
import { startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';
import { checkMessages } from '../../src/line/limits';

/**
 * Two people report the same emergency; the officers merge the copy into the main case. The copy's
 * reporter then hears the main case's lifecycle (never what belongs to the other reporter), and
 * "ติดตามเรื่อง" answers with the main case. Through the whole service, the outbox and the emulator.
 */

const GROUP = 'C0000000000000000000000000merged';
const officer = { kind: 'officer' as const, id: 'U-officer-merge', name: 'สมศรี' };
let h: Harness;
let app: TestInstance;
let n = 0;

beforeAll(async () => {
  h = await startHarness('updates-merged');
  app = await h.instance({ env: { DUTY_GROUP_ID: GROUP } });
});
afterAll(async () => {
  await h.stop();
});
afterEach(() => {
  expect(h.emulator.deliveries().flatMap((d) => checkMessages(d.messages))).toEqual([]);
});

async function sos(person: ChatUser): Promise<string> {
  await person.follow();
  await person.pin(18.0783, 99.8297, 'ต.ห้วยอ้อ อ.ลอง จ.แพร่ 54150 ประเทศไทย');
  const caseNumber = /PHR-25\d\d-\d{4}/.exec(person.read())?.[0];
  if (!caseNumber) throw new Error('no case number after the SOS pin');
  return caseNumber;
}

const act = async (caseNumber: string, action: Parameters<TestInstance['service']['cases']['act']>[1]) => {
  const r = await app.service.cases.act(caseNumber, action, officer, { entryId: `merged-test-${++n}`, now: new Date() });
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
};

/** The copy merged into the main case as the duty feature does it (close the copy, note it on the main). */
async function merge(copy: string, main: string): Promise<void> {
  await act(copy, { type: 'merge', into: main });
  await act(main, { type: 'merged_from', from: copy });
}

const saidTo = (userId: string) => h.emulator.messagesTo(userId).map((m: messagingApi.Message) => wordsIn(m)).join('\n');

async function twoReports(tag: string) {
  const first = new ChatUser(h, app, `U-merge-main-${tag}`);
  const second = new ChatUser(h, app, `U-merge-copy-${tag}`);
  const main = await sos(first);
  const copy = await sos(second);
  await merge(copy, main);
  return { first, second, main, copy };
}

it('when the main case is acknowledged and closed, then the copy\'s reporter hears both, with the outcome', async () => {
  const { second, main, copy } = await twoReports('a');
  await act(main, { type: 'acknowledge' });
  await waitFor(() => saidTo(second.userId).includes(`เจ้าหน้าที่รับเรื่องด่วน ${main} ที่รวมเรื่องของคุณไว้แล้ว`), 'the acknowledgement to the copy\'s reporter');
  await act(main, { type: 'close', outcome: 'resolved', note: 'ช่วยคุณสมชายออกมาแล้ว' });
  await waitFor(() => saidTo(second.userId).includes(`เรื่อง ${main} ที่รวมเรื่องของคุณไว้ ปิดแล้ว`), 'the close to the copy\'s reporter');
  const said = saidTo(second.userId);
  expect({
    names: said.includes(`เรื่อง ${copy} ที่คุณแจ้งไว้ รวมอยู่ในเรื่อง ${main}`),
    // The notification preview names their own number beside the main one.
    preview: said.includes(`เรื่อง ${copy} ของคุณ (รวมกับเรื่อง ${main}): ปิดเรื่องแล้ว`),
    // Never the main case's steps as if they were "your case" alone.
    generic: ['เจ้าหน้าที่รับเรื่องด่วนของคุณแล้ว', 'เรื่องของคุณปิดแล้ว'].filter((w) => said.includes(w)),
    outcome: said.includes('ช่วยเหลือแล้ว') || said.includes('ปิดเรื่อง:'),
    // The closing note was written to the other reporter: never shown to this one.
    note: said.includes('สมชาย'),
  }).toEqual({ names: true, preview: true, generic: [], outcome: true, note: false });
});

it('when an officer relays a message on the main case, then only its own reporter gets it', async () => {
  const { first, second, main } = await twoReports('b');
  await act(main, { type: 'acknowledge' });
  await act(main, { type: 'relay', text: 'คุณสมชายคะ ทีมกำลังไปที่บ้านเลขที่ 9' });
  await waitFor(() => saidTo(first.userId).includes('ทีมกำลังไปที่บ้านเลขที่ 9'), 'the relay to the main reporter');
  await act(main, { type: 'start' });
  await waitFor(() => saidTo(second.userId).includes(`เรื่อง ${main} ที่รวมเรื่องของคุณไว้ กำลังดำเนินการ`), 'the next step to the copy\'s reporter');
  expect(saidTo(second.userId).includes('บ้านเลขที่ 9')).toBe(false);
});

it('when the copy\'s reporter types ติดตามเรื่อง, then the answer points at the main case, which they may see', async () => {
  const { second, main, copy } = await twoReports('c');
  await act(main, { type: 'acknowledge' });
  // The SOS follow-up questions end first, so the words are not taken as an answer.
  await second.tap('จบการตอบ');
  second.newMessages();
  await second.say('ติดตามเรื่อง');
  const tracking = JSON.stringify(second.newMessages());
  await second.say(main);
  const view = second.read();
  expect({
    points: tracking.includes(`u:case:${main}`),
    view: view.includes(`เรื่อง ${copy} ที่คุณแจ้งไว้ รวมอยู่ในเรื่อง ${main}`) && view.includes('เจ้าหน้าที่รับเรื่องแล้ว'),
    notFound: view.includes('ไม่พบเรื่องเลขที่นี้'),
  }).toEqual({ points: true, view: true, notFound: false });
});

it('when the main case\'s updates reach the copy\'s reporter of an urgent case, then they are silent', async () => {
  const { second, main } = await twoReports('d');
  await act(main, { type: 'acknowledge' });
  const title = `เจ้าหน้าที่รับเรื่องด่วน ${main} ที่รวมเรื่องของคุณไว้แล้ว`;
  await waitFor(() => saidTo(second.userId).includes(title), 'the acknowledgement');
  const d = h.emulator.deliveries(second.userId).filter((x) => x.messages.some((m) => wordsIn(m).includes(title)));
  expect(d.map((x) => [x.via, x.notificationDisabled])).toEqual([['push', true]]);
});
