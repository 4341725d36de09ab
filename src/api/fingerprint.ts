import { createHash } from 'node:crypto';

/**
 * A hash of a validated request body, in a canonical form (object keys sorted, so a client that
 * re-serialises its retry in another key order is still recognised). Stored with the
 * Idempotency-Key's case or timeline entry: a key reused with a different body is refused with
 * 422, as the IETF Idempotency-Key draft recommends, instead of answering with the first request's
 * result as if this one had been carried out.
 */
export function requestFingerprint(kind: string, body: unknown): string {
  return createHash('sha256').update(`${kind}\n${canonicalJson(body)}`, 'utf8').digest('base64url');
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
