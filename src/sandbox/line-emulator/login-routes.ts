import { createHmac, randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import type { EmulatorState } from './emulator-state';

/**
 * LINE Login (OpenID Connect) as LINE serves it, for the console's sign-in offline and in tests:
 * discovery, an authorize page where the developer picks one of the emulator's known users (the
 * sample officers), and the token endpoint. The id_token is signed HS256 with the login channel's
 * secret, as LINE signs web-login id_tokens; the emulator trusts the client_secret the client sends
 * (it has no channel console), and the client verifies the signature with its own secret.
 * Also the Messaging API's group member ids list, which the older routes lack.
 */

interface Grant {
  userId: string;
  name: string;
  clientId: string;
  redirectUri: string;
  nonce?: string;
  expiresAt: number;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signHs256(payload: Record<string, unknown>, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

export function loginRouter(opts: { state: EmulatorState; now: () => number }): Router {
  const { state } = opts;
  const grants = new Map<string, Grant>();
  const router = express.Router();
  const issuer = (req: express.Request) => `${req.protocol}://${req.get('host')}`;

  router.get('/.well-known/openid-configuration', (req, res) => {
    const iss = issuer(req);
    res.json({
      issuer: iss,
      authorization_endpoint: `${iss}/oauth2/v2.1/authorize`,
      token_endpoint: `${iss}/oauth2/v2.1/token`,
      jwks_uri: `${iss}/oauth2/v2.1/certs`,
      response_types_supported: ['code'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['HS256', 'ES256'],
    });
  });
  router.get('/oauth2/v2.1/certs', (_req, res) => res.json({ keys: [] }));

  /** Everyone the emulator knows: profiles and group members (the sample officers), by name. */
  const knownUsers = () => {
    const users = new Map<string, string>(state.profiles);
    for (const g of state.groups.values()) for (const [id, name] of g.members) users.set(id, name);
    return [...users].sort((a, b) => a[1].localeCompare(b[1], 'th'));
  };

  router.get('/oauth2/v2.1/authorize', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    if (q.response_type !== 'code' || !q.client_id || !q.redirect_uri || !q.state) {
      res.status(400).type('text').send('invalid_request');
      return;
    }
    const hidden = (['client_id', 'redirect_uri', 'state', 'nonce'] as const)
      .map((k) => `<input type="hidden" name="${k}" value="${esc(q[k] ?? '')}">`)
      .join('');
    const buttons = knownUsers()
      .map(([id, name]) => `<li><button name="user_id" value="${esc(id)}">${esc(name)}</button></li>`)
      .join('');
    res.type('html').send(
      `<!doctype html><html lang="th"><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
        `<title>LINE Login (sandbox)</title><body style="font-family:sans-serif;max-width:28rem;margin:2rem auto">` +
        `<h1>LINE Login (sandbox)</h1><p>เลือกบัญชี LINE ที่จะเข้าสู่ระบบ</p>` +
        `<form method="post" action="/oauth2/v2.1/authorize">${hidden}<ul>${buttons}</ul></form></body></html>`,
    );
  });

  router.post('/oauth2/v2.1/authorize', express.urlencoded({ extended: false }), (req, res) => {
    const b = req.body as Record<string, string | undefined>;
    const name = knownUsers().find(([id]) => id === b.user_id)?.[1];
    if (!b.user_id || !name || !b.redirect_uri || !b.client_id) {
      res.status(400).type('text').send('invalid_request');
      return;
    }
    const code = b64url(randomBytes(16));
    grants.set(code, { userId: b.user_id, name, clientId: b.client_id, redirectUri: b.redirect_uri, nonce: b.nonce || undefined, expiresAt: opts.now() + 10 * 60_000 });
    const to = new URL(b.redirect_uri);
    to.searchParams.set('code', code);
    to.searchParams.set('state', b.state ?? '');
    res.redirect(302, to.toString());
  });

  router.post('/oauth2/v2.1/token', express.urlencoded({ extended: false }), (req, res) => {
    const b = req.body as Record<string, string | undefined>;
    // client_secret_basic or client_secret_post, as LINE accepts
    let clientId = b.client_id;
    let secret = b.client_secret;
    const auth = req.get('authorization');
    if (auth?.startsWith('Basic ')) {
      const [id, s] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
      clientId = decodeURIComponent(id ?? '');
      secret = decodeURIComponent(s ?? '');
    }
    const grant = b.code ? grants.get(b.code) : undefined;
    if (b.code) grants.delete(b.code); // single use
    if (b.grant_type !== 'authorization_code' || !grant || !secret || grant.clientId !== clientId || grant.redirectUri !== b.redirect_uri || grant.expiresAt < opts.now()) {
      res.status(400).json({ error: 'invalid_grant' });
      return;
    }
    const iat = Math.floor(opts.now() / 1000);
    const idToken = signHs256(
      { iss: issuer(req), sub: grant.userId, aud: grant.clientId, exp: iat + 3600, iat, nonce: grant.nonce, amr: ['linesso'], name: grant.name },
      secret,
    );
    res.json({ access_token: b64url(randomBytes(24)), token_type: 'Bearer', expires_in: 2592000, scope: 'openid profile', id_token: idToken });
  });

  router.get('/v2/bot/group/:groupId/members/ids', (req, res) => {
    const group = state.groups.get(String(req.params.groupId));
    if (!group) {
      res.status(404).json({ message: 'Not found' });
      return;
    }
    res.json({ memberIds: [...group.members.keys()] });
  });

  // A member leaves the group (what the LINE app does), so tests and the sandbox can see access end.
  router.delete('/_sandbox/group/:groupId/members/:userId', (req, res) => {
    state.groups.get(String(req.params.groupId))?.members.delete(String(req.params.userId));
    res.status(204).end();
  });

  return router;
}
