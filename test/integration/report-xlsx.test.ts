import type { Connection } from 'mongoose';
import { caseModel } from '../../src/cases/model';
import { provinceData } from '../../src/cases/geo';
import { thailand } from '../../src/geo';
import { dayRange } from '../../src/reports/date-range';
import { demoCases } from '../../src/reports/demo-data';
import { formatXlsx } from '../../src/reports/format-xlsx';
import { nationalReport } from '../../src/reports/report-scope';
import { seedCases } from '../../src/reports/seed';
import { computeSummary } from '../../src/reports/summary';
import { connectMongo } from '../../src/store/connection';
import { REPORT_TH } from '../../src/strings/th/reports';
import { startTestDb, type TestDb } from '../helpers/mongo';
import { readXlsx, sheetNamed, xlsxParts, type ReadSheet } from '../helpers/xlsx-read';

/**
 * The report's workbook over the demo data (the published Phrae figures) on the in-memory MongoDB
 * server, read back with ExcelJS: the tables are the summary's, every count a numeric cell, the
 * months in Bangkok time, and no case's personal data anywhere in the file.
 */

const CENTER = 'ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดแพร่ (ศรส.จ.แพร่)';
const S = REPORT_TH.xlsx.sheets;
const phrae = provinceData('แพร่');
const summarise = (conn: Connection, from: string, to: string, byMonth = true) =>
  computeSummary(caseModel(conn), { range: dayRange(from, to), centerName: CENTER, province: phrae, now: new Date('2024-09-01T03:00:00Z'), byMonth });
/** Label → count of a table sheet (title and headings skipped, the total row kept under รวม). */
const table = (sheet: ReadSheet, labelCol = 0) => Object.fromEntries(sheet.rows.slice(2).filter((r) => r.length > labelCol + 1).map((r) => [r[labelCol]!.value, r[labelCol + 1]!.value]));

// Personal data on the seeded cases that must never reach the workbook.
const PHONE = '0891234567';
const DETAILS = 'ข้อความส่วนตัวของผู้แจ้ง ห้ามออกรายงาน';
const ADDRESS = '99/9 หมู่ 9 บ้านลับเฉพาะ';
const REPORTER = 'Uxlsxreporter0000000000000000001';
const NAME = 'นางสมศรี ทดสอบลับ';

let db: TestDb;
let conn: Connection;
beforeAll(async () => {
  db = await startTestDb('report_xlsx');
  conn = await connectMongo(db.uri);
  await caseModel(conn).init();
  await seedCases(conn, demoCases());
  const [template] = demoCases();
  const at = (iso: string, n: number) => ({
    ...template!,
    caseNumber: `PHR-2568-95${n}0`,
    sourceId: `xlsx:${n}`,
    createdAt: new Date(iso),
    updatedAt: new Date(iso),
    phone: PHONE,
    details: DETAILS,
    reporterUserId: REPORTER,
    owner: { id: REPORTER, name: NAME },
    closingNote: DETAILS,
    location: { ...template!.location!, address: ADDRESS, lat: 18.1446, lng: 100.1403 },
  });
  await seedCases(conn, [
    at('2025-03-14T17:00:00.000Z', 1), // 00:00 on 15 March, Bangkok: the first day of the range below
    at('2025-03-31T16:59:59.999Z', 2), // 23:59:59.999 on 31 March, Bangkok
    at('2025-03-31T17:00:00.000Z', 3), // 00:00 on 1 April, Bangkok
    at('2025-05-31T16:59:59.999Z', 4), // 23:59:59.999 on 31 May, Bangkok
  ]);
});
afterAll(async () => {
  await conn.close();
  await db.stop();
});

