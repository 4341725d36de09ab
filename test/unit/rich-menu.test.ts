import { inflateSync } from 'node:zlib';
import type { messagingApi } from '@line/bot-sdk';
import { POSTBACK } from '../../src/bot/postbacks';
import {
  checkImage,
  imageDimensions,
  imageType,
  MAX_IMAGE_BYTES,
  placeholderPng,
  RICH_MENU_NAME,
  RICH_MENU_SIZE,
  richMenuDefinition,
  tableCrc32,
} from '../../src/line/rich-menu';

/** Bit-by-bit CRC-32, independent of both implementations under test. */
function slowCrc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

interface Chunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}

/** Splits a PNG into chunks, checking each chunk's CRC. */
function chunksOf(png: Buffer): Chunk[] {
  const chunks: Chunk[] = [];
  let i = 8;
  while (i < png.length) {
    const length = png.readUInt32BE(i);
    const type = png.toString('ascii', i + 4, i + 8);
    const data = png.subarray(i + 8, i + 8 + length);
    const crc = png.readUInt32BE(i + 8 + length);
    chunks.push({ type, data, crcOk: crc === slowCrc32(png.subarray(i + 4, i + 8 + length)) });
    i += 12 + length;
  }
  return chunks;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A JPEG's first segments, up to its start-of-frame: enough to read its size. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof0 = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof0, Buffer.from([0xff, 0xd9])]);
}

describe('rich menu definition', () => {
  const menu = richMenuDefinition();
  const areas = menu.areas ?? [];
  const actions = areas.map((a) => a.action);

  it('when the menu is built, then it has four areas in one row: report, SOS, track, call 1300', () => {
    expect(actions).toEqual([
      expect.objectContaining({ type: 'postback', data: POSTBACK.startReport, displayText: 'แจ้งเหตุ' }),
      expect.objectContaining({ type: 'postback', data: POSTBACK.sos }),
      expect.objectContaining({ type: 'postback', data: POSTBACK.track }),
      expect.objectContaining({ type: 'uri', uri: 'tel:1300' }),
    ]);
    expect(areas.map((a) => a.bounds?.y)).toEqual([0, 0, 0, 0]);
  });

  it('when the menu is built, then it is a 2500x843 menu shown by default under the name the installer looks for', () => {
    expect(menu).toMatchObject({ size: { width: 2500, height: 843 }, selected: true, name: RICH_MENU_NAME });
  });

  it('when the menu is built, then it keeps LINE limits: chat bar text ≤ 14, labels ≤ 20, ≤ 20 areas', () => {
    expect(menu.chatBarText?.length).toBeGreaterThan(0);
    expect(menu.chatBarText?.length).toBeLessThanOrEqual(14);
    expect(areas.length).toBeLessThanOrEqual(20);
    for (const action of actions) {
      expect(action?.label?.length).toBeGreaterThan(0);
      expect(action?.label?.length).toBeLessThanOrEqual(20);
      const displayText = (action as messagingApi.PostbackAction).displayText;
      if (displayText !== undefined) expect(displayText.length).toBeLessThanOrEqual(300);
    }
  });

  it('when the menu is built, then the areas lie inside the image, do not overlap, and cover its width', () => {
    let nextX = 0;
    for (const { bounds } of areas) {
      const b = bounds ?? {};
      expect(b.x).toBe(nextX);
      expect((b.y ?? -1) >= 0 && (b.y ?? 0) + (b.height ?? 0) <= RICH_MENU_SIZE.height).toBe(true);
      expect(b.width ?? 0).toBeGreaterThan(0);
      nextX = (b.x ?? 0) + (b.width ?? 0);
    }
    expect(nextX).toBe(RICH_MENU_SIZE.width);
  });
});

