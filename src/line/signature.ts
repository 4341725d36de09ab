import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * LINE's `x-line-signature`: base64(HMAC-SHA256(raw body, channel secret)). The header is compared
 * as sent, character for character, with the canonical base64 of the expected HMAC (in constant
 * time). Decoding the header instead would accept non-canonical forms: Node's base64 decoder drops
 * characters outside the alphabet, so `'!!!!' + signature` would decode to the same bytes.
 */
export function verifySignature(rawBody: Buffer, signature: string | undefined, channelSecret: string): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signBody(rawBody, channelSecret), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const signBody = (rawBody: string | Buffer, channelSecret: string): string =>
  createHmac('sha256', channelSecret).update(rawBody).digest('base64');