test('when the published period is written as XLSX, then Table 1 to 3, the problems and the sexes are the published figures as numbers', async () => {
  const s = await summarise(conn, '2024-02-01', '2024-08-28');
  const sheets = await readXlsx(formatXlsx(s));
  expect(sheets.map((x) => x.name)).toEqual([S.summary, S.districts.amphoe, S.channels, S.targetGroups, S.problemTypes, S.sex, S.months, S.statuses, S.all]);
  const t1 = sheetNamed(sheets, S.districts.amphoe);
  expect(t1.values[0]).toEqual([REPORT_TH.byDistrictUnit.amphoe.table1]);
  expect(t1.values[1]).toEqual([REPORT_TH.colOrder, REPORT_TH.byDistrictUnit.amphoe.col, REPORT_TH.colCount]);
  expect(table(t1, 1)).toEqual({ เมืองแพร่: 35, ร้องกวาง: 17, ลอง: 29, สูงเม่น: 11, เด่นชัย: 2, สอง: 9, วังชิ้น: 12, หนองม่วงไข่: 2, [REPORT_TH.total]: 117 });
  expect(t1.rows.slice(2, -1).map((r) => r[0]!.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(table(sheetNamed(sheets, S.channels))).toMatchObject({ 'สายด่วนศูนย์ช่วยเหลือสังคม 1300': 110, 'ศปก.พม.': 7, [REPORT_TH.total]: 117 });
  expect(table(sheetNamed(sheets, S.targetGroups))).toEqual({ เด็ก: 11, เยาวชน: 3, ผู้ใหญ่: 35, คนพิการ: 39, ผู้สูงอายุ: 29, [REPORT_TH.total]: 117 });
  expect(table(sheetNamed(sheets, S.problemTypes))).toMatchObject({ 'รายได้/ความเป็นอยู่': 55, 'สิทธิ สวัสดิการ และกฎหมาย': 34, ความรุนแรง: 5 });
  expect(table(sheetNamed(sheets, S.sex))).toEqual({ ชาย: 52, หญิง: 65, [REPORT_TH.total]: 117 });
  // Every count in every table sheet is a number a spreadsheet can add up.
  for (const name of [S.districts.amphoe, S.channels, S.targetGroups, S.problemTypes, S.sex, S.months, S.statuses]) {
    const sheet = sheetNamed(sheets, name);
    expect(sheet.frozenRows).toBe(2);
    const countCol = name === S.districts.amphoe ? 2 : 1;
    const counts = sheet.rows.slice(2).filter((r) => r.length > countCol);
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((r) => r[countCol]!.type === 'number')).toBe(true);
  }
});

test('when the months are written, then they add up to the total and each is the JSON figure', async () => {
  const s = await summarise(conn, '2024-02-01', '2024-08-28');
  const months = table(sheetNamed(await readXlsx(formatXlsx(s)), S.months));
  expect(Object.keys(months)).toEqual(['กุมภาพันธ์ 2567', 'มีนาคม 2567', 'เมษายน 2567', 'พฤษภาคม 2567', 'มิถุนายน 2567', 'กรกฎาคม 2567', 'สิงหาคม 2567', REPORT_TH.total]);
  expect(Object.fromEntries(s.months!.rows.map((r) => [r.label, r.count]))).toEqual({ ...months, [REPORT_TH.total]: undefined });
  const sum = Object.entries(months).filter(([k]) => k !== REPORT_TH.total).reduce((n, [, v]) => n + Number(v), 0);
  expect([sum, months[REPORT_TH.total]]).toEqual([117, 117]);
});

test('when cases sit on the edges of Bangkok months, then each counts in its Bangkok month, and a month without cases is a zero row', async () => {
  const s = await summarise(conn, '2025-03-15', '2025-06-10');
  expect(s.months!.rows.map((r) => [r.key, r.count])).toEqual([
    ['2025-03', 2],
    ['2025-04', 1],
    ['2025-05', 1],
    ['2025-06', 0],
  ]);
  expect(s.months!.total).toBe(s.total);
});

test('when the months are not asked for, then the summary has none and the workbook no month sheet', async () => {
  const s = await summarise(conn, '2024-02-01', '2024-08-28', false);
  expect(s.months).toBeUndefined();
  expect((await readXlsx(formatXlsx(s))).map((x) => x.name)).not.toContain(S.months);
});

test('when cases carry phones, details, addresses, names and LINE ids, then none of it (nor a case number) is anywhere in the workbook', async () => {
  const s = await summarise(conn, '2025-03-01', '2025-05-31');
  expect(s.total).toBe(4);
  const all = Object.values(xlsxParts(formatXlsx(s))).join('\n');
  for (const secret of [PHONE, DETAILS, ADDRESS, REPORTER, NAME, 'PHR-2568-95', '18.1446', '100.1403']) expect(all).not.toContain(secret);
  // The figures are there: the file is not empty of what it should hold.
  expect(all).toContain('มีนาคม 2568');
});

test('when the national report is written, then Table 1 is by province and by center, and there is no district sheet', async () => {
  const target = nationalReport([{ code: 'PHR', name: CENTER }], thailand());
  const s = await computeSummary(caseModel(conn), { range: dayRange('2024-02-01', '2024-08-28'), now: new Date('2024-09-01T03:00:00Z'), byMonth: true, ...target });
  const sheets = await readXlsx(formatXlsx(s));
  expect(sheets.map((x) => x.name)).toEqual([S.summary, S.provinces, S.centers, S.channels, S.targetGroups, S.problemTypes, S.sex, S.months, S.statuses, S.all]);
  expect(table(sheetNamed(sheets, S.provinces), 1)).toMatchObject({ แพร่: 117, [REPORT_TH.total]: 117 });
  expect(table(sheetNamed(sheets, S.centers), 1)).toMatchObject({ [CENTER]: 117, [REPORT_TH.total]: 117 });
});
