import express from 'express';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { createAdminApi, type AttachmentContent } from '../../src/api';
import { caseModel } from '../../src/cases/model';
import { createCaseService } from '../../src/cases/store';
import { createCenterStore, createCentersRouter, type CenterStore } from '../../src/centers';
import { loadConfig } from '../../src/config/env';
import { silentLogger } from '../../src/log/logger';
import { connectMongo } from '../../src/store/connection';
import { draft } from '../helpers/duty-fakes';
import { startTestDb, type TestDb } from '../helpers/mongo';

const TOKEN = 'test-admin-token-0123456789abcdef';
const auth = { Authorization: `Bearer ${TOKEN}` };
const group = (n: number) => `C${n.toString(16).padStart(32, '0')}`;
const noContent: AttachmentContent = { getMessageContent: () => Promise.reject(new Error('no LINE here')) };

let db: TestDb;
let conn: Connection;
let app: express.Express;
let centers: CenterStore;
const config = loadConfig({ NODE_ENV: 'test', ADMIN_API_TOKEN: TOKEN, DUTY_GROUP_ID: group(1) });

beforeAll(async () => {
  db = await startTestDb('centers_api');
  conn = await connectMongo(db.uri);
  await caseModel(conn).init();
  const cases = createCaseService({ conn, centerCode: config.CENTER_CODE, logger: silentLogger() });
  centers = createCenterStore(conn, config);
  app = express();
  app.use(
    '/api',
    createAdminApi({
      conn,
      cases,
      config,
      logger: silentLogger(),
      content: noContent,
      centers: createCentersRouter({
        centers,
        hasOpenCases: async (code) => !!(await caseModel(conn).exists({ centerCode: code, status: { $ne: 'closed' } })),
        logger: silentLogger(),
      }),
    }),
  );
});
afterAll(async () => {
  await conn.close();
  await db.stop();
});

const chiangMai = { name: 'ศรส.จ.เชียงใหม่', provinces: ['เชียงใหม่', 'TH-51'], dutyGroupId: group(10), escalationGroupId: group(11) };

