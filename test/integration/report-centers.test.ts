import type { Connection } from 'mongoose';
import { caseModel } from '../../src/cases/model';
import { provinceData } from '../../src/cases/geo';
import { homeCenter } from '../../src/centers/decide';
import { thailand } from '../../src/geo';
import { dayRange } from '../../src/reports/date-range';
import { demoCases } from '../../src/reports/demo-data';
import { formatCsv } from '../../src/reports/format-csv';
import { formatHtml } from '../../src/reports/format-html';
import { formatMarkdown } from '../../src/reports/format-md';
import { centerReport, nationalReport } from '../../src/reports/report-scope';
import { seedCases } from '../../src/reports/seed';
import { computeSummary, type ReportSummary } from '../../src/reports/summary';
import { connectMongo } from '../../src/store/connection';
import { startTestDb, type TestDb } from '../helpers/mongo';

/**
 * Issue 12, reports per center and for the nation: Phrae's demo cases and as many Chiang Mai cases
 * (the same figures, moved to Chiang Mai's districts) on one database.
 */

const CENTER = 'ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดแพร่ (ศรส.จ.แพร่)';
const NOW = new Date('2024-09-01T03:00:00Z');
const RANGE = dayRange('2024-02-01', '2024-08-28');
const geo = thailand();
const chiangMai = geo.findProvince('เชียงใหม่')!;
const phraeHome = homeCenter(
  { CENTER_CODE: 'PHR', CENTER_NAME: CENTER, CENTER_PROVINCE: 'แพร่', DAY_SHIFT: '08:30-16:30', ACK_SLA_URGENT_MINUTES: 5, ACK_SLA_NORMAL_MINUTES: 30 } as Parameters<typeof homeCenter>[0],
  geo,
);
const CMI = { code: 'CMI', name: 'ศรส. เชียงใหม่', provinces: [chiangMai.code] };

const chiangMaiCases = () =>
  demoCases({ centerCode: 'CMI' }).map((c, i) => {
    const d = chiangMai.districts[i % chiangMai.districts.length];
    return {
      ...c,
      sourceId: `cmi-${c.sourceId}`,
      timeline: c.timeline.map((e) => ({ ...e, id: `cmi-${e.id}` })),
      location: { district: d.name, districtCode: d.code, province: chiangMai.name },
    };
  });

let phraeOnly: TestDb;
let both: TestDb;
let connPhr: Connection;
let conn: Connection;
beforeAll(async () => {
  [phraeOnly, both] = await Promise.all([startTestDb('report_phr_only'), startTestDb('report_centers')]);
  connPhr = await connectMongo(phraeOnly.uri);
  conn = await connectMongo(both.uri);
  await caseModel(connPhr).init();
  await caseModel(conn).init();
  await seedCases(connPhr, demoCases());
  await seedCases(conn, demoCases());
  await seedCases(conn, chiangMaiCases());
});
afterAll(async () => {
  await Promise.all([connPhr.close(), conn.close()]);
  await Promise.all([phraeOnly.stop(), both.stop()]);
});

const counts = (rows: { label: string; count: number }[]) => Object.fromEntries(rows.map((r) => [r.label, r.count]).filter(([, n]) => n !== 0));

