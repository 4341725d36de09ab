import { Issuer, type Client } from 'openid-client';

/**
 * LINE Login through openid-client (v5: the last major line that ships CommonJS, which this
 * CommonJS/Node 20 build needs; v6 is ESM-only). Discovery is lazy and retried on the next
 * sign-in when LINE (or the emulator) could not be reached.
 */
export interface LineLogin {
  authorizationUrl(p: { state: string; nonce: string }): Promise<string>;
  /** Exchanges the code and verifies the id_token (signature, iss, aud, exp, nonce); returns its subject. */
  callback(params: Record<string, string>, check: { state: string; nonce: string }): Promise<{ userId: string; name: string }>;
}

export function createLineLogin(o: { issuer: string; clientId: string; clientSecret: string; redirectUri: string }): LineLogin {
  let client: Promise<Client> | undefined;
  const get = () => {
    client ??= Issuer.discover(o.issuer).then(
      (issuer) =>
        new issuer.Client({
          client_id: o.clientId,
          client_secret: o.clientSecret,
          redirect_uris: [o.redirectUri],
          response_types: ['code'],
          // LINE signs web-login id_tokens with the channel secret and takes the secret in the form body.
          id_token_signed_response_alg: 'HS256',
          token_endpoint_auth_method: 'client_secret_post',
        }),
    );
    client.catch(() => {
      client = undefined;
    });
    return client;
  };
  return {
    async authorizationUrl({ state, nonce }) {
      return (await get()).authorizationUrl({ scope: 'openid profile', state, nonce });
    },
    async callback(params, check) {
      const c = await get();
      const tokens = await c.callback(o.redirectUri, params, { state: check.state, nonce: check.nonce });
      const claims = tokens.claims();
      return { userId: claims.sub, name: typeof claims.name === 'string' ? claims.name : '' };
    },
  };
}
