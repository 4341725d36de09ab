import { createHmac, timingSafeEqual } from 'node:crypto';

/** LINE's `x-line-signature`: base64(HMAC-SHA256(raw body, channel secret)), compared in constant time. */
export function verifySignature(rawBody: Buffer, signature: string | undefined, channelSecret: string): boolean {
  if (!signature) return false;
  const expected = createHmac('sha256', channelSecret).update(rawBody).digest();
  let given: Buffer;
  try {
    given = Buffer.from(signature, 'base64');
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const signBody = (rawBody: string | Buffer, channelSecret: string): string =>
  createHmac('sha256', channelSecret).update(rawBody).digest('base64');
