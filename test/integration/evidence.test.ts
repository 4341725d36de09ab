import { createHash, randomBytes } from 'node:crypto';
import type { messagingApi, webhook } from '@line/bot-sdk';
import request from 'supertest';
import { dutyPostback } from '../../src/duty/commands';
import { signGrant } from '../../src/evidence/link';
import { evidenceJobModel } from '../../src/evidence/store';
import { ChatUser, settle, wordsIn } from '../helpers/chat';
import { audioEvent, imageEvent, postbackEvent } from '../helpers/line';
import { FAST, startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';

/**
 * Evidence end to end (issue 14): a reporter's photo, voice or video reaches GridFS through the
 * durable fetch job, and officers get it back on signed links even once LINE has forgotten it.
 */

const GROUP = 'Cdutygroup00000000000000000evid01';
const OFFICER = 'Uofficer000000000000000000000evid';
const BASE = 'https://husec.example.test';
const SECRET = 'evidence-test-link-secret-0123456789abcdef';
const ADMIN = { Authorization: 'Bearer test-admin-token-0123456789' };

let h: Harness;
let app: TestInstance;

beforeAll(async () => {
  h = await startHarness('evidence');
  app = await h.instance({
    env: { DUTY_GROUP_ID: GROUP, PUBLIC_BASE_URL: BASE, MEDIA_LINK_SECRET: SECRET, EVIDENCE_MAX_FILE_MB: '2' },
    tuning: { ...FAST, evidenceBackoffBaseMs: 20, evidenceBackoffCapMs: 100, evidenceMaxAttempts: 8 },
  });
  h.emulator.setProfile(OFFICER, 'สมชาย');
});
afterAll(() => h.stop());

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const jpeg = (n: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(n - 4)]);

const videoEvent = (o: { userId: string; messageId: string; replyToken: string }): webhook.MessageEvent => ({
  type: 'message',
  mode: 'active',
  timestamp: Date.now(),
  webhookEventId: `01EVID${randomBytes(10).toString('hex').toUpperCase()}`,
  deliveryContext: { isRedelivery: false },
  source: { type: 'user', userId: o.userId },
  replyToken: o.replyToken,
  message: { type: 'video', id: o.messageId, duration: 4000, contentProvider: { type: 'line' }, quoteToken: 'q-video' } as webhook.VideoMessageContent,
});

const caseOf = async (userId: string) => {
  const [c] = (await app.service.cases.casesOfReporter(userId, 5)).cases;
  if (!c) throw new Error('no case');
  return c;
};
const evidenceOf = async (userId: string, messageId: string) => (await caseOf(userId)).attachments.find((a) => a.messageId === messageId)?.evidence;
const settledEvidence = (userId: string, messageId: string) =>
  waitFor(async () => {
    const e = await evidenceOf(userId, messageId);
    return e && e.status !== 'pending' ? e : undefined;
  }, `evidence of ${messageId}`);

/** An SOS case opened by pin, then one media message from the reporter (an SOS addition during intake's questions). */
async function reporterSends(userId: string, event: (token: string) => webhook.Event) {
  const person = new ChatUser(h, app, userId);
  await person.follow();
  await person.pin(18.1446, 100.1403, '123 ต.ในเวียง อ.เมืองแพร่ จ.แพร่ 54000 ประเทศไทย');
  await person.send(event(h.emulator.issueReplyToken(userId)));
  return person;
}

async function officerOpensDetails(caseNumber: string): Promise<messagingApi.Message[]> {
  const before = h.emulator.messagesTo(OFFICER).length;
  const res = await app.post([postbackEvent({ groupId: GROUP, userId: OFFICER, data: dutyPostback.details(caseNumber), replyToken: h.emulator.issueReplyToken(GROUP) })]);
  expect(res.status).toBe(200);
  await settle(app);
  return h.emulator.messagesTo(OFFICER).slice(before);
}

const pathOf = (url: string) => url.slice(BASE.length);

