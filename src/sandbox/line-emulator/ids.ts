import { randomFillSync, randomInt, randomUUID } from 'node:crypto';

/** Identifiers shaped like the ones LINE issues, so code that parses or stores them sees the real forms. */

/**
 * Random bytes drawn from one pooled buffer refilled 4 KiB at a time (as Node does for randomUUID):
 * the emulator issues several ids per message, and a separate CSPRNG call for each was a visible
 * part of a surge bench's load generator.
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function randomBytes(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const out = Buffer.from(pool.subarray(poolAt, poolAt + n));
  poolAt += n;
  return out;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID: 10 chars of millisecond time, 16 chars of randomness (Crockford base32, 26 chars). */
export function ulid(now = Date.now()): string {
  let time = '';
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
  const rand = randomBytes(16);
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[(rand[i] ?? 0) % 32];
  return time + tail;
}

const hex32 = () => randomBytes(16).toString('hex');

export const newUserId = () => `U${hex32()}`;
export const newGroupId = () => `C${hex32()}`;
export const newReplyToken = () => hex32();
export const newRequestId = () => randomUUID();
export const newRichMenuId = () => `richmenu-${hex32()}`;
export const newQuoteToken = () => randomBytes(24).toString('base64url');
/** LINE message ids are 18-digit decimal strings. */
export const newMessageId = () => `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;

/** The bot's own user id in the sandbox: the `destination` of every webhook body. */
export const SANDBOX_BOT_USER_ID = `U${'0'.repeat(31)}1`;

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
