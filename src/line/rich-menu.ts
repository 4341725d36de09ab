import zlib from 'node:zlib';
import type { messagingApi } from '@line/bot-sdk';
import { postback } from '../bot/messages';
import { POSTBACK } from '../bot/postbacks';
import { INTAKE_TH as T } from '../strings/th/intake';

/**
 * The OA's bottom menu: one row of four taps over a 2500x843 image. `npm run rich-menu` installs
 * it once per channel; everything here except `installRichMenu` is pure so it can be tested alone.
 */

/** How this project's menu is found again in the channel's menu list, to replace it. */
export const RICH_MENU_NAME = 'husec-main';
export const RICH_MENU_SIZE = { width: 2500, height: 843 } as const;
/** Text on the bar that opens the menu; LINE allows 14 characters. */
const CHAT_BAR_TEXT = 'เมนู';
/**
 * LINE's limit is "1 MB"; 1,000,000 bytes is the stricter reading, so an image that passes here
 * is never refused for size by LINE.
 */
export const MAX_IMAGE_BYTES = 1_000_000;

export type ImageContentType = 'image/png' | 'image/jpeg';

export function richMenuDefinition(): messagingApi.RichMenuRequest {
  const { width, height } = RICH_MENU_SIZE;
  const actions: messagingApi.Action[] = [
    postback(T.btnReport, POSTBACK.startReport),
    postback(T.btnSos, POSTBACK.sos),
    postback(T.btnTrack, POSTBACK.track),
    { type: 'uri', label: T.btnCall1300, uri: 'tel:1300' },
  ];
  const cell = Math.floor(width / actions.length);
  return {
    size: { width, height },
    selected: true,
    name: RICH_MENU_NAME,
    chatBarText: CHAT_BAR_TEXT,
    areas: actions.map((action, i) => ({
      // The last cell takes any remainder so the row covers the whole width.
      bounds: { x: i * cell, y: 0, width: i === actions.length - 1 ? width - i * cell : cell, height },
      action,
    })),
  };
}

// ---- PNG ----------------------------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let crcTable: Uint32Array | undefined;
/** CRC-32 (ISO-HDLC, as PNG uses) by table, for Node versions before zlib.crc32 (20.15). */
export function tableCrc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const crc32: (data: Uint8Array) => number = typeof zlib.crc32 === 'function' ? (d) => zlib.crc32(d) : tableCrc32;

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Block colours, one per area: report, SOS, track, call. */
const BLOCKS: ReadonlyArray<readonly [number, number, number]> = [
  [0xe8, 0x83, 0x3a],
  [0xc6, 0x28, 0x28],
  [0x1b, 0x5e, 0x9f],
  [0x2e, 0x7d, 0x32],
];
const DIVIDER = [0xf2, 0xf2, 0xf2] as const;
const DIVIDER_PX = 8;

/**
 * A plain stand-in image: four coloured blocks with light dividers, no text. A designed image
 * with the Thai labels should replace it; drawing Thai text here would need a font renderer.
 */
export function placeholderPng(width: number, height: number): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError('width and height must be positive integers');
  }
  const cell = width / BLOCKS.length;
  // Every row is the same: filter byte 0 (None), then RGB pixels.
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) {
    const block = Math.min(BLOCKS.length - 1, Math.floor(x / cell));
    const edge = block * cell;
    const onDivider = block > 0 && Math.abs(x - edge) < DIVIDER_PX / 2;
    row.set(onDivider ? DIVIDER : (BLOCKS[block] as readonly number[]), 1 + x * 3);
  }
  const raw = Buffer.alloc(row.length * height);
  for (let y = 0; y < height; y++) row.copy(raw, y * row.length);

  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour (RGB)
  // compression, filter and interlace methods stay 0
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- Checking a designed image ------------------------------------------------------------------

