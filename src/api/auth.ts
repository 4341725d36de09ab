import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * Bearer-token guard of the admin API. Never open by default: with no token configured every
 * request gets 503. Both sides are hashed before `timingSafeEqual`, so the comparison takes the same
 * time whatever the length or content of the presented token.
 */

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return m?.[1];
}

export function requireAdminToken(expected: string | undefined): RequestHandler {
  return (req, res, next) => {
    // Answers carry case data about vulnerable people: never let a proxy or browser keep them.
    res.set('Cache-Control', 'no-store');
    if (!expected) {
      res.status(503).json({ error: 'not_configured' });
      return;
    }
    const presented = bearerToken(req.get('authorization'));
    if (presented === undefined || !tokenMatches(presented, expected)) {
      res.set('WWW-Authenticate', 'Bearer').status(401).json({ error: 'unauthorized' });
      return;
    }
    next();
  };
}