describe('PUT /api/centers/:code', () => {
  it('when a new center is put, then it is created (201) with its provinces named and the defaults marked', async () => {
    const res = await request(app).put('/api/centers/CMI').set(auth).send(chiangMai);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'CMI',
      name: 'ศรส.จ.เชียงใหม่',
      home: false,
      provinces: [
        { code: '50', name: 'เชียงใหม่', nameEn: 'Chiang Mai' },
        { code: '51', name: 'ลำพูน', nameEn: 'Lamphun' },
      ],
      dutyGroupId: group(10),
      escalationGroupId: group(11),
      dayShift: '08:30-16:30',
      ackSlaUrgentMinutes: 10,
      ackSlaNormalMinutes: 60,
      defaults: ['dayShift', 'ackSlaUrgentMinutes', 'ackSlaNormalMinutes'],
    });
    expect((await request(app).get('/api/centers/CMI').set(auth)).body).toEqual(res.body);
  });

  it('when the same center is put again, then the answer is 200 and nothing changes (idempotent)', async () => {
    const before = (await request(app).get('/api/centers/CMI').set(auth)).body;
    const res = await request(app).put('/api/centers/CMI').set(auth).send(chiangMai);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(before);
  });

  it('when a center is replaced, then settings left out fall back to the defaults and released provinces can be claimed', async () => {
    await request(app).put('/api/centers/LPN').set(auth).send({ name: 'ศรส.จ.ลำพูน', provinces: ['51'], dutyGroupId: group(20) }).expect(409);
    const replaced = await request(app)
      .put('/api/centers/CMI')
      .set(auth)
      .send({ name: 'ศรส.จ.เชียงใหม่', provinces: ['50'], dutyGroupId: group(10), dayShift: '08:00-16:00', ackSlaUrgentMinutes: 5 });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ provinces: [{ code: '50' }], dayShift: '08:00-16:00', ackSlaUrgentMinutes: 5, defaults: ['ackSlaNormalMinutes'] });
    expect(replaced.body.escalationGroupId).toBeUndefined();
    const lamphun = await request(app).put('/api/centers/LPN').set(auth).send({ name: 'ศรส.จ.ลำพูน', provinces: ['51'], dutyGroupId: group(20) });
    expect(lamphun.status).toBe(201);
  });

  it('when a province already belongs to another center, then 409 names the province and that center, and nothing is written', async () => {
    const res = await request(app).put('/api/centers/NTH').set(auth).send({ name: 'ภาคเหนือ', provinces: ['น่าน', 'Chiang Mai', 'แพร่'], dutyGroupId: group(30) });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      error: 'conflict',
      conflicts: [
        { kind: 'province', value: '54', name: 'แพร่', center: 'PHR' },
        { kind: 'province', value: '50', name: 'เชียงใหม่', center: 'CMI' },
      ],
    });
    await request(app).get('/api/centers/NTH').set(auth).expect(404);
    expect((await centers.centerForProvince('55')).center.code).toBe('PHR'); // Nan was not claimed
  });

  it('when a duty group already belongs to another center, then 409 names the group and that center', async () => {
    const res = await request(app).put('/api/centers/NAN').set(auth).send({ name: 'ศรส.จ.น่าน', provinces: ['55'], dutyGroupId: group(1) });
    expect(res.status).toBe(409);
    expect(res.body.conflicts).toEqual([{ kind: 'group', value: group(1), center: 'PHR' }]);
  });

  it('when the code is the home center’s, then 409: the home center is set by the environment', async () => {
    const res = await request(app).put('/api/centers/PHR').set(auth).send({ name: 'x', provinces: ['54'], dutyGroupId: group(40) });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('home_center');
  });

  it.each([
    ['a code that is not 2-6 capital letters', 'cmi', { ...chiangMai, provinces: ['55'] }, ['code']],
    ['a code that is too long', 'ABCDEFG', { ...chiangMai, provinces: ['55'] }, ['code']],
    ['a group id that is not a LINE group id', 'NAN', { name: 'ศรส.จ.น่าน', provinces: ['55'], dutyGroupId: 'U1234' }, ['dutyGroupId']],
    ['an unknown province', 'NAN', { name: 'ศรส.จ.น่าน', provinces: ['55', 'เวียงจันทน์'], dutyGroupId: group(50) }, ['provinces.1']],
    ['no province', 'NAN', { name: 'ศรส.จ.น่าน', provinces: [], dutyGroupId: group(50) }, ['provinces']],
    ['an unknown field', 'NAN', { name: 'ศรส.จ.น่าน', provinces: ['55'], dutyGroupId: group(50), groupId: 'x' }, ['groupId']],
    ['a day shift that is no time window', 'NAN', { name: 'ศรส.จ.น่าน', provinces: ['55'], dutyGroupId: group(50), dayShift: '8-16' }, ['dayShift']],
  ])('when the body has %s, then 400 names the field and nothing is written', async (_what, code, body, fields) => {
    const res = await request(app).put(`/api/centers/${code}`).set(auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.issues.map((i: { field: string }) => i.field)).toEqual(fields);
    expect(JSON.stringify(res.body)).not.toContain('เวียงจันทน์'); // values are never echoed
    await request(app).get(`/api/centers/${code}`).set(auth).expect(404);
  });

  it('when two administrators claim one province at once, then exactly one wins and the other gets 409', async () => {
    const body = (n: number) => ({ name: `ศรส. ${n}`, provinces: ['96'], dutyGroupId: group(60 + n) });
    const [a, b] = await Promise.all([
      request(app).put('/api/centers/NWA').set(auth).send(body(1)),
      request(app).put('/api/centers/NWB').set(auth).send(body(2)),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const winner = a.status === 201 ? 'NWA' : 'NWB';
    expect((await centers.centerForProvince('96')).center.code).toBe(winner);
    await request(app).delete(`/api/centers/${winner}`).set(auth).expect(204);
  });

  it('when no token is sent, then 401: the centers sit behind the admin API’s bearer auth', async () => {
    await request(app).get('/api/centers').expect(401);
    await request(app).put('/api/centers/NAN').send({ name: 'x', provinces: ['55'], dutyGroupId: group(70) }).expect(401);
  });
});

