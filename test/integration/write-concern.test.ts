import type { CommandStartedEvent } from 'mongodb';
import { text } from '../../src/bot/messages';
import { followEvent } from '../helpers/line';
import { startHarness, waitFor, type Harness } from '../helpers/service';
import { connectMongo } from '../../src/store/connection';
import { buildService } from '../../src/service';
import { webhookEventSchema } from '../../src/line/webhook-schema';

// "Stored" must survive a failover: the writes the promises rest on ask for majority + journal,
// explicitly (MongoDB's implicit default is majority only on replica sets without arbiters).
let h: Harness;
beforeAll(async () => {
  h = await startHarness('write_concern');
});
afterAll(async () => {
  await h.stop();
});

it('when the service stores events, cases and outbox records, then each write carries w: majority and j: true, and the server accepts them', async () => {
  const app = await h.instance();
  const seen: CommandStartedEvent[] = [];
  // A second connection of the service's own kind, watched at the driver.
  const watched = await connectMongo(h.uri, { monitorCommands: true });
  watched.getClient().on('commandStarted', (e) => seen.push(e));
  const service = buildService({
    config: app.config,
    conn: watched,
    messenger: app.service.messenger,
    logger: app.service.logger,
    channelSecret: 'test-channel-secret',
    tuning: { pollMs: 50, heartbeatMs: 100, ownerGoneAfterMs: 1000 },
  });
  await service.start();
  await app.stop();

  const e = followEvent({ userId: 'U-wc' });
  await service.inbox.store([webhookEventSchema.parse(e)]);
  await service.outbox.enqueue([{ id: 'wc-1', to: 'U-wc', messages: [text('บันทึกแล้วค่ะ')] }]);
  await service.cases.open({ problemTypes: ['income'], channel: 'ess_help_me' }, { sourceId: 'wc-case', actor: { kind: 'system' }, now: new Date() });
  await waitFor(() => seen.some((c) => c.commandName === 'update' && c.command.update === 'outbox' && JSON.stringify(c.command.updates).includes('"done"')), 'outbox done');

  const writes = (coll: string, name: string) => seen.filter((c) => c.commandName === name && c.command[name] === coll);
  const concerns = [
    ...writes('inbox_events', 'insert'),
    ...writes('outbox', 'insert'),
    ...writes('outbox', 'update'),
    ...writes('cases', 'insert'),
  ].map((c) => c.command.writeConcern as unknown);
  expect(writes('inbox_events', 'insert').length).toBeGreaterThan(0);
  expect(writes('cases', 'insert').length).toBeGreaterThan(0);
  for (const wc of concerns) expect(wc).toMatchObject({ w: 'majority', j: true });
  await service.stop();
  await watched.close();
});
