import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

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

/** Who is asking: the national token (everything) or one center's key (its own cases only). */
export type ApiAccess = { national: true } | { national: false; centerCode: string; keyId: string };

export const accessOf = (res: Response): ApiAccess => (res.locals.access as ApiAccess | undefined) ?? { national: true };

/**
 * The national token (`ADMIN_API_TOKEN`) or, when a key store is given, a center's API key
 * (`npm run centers -- key create CMI`). The token is checked first and in constant time; a key is
 * looked up by its id and compared in constant time (src/centers/keys.ts). With neither configured
 * every request gets 503, as before.
 */
export function requireApiAccess(
  expected: string | undefined,
  keys?: { verify(presented: string): Promise<{ id: string; centerCode: string } | undefined> },
): RequestHandler {
  const tokenOnly = requireAdminToken(expected);
  if (!keys) return tokenOnly;
  return (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    const presented = bearerToken(req.get('authorization'));
    if (presented !== undefined && expected && tokenMatches(presented, expected)) {
      res.locals.access = { national: true } satisfies ApiAccess;
      return next();
    }
    if (presented === undefined) {
      res.set('WWW-Authenticate', 'Bearer').status(401).json({ error: 'unauthorized' });
      return;
    }
    keys.verify(presented).then((key) => {
      if (!key) {
        res.set('WWW-Authenticate', 'Bearer').status(401).json({ error: 'unauthorized' });
        return;
      }
      res.locals.access = { national: false, centerCode: key.centerCode, keyId: key.id } satisfies ApiAccess;
      next();
    }, next);
  };
}