describe('GET /api/centers', () => {
  it('lists the home center first, from the environment, then the stored ones by code', async () => {
    const res = await request(app).get('/api/centers').set(auth).expect(200);
    expect(res.body.items.map((c: { code: string }) => c.code)).toEqual(['PHR', 'CMI', 'LPN']);
    expect(res.body.items[0]).toMatchObject({ home: true, name: config.CENTER_NAME, provinces: [{ code: '54', name: 'แพร่' }], dutyGroupId: group(1) });
  });

  it('when the code is unknown, then 404', async () => {
    await request(app).get('/api/centers/XYZ').set(auth).expect(404);
  });
});

describe('DELETE /api/centers/:code', () => {
  it('when the center has an open case, then 409 and it stays; without open cases it is deleted (204), then 404', async () => {
    await request(app).put('/api/centers/KKN').set(auth).send({ name: 'ศรส.จ.ขอนแก่น', provinces: ['ขอนแก่น'], dutyGroupId: group(80) }).expect(201);
    const kkCases = createCaseService({ conn, centerCode: 'KKN', logger: silentLogger() });
    const opened = await kkCases.open(draft(), { sourceId: 'test:kkn:1', actor: { kind: 'reporter' }, now: new Date() });
    expect((await request(app).delete('/api/centers/KKN').set(auth)).body).toEqual({ error: 'has_open_cases' });
    await request(app).get('/api/centers/KKN').set(auth).expect(200);

    await caseModel(conn).updateOne({ caseNumber: opened.case.caseNumber }, { $set: { status: 'closed' } });
    await request(app).delete('/api/centers/KKN').set(auth).expect(204);
    await request(app).get('/api/centers/KKN').set(auth).expect(404);
    await request(app).delete('/api/centers/KKN').set(auth).expect(404);
    expect(await centers.centerForProvince('40')).toMatchObject({ center: { code: 'PHR' }, outOfArea: true });
  });

  it('when it is the home center, then 409', async () => {
    expect((await request(app).delete('/api/centers/PHR').set(auth).expect(409)).body).toEqual({ error: 'home_center' });
  });
});

describe('centerForProvince and centerOfGroup', () => {
  it('routes a province to the center serving it, the home province home, and an unserved or unknown one home marked out of area', async () => {
    expect(await centers.centerForProvince('50')).toMatchObject({ center: { code: 'CMI', ackSlaUrgentMinutes: 5 }, outOfArea: false });
    expect(await centers.centerForProvince('54')).toMatchObject({ center: { code: 'PHR', home: true }, outOfArea: false });
    expect(await centers.centerForProvince('90')).toMatchObject({ center: { code: 'PHR' }, outOfArea: true });
    expect(await centers.centerForProvince(undefined)).toMatchObject({ center: { code: 'PHR' }, outOfArea: true });
  });

  it('finds the center a LINE group belongs to', async () => {
    expect((await centers.centerOfGroup(group(10)))?.code).toBe('CMI');
    expect((await centers.centerOfGroup(group(1)))?.code).toBe('PHR');
    expect(await centers.centerOfGroup(group(999))).toBeUndefined();
  });
});

describe('two writes of one center at once', () => {
  // Two PUTs of one code can each release the other's provinces (write, release, write, release):
  // that leaves a served province without its claim, the lock that stops a racing write of another
  // center from taking it. Putting the center (again) claims what it serves.
  it('when a province the center serves has lost its claim, then the next put of the center claims it again', async () => {
    const tak = { name: 'ศรส.จ.ตาก', provinces: ['63'], dutyGroupId: group(90) };
    await request(app).put('/api/centers/TAK').set(auth).send(tak).expect(201);
    await conn.collection('center_provinces').deleteOne({ _id: '63' as never });
    await request(app).put('/api/centers/TAK').set(auth).send(tak).expect(200);
    expect(await conn.collection('center_provinces').findOne({ _id: '63' as never })).toEqual({ _id: '63', center: 'TAK' });
  });
});
