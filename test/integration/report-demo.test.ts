import type { Connection } from 'mongoose';
import { caseModel } from '../../src/cases/model';
import { createCaseService } from '../../src/cases/store';
import { provinceData } from '../../src/cases/geo';
import { silentLogger } from '../../src/log/logger';
import { dayRange } from '../../src/reports/date-range';
import { demoCases } from '../../src/reports/demo-data';
import { formatCsv } from '../../src/reports/format-csv';
import { formatMarkdown } from '../../src/reports/format-md';
import { seedCases } from '../../src/reports/seed';
import { computeSummary, type ReportSummary } from '../../src/reports/summary';
import { connectMongo } from '../../src/store/connection';
import { startTestDb, type TestDb } from '../helpers/mongo';

const CENTER = 'ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดแพร่ (ศรส.จ.แพร่)';
const phrae = provinceData('แพร่');
const summarise = (conn: Connection, from: string, to: string) =>
  computeSummary(caseModel(conn), { range: dayRange(from, to), centerName: CENTER, province: phrae, now: new Date('2024-09-01T03:00:00Z') });
const counts = (rows: { label: string; count: number }[]) => Object.fromEntries(rows.map((r) => [r.label, r.count]));

describe('the report over the demo data, against the published Phrae report (1 กุมภาพันธ์ – 28 สิงหาคม 2567)', () => {
  let db: TestDb;
  let conn: Connection;
  let s: ReportSummary;
  let md: string[];

  beforeAll(async () => {
    db = await startTestDb('report_demo');
    conn = await connectMongo(db.uri);
    await caseModel(conn).init();
    await seedCases(conn, demoCases());
    s = await summarise(conn, '2024-02-01', '2024-08-28');
    md = formatMarkdown(s).split('\n');
  });
  afterAll(async () => {
    await conn.close();
    await db.stop();
  });

  it('when summarised, then the total is 117 cases: 52 male and 65 female, with no ไม่ระบุ row', () => {
    expect(s.total).toBe(117);
    expect(s.sex).toEqual([
      { key: 'male', label: 'ชาย', count: 52 },
      { key: 'female', label: 'หญิง', count: 65 },
    ]);
  });

  it('when summarised, then Table 1 matches the published district figures, total 117 and no นอกเขต row', () => {
    expect(counts(s.districts.rows)).toEqual({
      เมืองแพร่: 35,
      เด่นชัย: 2,
      สอง: 9,
      สูงเม่น: 11,
      ร้องกวาง: 17,
      ลอง: 29,
      วังชิ้น: 12,
      หนองม่วงไข่: 2,
    });
    expect(s.districts.rows.map((r) => r.label)).toEqual(phrae.districts.map((d) => d.name));
    expect(s.districts.total).toBe(117);
  });

  it('when summarised, then Table 2 lists every channel: 1300 110, ศปก.พม. 7, all others 0, total 117', () => {
    expect(s.channels.rows.map((r) => [r.key, r.count])).toEqual([
      ['hotline_1300', 110],
      ['opm_ops_center', 7],
      ['walk_in', 0],
      ['line_other', 0],
      ['ess_help_me', 0],
      ['referral', 0],
    ]);
    expect(s.channels.total).toBe(117);
  });

  it('when summarised, then Table 3 matches the published target groups, total 117', () => {
    expect(counts(s.targetGroups.rows)).toEqual({ เด็ก: 11, เยาวชน: 3, ผู้ใหญ่: 35, คนพิการ: 39, ผู้สูงอายุ: 29 });
    expect(s.targetGroups.total).toBe(117);
  });

  it('when summarised, then the five problem types are ranked as published, counting 120 over 117 cases', () => {
    expect(s.problemTypes.rows.map((r) => [r.label, r.count])).toEqual([
      ['รายได้/ความเป็นอยู่', 55],
      ['สิทธิ สวัสดิการ และกฎหมาย', 34],
      ['สุขภาพ/อุบัติเหตุ/แจ้งเหตุด่วน', 17],
      ['ความสัมพันธ์ในครอบครัว', 9],
      ['ความรุนแรง', 5],
    ]);
    expect(s.problemTypes.mentions).toBe(120);
  });

  it('when written as Markdown, then the heading, the range and the sex split read as in the published report', () => {
    expect(md[0]).toBe(`# รายงานผลการดำเนินงานของ${CENTER}`);
    expect(md).toContain('ข้อมูลตั้งแต่วันที่ 1 กุมภาพันธ์ – 28 สิงหาคม 2567');
    expect(md).toContain('มีจำนวนทั้งสิ้น 117 กรณี แบ่งออกเป็น เพศชาย จำนวน 52 กรณี และเพศหญิง จำนวน 65 กรณี');
  });

  it('when written as Markdown, then every row of Table 1 is a line, in official order, with its total', () => {
    const start = md.indexOf('| ลำดับ | อำเภอ | จำนวน (กรณี) |');
    expect(md.slice(start + 2, start + 11)).toEqual([
      '| 1 | เมืองแพร่ | 35 |',
      '| 2 | ร้องกวาง | 17 |',
      '| 3 | ลอง | 29 |',
      '| 4 | สูงเม่น | 11 |',
      '| 5 | เด่นชัย | 2 |',
      '| 6 | สอง | 9 |',
      '| 7 | วังชิ้น | 12 |',
      '| 8 | หนองม่วงไข่ | 2 |',
      '|  | รวม | 117 |',
    ]);
  });

  it('when written as Markdown, then every row of Table 2 is a line with its total', () => {
    const start = md.indexOf('| ช่องทางการใช้บริการ | จำนวน (กรณี) |');
    expect(md.slice(start + 2, start + 9)).toEqual([
      '| สายด่วนศูนย์ช่วยเหลือสังคม 1300 | 110 |',
      '| ศปก.พม. | 7 |',
      '| Walk in | 0 |',
      '| Line | 0 |',
      '| ESS Help Me (LINE) | 0 |',
      '| ประสานส่งต่อ | 0 |',
      '| รวม | 117 |',
    ]);
  });

  it('when written as Markdown, then every row of Table 3 is a line with its total', () => {
    const start = md.indexOf('| กลุ่มเป้าหมาย | จำนวน (กรณี) |');
    expect(md.slice(start + 2, start + 8)).toEqual([
      '| เด็ก | 11 |',
      '| เยาวชน | 3 |',
      '| ผู้ใหญ่ | 35 |',
      '| คนพิการ | 39 |',
      '| ผู้สูงอายุ | 29 |',
      '| รวม | 117 |',
    ]);
  });

  it('when written as Markdown, then the problem types are listed as in the published report', () => {
    expect(md.filter((l) => l.startsWith('- ปัญหา'))).toEqual([
      '- ปัญหารายได้/ความเป็นอยู่ จำนวน 55 กรณี',
      '- ปัญหาสิทธิ สวัสดิการ และกฎหมาย จำนวน 34 กรณี',
      '- ปัญหาสุขภาพ/อุบัติเหตุ/แจ้งเหตุด่วน จำนวน 17 กรณี',
      '- ปัญหาความสัมพันธ์ในครอบครัว จำนวน 9 กรณี',
      '- ปัญหาความรุนแรง จำนวน 5 กรณี',
    ]);
  });

  it('when written as CSV, then the channel rows carry the published figures', () => {
    const lines = formatCsv(s).split('\r\n');
    expect(lines).toContain('ช่องทาง,hotline_1300,สายด่วนศูนย์ช่วยเหลือสังคม 1300,110');
    expect(lines).toContain('ช่องทาง,total,รวม,117');
  });

  it('when the range is one month, then only that month is counted', async () => {
    const inRange = demoCases().filter((c) => c.createdAt >= dayRange('2024-03-01', '2024-03-31').start && c.createdAt < dayRange('2024-03-01', '2024-03-31').end);
    const march = await summarise(conn, '2024-03-01', '2024-03-31');
    expect(march.total).toBe(inRange.length);
    expect(march.total).toBeLessThan(117);
  });

  it('when the demo data is seeded a second time, then nothing is added', async () => {
    const again = await seedCases(conn, demoCases());
    expect(again).toEqual({ inserted: 0, skipped: 117 });
    expect(await caseModel(conn).countDocuments({})).toBe(117);
  });

  it('when seeded, then the stored creation dates are the demo dates, not the time of seeding', async () => {
    const first = await caseModel(conn).findOne({ caseNumber: 'PHR-2567-0001' }).lean();
    expect(first?.createdAt).toEqual(demoCases()[0]!.createdAt);
  });

  it('when a live case is opened in 2567 after seeding, then it gets the number after the last demo case', async () => {
    const cases = createCaseService({ conn, centerCode: 'PHR', logger: silentLogger() });
    const { case: c } = await cases.open(
      { channel: 'walk_in', problemTypes: ['income'] },
      { sourceId: 'test:after-seed', actor: { kind: 'api', name: 'test' }, now: new Date('2024-09-02T03:00:00Z') },
    );
    expect(c.caseNumber).toBe('PHR-2567-0118');
  });
});

