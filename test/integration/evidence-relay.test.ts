import { createHash, randomBytes } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import request from 'supertest';
import { createApiKeyStore } from '../../src/centers/keys';
import { ChatUser, settle, wordsIn } from '../helpers/chat';
import { imageEvent } from '../helpers/line';
import { FAST, startHarness, type Harness, type TestInstance } from '../helpers/service';

/**
 * Evidence both ways (issue 14): an officer's photo from the duty group reaches the reporter through
 * the case — relayed after `ตอบ <เลขที่>`, or as the "after" photo of a close — stored in GridFS as the
 * case's evidence first, and sent as a LINE image message on a link signed for the reporter.
 */

const GROUP = 'Cdutygroup00000000000000000relay1';
const OFFICER = 'Uofficer00000000000000000000relay';
const BASE = 'https://husec.example.test';

let h: Harness;
let app: TestInstance;

beforeAll(async () => {
  h = await startHarness('evidence-relay');
  app = await h.instance({ env: { DUTY_GROUP_ID: GROUP, PUBLIC_BASE_URL: BASE, MEDIA_LINK_SECRET: 'relay-test-link-secret-0123456789abcdef' }, tuning: FAST });
  h.emulator.setProfile(OFFICER, 'สมชาย');
});
afterAll(() => h.stop());

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const jpeg = (n: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(n - 4)]);
const images = (to: string) => h.emulator.messagesTo(to).filter((m): m is messagingApi.ImageMessage => m.type === 'image');
const gridFiles = (messageId: string) => app.conn.db!.collection('evidence.files').countDocuments({ _id: `line:${messageId}` as never });

/** A reporter with an SOS case (opened by a pin), and the officer in the duty group. */
async function caseWithReporter(userId: string) {
  const person = new ChatUser(h, app, userId);
  await person.follow();
  await person.pin(18.1446, 100.1403, '123 ต.ในเวียง อ.เมืองแพร่ จ.แพร่ 54000 ประเทศไทย');
  const [c] = (await app.service.cases.casesOfReporter(userId, 5)).cases;
  if (!c) throw new Error('no case');
  return { person, caseNumber: c.caseNumber };
}

const officer = () => new ChatUser(h, app, OFFICER, GROUP);
const photoEvent = (messageId: string, timestamp?: number) =>
  imageEvent({ userId: OFFICER, groupId: GROUP, messageId, replyToken: h.emulator.issueReplyToken(GROUP), ...(timestamp ? { timestamp } : {}) });

describe('an officer relays a photo with ตอบ <เลขที่>', () => {
  const user = 'U-relay-photo-00000000000000001';
  const photo = jpeg(120_000);
  let caseNumber: string;
  let said: string;
  let event: ReturnType<typeof photoEvent>;

  beforeAll(async () => {
    ({ caseNumber } = await caseWithReporter(user));
    const o = officer();
    await o.say(`ตอบ ${caseNumber}`);
    said = o.read();
    h.emulator.putContent('relay-1', 'image/jpeg', photo);
    event = photoEvent('relay-1');
    await o.send(event);
    said += `\n${o.read()}`;
  });

  it('then the officer is told the window and then that the photo went to the reporter', () => {
    expect([said.includes(`ภายใน 5 นาที ระบบจะส่งรูปแรกที่คุณส่งถึงผู้แจ้งเรื่อง ${caseNumber}`), said.includes(`ส่งรูปถึงผู้แจ้งเรื่อง ${caseNumber} แล้ว`)]).toEqual([true, true]);
  });

  it('then the photo is stored with its digest and flagged as the officer\'s on the case, with a public relay entry', async () => {
    const c = (await app.service.cases.get(caseNumber))!;
    const a = c.attachments.find((x) => x.messageId === 'relay-1');
    const entry = c.timeline.find((e) => e.kind === 'relay');
    expect({ from: a?.from, evidence: a?.evidence && { status: a.evidence.status, sha256: a.evidence.sha256, size: a.evidence.size }, files: await gridFiles('relay-1') }).toEqual({
      from: 'officer',
      evidence: { status: 'stored', sha256: sha256(photo), size: photo.length },
      files: 1,
    });
    expect([entry?.id, entry?.public, entry?.actor.id, entry?.attachments?.map((x) => x.messageId)]).toEqual([event.webhookEventId, true, OFFICER, ['relay-1']]);
  });

  it('then the reporter is told an officer sent a photo and gets an image message whose link serves the same bytes', async () => {
    const msgs = h.emulator.messagesTo(user);
    const i = msgs.findIndex((m) => wordsIn(m).includes(`ส่งรูปถึงคุณ เกี่ยวกับเรื่อง ${caseNumber}`));
    const image = msgs[i + 1] as messagingApi.ImageMessage;
    expect([i >= 0, image?.type, image?.originalContentUrl.startsWith(`${BASE}/media/`)]).toEqual([true, 'image', true]);
    const res = await request(app.service.app).get(image.originalContentUrl.slice(BASE.length)).buffer(true);
    expect([res.status, res.headers['content-type'], sha256(res.body as Buffer)]).toEqual([200, 'image/jpeg', sha256(photo)]);
    // The reporter's link records their view as theirs, not as an officer's.
    const c = (await app.service.cases.get(caseNumber))!;
    expect(c.timeline.filter((e) => e.kind === 'media_viewed').map((e) => e.actor)).toEqual([{ kind: 'reporter', id: user }]);
  });

  it('when LINE redelivers the photo event, then nothing is stored, recorded or sent twice', async () => {
    const before = images(user).length;
    const res = await app.post([{ ...event, deliveryContext: { isRedelivery: true } }]);
    await settle(app);
    const c = (await app.service.cases.get(caseNumber))!;
    expect([res.status, c.timeline.filter((e) => e.kind === 'relay').length, c.attachments.filter((a) => a.messageId === 'relay-1').length, await gridFiles('relay-1'), images(user).length]).toEqual([
      200,
      1,
      1,
      1,
      before,
    ]);
  });

  it('when the officer sends another photo with no window open, then it is ignored (not stored, not relayed)', async () => {
    const before = images(user).length;
    const groupBefore = h.emulator.messagesTo(GROUP).length;
    h.emulator.putContent('relay-2', 'image/jpeg', jpeg(10_000));
    await officer().send(photoEvent('relay-2'));
    const c = (await app.service.cases.get(caseNumber))!;
    expect([c.attachments.some((a) => a.messageId === 'relay-2'), await gridFiles('relay-2'), images(user).length, h.emulator.messagesTo(GROUP).length]).toEqual([
      false,
      0,
      before,
      groupBefore,
    ]);
  });
});

