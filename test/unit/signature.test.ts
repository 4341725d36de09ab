import { signBody, verifySignature } from '../../src/line/signature';

describe('webhook signature', () => {
  const secret = 'channel-secret';
  // LINE escapes emoji as \uXXXX: the signature covers those raw bytes, not a re-serialisation.
  const raw = Buffer.from('{"events":[{"message":{"text":"\\ud83d\\ude00 ช่วยด้วย"}}]}');

  it('when the signature is the HMAC of the raw bytes, then it verifies', () => {
    expect(verifySignature(raw, signBody(raw, secret), secret)).toBe(true);
  });

  it('when the same JSON is re-serialised, then the original signature no longer matches it', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
    expect(verifySignature(reserialised, signBody(raw, secret), secret)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['truncated', signBody(raw, secret).slice(0, 20)],
    ['from another secret', signBody(raw, 'other')],
    // Base64 decoding skips characters outside its alphabet: these decode to the valid HMAC's bytes.
    ['prefixed with characters outside base64', `!!!!${signBody(raw, secret)}`],
    ['split by whitespace', `${signBody(raw, secret).slice(0, 10)} ${signBody(raw, secret).slice(10)}`],
    ['without its padding', signBody(raw, secret).replace(/=+$/, '')],
    ['in base64url', signBody(raw, secret).replace(/\+/g, '-').replace(/\//g, '_')],
  ])('when the signature is %s, then it does not verify', (_n, sig) => {
    expect(verifySignature(raw, sig, secret)).toBe(false);
  });
});