describe('one center’s report', () => {
  it('when Phrae’s report is made per center with another center’s cases in the database, then it is exactly the report before centers (Markdown, CSV, HTML)', async () => {
    const before = await computeSummary(caseModel(connPhr), { range: RANGE, centerName: CENTER, province: provinceData('แพร่'), now: NOW });
    const now = await computeSummary(caseModel(conn), { range: RANGE, now: NOW, ...centerReport(phraeHome, geo) });
    expect(before.total).toBe(117);
    expect(formatMarkdown(now)).toBe(formatMarkdown(before));
    expect(formatCsv(now)).toBe(formatCsv(before));
    expect(formatHtml(now)).toBe(formatHtml(before));
    expect(now).toEqual(before);
  });

  it('when Chiang Mai’s report is made, then it counts Chiang Mai’s cases only and Table 1 lists Chiang Mai’s districts', async () => {
    const s = await computeSummary(caseModel(conn), { range: RANGE, now: NOW, ...centerReport(CMI, geo) });
    expect([s.total, s.center]).toEqual([117, { name: 'ศรส. เชียงใหม่', province: 'เชียงใหม่' }]);
    expect(s.districts.rows.map((r) => r.key)).toEqual(chiangMai.districts.map((d) => d.code));
    expect(s.districts.total).toBe(117);
    expect(s.provinces).toBeUndefined();
  });

  it('when a center serves two provinces, then Table 1 lists both provinces’ districts, each naming its province', async () => {
    const lamphun = geo.findProvince('ลำพูน')!;
    const s = await computeSummary(caseModel(conn), { range: RANGE, now: NOW, ...centerReport({ ...CMI, provinces: [chiangMai.code, lamphun.code] }, geo) });
    expect(s.districts.rows).toHaveLength(chiangMai.districts.length + lamphun.districts.length);
    expect(s.districts.rows[0].label).toBe(`${chiangMai.districts[0].name} (เชียงใหม่)`);
    expect(s.districts.rows.at(-1)?.label).toBe(`${lamphun.districts.at(-1)!.name} (ลำพูน)`);
    expect(s.center.province).toBe('เชียงใหม่, ลำพูน');
  });
});

describe('the national report (--center all)', () => {
  let s: ReportSummary;
  beforeAll(async () => {
    s = await computeSummary(caseModel(conn), { range: RANGE, now: NOW, ...nationalReport([phraeHome, CMI], geo) });
  });

  it('when made, then it counts every center’s cases, by province and by center, and the same tables as a center’s', () => {
    expect(s.total).toBe(234);
    expect(s.provinces?.rows).toHaveLength(77);
    expect(counts(s.provinces!.rows)).toEqual({ แพร่: 117, เชียงใหม่: 117 });
    expect(s.provinces?.total).toBe(234);
    expect(s.centers?.rows).toEqual([
      { key: 'PHR', label: CENTER, count: 117 },
      { key: 'CMI', label: 'ศรส. เชียงใหม่', count: 117 },
    ]);
    expect([s.channels.total, s.targetGroups.total, s.problemTypes.mentions]).toEqual([234, 234, 240]);
    expect(s.districts.rows).toEqual([]);
  });

  it('when written, then Table 1 is by province and Table 1.1 by center, in every format', () => {
    const md = formatMarkdown(s);
    expect(md).toContain('# รายงานผลการดำเนินงานของศรส. ทุกจังหวัด (ภาพรวมทั้งประเทศ)');
    expect(md).toContain('## ตารางที่ 1 ตารางรายงานผลการให้ความช่วยเหลือผู้ประสบปัญหาทางสังคมโดยจำแนกตามจังหวัด');
    expect(md).toContain('| 1 | กรุงเทพมหานคร | 0 |');
    // Provinces in DOPA order: Chiang Mai (50) is the 39th.
    expect(md).toContain('| 39 | เชียงใหม่ | 117 |');
    expect(md).toContain('## ตารางที่ 1.1 ตารางรายงานผลการให้ความช่วยเหลือผู้ประสบปัญหาทางสังคมโดยจำแนกตามศูนย์ที่รับผิดชอบ');
    expect(md).toContain('| 2 | ศรส. เชียงใหม่ | 117 |');
    expect(md).not.toContain('จำแนกตามอำเภอ');
    expect(formatCsv(s)).toContain('ศูนย์ที่รับผิดชอบ,CMI,ศรส. เชียงใหม่,117');
    expect(formatCsv(s)).toContain('จังหวัด,50,เชียงใหม่,117');
    expect(formatHtml(s)).toContain('จำแนกตามศูนย์ที่รับผิดชอบ');
  });
});
