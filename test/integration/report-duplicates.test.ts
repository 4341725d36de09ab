import type { Connection } from 'mongoose';
import { provinceData } from '../../src/cases/geo';
import { createCaseReporting } from '../../src/cases/store';
import type { CaseRecord } from '../../src/cases/types';
import { dayRange } from '../../src/reports/date-range';
import { demoCases } from '../../src/reports/demo-data';
import { seedCases } from '../../src/reports/seed';
import { computeSummary } from '../../src/reports/summary';
import { connectMongo } from '../../src/store/connection';
import { startTestDb, type TestDb } from '../helpers/mongo';

/**
 * A case merged into another (closed with outcome 'duplicate', contract 1) is one request for help
 * already counted under the case that carries on: the report counts it nowhere.
 */
describe('the report and merged duplicates', () => {
  let db: TestDb;
  let conn: Connection;
  const phrae = provinceData('แพร่');
  const summarise = () =>
    computeSummary(createCaseReporting(conn), {
      range: dayRange('2024-02-01', '2024-08-28'),
      centerName: 'ศรส.จ.แพร่',
      province: phrae,
      now: new Date('2024-09-01T03:00:00Z'),
    });

  beforeAll(async () => {
    db = await startTestDb('report_duplicates');
    conn = await connectMongo(db.uri);
    await createCaseReporting(conn).init();
    await seedCases(conn, demoCases());
  });
  afterAll(async () => {
    await conn.close();
    await db.stop();
  });

  it('when a copy of a case is closed as a duplicate in the period, then every figure of the report stays as it was', async () => {
    const before = await summarise();
    const original = demoCases().find((c) => c.urgent && c.location?.districtCode)!;
    const copy: CaseRecord = {
      ...original,
      caseNumber: 'PHR-2567-0900',
      sourceId: 'merge-test:copy',
      status: 'closed',
      outcome: 'duplicate',
      closedAt: new Date(original.createdAt.getTime() + 60_000),
      createdAt: new Date(original.createdAt.getTime() + 30_000),
    };
    expect(await seedCases(conn, [copy])).toEqual({ inserted: 1, skipped: 0 });
    const after = await summarise();
    expect(after).toEqual(before);
    expect(after.total).toBe(117);
  });

  it('when a case is closed with another outcome, then it is counted (the exclusion is the duplicate outcome only)', async () => {
    const before = await summarise();
    const other: CaseRecord = { ...demoCases()[0]!, caseNumber: 'PHR-2567-0901', sourceId: 'merge-test:other', status: 'closed', outcome: 'unable' };
    await seedCases(conn, [other]);
    expect((await summarise()).total).toBe(before.total + 1);
  });
});
