import { validateSignature, type webhook } from '@line/bot-sdk';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLineEmulator, type LineEmulator } from '../../src/sandbox/line-emulator';

/**
 * The browser chat's media sending, at its HTTP boundary (the page's own requests): each kind becomes
 * the webhook message LINE would send, signed, with its content on the data API. The page itself is
 * driven in Chromium by emulator-browser.test.ts.
 */

const SECRET = 'media-secret';
const TOKEN = 'media-token';
let emulator: LineEmulator;
let bot: Server;
const received: webhook.Event[] = [];

beforeAll(async () => {
  bot = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      if (!validateSignature(body, SECRET, String(req.headers['x-line-signature']))) {
        res.writeHead(401).end();
        return;
      }
      received.push(...(JSON.parse(body) as webhook.CallbackRequest).events);
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
  const port = (bot.address() as AddressInfo).port;
  emulator = await startLineEmulator({ channelAccessToken: TOKEN, webhook: { url: `http://127.0.0.1:${port}/webhook`, channelSecret: SECRET } });
  emulator.setProfile('U00000000000000000000000000000001', 'ผู้แจ้ง');
});

afterAll(async () => {
  await emulator.close();
  await new Promise<void>((resolve) => bot.close(() => resolve()));
});

const USER = 'U00000000000000000000000000000001';

async function send(body: object): Promise<Response> {
  return fetch(`${emulator.url}/__emulator/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chatId: USER, userId: USER, ...body }),
  });
}

async function content(messageId: string, path = `/v2/bot/message/${messageId}/content`): Promise<{ status: number; type: string | null; body: Buffer }> {
  const r = await fetch(`${emulator.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
}

const lastMessage = () => {
  const e = received.at(-1);
  if (!e || e.type !== 'message') throw new Error('no message event');
  return e.message;
};

describe('the browser chat sending media', () => {
  it.each([
    ['image', { kind: 'image', contentType: 'image/jpeg' }, { type: 'image', contentProvider: { type: 'line' }, quoteToken: expect.any(String) }],
    ['audio', { kind: 'audio', contentType: 'audio/mp4', durationMs: 4200 }, { type: 'audio', contentProvider: { type: 'line' }, duration: 4200 }],
    ['video', { kind: 'video', contentType: 'video/mp4', durationMs: 9000 }, { type: 'video', contentProvider: { type: 'line' }, duration: 9000, quoteToken: expect.any(String) }],
  ])('sends %s as LINE does, with its content on the data API and for the page', async (_kind, request, expected) => {
    const data = Buffer.from(`bytes of ${_kind}`);
    const r = await send({ ...request, dataBase64: data.toString('base64') });
    expect(r.status).toBe(200);
    const m = lastMessage();
    expect(m).toEqual({ id: expect.stringMatching(/^\d+$/), ...expected });
    const stored = await content(m.id);
    expect(stored).toEqual({ status: 200, type: expect.stringContaining(request.contentType), body: data });
    expect((await content(m.id, `/__emulator/content/${m.id}`)).body.equals(data)).toBe(true);
  });

  it('sends any other file as a file message with its name and size, and no content provider', async () => {
    const data = Buffer.from('%PDF-1.4 evidence');
    expect((await send({ kind: 'file', contentType: 'application/pdf', fileName: 'ใบแจ้งความ.pdf', dataBase64: data.toString('base64') })).status).toBe(200);
    expect(lastMessage()).toEqual({ type: 'file', id: expect.any(String), fileName: 'ใบแจ้งความ.pdf', fileSize: data.length });
    expect((await content(lastMessage().id)).body.equals(data)).toBe(true);
  });

  it('refuses media of the wrong type, audio without its length and files without a name, sending nothing', async () => {
    const before = received.length;
    const data = Buffer.from('x').toString('base64');
    expect((await send({ kind: 'image', contentType: 'application/pdf', dataBase64: data })).status).toBe(400);
    expect((await send({ kind: 'audio', contentType: 'audio/mp4', dataBase64: data })).status).toBe(400);
    expect((await send({ kind: 'file', dataBase64: data })).status).toBe(400);
    expect(received.length).toBe(before);
  });

  it('answers 404 for content it does not have', async () => {
    expect((await content('999', '/__emulator/content/999')).status).toBe(404);
  });
});