/** The image's type by its magic bytes (not its file name), or undefined if it is neither. */
export function imageType(buffer: Uint8Array): ImageContentType | undefined {
  if (buffer.length >= 8 && PNG_SIGNATURE.equals(Buffer.from(buffer.subarray(0, 8)))) return 'image/png';
  if (buffer.length >= 3 && buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/** Pixel size from the PNG IHDR or the JPEG start-of-frame segment; undefined if it cannot be read. */
export function imageDimensions(buffer: Buffer): { width: number; height: number } | undefined {
  const type = imageType(buffer);
  if (type === 'image/png') {
    if (buffer.length < 24 || buffer.toString('ascii', 12, 16) !== 'IHDR') return undefined;
    return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
  }
  if (type !== 'image/jpeg') return undefined;
  let i = 2;
  while (i + 9 < buffer.length) {
    if (buffer[i] !== 0xff) return undefined;
    const marker = buffer[i + 1] as number;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    // SOF0..SOF15 carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: buffer.readUInt16BE(i + 5), width: buffer.readUInt16BE(i + 7) };
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    i += 2 + buffer.readUInt16BE(i + 2);
  }
  return undefined;
}

/** Checks a designed image against LINE's rules and this menu's size; says what is wrong if not. */
export function checkImage(buffer: Buffer): { ok: true; contentType: ImageContentType } | { ok: false; problem: string } {
  const contentType = imageType(buffer);
  if (!contentType) return { ok: false, problem: 'the image is neither PNG nor JPEG (checked by its first bytes)' };
  if (buffer.length > MAX_IMAGE_BYTES) {
    return { ok: false, problem: `the image is ${buffer.length} bytes; LINE accepts at most ${MAX_IMAGE_BYTES}` };
  }
  const size = imageDimensions(buffer);
  const { width, height } = RICH_MENU_SIZE;
  if (size && (size.width !== width || size.height !== height)) {
    return {
      ok: false,
      problem: `the image is ${size.width}x${size.height}; the menu's tap areas are laid out on ${width}x${height}`,
    };
  }
  return { ok: true, contentType };
}

// ---- Installing ---------------------------------------------------------------------------------

export interface RichMenuClients {
  api: Pick<messagingApi.MessagingApiClient, 'createRichMenu' | 'setDefaultRichMenu' | 'getRichMenuList' | 'deleteRichMenu'>;
  blob: Pick<messagingApi.MessagingApiBlobClient, 'setRichMenuImage'>;
}

export interface MenuImage {
  data: Buffer;
  contentType: ImageContentType;
}

export interface InstallResult {
  richMenuId: string;
  /** Earlier menus of this project that were deleted. */
  replaced: string[];
  /** Earlier menus that could not be deleted (the next run deletes them). */
  notDeleted: string[];
}

/**
 * Creates the menu, uploads its image, makes it the default, and only then deletes the menus
 * an earlier run made, so users are never left without a menu and running twice leaves one.
 * If the upload or the default fails, the half-made new menu is deleted and the old one stays.
 */
export async function installRichMenu(clients: RichMenuClients, image: MenuImage): Promise<InstallResult> {
  const { richmenus } = await clients.api.getRichMenuList();
  const previous = richmenus.filter((m) => m.name === RICH_MENU_NAME).map((m) => m.richMenuId);

  const { richMenuId } = await clients.api.createRichMenu(richMenuDefinition());
  try {
    await clients.blob.setRichMenuImage(richMenuId, new Blob([image.data], { type: image.contentType }));
    await clients.api.setDefaultRichMenu(richMenuId);
  } catch (err) {
    // The caller needs the failure that stopped the install, not a failure to tidy up after it.
    await clients.api.deleteRichMenu(richMenuId).catch(() => undefined);
    throw err;
  }

  const replaced: string[] = [];
  const notDeleted: string[] = [];
  for (const id of previous) {
    try {
      await clients.api.deleteRichMenu(id);
      replaced.push(id);
    } catch {
      notDeleted.push(id);
    }
  }
  return { richMenuId, replaced, notDeleted };
}
