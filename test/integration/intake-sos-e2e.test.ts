import { caseModel } from '../../src/cases/model';
import { ChatUser, wordsIn } from '../helpers/chat';
import { imageEvent } from '../helpers/line';
import { startHarness, type Harness, type TestInstance } from '../helpers/service';

/**
 * The urgent path end to end, through signed webhooks, the inbox, the router, the outbox and the
 * LINE emulator: what a person in danger sends is never lost, never answered "not understood", and
 * never opens a second case.
 */

const GROUP = 'Cdutygroup0000000000000000000sos1';
let h: Harness;
let app: TestInstance;

beforeAll(async () => {
  h = await startHarness('intake-sos-e2e');
  app = await h.instance({ env: { DUTY_GROUP_ID: GROUP } });
});
afterAll(async () => {
  await h.stop();
});

const groupWords = () => h.emulator.messagesTo(GROUP).map(wordsIn).join('\n');
const casesOf = (userId: string) => caseModel(app.conn).find({ reporterUserId: userId }).lean();

it('when SOS is asked without a pin and a place is typed, then the case and the duty group get the place, and nothing claims a pin', async () => {
  const person = new ChatUser(h, app, 'U-sos-nopin');
  await person.follow();
  await person.tap('ขอความช่วยเหลือด่วน');
  await person.tap('ไม่สะดวกปักหมุด');
  const opened = person.read();
  expect([opened.includes('ส่งถึงเจ้าหน้าที่เวรแล้ว'), opened.includes('tel:191') || JSON.stringify(person.newMessages()).includes('tel:191'), /ปักหมุดแล้ว|กำลังประสานทีม/.test(opened)]).toEqual([
    true,
    true,
    false,
  ]);
  await person.say('บ้านเลขที่ 45 หมู่ 6 หน้าวัดห้วยอ้อ อ.ลอง');
  expect(person.read()).toContain('ได้รับสถานที่แล้วค่ะ');
  const [c] = await casesOf('U-sos-nopin');
  // Stored as a case opened there stores its place (the case router): in the home center's province, so not out of area.
  expect(c?.location).toEqual({ address: 'บ้านเลขที่ 45 หมู่ 6 หน้าวัดห้วยอ้อ อ.ลอง', district: 'ลอง', districtCode: '5403', province: 'แพร่', outOfProvince: false });
  // The group's card after the typed place names its district (the card's wording is the duty feature's).
  const group = groupWords();
  expect([group.includes(c!.caseNumber), group.split(c!.caseNumber).some((part) => /อำเภอ\s*ลอง/.test(part))]).toEqual([true, true]);
});

it('when SOS comes by pin and a second pin, a text and a photo follow, then one case has all three and the person is answered each time', async () => {
  const person = new ChatUser(h, app, 'U-sos-more');
  await person.follow();
  await person.pin(18.1446, 100.1403, '123 ต.ในเวียง อ.เมืองแพร่ จ.แพร่ 54000 ประเทศไทย');
  await person.pin(18.0783, 99.8297);
  const afterPin = person.read();
  await person.say('ตอนนี้รออยู่หน้าบ้าน ประตูสีฟ้า');
  const afterText = person.read();
  await person.send(imageEvent({ userId: 'U-sos-more', messageId: 'img-e2e', replyToken: h.emulator.issueReplyToken('U-sos-more') }));
  const afterPhoto = person.read();
  const all = await casesOf('U-sos-more');
  expect({
    cases: all.length,
    infos: all[0]!.timeline.filter((e) => e.kind === 'reporter_info').map((e) => e.location?.lat ?? e.text ?? e.attachments?.[0]?.messageId),
    acknowledged: [afterPin, afterText, afterPhoto].map((r) => r.includes('อยู่ในเรื่องของคุณแล้ว') && !r.includes('ไม่เข้าใจ')),
  }).toEqual({ cases: 1, infos: [18.0783, 'ตอนนี้รออยู่หน้าบ้าน ประตูสีฟ้า', 'img-e2e'], acknowledged: [true, true, true] });
});