describe('a photo sent during intake', () => {
  const photo = jpeg(300_000);
  const user = 'U-evidence-photo-000000000000001';
  let caseNumber: string;

  beforeAll(async () => {
    h.emulator.putContent('ev-photo-1', 'image/jpeg', photo);
    await reporterSends(user, (t) => imageEvent({ userId: user, messageId: 'ev-photo-1', replyToken: t }));
    caseNumber = (await caseOf(user)).caseNumber;
  });

  it('when it arrives, then it is stored with its type, size and SHA-256 on the case', async () => {
    expect(await settledEvidence(user, 'ev-photo-1')).toMatchObject({ status: 'stored', contentType: 'image/jpeg', size: photo.length, sha256: sha256(photo) });
  });

  it('when LINE then answers 404 for the content, then the officer still gets the photo on a signed link', async () => {
    await settledEvidence(user, 'ev-photo-1');
    h.emulator.inject({ path: 'content', status: 404, times: 1000 });
    try {
      const msgs = await officerOpensDetails(caseNumber);
      const image = msgs.find((m): m is messagingApi.ImageMessage => m.type === 'image');
      expect(image?.originalContentUrl.startsWith(`${BASE}/media/`)).toBe(true);
      const res = await request(app.service.app).get(pathOf(image!.originalContentUrl)).buffer(true);
      expect([res.status, res.headers['content-type'], sha256(res.body as Buffer)]).toEqual([200, 'image/jpeg', sha256(photo)]);
    } finally {
      h.emulator.reset();
    }
  });

  it('when the officer fetches the link, then the view is in the timeline with who and which item', async () => {
    const c = await caseOf(user);
    expect(c.timeline.filter((e) => e.kind === 'media_viewed').map((e) => [e.actor, e.attachments?.[0]?.messageId])).toEqual([
      [{ kind: 'officer', id: OFFICER }, 'ev-photo-1'],
    ]);
  });

  it('when the admin API asks for it, then it comes from storage with Content-Length and the digest as ETag', async () => {
    h.emulator.inject({ path: 'content', status: 404, times: 1000 });
    try {
      const res = await request(app.service.app).get(`/api/cases/${caseNumber}/attachments/ev-photo-1`).set(ADMIN).buffer(true);
      expect([res.status, res.headers['content-length'], res.headers.etag, sha256(res.body as Buffer)]).toEqual([200, String(photo.length), `"${sha256(photo)}"`, sha256(photo)]);
    } finally {
      h.emulator.reset();
    }
  });

  it('when a link is tampered with, then it is 404 with nothing in the body', async () => {
    const msgs = await officerOpensDetails(caseNumber);
    const url = msgs.find((m): m is messagingApi.ImageMessage => m.type === 'image')!.originalContentUrl;
    const [payload, sig] = pathOf(url).slice('/media/'.length).split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const otherItem = signGrant({ m: 'ev-photo-1', o: OFFICER, e: Math.floor(Date.now() / 1000) + 3600 }, 'a-different-secret-0000000000000000');
    const answers = await Promise.all(
      [`/media/${payload}.${flip(sig!)}`, `/media/${flip(payload!)}.${sig}`, `/media/${payload}`, `/media/${otherItem}`].map((p) => request(app.service.app).get(p)),
    );
    expect(answers.map((r) => [r.status, r.text ?? ''])).toEqual([[404, ''], [404, ''], [404, ''], [404, '']]);
  });

  it('when a link has expired, then it is 404 with nothing in the body', async () => {
    const expired = signGrant({ m: 'ev-photo-1', o: OFFICER, e: Math.floor(Date.now() / 1000) - 1 }, SECRET);
    const fresh = signGrant({ m: 'ev-photo-1', o: OFFICER, e: Math.floor(Date.now() / 1000) + 60 }, SECRET);
    const [a, b] = await Promise.all([request(app.service.app).get(`/media/${expired}`), request(app.service.app).get(`/media/${fresh}`)]);
    expect([a.status, a.text ?? '', b.status]).toEqual([404, '', 200]);
  });
});

describe('a video', () => {
  const video = Buffer.concat([Buffer.from('....ftypmp42'), randomBytes(700_000)]);
  const user = 'U-evidence-video-000000000000001';
  let caseNumber: string;

  beforeAll(async () => {
    h.emulator.putContent('ev-video-1', 'video/mp4', video);
    await reporterSends(user, (t) => videoEvent({ userId: user, messageId: 'ev-video-1', replyToken: t }));
    caseNumber = (await caseOf(user)).caseNumber;
    await settledEvidence(user, 'ev-video-1');
  });

  it('when a range is asked for through the admin API, then 206 carries exactly those bytes', async () => {
    const res = await request(app.service.app).get(`/api/cases/${caseNumber}/attachments/ev-video-1`).set(ADMIN).set('Range', 'bytes=300000-300099').buffer(true);
    expect([res.status, res.headers['content-range'], res.headers['content-length'], Buffer.compare(res.body as Buffer, video.subarray(300000, 300100))]).toEqual([
      206,
      `bytes 300000-300099/${video.length}`,
      '100',
      0,
    ]);
  });

  it('when the officer gets it, then it is a video message with a preview, and its link serves ranges and an unsatisfiable range is 416', async () => {
    const msgs = await officerOpensDetails(caseNumber);
    const v = msgs.find((m): m is messagingApi.VideoMessage => m.type === 'video');
    expect(v?.previewImageUrl).toBe(`${BASE}/media/preview.png`);
    const tail = await request(app.service.app).get(pathOf(v!.originalContentUrl)).set('Range', 'bytes=-10').buffer(true);
    const beyond = await request(app.service.app).get(pathOf(v!.originalContentUrl)).set('Range', `bytes=${video.length + 5}-`);
    const preview = await request(app.service.app).get('/media/preview.png');
    expect([tail.status, Buffer.compare(tail.body as Buffer, video.subarray(video.length - 10)), beyond.status, preview.status, preview.headers['content-type']]).toEqual([
      206,
      0,
      416,
      200,
      'image/png',
    ]);
  });
});

