import mongoose, { type Connection } from 'mongoose';
import { createGroupRegistry, dutyGroupModel } from '../../src/duty/store';
import { startTestDb, type TestDb } from '../helpers/mongo';

/**
 * The registered duty groups as a process sees them (issue 13): one read per TTL instead of one per
 * lookup, this process's own writes seen at once, another instance's after at most the TTL, and a
 * chat the copy does not know always read again. Commands are counted at the driver.
 */

let db: TestDb;
let conn: Connection;
let other: Connection;
const finds: string[] = [];
const NOW = new Date('2026-03-02T03:00:00Z');
let n = 0;
const group = () => `C${String(++n).padStart(32, '0')}`;

beforeAll(async () => {
  db = await startTestDb('duty-group-registry');
  conn = await mongoose.createConnection(db.uri, { monitorCommands: true, serverSelectionTimeoutMS: 5000 }).asPromise();
  other = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  conn.getClient().on('commandStarted', (e) => {
    if (e.commandName === 'find' && (e.command as { find?: string }).find === 'duty_groups') finds.push('find');
  });
  await dutyGroupModel(conn).init();
});

afterAll(async () => {
  await conn.close();
  await other.close();
  await db.stop();
});

beforeEach(async () => {
  await dutyGroupModel(conn).deleteMany({});
  finds.length = 0;
});

/** A registry on `conn` whose clock the test moves. */
function registryAt(start: number) {
  let t = start;
  const registry = createGroupRegistry(conn, {}, { ttlMs: 5_000, clock: () => t });
  return { registry, advance: (ms: number) => void (t += ms) };
}

test('when groups are looked up many times within the TTL, then they are read once', async () => {
  const { registry } = registryAt(0);
  const g = group();
  await createGroupRegistry(other, {}).register(g, 'both', NOW);
  const lists = await Promise.all([registry.list(), registry.list(), registry.list()]);
  await registry.list();
  expect([lists.map((l) => l.map((x) => x.groupId)), finds.length]).toEqual([[[g], [g], [g]], 1]);
});

test('when this process registers or removes a group, then its next lookup sees it at once', async () => {
  const { registry } = registryAt(0);
  await registry.list();
  const g = group();
  await registry.register(g, 'day', NOW, 'CMI');
  const afterRegister = (await registry.list()).map((x) => [x.groupId, x.role, x.centerCode]);
  await registry.remove(g);
  expect([afterRegister, await registry.list()]).toEqual([[[g, 'day', 'CMI']], []]);
});

test('when another instance registers a group, then the list shows it after the TTL and the chat itself is known at once', async () => {
  const { registry, advance } = registryAt(0);
  expect(await registry.list()).toEqual([]);
  const g = group();
  await createGroupRegistry(other, {}).register(g, 'night', NOW);
  const withinTtl = (await registry.list()).length;
  const role = await registry.roleOf(g);
  advance(5_000);
  const afterTtl = (await registry.list()).map((x) => x.groupId);
  expect({ withinTtl, role, afterTtl }).toEqual({ withinTtl: 0, role: 'night', afterTtl: [g] });
});

test('when another instance removes a group, then this process stops listing it after the TTL', async () => {
  const { registry, advance } = registryAt(0);
  const g = group();
  await registry.register(g, 'both', NOW);
  await registry.list();
  await createGroupRegistry(other, {}).remove(g);
  const within = (await registry.list()).length;
  advance(5_000);
  expect([within, (await registry.list()).length]).toEqual([1, 0]);
});

test('when a chat is no registered group, then each lookup of it reads again (a registration a moment ago is never missed)', async () => {
  const { registry } = registryAt(0);
  await registry.list();
  const before = finds.length;
  await registry.roleOf('C-not-a-duty-group');
  await registry.roleOf('C-not-a-duty-group');
  expect(finds.length - before).toBe(2);
});
