import type { webhook } from '@line/bot-sdk';
import { checkMessages } from '../../src/line/limits';
import { caseModel } from '../../src/cases/model';
import { followEvent, locationEvent, postbackEvent } from '../helpers/line';
import { startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';
import { readable } from '../helpers/updates-fakes';

/**
 * The guided intake through the whole service: signed webhooks in, the inbox, the router, the
 * durable outbox, and the LINE emulator out; cases and sessions in the database over the wire.
 */

const ADDRESS = '123 ต.ในเวียง อ.เมืองแพร่ จ.แพร่ 54000 ประเทศไทย';
const USER = 'U0000000000000000000000000intake1';

let h: Harness;
let app: TestInstance;

beforeAll(async () => {
  h = await startHarness('intake-webhook');
  app = await h.instance();
});

afterAll(async () => {
  await h.stop();
});

/** Posts one event with a fresh reply token and waits until the user's reply arrived. */
async function send(make: (replyToken: string) => webhook.Event): Promise<string[]> {
  const before = h.emulator.deliveries(USER).length;
  const res = await app.post([make(h.emulator.issueReplyToken(USER))]);
  expect(res.status).toBe(200);
  await waitFor(() => h.emulator.deliveries(USER).length > before, 'the reply to the user');
  return h.emulator.deliveries(USER).slice(before).flatMap((d) => d.messages.map((m) => readable(m)));
}

const tap = (data: string) => send((replyToken) => postbackEvent({ userId: USER, data, replyToken }));

test('when a citizen follows and reports with taps and a pin, then a case opens and every message they saw fits', async () => {
  const seen: string[][] = [];
  seen.push(await send((replyToken) => followEvent({ userId: USER, replyToken })));
  seen.push(await tap('i:start'));
  seen.push(await tap('i:a:problem:violence'));
  seen.push(await send((replyToken) => locationEvent({ userId: USER, latitude: 18.1446, longitude: 100.1403, address: ADDRESS, replyToken })));
  seen.push(await tap('i:a:target:child'));
  seen.push(await tap('i:a:sex:female'));
  seen.push(await tap('i:a:details:skip'));
  seen.push(await tap('i:a:phone:line'));
  const session = await app.conn.collection('intake_sessions').findOne({ _id: USER as never });
  seen.push(await tap(`i:ok:${String(session?.intakeId)}`));

  const stored = await caseModel(app.conn).findOne({ reporterUserId: USER }).lean();
  expect(stored).toMatchObject({
    caseNumber: expect.stringMatching(/^PHR-\d{4}-\d{4,}$/),
    channel: 'ess_help_me',
    problemTypes: ['violence'],
    urgent: true,
    sos: false,
    targetGroup: 'child',
    sex: 'female',
    location: { district: 'เมืองแพร่', province: 'แพร่', lat: 18.1446, lng: 100.1403 },
    contactViaLine: true,
    status: 'new',
  });
  // What the citizen saw, step by step: the first line of each message (a Flex message's alt text),
  // and for a question its step number with the question under it.
  const firstLines = (m: string) => m.split('\n').slice(0, m.startsWith('ขั้นตอน') ? 2 : 1).join('\n');
  expect(seen.map((reply) => reply.map(firstLines))).toEqual([
    [expect.stringContaining('ยินดีต้อนรับ'), expect.stringContaining('คุ้มครองข้อมูลส่วนบุคคล'), expect.stringContaining('เมนู: แจ้งเหตุ')],
    ['ขั้นตอน 1/6\nเป็นปัญหาเรื่องใดคะ แตะเลือก หรือพิมพ์เล่าสั้น ๆ ก็ได้ค่ะ'],
    [expect.stringContaining('โทร 1300'), expect.stringContaining('เรื่องด่วน')],
    [expect.stringContaining('📍 ได้รับตำแหน่งแล้วค่ะ: อ.เมืองแพร่ จ.แพร่')],
    ['ขั้นตอน 4/6\nผู้ที่ต้องการความช่วยเหลือเป็นเพศใดคะ'],
    [expect.stringContaining('ขั้นตอน 5/6')],
    [expect.stringContaining('ขั้นตอน 6/6')],
    [expect.stringContaining('สรุปเรื่องที่แจ้ง')],
    [expect.stringContaining(stored!.caseNumber)],
  ]);
  expect(h.emulator.deliveries(USER).flatMap((d) => checkMessages(d.messages))).toEqual([]);
});