it('when a voice message is stored, then the officer gets it as an audio message with the duration LINE gave', async () => {
  const user = 'U-evidence-voice-000000000000001';
  h.emulator.putContent('ev-voice-1', 'audio/m4a', randomBytes(40_000));
  await reporterSends(user, (t) => audioEvent({ userId: user, messageId: 'ev-voice-1', duration: 4200, replyToken: t }));
  await settledEvidence(user, 'ev-voice-1');
  const msgs = await officerOpensDetails((await caseOf(user)).caseNumber);
  const audio = msgs.find((m): m is messagingApi.AudioMessage => m.type === 'audio');
  expect([audio?.duration, audio?.originalContentUrl.startsWith(`${BASE}/media/`)]).toEqual([4200, true]);
});

it('when LINE\'s content API is down for a while, then the fetch is retried until the photo is stored', async () => {
  const photo = jpeg(50_000);
  const user = 'U-evidence-outage-00000000000001';
  h.emulator.putContent('ev-outage-1', 'image/jpeg', photo);
  h.emulator.inject({ path: 'content', status: 500, times: 4 });
  await reporterSends(user, (t) => imageEvent({ userId: user, messageId: 'ev-outage-1', replyToken: t }));
  const e = await settledEvidence(user, 'ev-outage-1');
  // The attachment is recorded inside the job; the queue marks the job done just after.
  const job = await waitFor(async () => {
    const j = await evidenceJobModel(app.conn).findById('evidence:ev-outage-1').lean();
    return j?.status === 'done' ? j : undefined;
  }, 'the fetch job to finish');
  expect([e.status, e.sha256, job?.status, job?.attempts]).toEqual(['stored', sha256(photo), 'done', 5]);
});

it('when LINE no longer has the content, then the attachment is marked failed and the officer reads it in the details', async () => {
  const user = 'U-evidence-gone-0000000000000001';
  await reporterSends(user, (t) => imageEvent({ userId: user, messageId: 'ev-gone-1', replyToken: t }));
  const e = await settledEvidence(user, 'ev-gone-1');
  const msgs = await officerOpensDetails((await caseOf(user)).caseNumber);
  expect([e.status, e.reason, msgs.map(wordsIn).join('\n').includes('ev-gone-1 (จัดเก็บไม่สำเร็จ (LINE ไม่มีไฟล์นี้แล้ว))')]).toEqual(['failed', 'gone', true]);
});

it('when a file is over the per-file limit, then it is not stored and the reporter is told politely in Thai', async () => {
  const user = 'U-evidence-large-000000000000001';
  h.emulator.putContent('ev-large-1', 'image/jpeg', jpeg(3 * 1024 * 1024));
  const person = await reporterSends(user, (t) => imageEvent({ userId: user, messageId: 'ev-large-1', replyToken: t }));
  const e = await settledEvidence(user, 'ev-large-1');
  await settle(app);
  expect([e.status, e.reason, person.allMessages().map(wordsIn).join('\n').includes('มีขนาดใหญ่เกิน 2 MB')]).toEqual(['refused', 'file_too_large', true]);
});

it('when a case is deleted, then its files go first, the case after, a second delete is 404 and its links stop working', async () => {
  const photo = jpeg(20_000);
  const user = 'U-evidence-delete-00000000000001';
  h.emulator.putContent('ev-del-1', 'image/jpeg', photo);
  await reporterSends(user, (t) => imageEvent({ userId: user, messageId: 'ev-del-1', replyToken: t }));
  await settledEvidence(user, 'ev-del-1');
  const caseNumber = (await caseOf(user)).caseNumber;
  const link = signGrant({ m: 'ev-del-1', o: OFFICER, e: Math.floor(Date.now() / 1000) + 600 }, SECRET);
  const db = app.conn.db!;
  const fileId = 'line:ev-del-1';
  const before = [await db.collection('evidence.files').countDocuments({ _id: fileId as never }), await db.collection('evidence.chunks').countDocuments({ files_id: fileId })];

  const first = await request(app.service.app).delete(`/api/cases/${caseNumber}`).set(ADMIN);
  const second = await request(app.service.app).delete(`/api/cases/${caseNumber}`).set(ADMIN);
  const after = [await db.collection('evidence.files').countDocuments({ _id: fileId as never }), await db.collection('evidence.chunks').countDocuments({ files_id: fileId })];
  const viaLink = await request(app.service.app).get(`/media/${link}`);
  expect({ before, first: first.status, second: second.status, after, viaLink: viaLink.status, c: await app.service.cases.get(caseNumber) }).toEqual({
    before: [1, 1],
    first: 204,
    second: 404,
    after: [0, 0],
    viaLink: 404,
    c: null,
  });
});

it('without PUBLIC_BASE_URL, the officer is told how many items there are and that the console shows them', async () => {
  const other = await h.instance({ env: { DUTY_GROUP_ID: GROUP }, start: false });
  const c = (await caseOf('U-evidence-photo-000000000000001'));
  expect(other.service.evidence.mediaFor(c, OFFICER, new Date()).flat().map(wordsIn)).toEqual(['เรื่องนี้มีไฟล์แนบ 1 รายการ ดูได้ในคอนโซลของศูนย์ครับ']);
});