describe('placeholder PNG', () => {
  const width = 2500;
  const height = 843;
  const png = placeholderPng(width, height);
  const chunks = chunksOf(png);

  it('when the placeholder is made, then it starts with the PNG signature and has IHDR, IDAT and IEND in order', () => {
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('when the placeholder is made, then every chunk CRC is correct', () => {
    expect(chunks.every((c) => c.crcOk)).toBe(true);
  });

  it('when the placeholder is made, then IHDR says the requested size, 8-bit RGB, no interlace', () => {
    const ihdr = chunks[0]?.data ?? Buffer.alloc(0);
    expect(ihdr.length).toBe(13);
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)]).toEqual([width, height]);
    expect([...ihdr.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
  });

  it('when IDAT is inflated, then it holds height rows of a filter byte 0 and width RGB pixels', () => {
    const raw = inflateSync(chunks[1]?.data ?? Buffer.alloc(0));
    const stride = 1 + width * 3;
    expect(raw.length).toBe(height * stride);
    for (let y = 0; y < height; y++) expect(raw[y * stride]).toBe(0);
  });

  it('when the placeholder is made, then it is small enough for LINE and passes the image check', () => {
    expect(png.length).toBeLessThanOrEqual(MAX_IMAGE_BYTES);
    expect(checkImage(png)).toEqual({ ok: true, contentType: 'image/png' });
  });

  it('when the placeholder is made, then the four blocks have four different colours with a light divider between', () => {
    const row = inflateSync(chunks[1]?.data ?? Buffer.alloc(0)).subarray(0, 1 + width * 3);
    const pixel = (x: number) => row.toString('hex', 1 + x * 3, 4 + x * 3);
    const centres = [0, 1, 2, 3].map((i) => pixel(Math.floor((i + 0.5) * (width / 4))));
    expect(new Set(centres).size).toBe(4);
    expect(pixel(width / 4)).toBe('f2f2f2');
  });

  it('when a small size is asked for, then the PNG has that size', () => {
    const small = placeholderPng(7, 3);
    const [ihdr, idat] = chunksOf(small);
    expect([ihdr?.data.readUInt32BE(0), ihdr?.data.readUInt32BE(4)]).toEqual([7, 3]);
    expect(inflateSync(idat?.data ?? Buffer.alloc(0)).length).toBe(3 * (1 + 7 * 3));
  });

  it('when the size is not a positive integer, then it refuses', () => {
    expect(() => placeholderPng(0, 10)).toThrow(RangeError);
    expect(() => placeholderPng(10.5, 10)).toThrow(RangeError);
  });

  it('when zlib.crc32 is missing, then the table CRC gives the standard check value', () => {
    const check = Buffer.from('123456789', 'ascii');
    expect(tableCrc32(check)).toBe(0xcbf43926);
    expect(tableCrc32(png)).toBe(slowCrc32(png));
  });
});

describe('designed image check', () => {
  it('when the bytes start like a PNG or a JPEG, then imageType names it; otherwise it gives undefined', () => {
    expect(imageType(placeholderPng(4, 2))).toBe('image/png');
    expect(imageType(jpegHeader(2500, 843))).toBe('image/jpeg');
    expect(imageType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(imageType(Buffer.from('{"not":"an image"}'))).toBeUndefined();
    expect(imageType(Buffer.alloc(0))).toBeUndefined();
  });

  it('when a JPEG is given, then its size is read from the start-of-frame segment', () => {
    expect(imageDimensions(jpegHeader(2500, 843))).toEqual({ width: 2500, height: 843 });
  });

  it('when a file named .png is really something else, then the check says it is neither PNG nor JPEG', () => {
    expect(checkImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toEqual({
      ok: false,
      problem: expect.stringContaining('neither PNG nor JPEG'),
    });
  });

  it('when the image is over 1 MB, then the check refuses it and says its size', () => {
    const big = Buffer.concat([jpegHeader(2500, 843), Buffer.alloc(MAX_IMAGE_BYTES)]);
    expect(checkImage(big)).toEqual({ ok: false, problem: expect.stringContaining(String(big.length)) });
  });

  it('when the image is not 2500x843, then the check refuses it, since the tap areas would not match', () => {
    expect(checkImage(jpegHeader(1200, 405))).toEqual({ ok: false, problem: expect.stringContaining('1200x405') });
    expect(checkImage(placeholderPng(800, 270))).toEqual({ ok: false, problem: expect.stringContaining('800x270') });
  });

  it('when a 2500x843 JPEG under 1 MB is given, then the check accepts it as image/jpeg', () => {
    expect(checkImage(jpegHeader(2500, 843))).toEqual({ ok: true, contentType: 'image/jpeg' });
  });
});
