import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config/env';
import { createMessenger } from '../../src/line/messenger';
import { startLineEmulator, type LineEmulator } from '../../src/sandbox/line-emulator';
import type { TranscriptItem } from '../../src/sandbox/line-emulator';
import { buildService, type Service } from '../../src/service';
import { connectMongo } from '../../src/store/connection';
import { startTestDb, type TestDb } from '../helpers/mongo';
import { FAST, SECRET, TOKEN, testLogger, waitFor } from '../helpers/service';

/**
 * The emulator's browser chat in Debian's Chromium, as a person trying the sandbox would use it, at a
 * phone's 390×844 and at 1280×800, against the real service over real HTTP (signed webhooks, the data
 * API for content). Chromium is required, never skipped: CI installs it (apt-get install chromium).
 * Screenshots go to test-artifacts/ (git-ignored) for a person to look at.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

// A 2×2 red PNG: small, valid, decodable by the browser.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

/** A valid 16-bit mono PCM WAV of `ms` milliseconds of silence, so the browser can read its length. */
function wav(ms: number): Buffer {
  const rate = 8000;
  const samples = Math.round((rate * ms) / 1000);
  const b = Buffer.alloc(44 + samples * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(samples * 2, 40);
  return b;
}

const LONG_THAI =
  'สวัสดีค่ะ ขอแจ้งเหตุค่ะ มีผู้หญิงและเด็กถูกทำร้ายร่างกายอยู่ในบ้านข้างๆ ได้ยินเสียงร้องไห้และเสียงตะโกนมาตั้งแต่เมื่อคืนจนถึงตอนนี้ยังไม่หยุดเลยค่ะ กรุณาส่งเจ้าหน้าที่มาช่วยด่วนที่สุด';

let db: TestDb;
let conn: Connection;
let service: Service;
let emulator: LineEmulator;
let server: Server;
let browser: BrowserContext;
let profileDir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's Chromium. Install it with: apt-get update && apt-get install -y chromium`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  profileDir = mkdtempSync(join(tmpdir(), 'emuui-chromium-'));
  // Launching first: it is the slow part and runs while the service starts.
  // One browser for the file (a persistent context is how Playwright takes a --user-data-dir);
  // each width gets its own page.
  const launching = chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'th-TH',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

  db = await startTestDb('emulator_browser');
  // The emulator needs the bot's webhook URL and the bot needs the emulator's URL: the HTTP server
  // is bound first and handed the service's app once it exists.
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  server = createServer((req, res) => (app ? app(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  emulator = await startLineEmulator({ channelAccessToken: TOKEN, webhook: { url: `http://127.0.0.1:${port}/webhook`, channelSecret: SECRET } });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    LINE_CHANNEL_SECRET: SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
    LINE_API_BASE_URL: emulator.url,
    LINE_DATA_API_BASE_URL: emulator.url,
    MONGODB_URI: db.uri,
    ADMIN_API_TOKEN: 'test-admin-token-0123456789',
  });
  conn = await connectMongo(db.uri, { serverSelectionTimeoutMS: 2000 });
  const messenger = createMessenger({ channelAccessToken: TOKEN, apiBaseUrl: emulator.url, dataApiBaseUrl: emulator.url, timeoutMs: 2000 });
  service = buildService({ config, conn, messenger, logger: testLogger(), channelSecret: SECRET, tuning: FAST });
  await service.start();
  app = service.app;
  browser = await launching;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await conn?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await emulator?.close();
  await db?.stop();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

async function transcript(chatId: string): Promise<TranscriptItem[]> {
  const r = await fetch(`${emulator.url}/__emulator/messages?to=${encodeURIComponent(chatId)}`);
  return ((await r.json()) as { items: TranscriptItem[] }).items;
}

async function push(to: string, messages: object[]): Promise<void> {
  const r = await fetch(`${emulator.url}/v2/bot/message/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to, messages }),
  });
  expect(r.status).toBe(200);
}

/**
 * Thai words (Intl.Segmenter: the same ICU dictionary the line breaker uses) whose text spans two
 * lines. Page-side code is a string: the project compiles without the DOM library.
 */
function brokenThaiWords(page: Page, selector: string): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const seg = new Intl.Segmenter('th', { granularity: 'word' });
    const bad = [];
    for (const root of document.querySelectorAll(${JSON.stringify(selector)})) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (const s of seg.segment(n.data)) {
          if (!s.isWordLike || !/[\u0E00-\u0E7F]/.test(s.segment)) continue;
          const r = document.createRange();
          r.setStart(n, s.index);
          r.setEnd(n, s.index + s.segment.length);
          const lines = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
          if (lines.size > 1) bad.push(s.segment);
        }
      }
    }
    return bad;
  })()`);
}

const WIDTHS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];

describe.each(WIDTHS)('the emulator browser chat at $width px ($name)', ({ name, width, height }) => {
  let page: Page;
  let userId: string;
  const shot = (what: string) => page.screenshot({ path: join(ARTIFACTS, `chat-${name}-${what}.png`) });

  beforeAll(async () => {
    page = await browser.newPage();
    await page.setViewportSize({ width, height });
    page.setDefaultTimeout(8000);
    await page.goto(`${emulator.url}/`);
  });
  afterAll(async () => {
    await page?.close();
  });

  it('shows the chat list wide enough to read, and adding a person opens their chat under a clear header', async () => {
    const side = await page.locator('aside').boundingBox();
    expect(side?.width ?? 0).toBeGreaterThan(100);
    await shot('1-list');

    await page.fill('#new-user input[name=displayName]', `ทดสอบ ${name}`);
    await page.click('#new-user button');
    await page.waitForSelector('body.in-chat');
    userId = (await page.locator('#chat-id').textContent()) ?? '';
    expect(userId).toMatch(/^U[0-9a-f]{32}$/);
    // The bot greets a new friend: its first answer reaches the page.
    await page.locator('.row.out').first().waitFor();

    const header = await page.locator('header').boundingBox();
    const title = await page.locator('#chat-title').boundingBox();
    const log = await page.locator('#log').boundingBox();
    expect(header && title && log).toBeTruthy();
    if (!header || !title || !log) return;
    expect(title.y).toBeGreaterThanOrEqual(header.y);
    expect(title.y + title.height).toBeLessThanOrEqual(header.y + header.height);
    expect(log.y).toBeGreaterThanOrEqual(header.y + header.height - 1);
    if (width > 760) expect(side?.width ?? 0).toBeGreaterThan(100);
  });

  it('puts a long citizen message on the citizen side and breaks Thai only between words', async () => {
    await page.fill('#text', LONG_THAI);
    await page.press('#text', 'Enter');
    const bubble = page.locator('.row.in .bubble', { hasText: 'ขอแจ้งเหตุค่ะ' });
    await bubble.waitFor();
    const b = await bubble.boundingBox();
    const log = await page.locator('#log').boundingBox();
    if (!b || !log) throw new Error('no layout');
    expect(b.height).toBeGreaterThan(40); // it does wrap over several lines
    expect(log.x + log.width - (b.x + b.width)).toBeLessThan(40); // flush right
    expect(b.x - log.x).toBeGreaterThan(log.width * 0.15); // and not spread across the bot's side

    await waitFor(async () => (await transcript(userId)).at(-1)?.direction === 'out', 'the bot answering the report');
    await page.waitForTimeout(1200); // one poll of the page
    const styles = await page.evaluate<string[]>(
      "[...document.querySelectorAll('.bubble, .ftext')].map((e) => getComputedStyle(e).wordBreak + '/' + getComputedStyle(e).overflowWrap)",
    );
    expect(styles.length).toBeGreaterThan(1);
    expect(new Set(styles)).toEqual(new Set(['normal/break-word']));
    expect(await brokenThaiWords(page, '.bubble, .ftext')).toEqual([]);
    await shot('2-long-message');
  });

  it('shows a quick-reply label once, icon and all', async () => {
    await push(userId, [
      {
        type: 'text',
        text: 'ส่งตำแหน่งได้เลยค่ะ',
        quickReply: {
          items: [
            { type: 'action', action: { type: 'location', label: '📍 ปักหมุด' } },
            { type: 'action', action: { type: 'location', label: 'ส่งตำแหน่ง' } },
            { type: 'action', action: { type: 'message', label: 'ไม่สะดวกปักหมุด', text: 'ไม่สะดวกปักหมุด' } },
          ],
        },
      },
    ]);
    await page.locator('#quick .chip', { hasText: 'ไม่สะดวกปักหมุด' }).waitFor();
    expect(await page.locator('#quick .chip').allTextContents()).toEqual(['📍 ปักหมุด', '📍 ส่งตำแหน่ง', 'ไม่สะดวกปักหมุด']);
    await shot('3-chips');
  });

  it('picks a location on the province map and sends it', async () => {
    await page.locator('#quick .chip').first().click();
    const map = page.locator('#map');
    await map.waitFor();
    await shot('4-location');
    const box = await map.boundingBox();
    if (!box) throw new Error('no map');
    expect(box.width).toBeGreaterThan(200);
    const lat = page.locator('#location input[name=latitude]');
    expect((await lat.boundingBox())?.width ?? 0).toBeGreaterThan(100);
    await map.click({ position: { x: box.width * 0.5, y: box.height * 0.6 } });
    const picked = Number(await lat.inputValue());
    expect(picked).not.toBeCloseTo(18.1446, 3);
    await page.locator('#places .chip', { hasText: 'ที่ว่าการอำเภอลอง' }).click();
    expect(Number(await lat.inputValue())).toBeCloseTo(18.0783, 4);
    await page.click('#location-send');
    const sent = await waitFor(async () =>
      (await transcript(userId)).find((t) => t.direction === 'in' && t.event.type === 'message' && t.event.message.type === 'location'),
    );
    expect(sent.direction === 'in' && sent.event.type === 'message' && sent.event.message).toMatchObject({
      type: 'location',
      latitude: 18.0783,
      longitude: 99.8297,
      title: 'ที่ว่าการอำเภอลอง',
      address: 'อำเภอลอง จังหวัดแพร่',
    });
  });

  it('runs a Flex row action when the words of the row are tapped', async () => {
    await push(userId, [
      {
        type: 'flex',
        altText: 'เลือกเรื่อง',
        contents: {
          type: 'bubble',
          body: {
            type: 'box',
            layout: 'vertical',
            contents: [
              {
                type: 'box',
                layout: 'baseline',
                action: { type: 'postback', label: 'แถว', data: `row=${name}`, displayText: 'เลือกแถวนี้' },
                contents: [
                  { type: 'text', text: 'ผู้ถูกกระทำ', flex: 2, size: 'sm' },
                  { type: 'text', text: 'หญิง อายุ 30 ปี', flex: 5, wrap: true },
                ],
              },
            ],
          },
        },
      },
    ]);
    const words = page.locator('.card .ftext', { hasText: 'หญิง อายุ 30 ปี' });
    await words.waitFor();
    await words.click();
    await waitFor(async () =>
      (await transcript(userId)).some((t) => t.direction === 'in' && t.event.type === 'postback' && t.event.postback.data === `row=${name}`),
      'the row postback',
    );
  });

  it('sends a photo from the file picker: the bot gets an image event, answers it, and the chat shows a thumbnail', async () => {
    const before = (await transcript(userId)).length;
    await page.setInputFiles('#file-media', { name: 'evidence.png', mimeType: 'image/png', buffer: PNG });
    const thumb = page.locator('.row.in img.media');
    await thumb.last().waitFor();
    await page.waitForFunction("[...document.querySelectorAll('.row.in img.media')].some((i) => i.complete && i.naturalWidth === 2)");
    const items = await waitFor(async () => {
      const t = await transcript(userId);
      const i = t.findIndex((x, n) => n >= before && x.direction === 'in' && x.event.type === 'message' && x.event.message.type === 'image');
      return i >= 0 && t.slice(i + 1).some((x) => x.direction === 'out') ? t.slice(i) : undefined;
    }, 'the bot answering the photo');
    const event = items[0];
    if (event.direction !== 'in' || event.event.type !== 'message') throw new Error('not an inbound message');
    expect(event.event.message).toMatchObject({ type: 'image', contentProvider: { type: 'line' }, quoteToken: expect.any(String) });
    // The bot reads it through the data API, as from LINE.
    const content = await fetch(`${emulator.url}/v2/bot/message/${event.event.message.id}/content`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await content.arrayBuffer()).equals(PNG)).toBe(true);
    await shot('5-photo');
  });

  it('sends voice, video and other files with the fields LINE gives them', async () => {
    const since = (await transcript(userId)).length;
    await page.setInputFiles('#file-any', { name: 'voice.wav', mimeType: 'audio/wav', buffer: wav(1500) });
    await page.locator('.row.in audio.media').last().waitFor();
    await page.setInputFiles('#file-media', { name: 'clip.mp4', mimeType: 'video/mp4', buffer: Buffer.from('not really a video') });
    await page.locator('.row.in video.media').last().waitFor();
    await page.setInputFiles('#file-any', { name: 'หลักฐาน.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 test') });
    await page.locator('.row.in a.file', { hasText: 'หลักฐาน.pdf' }).waitFor();

    const media = (await transcript(userId))
      .slice(since)
      .flatMap((t) => (t.direction === 'in' && t.event.type === 'message' ? [t.event.message] : []));
    const audio = media.find((m) => m.type === 'audio');
    expect(audio).toMatchObject({ type: 'audio', contentProvider: { type: 'line' } });
    expect(audio?.type === 'audio' && audio.duration).toBeGreaterThanOrEqual(1400);
    expect(audio?.type === 'audio' && audio.duration).toBeLessThanOrEqual(1600);
    expect(media.find((m) => m.type === 'video')).toMatchObject({ type: 'video', contentProvider: { type: 'line' }, duration: 0, quoteToken: expect.any(String) });
    const file = media.find((m) => m.type === 'file');
    expect(file).toEqual({ type: 'file', id: expect.any(String), fileName: 'หลักฐาน.pdf', fileSize: 13 });
    const stored = await fetch(`${emulator.url}/v2/bot/message/${file?.id}/content`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await stored.text()).toBe('%PDF-1.4 test');
  });

  it('shows the images, voice and video the bot sends, and says so when a link does not load', async () => {
    // The bot's media live on https servers: the browser is handed a picture for this one address.
    await page.route('https://media.example.invalid/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
    await push(userId, [
      { type: 'image', originalContentUrl: 'https://media.example.invalid/a.jpg', previewImageUrl: 'https://media.example.invalid/a-preview.jpg' },
      { type: 'audio', originalContentUrl: 'https://media.example.invalid/v.m4a', duration: 3000 },
      { type: 'video', originalContentUrl: 'https://media.example.invalid/c.mp4', previewImageUrl: 'https://media.example.invalid/c.jpg' },
      { type: 'image', originalContentUrl: 'https://gone.example.invalid/b.jpg', previewImageUrl: 'https://gone.example.invalid/b-preview.jpg' },
    ]);
    await page.locator('.row.out video.media').waitFor();
    await page.waitForFunction(
      "[...document.querySelectorAll('.row.out img.media')].some((i) => i.src === 'https://media.example.invalid/a-preview.jpg' && i.naturalWidth === 2)",
    );
    expect(await page.locator('.row.out audio.media').last().getAttribute('src')).toBe('https://media.example.invalid/v.m4a');
    expect(await page.locator('.row.out video.media').last().getAttribute('poster')).toBe('https://media.example.invalid/c.jpg');
    await page.locator('.row.out .bubble a[href="https://gone.example.invalid/b.jpg"]').waitFor();
    await shot('6-bot-media');
  });

  it('goes back to the chat list and opens a group whose speaker controls stay clear of the title', async () => {
    if (width <= 760) {
      await page.click('#btn-chats');
      expect((await page.locator('aside').boundingBox())?.width ?? 0).toBeGreaterThan(100);
    }
    await page.click('#new-group-box summary');
    await page.fill('#new-group input[name=groupName]', `กลุ่มเจ้าหน้าที่เวรประจำศูนย์ ${name}`);
    await page.locator('#group-members label', { hasText: `ทดสอบ ${name}` }).locator('input').check();
    await page.click('#new-group button');
    await page.locator('#speaker-box').waitFor();
    const title = await page.locator('#chat-title').boundingBox();
    const tools = await page.locator('header .tools').boundingBox();
    const header = await page.locator('header').boundingBox();
    if (!title || !tools || !header) throw new Error('no layout');
    const overlap = title.x < tools.x + tools.width && tools.x < title.x + title.width && title.y < tools.y + tools.height && tools.y < title.y + title.height;
    expect(overlap).toBe(false);
    expect(tools.y + tools.height).toBeLessThanOrEqual(header.y + header.height);
    expect(tools.x + tools.width).toBeLessThanOrEqual(width);
    await shot('7-group');
  });
});