describe('report date boundaries (Asia/Bangkok calendar days)', () => {
  let db: TestDb;
  let conn: Connection;

  beforeAll(async () => {
    db = await startTestDb('report_bounds');
    conn = await connectMongo(db.uri);
    await caseModel(conn).init();
    const [template] = demoCases();
    const at = (iso: string, n: number) => ({ ...template!, caseNumber: `PHR-2567-900${n}`, sourceId: `bounds:${n}`, createdAt: new Date(iso), updatedAt: new Date(iso) });
    await seedCases(conn, [
      at('2024-01-31T16:59:59.999Z', 1), // 23:59:59.999 on 31 Jan, Bangkok
      at('2024-01-31T17:00:00.000Z', 2), // 00:00 on 1 Feb, Bangkok
      at('2024-08-28T16:59:59.999Z', 3), // 23:59:59.999 on 28 Aug, Bangkok
      at('2024-08-28T17:00:00.000Z', 4), // 00:00 on 29 Aug, Bangkok
    ]);
  });
  afterAll(async () => {
    await conn.close();
    await db.stop();
  });

  it('when cases sit on both edges of the range, then only those on Bangkok days from..to inclusive count', async () => {
    expect((await summarise(conn, '2024-02-01', '2024-08-28')).total).toBe(2);
  });

  it('when a case has no district, then the นอกเขต/ไม่ระบุ row appears with it', async () => {
    await seedCases(conn, [{ ...demoCases()[0]!, caseNumber: 'PHR-2567-9005', sourceId: 'bounds:5', location: undefined, createdAt: new Date('2024-05-01T03:00:00Z') }]);
    const s = await summarise(conn, '2024-02-01', '2024-08-28');
    expect(s.districts.rows.at(-1)).toEqual({ key: 'outside_or_unknown', label: 'นอกเขต/ไม่ระบุ', count: 1 });
  });
});
