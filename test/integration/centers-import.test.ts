import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Connection } from 'mongoose';
import { createCenterStore, type CenterStore } from '../../src/centers';
import { exportCenters, importCenters } from '../../src/centers/import';
import { loadConfig } from '../../src/config/env';
import { connectMongo } from '../../src/store/connection';
import { startTestDb, type TestDb } from '../helpers/mongo';

const group = (n: number) => `C${n.toString(16).padStart(32, '0')}`;
const config = loadConfig({ NODE_ENV: 'test' });
const now = new Date('2026-12-03T03:00:00Z');

let db: TestDb;
let conn: Connection;
let store: CenterStore;
beforeAll(async () => {
  db = await startTestDb('centers_import');
  conn = await connectMongo(db.uri);
  store = createCenterStore(conn, config);
});
afterAll(async () => {
  await conn.close();
  await db.stop();
});

const file = [
  { code: 'CMI', name: 'ศรส.จ.เชียงใหม่', provinces: ['50', '51'], dutyGroupId: group(1), dayShift: '08:00-16:00' },
  { code: 'BKK', name: 'ศรส.กรุงเทพมหานคร', provinces: ['กรุงเทพมหานคร'], dutyGroupId: group(2), nightGroupId: group(3) },
];

describe('npm run centers -- import / export', () => {
  it('when the file is good, then every center is written, and the export gives back the same file', async () => {
    expect(await importCenters(store, file, { env: config, now })).toEqual({
      ok: true,
      written: [
        { code: 'CMI', created: true, changed: true },
        { code: 'BKK', created: true, changed: true },
      ],
    });
    expect(await exportCenters(store)).toEqual([
      { code: 'BKK', name: 'ศรส.กรุงเทพมหานคร', provinces: ['10'], dutyGroupId: group(2), nightGroupId: group(3) },
      { code: 'CMI', name: 'ศรส.จ.เชียงใหม่', provinces: ['50', '51'], dutyGroupId: group(1), dayShift: '08:00-16:00' },
    ]);
  });

  it('when the same file is imported again, then nothing changes', async () => {
    const r = await importCenters(store, file, { env: config, now: new Date(now.getTime() + 60_000) });
    expect(r).toEqual({ ok: true, written: [{ code: 'CMI', created: false, changed: false }, { code: 'BKK', created: false, changed: false }] });
    expect((await store.get('CMI'))?.updatedAt).toEqual(now);
  });

  it('when one center of the file is wrong, then nothing at all is written and each problem is named', async () => {
    const bad = [
      { code: 'NAN', name: 'ศรส.จ.น่าน', provinces: ['55'], dutyGroupId: group(10) },
      { code: 'LPN', name: 'ศรส.จ.ลำพูน', provinces: ['51'], dutyGroupId: group(11) },
      { code: 'XX1', name: 'x', provinces: ['เวียงจันทน์'], dutyGroupId: 'nope' },
      { code: 'NAN', name: 'ซ้ำ', provinces: ['56'], dutyGroupId: group(12) },
    ];
    const r = await importCenters(store, bad, { env: config, now });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.written).toEqual([]);
    expect(r.problems).toEqual([
      { index: 1, code: 'LPN', conflicts: [{ kind: 'province', value: '51', name: 'ลำพูน', center: 'CMI' }] },
      {
        index: 2,
        code: 'XX1',
        issues: [
          { field: 'code', reason: 'must be 2 to 6 capital letters' },
          { field: 'dutyGroupId', reason: 'must be a LINE group id (C followed by 32 hex digits)' },
        ],
      },
      { index: 3, code: 'NAN', error: 'duplicate_code' },
    ]);
    expect(await store.get('NAN')).toBeUndefined();
  });

  it('when the file moves a province from one of its centers to another, then both are written', async () => {
    const moved = [
      { code: 'LPN', name: 'ศรส.จ.ลำพูน', provinces: ['51'], dutyGroupId: group(11) },
      { code: 'CMI', name: 'ศรส.จ.เชียงใหม่', provinces: ['50'], dutyGroupId: group(1) },
    ];
    const r = await importCenters(store, moved, { env: config, now });
    expect(r).toEqual({ ok: true, written: [{ code: 'CMI', created: false, changed: true }, { code: 'LPN', created: true, changed: true }] });
    expect((await store.centerForProvince('51')).center.code).toBe('LPN');
  });

  it('when the file is no list of centers, then it is refused', async () => {
    expect(await importCenters(store, { name: 'x' }, { env: config, now })).toMatchObject({ ok: false, written: [] });
  });

  it('when run from the command line, then export writes the file that import reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'centers-'));
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/centers.ts', ...args, '--uri', db.uri], {
        env: { ...process.env, MONGODB_URI: '', NODE_ENV: 'test' },
      });
    const exported = join(dir, 'centers.json');
    const ex = await run(['export', exported]);
    expect(ex.stdout).toContain('ส่งออก 3 ศูนย์');
    const written = JSON.parse(readFileSync(exported, 'utf8')) as Array<{ code: string }>;
    expect(written.map((c) => c.code)).toEqual(['BKK', 'CMI', 'LPN']);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ code: 'TAK', name: 'ศรส.จ.ตาก', provinces: ['50'], dutyGroupId: group(20) }]));
    await expect(run(['import', join(dir, 'bad.json')])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('จังหวัด เชียงใหม่ (50) เป็นของศูนย์ CMI อยู่แล้ว') });
    const im = await run(['import', exported]);
    expect(im.stdout).toContain('CMI: ไม่มีการเปลี่ยนแปลง');
  });
});
