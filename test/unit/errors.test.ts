import { HTTPFetchError } from '@line/bot-sdk';
import { AppError, handleProcessError, isTransient, normaliseError } from '../../src/errors';
import { LineApiError } from '../../src/line/messenger';
import { PermanentError, RetryLaterError } from '../../src/queue/keyed-queue';

/** An error shaped like the driver's, without connecting anywhere. */
const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('x'), { name }, extra);
const sysError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:27017`), { code });
const fetchError = (status: number) => new HTTPFetchError('fetch', { status, statusText: '', headers: new Headers(), body: '' });

describe('isTransient', () => {
  it.each<[string, unknown]>([
    ['the server cannot be selected (database down)', named('MongoServerSelectionError')],
    ['mongoose cannot select a server', named('MongooseServerSelectionError')],
    ['the network to the database fails', named('MongoNetworkError')],
    ['a socket to the database times out', named('MongoNetworkTimeoutError')],
    ['the client is not connected', named('MongoNotConnectedError')],
    ['the connection pool was cleared', named('MongoPoolClearedError')],
    ['a primary stepped down: NotWritablePrimary', named('MongoServerError', { code: 10107 })],
    ['no primary yet: NotPrimaryNoSecondaryOk', named('MongoServerError', { code: 13435 })],
    ['the server is shutting down', named('MongoServerError', { code: 91 })],
    ['a write the driver labels retryable', named('MongoWriteConcernError', { errorLabels: ['RetryableWriteError'] })],
    ['LINE answers 500', new LineApiError('push', 'http', { status: 500 })],
    ['LINE answers 429', new LineApiError('push', 'http', { status: 429 })],
    ['a LINE call times out', new LineApiError('push', 'timeout', { timeoutMs: 10 })],
    ['the LINE host is unreachable', new LineApiError('push', 'network')],
    ['the SDK error itself, 503', fetchError(503)],
    ['the SDK error itself, 429', fetchError(429)],
    ['fetch is aborted', named('AbortError')],
    ['AbortSignal.timeout fires', named('TimeoutError')],
    ['a refused connection', sysError('ECONNREFUSED')],
    ['a reset connection', sysError('ECONNRESET')],
    ['DNS fails for now', sysError('EAI_AGAIN')],
    ['fetch failed on a refused socket (TypeError with a cause)', Object.assign(new TypeError('fetch failed'), { cause: sysError('ECONNREFUSED') })],
    ['undici times out on connect', sysError('UND_ERR_CONNECT_TIMEOUT')],
    ['the queue asks to retry later', new RetryLaterError('later', 1000)],
    ['storing events timed out (503)', new AppError('store_timeout', 'storing events timed out', 503)],
  ])('when %s, then it is transient', (_what, err) => {
    expect(isTransient(err)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['LINE answers 400 (a bad request of ours)', new LineApiError('reply', 'http', { status: 400 })],
    ['LINE answers 401', new LineApiError('push', 'http', { status: 401 })],
    ['the SDK error itself, 400', fetchError(400)],
    ['a duplicate key', named('MongoServerError', { code: 11000 })],
    ['a document fails validation', named('ValidationError')],
    ['a cast fails', named('CastError')],
    ['the queue says never', new PermanentError('no')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a refusal of ours', new AppError('bad_signature', 'invalid signature', 401, true)],
    ['a string is thrown', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('when %s, then it is not transient', (_what, err) => {
    expect(isTransient(err)).toBe(false);
  });

  it('when causes nest without end, then it stops and says not transient', () => {
    const a: { name: string; cause?: unknown } = { name: 'Error' };
    a.cause = a;
    expect(isTransient(a)).toBe(false);
  });
});

describe('normaliseError', () => {
  it.each<[string, unknown, number, string]>([
    ['an AppError keeps its status and code', new AppError('bad_shape', 'body is not a LINE webhook', 400, true), 400, 'bad_shape'],
    ['a body too large', { type: 'entity.too.large', status: 413, expose: true }, 413, 'too_large'],
    ['a body that is not JSON', { type: 'entity.parse.failed', status: 400, expose: true }, 400, 'bad_json'],
    ['an unsupported charset', { type: 'charset.unsupported', status: 415, expose: true }, 415, 'unsupported_media_type'],
    ['another client error from express', Object.assign(new Error('x'), { status: 404, expose: true }), 404, 'bad_request'],
    ['an address whose %-escapes do not decode (express router)', Object.assign(new URIError("Failed to decode param '%ZZ'"), { status: 400, statusCode: 400 }), 400, 'bad_request'],
    ['a file the static middleware does not have', Object.assign(new Error('ENOENT: no such file'), { status: 404, statusCode: 404, expose: false, code: 'ENOENT' }), 404, 'not_found'],
    ['a URIError of our own code (a bug)', new URIError('URI malformed'), 500, 'internal'],
    ['a database that is down', named('MongoServerSelectionError'), 503, 'unavailable'],
    ['LINE 400 (our mistake, not the caller’s)', new LineApiError('push', 'http', { status: 400 }), 500, 'internal'],
    ['a bug', new TypeError('boom'), 500, 'internal'],
  ])('when %s, then the answer is that status and code', (_what, err, status, code) => {
    expect(normaliseError(err)).toMatchObject({ status, code });
  });

  it('when an error message quotes what a citizen wrote, then the log text keeps only the name and code', () => {
    const err = Object.assign(new Error('Cast to ObjectId failed for value "นางสมศรี 0812345678"'), { name: 'CastError', code: 'X' });
    const n = normaliseError(err);
    expect(n.text).toBe('CastError (code X)');
    expect(JSON.stringify(n)).not.toContain('0812345678');
  });

  it.each<[string, boolean, unknown]>([
    ['a database outage', true, named('MongoNetworkError')],
    ['a duplicate key', true, named('MongoServerError', { code: 11000 })],
    ['a refusal of ours', true, new AppError('x', 'y', 409, true)],
    ['a TypeError (a bug)', false, new TypeError('boom')],
    ['a ReferenceError (a bug)', false, new ReferenceError('x is not defined')],
    ['a thrown string', false, 'oops'],
  ])('when the error is %s, then operational is %s', (_what, operational, err) => {
    expect(normaliseError(err).operational).toBe(operational);
  });
});

describe('handleProcessError', () => {
  const run = (kind: 'uncaughtException' | 'unhandledRejection', err: unknown) => {
    const logged: Array<[string, Record<string, unknown>]> = [];
    const exits: number[] = [];
    handleProcessError(kind, err, { logger: { error: (m, meta) => logged.push([m, meta]) }, exit: (c) => exits.push(c) });
    return { logged, exits };
  };

  it('when an exception is uncaught, then it is logged and the process exits with 1, even for an operational error', () => {
    const { logged, exits } = run('uncaughtException', named('MongoNetworkError'));
    expect(exits).toEqual([1]);
    expect(logged).toEqual([['fatal error: exiting', expect.objectContaining({ kind: 'uncaughtException', transient: true })]]);
  });

  it('when a rejection is a bug, then it is logged and the process exits with 1', () => {
    const { logged, exits } = run('unhandledRejection', new TypeError('boom'));
    expect(exits).toEqual([1]);
    expect(logged[0][0]).toBe('fatal error: exiting');
  });

  it('when a rejection is an operational failure, then it is logged and the service carries on', () => {
    const { logged, exits } = run('unhandledRejection', named('MongoServerSelectionError'));
    expect(exits).toEqual([]);
    expect(logged).toEqual([['unhandled operational error', expect.objectContaining({ kind: 'unhandledRejection', operational: true })]]);
  });

  it('when the error quotes personal data, then the log line does not', () => {
    const { logged } = run('uncaughtException', new TypeError('cannot parse "บ้านเลขที่ 12 โทร 0812345678"'));
    expect(JSON.stringify(logged)).not.toContain('0812345678');
    expect(logged[0][1].error).toBe('TypeError');
  });
});
