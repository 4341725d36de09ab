import { runWithContext } from '../../src/log/context';
import { hashId, setHashSalt } from '../../src/log/logger';
import { capturingLogger } from '../helpers/service';

function capture() {
  const { logger, lines } = capturingLogger();
  return { logger, lines: { at: (i: number) => JSON.parse(lines[i]) as Record<string, unknown> } };
}

describe('logging', () => {
  const userId = `U${'a1'.repeat(16)}`;

  it('when an entry is written inside a request or event, then it carries the request id and webhookEventId', () => {
    const { logger, lines } = capture();
    runWithContext({ requestId: 'req-1' }, () => runWithContext({ webhookEventId: '01EVENT' }, () => logger.info('processed')));
    expect(lines.at(0)).toMatchObject({ message: 'processed', requestId: 'req-1', webhookEventId: '01EVENT', level: 'info' });
  });

  it('when a raw LINE id slips into an entry, then only its salted hash is written', () => {
    setHashSalt('test-salt');
    const { logger, lines } = capture();
    logger.warn(`timer intake-timeout:${userId}:3 failed`, { item: `intake-timeout:${userId}:3`, nested: { to: userId } });
    const written = JSON.stringify(lines.at(0));
    expect(written).not.toContain(userId);
    expect(written).toContain(`U#${hashId(userId)}`);
  });

  it('when the same id is hashed twice with one salt, then the hashes correlate; with another salt they differ', () => {
    setHashSalt('salt-a');
    const a = hashId(userId);
    expect(hashId(userId)).toBe(a);
    setHashSalt('salt-b');
    expect(hashId(userId)).not.toBe(a);
  });
});