describe('an "after" photo when closing', () => {
  it('when the officer closes and sends a photo within the window, then the reporter gets it after the closing update', async () => {
    const user = 'U-relay-after-00000000000000001';
    const { caseNumber } = await caseWithReporter(user);
    const o = officer();
    await o.say(`รับเรื่อง ${caseNumber}`);
    await o.say(`ปิด ${caseNumber} ช่วยเหลือแล้ว พาไปโรงพยาบาลแล้ว`);
    const asked = o.read();
    const photo = jpeg(60_000);
    h.emulator.putContent('after-1', 'image/jpeg', photo);
    await o.send(photoEvent('after-1'));
    const sent = o.read();

    const msgs = h.emulator.messagesTo(user);
    const closing = msgs.findIndex((m) => wordsIn(m).includes('พาไปโรงพยาบาลแล้ว'));
    const lead = msgs.findIndex((m) => wordsIn(m).includes(`รูปหลังการช่วยเหลือเรื่อง ${caseNumber}`));
    const image = msgs[lead + 1] as messagingApi.ImageMessage | undefined;
    const res = await request(app.service.app).get(image!.originalContentUrl.slice(BASE.length)).buffer(true);
    const c = (await app.service.cases.get(caseNumber))!;
    expect({
      asked: asked.includes(`หากมีรูปหลังการช่วยเหลือ ส่งในกลุ่มนี้ภายใน 5 นาที ผู้แจ้งเรื่อง ${caseNumber}`),
      sent: sent.includes(`ส่งรูปหลังการช่วยเหลือถึงผู้แจ้งเรื่อง ${caseNumber} แล้ว`),
      order: closing >= 0 && lead > closing,
      image: image?.type,
      bytes: sha256(res.body as Buffer),
      entry: c.timeline.filter((e) => e.kind === 'relay').map((e) => [e.after, e.attachments?.[0]?.messageId]),
      status: c.status,
    }).toEqual({ asked: true, sent: true, order: true, image: 'image', bytes: sha256(photo), entry: [[true, 'after-1']], status: 'closed' });
  });

  it('when the officer types ข้าม, then the window closes and a later photo is not sent', async () => {
    const user = 'U-relay-skip-000000000000000001';
    const { caseNumber } = await caseWithReporter(user);
    const o = officer();
    await o.say(`รับเรื่อง ${caseNumber}`);
    await o.say(`ปิด ${caseNumber} ช่วยเหลือแล้ว ประสานญาติรับตัวแล้ว`);
    await o.say('ข้าม');
    const skipped = o.read();
    h.emulator.putContent('after-skip', 'image/jpeg', jpeg(10_000));
    await o.send(photoEvent('after-skip'));
    expect([skipped, images(user).length, await gridFiles('after-skip')]).toEqual([`ไม่ส่งรูปหลังการช่วยเหลือของเรื่อง ${caseNumber} ครับ`, 0, 0]);
  });
});

