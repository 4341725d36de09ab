import request from 'supertest';
import { createMessenger } from '../../src/line/messenger';
import { startLineEmulator, type LineEmulator } from '../../src/sandbox/line-emulator';
import { auth, startAdminApi, type AdminApiFixture } from './admin-api-app';

describe('admin API: attachment content from LINE', () => {
  let emulator: LineEmulator;
  let f: AdminApiFixture;
  let caseNumber: string;
  const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

  beforeAll(async () => {
    emulator = await startLineEmulator({ channelAccessToken: 'test-token' });
    const messenger = createMessenger({ channelAccessToken: 'test-token', apiBaseUrl: emulator.url, dataApiBaseUrl: emulator.url, timeoutMs: 2000 });
    f = await startAdminApi('admin_api_attachments', { content: messenger });
    emulator.putContent('5001', 'image/jpeg', photo);
    emulator.putContent('5002', 'audio/m4a', Buffer.from('voice'));
    emulator.putContent('9999', 'image/jpeg', Buffer.from('someone else'));
    const opened = await f.cases.open(
      { channel: 'ess_help_me', problemTypes: ['violence'], attachments: [{ messageId: '5001', type: 'image' }] },
      { sourceId: 'intake:attachments', actor: { kind: 'reporter', id: 'U-reporter' }, now: new Date() },
    );
    caseNumber = opened.case.caseNumber;
    // A later voice message from the reporter, kept in the timeline entry.
    await f.cases.act(
      caseNumber,
      { type: 'reporter_info', attachments: [{ messageId: '5002', type: 'audio' }] },
      { kind: 'reporter', id: 'U-reporter' },
      { entryId: 'evt-voice', now: new Date() },
    );
  });
  afterAll(async () => {
    await f.stop();
    await emulator.close();
  });

  it('when an attachment of the case is asked for, then its bytes are streamed with their content type', async () => {
    const res = await request(f.app).get(`/api/cases/${caseNumber}/attachments/5001`).set(auth).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(res.body as Buffer, photo)).toBe(0);
  });

  it('when an attachment added later through the timeline is asked for, then it is served too', async () => {
    const res = await request(f.app).get(`/api/cases/${caseNumber}/attachments/5002`).set(auth).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^audio\/m4a/);
  });

  it('when a message id that is not the case\'s is asked for, then the answer is 404 and LINE is not asked', async () => {
    const res = await request(f.app).get(`/api/cases/${caseNumber}/attachments/9999`).set(auth);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found' });
  });

  it('when LINE no longer has the content, then the answer is 404 content_gone', async () => {
    await f.cases.act(
      caseNumber,
      { type: 'reporter_info', attachments: [{ messageId: '5003', type: 'image' }] },
      { kind: 'reporter', id: 'U-reporter' },
      { entryId: 'evt-expired', now: new Date() },
    );
    const res = await request(f.app).get(`/api/cases/${caseNumber}/attachments/5003`).set(auth);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'content_gone' });
  });

  it('when the caller has no token, then the attachment is refused with 401', async () => {
    const res = await request(f.app).get(`/api/cases/${caseNumber}/attachments/5001`);
    expect(res.status).toBe(401);
  });
});
