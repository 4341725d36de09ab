import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Connection } from 'mongoose';
import { createApiKeyStore, type ApiKeyStore } from '../../src/centers/keys';
import { connectMongo } from '../../src/store/connection';
import { startTestDb, type TestDb } from '../helpers/mongo';

const now = new Date('2026-12-03T03:00:00Z');
let db: TestDb;
let conn: Connection;
let keys: ApiKeyStore;
beforeAll(async () => {
  db = await startTestDb('centers_keys');
  conn = await connectMongo(db.uri);
  keys = createApiKeyStore(conn);
});
afterAll(async () => {
  await conn.close();
  await db.stop();
});

describe('API keys per center', () => {
  it('when a key is created, then it verifies as its center’s, and only a hash of it is stored', async () => {
    const { id, key } = await keys.create('CMI', now);
    expect(key).toMatch(/^hk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(await keys.verify(key)).toEqual({ id, centerCode: 'CMI' });
    const stored = await conn.collection('center_api_keys').findOne({ _id: id as never });
    expect(JSON.stringify(stored)).not.toContain(key.slice(`hk_${id}_`.length));
    expect(stored).toMatchObject({ centerCode: 'CMI', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('when a key is altered, malformed or unknown, then it verifies as nobody', async () => {
    const { key } = await keys.create('CMI', now);
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    expect(await keys.verify(`${key.slice(0, -1)}${last}`)).toBeUndefined();
    expect(await keys.verify('hk_000000000000_' + 'A'.repeat(43))).toBeUndefined();
    expect(await keys.verify('Bearer nonsense')).toBeUndefined();
    expect(await keys.verify('')).toBeUndefined();
  });

  it('when a key is revoked, then it no longer verifies, and revoking again or an unknown id is answered', async () => {
    const { id, key } = await keys.create('KKN', now);
    expect(await keys.revoke(id, now)).toBe(true);
    expect(await keys.verify(key)).toBeUndefined();
    expect(await keys.revoke(id, new Date(now.getTime() + 1000))).toBe(true);
    expect((await keys.list('KKN'))[0]).toEqual({ id, centerCode: 'KKN', createdAt: now, revokedAt: now });
    expect(await keys.revoke('ffffffffffff', now)).toBe(false);
  });

  it('lists keys per center without their secrets', async () => {
    const listed = await keys.list('CMI');
    expect(listed).toHaveLength(2);
    for (const k of listed) expect(Object.keys(k).sort()).toEqual(['centerCode', 'createdAt', 'id']);
  });

  it('when created from the command line, then the key is printed once and works; an unknown center gets none', async () => {
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/centers.ts', ...args, '--uri', db.uri], {
        env: { ...process.env, MONGODB_URI: '', NODE_ENV: 'test' },
      });
    const created = await run(['key', 'create', 'PHR']);
    const key = /hk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/.exec(created.stdout)?.[0];
    expect(key).toBeDefined();
    expect(await keys.verify(key!)).toMatchObject({ centerCode: 'PHR' });
    await expect(run(['key', 'create', 'XYZ'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('ไม่มีศูนย์รหัส XYZ') });
    const id = (await keys.verify(key!))!.id;
    expect((await run(['key', 'revoke', id])).stdout).toContain(`ยกเลิกคีย์ ${id} แล้ว`);
    expect(await keys.verify(key!)).toBeUndefined();
  });
});