it('when the officer taps ส่งรูปถึงผู้แจ้ง on the case card, then the next photo goes to the reporter', async () => {
  const user = 'U-relay-button-0000000000000001';
  const { caseNumber } = await caseWithReporter(user);
  const o = officer();
  await o.say(`รับเรื่อง ${caseNumber}`);
  await o.say(`เรื่อง ${caseNumber}`);
  await o.tap('ส่งรูปถึงผู้แจ้ง');
  const photo = jpeg(30_000);
  h.emulator.putContent('relay-button', 'image/jpeg', photo);
  await o.send(photoEvent('relay-button'));
  const [image] = images(user);
  const res = await request(app.service.app).get(image!.originalContentUrl.slice(BASE.length)).buffer(true);
  expect([o.read(), sha256(res.body as Buffer)]).toEqual([`ส่งรูปถึงผู้แจ้งเรื่อง ${caseNumber} แล้ว และเก็บเป็นหลักฐานของเรื่องแล้วครับ`, sha256(photo)]);
});

it('when the photo comes after the window has expired, then it is ignored', async () => {
  const user = 'U-relay-expiry-0000000000000001';
  const { caseNumber } = await caseWithReporter(user);
  const o = officer();
  await o.say(`ตอบ ${caseNumber}`);
  h.emulator.putContent('relay-late', 'image/jpeg', jpeg(10_000));
  // The event's own time decides (as on a redelivery): six minutes after the five-minute window opened.
  await o.send(photoEvent('relay-late', Date.now() + 6 * 60_000));
  const c = (await app.service.cases.get(caseNumber))!;
  expect([c.attachments.length, c.timeline.some((e) => e.kind === 'relay'), images(user).length, await gridFiles('relay-late')]).toEqual([0, false, 0, 0]);
});

it('when a center\'s API key asks to delete a case with its evidence, then it is refused (403) and only the national token deletes it', async () => {
  const user = 'U-relay-delete-0000000000000001';
  const { caseNumber } = await caseWithReporter(user);
  const c = (await app.service.cases.get(caseNumber))!;
  const { key } = await createApiKeyStore(app.conn).create(c.centerCode, new Date());
  const byKey = await request(app.service.app).delete(`/api/cases/${caseNumber}`).set('Authorization', `Bearer ${key}`);
  const stillThere = !!(await app.service.cases.get(caseNumber));
  const national = await request(app.service.app).delete(`/api/cases/${caseNumber}`).set('Authorization', 'Bearer test-admin-token-0123456789');
  expect([byKey.status, byKey.body, stillThere, national.status]).toEqual([403, { error: 'national_only' }, true, 204]);
});

describe('without PUBLIC_BASE_URL', () => {
  let h2: Harness;
  let app2: TestInstance;
  beforeAll(async () => {
    h2 = await startHarness('evidence-relay-nolinks');
    app2 = await h2.instance({ env: { DUTY_GROUP_ID: GROUP }, tuning: FAST });
  });
  afterAll(() => h2.stop());

  it('when an officer asks to send a photo, then they are told plainly that photos cannot be relayed without it, and a close asks for no photo', async () => {
    const user = 'U-relay-nolinks-000000000000001';
    const person = new ChatUser(h2, app2, user);
    await person.follow();
    await person.pin(18.1446, 100.1403, '123 ต.ในเวียง อ.เมืองแพร่ จ.แพร่ 54000 ประเทศไทย');
    const [c] = (await app2.service.cases.casesOfReporter(user, 5)).cases;
    const o = new ChatUser(h2, app2, OFFICER, GROUP);
    await o.say(`ตอบ ${c!.caseNumber}`);
    const told = o.read();
    await o.say(`ปิด ${c!.caseNumber} ช่วยเหลือแล้ว พาไปโรงพยาบาลแล้ว`);
    expect([told, o.read().includes('รูปหลังการช่วยเหลือ')]).toEqual([
      'ส่งรูปถึงผู้แจ้งไม่ได้ เพราะระบบยังไม่ได้ตั้งค่า PUBLIC_BASE_URL (ที่อยู่ https ของบริการ) รูปจะส่งผ่าน LINE ได้เมื่อตั้งค่านี้แล้ว กรุณาแจ้งผู้ดูแลระบบครับ',
      false,
    ]);
  });
});
