import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring media links: `<payload>.<mac>`, both base64url. The payload names the
 * attachment (LINE message id), the officer it was sent to and the expiry (Unix seconds); the MAC
 * is HMAC-SHA256 over exactly that payload. Anything that fails to parse, verify or is past its
 * expiry is simply not a link (the route answers 404 and nothing else).
 *
 * The officer's LINE user id is in the payload so that the view can be recorded as theirs; the link
 * goes only to LINE and to that officer's own chat. No reporter data is in it.
 */

export interface MediaGrant {
  /** LINE message id of the attachment. */
  m: string;
  /** LINE user id of the officer the link was sent to. */
  o: string;
  /** Expiry, Unix seconds. */
  e: number;
}

const b64 = (b: Buffer) => b.toString('base64url');
const mac = (payload: string, secret: string) => createHmac('sha256', secret).update(payload, 'utf8').digest();

export function signGrant(g: MediaGrant, secret: string): string {
  const payload = b64(Buffer.from(JSON.stringify([g.m, g.o, g.e]), 'utf8'));
  return `${payload}.${b64(mac(payload, secret))}`;
}

export function verifyGrant(token: string, secret: string, nowMs: number): MediaGrant | undefined {
  if (token.length > 400) return undefined;
  const [payload, sig, ...rest] = token.split('.');
  if (!payload || !sig || rest.length) return undefined;
  const expected = mac(payload, secret);
  const presented = Buffer.from(sig, 'base64url');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
  const [m, o, e] = parsed as unknown[];
  if (typeof m !== 'string' || typeof o !== 'string' || typeof e !== 'number' || !Number.isFinite(e)) return undefined;
  if (e * 1000 <= nowMs) return undefined;
  return { m, o, e };
}
