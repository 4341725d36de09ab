import request from 'supertest';
import { bangkok } from '../../src/time/thai-time';
import { demoCases } from '../../src/reports/demo-data';
import { seedCases } from '../../src/reports/seed';
import { loadConfig } from '../../src/config/env';
import { REPORT_TH } from '../../src/strings/th/reports';
import { asBytes, readXlsx, sheetNamed } from '../helpers/xlsx-read';
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

  it('when the XLSX is asked for, then it is a workbook attachment named by center and period whose tables are the JSON figures, as numbers', async () => {
    const q = { from: '2024-02-01', to: '2024-08-28' };
    const [res, json] = await Promise.all([asBytes(request(f.app).get('/api/reports/summary.xlsx').query(q).set(auth)), summary(q)]);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="report-${loadConfig({ NODE_ENV: 'test' }).CENTER_CODE}-2024-02-01-2024-08-28.xlsx"`);
    const sheets = await readXlsx(res.body as Buffer);
    const S = REPORT_TH.xlsx.sheets;
    const tableOf = (name: string, labelCol: number) =>
      sheetNamed(sheets, name).rows.slice(2).filter((r) => r[labelCol]?.value !== REPORT_TH.total && r.length > labelCol + 1).map((r) => [r[labelCol]!.value, r[labelCol + 1]!.value]);
    const jsonOf = (rows: Row[]) => rows.map((r) => [r.label, r.count]);
    expect(tableOf(S.districts.amphoe, 1)).toEqual(jsonOf(json.body.districts.rows));
    expect(tableOf(S.channels, 0)).toEqual(jsonOf(json.body.channels.rows));
    expect(tableOf(S.targetGroups, 0)).toEqual(jsonOf(json.body.targetGroups.rows));
    expect(tableOf(S.sex, 0)).toEqual(jsonOf(json.body.sex));
    expect(tableOf(S.months, 0)).toEqual(jsonOf(json.body.months.rows));
    expect(tableOf(S.problemTypes, 0)).toEqual(jsonOf(json.body.problemTypes.rows));
    // Every count of Table 1 is a numeric cell, and the total row is the JSON's total.
    const t1 = sheetNamed(sheets, S.districts.amphoe);
    expect(t1.rows.slice(2).every((r) => r[2]!.type === 'number')).toBe(true);
    expect(t1.rows.at(-1)!.map((c) => [c.value, c.bold])).toEqual([[null, false], [REPORT_TH.total, true], [117, true]]);
    expect(sheetNamed(sheets, S.months).rows.at(-1)!.map((c) => c.value)).toEqual([REPORT_TH.total, json.body.total]);
  });

  it('when the XLSX is asked for without a token, then it is 401 and carries no figures', async () => {
    const res = await request(f.app).get('/api/reports/summary.xlsx').query({ from: '2024-02-01', to: '2024-08-28' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).not.toContain('spreadsheetml');
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
