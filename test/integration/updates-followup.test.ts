import type { messagingApi } from '@line/bot-sdk';
import { imageEvent, postbackEvent, stickerEvent, textEvent } from '../helpers/line';
import { ChatUser, settle, wordsIn } from '../helpers/chat';
import { startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';
import { checkMessages } from '../../src/line/limits';

/**
 * One open urgent case per person, through the signed webhook, the inbox, the router and
 * the LINE emulator: what a person sends after an SOS is attached to that case and acknowledged in
 * their chat; it never opens a second case. (The group side is the duty feature's.)
 */

const GROUP = 'C0000000000000000000000000000duty';
let h: Harness;
let app: TestInstance;

beforeAll(async () => {
  h = await startHarness('updates-followup');
  // A long SLA: the check-in has its own test file and must not interleave here.
  app = await h.instance({ env: { DUTY_GROUP_ID: GROUP, ACK_SLA_URGENT_MINUTES: '600' } });
});

afterAll(async () => {
  await h.stop();
});

afterEach(() => {
  const problems = h.emulator.deliveries().flatMap((d) => checkMessages(d.messages));
  expect(problems).toEqual([]);
});

const casesOf = async (userId: string) => (await app.service.cases.casesOfReporter(userId, 12)).cases;

/** SOS by pin, then "done" to the optional questions (during them the intake conversation answers). */
async function sosByPin(person: ChatUser): Promise<string> {
  await person.follow();
  await person.pin(18.0783, 99.8297, 'ต.ห้วยอ้อ อ.ลอง จ.แพร่ 54150 ประเทศไทย');
  const caseNumber = /PHR-25\d\d-\d{4}/.exec(person.read())?.[0];
  if (!caseNumber) throw new Error('no case number after the SOS pin');
  await person.tap('จบการตอบ');
  return caseNumber;
}

it('when a person sends a second pin, words and a photo after an SOS by pin, then one case holds all three and each was acknowledged', async () => {
  const person = new ChatUser(h, app, 'U-followup-1');
  const caseNumber = await sosByPin(person);

  await person.pin(18.1446, 100.1403, 'ต.ในเวียง อ.เมืองแพร่ จ.แพร่ 54000 ประเทศไทย');
  const afterPin = person.read();
  await person.say('ตอนนี้รออยู่หน้าบ้านค่ะ');
  const afterWords = person.read();
  await person.send(imageEvent({ userId: person.userId, messageId: '880001', replyToken: h.emulator.issueReplyToken(person.userId) }));
  const afterPhoto = person.read();

  const all = await casesOf(person.userId);
  const c = all[0]!;
  const info = c.timeline.filter((e) => e.kind === 'reporter_info');
  expect({
    cases: all.map((x) => x.caseNumber),
    info: info.map((e) => ({ text: e.text, attachments: e.attachments, district: e.location?.district })),
    place: c.location?.district,
    history: c.locationHistory?.map((l) => l.district),
  }).toEqual({
    cases: [caseNumber],
    info: [
      { text: undefined, attachments: undefined, district: 'เมืองแพร่' },
      { text: 'ตอนนี้รออยู่หน้าบ้านค่ะ', attachments: undefined, district: undefined },
      { text: undefined, attachments: [{ messageId: '880001', type: 'image' }], district: undefined },
    ],
    place: 'เมืองแพร่',
    history: ['ลอง', 'เมืองแพร่'],
  });
  expect([afterPin, afterWords, afterPhoto]).toEqual([
    `ได้รับตำแหน่งใหม่แล้วค่ะ บันทึกไว้ในเรื่อง ${caseNumber} และแจ้งเจ้าหน้าที่แล้ว\n📍 ส่งตำแหน่ง\nโทร 191 ตำรวจ\nโทร 1300 พม.`,
    `ได้รับแล้วค่ะ บันทึกไว้ในเรื่อง ${caseNumber} และแจ้งเจ้าหน้าที่แล้ว\n📍 ส่งตำแหน่ง\nโทร 191 ตำรวจ\nโทร 1300 พม.`,
    `ได้รับแล้วค่ะ บันทึกไว้ในเรื่อง ${caseNumber} และแจ้งเจ้าหน้าที่แล้ว\n📍 ส่งตำแหน่ง\nโทร 191 ตำรวจ\nโทร 1300 พม.`,
  ]);
});

it('when a person with an open urgent case taps SOS again or types ช่วยด้วย, then no second case opens and the officers are told again', async () => {
  const person = new ChatUser(h, app, 'U-followup-2');
  const caseNumber = await sosByPin(person);
  await person.send(postbackEvent({ userId: person.userId, data: 'i:sos', replyToken: h.emulator.issueReplyToken(person.userId) }));
  const afterTap = person.read();
  await person.say('ช่วยด้วย');
  const all = await casesOf(person.userId);
  expect({
    cases: all.map((x) => x.caseNumber),
    words: all[0]!.timeline.filter((e) => e.kind === 'reporter_info').map((e) => e.text),
    told: afterTap.includes(`เรื่องด่วน ${caseNumber} ของคุณส่งถึงเจ้าหน้าที่เวรแล้ว และแจ้งซ้ำให้แล้วค่ะ`),
  }).toEqual({ cases: [caseNumber], words: ['ขอความช่วยเหลือด่วน', 'ช่วยด้วย'], told: true });
});

it('when a person with an open urgent case sends a sticker, then it is recorded as a sign of life and acknowledged', async () => {
  const person = new ChatUser(h, app, 'U-followup-3');
  const caseNumber = await sosByPin(person);
  await person.send(stickerEvent({ userId: person.userId, replyToken: h.emulator.issueReplyToken(person.userId) }));
  const c = (await casesOf(person.userId))[0]!;
  expect([c.timeline.filter((e) => e.kind === 'reporter_info').map((e) => e.sticker), person.read().split('\n')[0]]).toEqual([
    [true],
    `ได้รับแล้วค่ะ บันทึกไว้ในเรื่อง ${caseNumber} และแจ้งเจ้าหน้าที่แล้ว`,
  ]);
});

it('when nothing a person sent after the SOS was answered "not understood", then the chat never shows it', async () => {
  const person = new ChatUser(h, app, 'U-followup-4');
  await sosByPin(person);
  await person.pin(18.15, 100.14);
  await person.say('มีคนเจ็บ 2 คน');
  const told = person.allMessages().map(wordsIn).join('\n');
  expect(told.includes('ไม่เข้าใจ')).toBe(false);
});

it('when a person whose case was closed sends a pin, then a new SOS opens (the pin is not attached to a closed case)', async () => {
  const person = new ChatUser(h, app, 'U-followup-5');
  const first = await sosByPin(person);
  const officer = { kind: 'officer' as const, id: 'U-officer-x', name: 'สมศรี' };
  await app.service.cases.act(first, { type: 'acknowledge' }, officer, { entryId: `ack-${first}`, now: new Date() });
  await app.service.cases.act(first, { type: 'close', outcome: 'resolved', note: 'ช่วยแล้ว' }, officer, { entryId: `close-${first}`, now: new Date() });
  await person.pin(18.0783, 99.8297);
  const all = await casesOf(person.userId);
  expect(all.length).toBe(2);
});

describe('a case merged into another', () => {
  /** An officer in the duty group types `รวม <copy> <main>` (duty's command), as LINE would deliver it. */
  async function merge(copy: string, into: string) {
    const res = await app.post([textEvent({ userId: 'U-officer-m', groupId: GROUP, text: `รวม ${copy} ${into}` })]);
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    await settle(app);
  }

  it('when the reporter\'s copy is merged, then their chat says which case carries on, asks no rating, and tracking points there', async () => {
    const person = new ChatUser(h, app, 'U-merged-1');
    await person.follow();
    const open = (sourceId: string) =>
      app.service.cases.open(
        { channel: 'ess_help_me', reporterUserId: person.userId, problemTypes: ['violence'], sos: true },
        { sourceId, actor: { kind: 'reporter', id: person.userId }, now: new Date() },
      );
    const main = (await open('merge-main')).case.caseNumber;
    const copy = (await open('merge-copy')).case.caseNumber;
    await merge(copy, main);
    const update = await waitFor(
      () => h.emulator.messagesTo(person.userId).find((m: messagingApi.Message) => wordsIn(m).includes(`เรื่องของคุณรวมกับเรื่อง ${main} แล้ว`)),
      'the merged update',
    );
    await person.say('ติดตามเรื่อง');
    const tracking = JSON.stringify(person.newMessages());
    const delivered = JSON.stringify(h.emulator.messagesTo(person.userId));
    expect({
      carriesOn: wordsIn(update).includes(`เจ้าหน้าที่ดำเนินการต่อในเรื่อง ${main}`),
      rating: delivered.includes('u:rate:'),
      trackingViewsCopy: tracking.includes(`u:case:${copy}`),
      trackingSaysMerged: tracking.includes(`รวมกับเรื่อง ${main} แล้ว`),
      mainSaysMergedFrom: tracking.includes(`รวมเรื่อง ${copy} เข้ามา`),
    }).toEqual({ carriesOn: true, rating: false, trackingViewsCopy: false, trackingSaysMerged: true, mainSaysMergedFrom: true });
  });
});
