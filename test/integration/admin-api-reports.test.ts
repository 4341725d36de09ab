import request from 'supertest';
import { bangkok } from '../../src/time/thai-time';
import { demoCases } from '../../src/reports/demo-data';
import { seedCases } from '../../src/reports/seed';
import { auth, startAdminApi, type AdminApiFixture } from './admin-api-app';

interface Row {
  key: string;
  label: string;
  count: number;
}

describe('admin API: report figures', () => {
  let f: AdminApiFixture;
  beforeAll(async () => {
    f = await startAdminApi('admin_api_reports');
    await seedCases(f.conn, demoCases());
  });
  afterAll(() => f.stop());

  const summary = (query: Record<string, string>) => request(f.app).get('/api/reports/summary').query(query).set(auth);

  it('when the published period is asked for, then the JSON figures are the published ones', async () => {
    const res = await summary({ from: '2024-02-01', to: '2024-08-28' });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(117);
    expect(res.body.range).toEqual({ from: '2024-02-01', to: '2024-08-28', text: '1 กุมภาพันธ์ – 28 สิงหาคม 2567' });
    expect(res.body.channels.rows.find((r: Row) => r.key === 'hotline_1300').count).toBe(110);
    expect(res.body.districts.total).toBe(117);
  });

  it('when the CSV is asked for, then it is UTF-8 text/csv starting with a BOM', async () => {
    const res = await request(f.app)
      .get('/api/reports/summary.csv')
      .query({ from: '2024-02-01', to: '2024-08-28' })
      .set(auth)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString('utf8')).toContain('อำเภอ,5403,ลอง,29');
  });

  it('when from or to is missing, then the answer is 400 naming it', async () => {
    const res = await summary({ from: '2024-02-01' });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { field: string }) => i.field)).toEqual(['to']);
  });

  it('when a walk-in case is registered through the API, then the report around today counts it under Walk in', async () => {
    // Yesterday to tomorrow, so that the test holds even when it runs across Bangkok midnight.
    const day = (offset: number) => bangkok(new Date()).add(offset, 'day').format('YYYY-MM-DD');
    const range = { from: day(-1), to: day(1) };
    const before = await summary(range);
    const created = await request(f.app)
      .post('/api/cases')
      .set(auth)
      .send({ channel: 'walk_in', problemTypes: ['family'], targetGroup: 'child', sex: 'male', location: { district: 'วังชิ้น' } });
    expect(created.status).toBe(201);
    const after = await summary(range);
    const walkIn = (b: { channels: { rows: Row[] } }) => b.channels.rows.find((r) => r.key === 'walk_in')!.count;
    expect(walkIn(after.body) - walkIn(before.body)).toBe(1);
    const wangChin = (b: { districts: { rows: Row[] } }) => b.districts.rows.find((r) => r.label === 'วังชิ้น')!.count;
    expect(wangChin(after.body) - wangChin(before.body)).toBe(1);
  });
});
