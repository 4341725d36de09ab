import type { CaseRecord } from '../../src/cases/types';
import { queueCsv, queueFileName, queueTable, queueXlsx } from '../../src/console/queue-export';
import { centerShortName, queueRows } from '../../src/console/views';
import { CONSOLE_TH } from '../../src/strings/th/console';
import { readXlsx } from '../helpers/xlsx-read';

/** The queue's center names and the queue as a file, without a database. */

const Q = CONSOLE_TH.queue;
const NOW = new Date('2026-12-01T03:00:00Z'); // 10:00 in Bangkok
const sla = { urgent: 10, normal: 60 };
const aCase = (no: string, centerCode: string, createdAt: string): CaseRecord =>
  ({ caseNumber: no, centerCode, status: 'acknowledged', urgent: false, problemTypes: ['health'], createdAt: new Date(createdAt), owner: { id: 'U1', name: '=สมชาย' } }) as unknown as CaseRecord;

test.each([
  ['ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดแพร่ (ศรส.จ.แพร่)', 'ศรส.จ.แพร่'],
  ['ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดน่าน (ศรส.จ.น่าน) ', 'ศรส.จ.น่าน'],
  ['ศรส.จ.น่าน', 'ศรส.จ.น่าน'],
  ['ศรส. จังหวัดแพร่', 'ศรส. จังหวัดแพร่'],
  // Brackets that are not the abbreviation are part of the name.
  ['ศูนย์ทดสอบ (ชั่วคราว)', 'ศูนย์ทดสอบ (ชั่วคราว)'],
  ['', ''],
])('the short name of %j is %j', (name, short) => {
  expect(centerShortName(name)).toBe(short);
});

test('when rows are rendered for one center\'s officers, then they have no center cell and an empty queue spans six columns', () => {
  expect(queueRows([aCase('PHR-2569-0001', 'PHR', '2026-12-01T02:00:00Z')], NOW, sla)).not.toContain('data-center');
  expect(queueRows([], NOW, sla)).toBe(`<tr><td colspan="6">${Q.empty}</td></tr>`);
});

test('when the file holds only the first cases of the queue, then both formats say how many of how many', async () => {
  const table = queueTable([aCase('PHR-2569-0001', 'PHR', '2026-12-01T02:00:00Z')], { now: NOW, sla: () => sla });
  const sheet = (await readXlsx(queueXlsx(table, { now: NOW, total: 7 })))[0]!;
  expect(sheet.values.at(-1)).toEqual([Q.download.cut(1, 7)]);
  expect(queueCsv(table, { total: 7 }).trimEnd().split('\r\n').at(-1)).toBe(Q.download.cut(1, 7));
  // All of it: no note.
  expect((await readXlsx(queueXlsx(table, { now: NOW, total: 1 })))[0]!.values.flat()).not.toContain(Q.download.cut(1, 1));
});

test('when text in the queue looks like a formula, then the CSV quotes it away and the XLSX keeps it as text', async () => {
  const table = queueTable([aCase('PHR-2569-0001', 'PHR', '2026-12-01T02:00:00Z')], { now: NOW, sla: () => sla });
  expect(queueCsv(table, { total: 1 })).toContain(",'=สมชาย,2026-12-01 09:00,60,\r\n");
  const row = (await readXlsx(queueXlsx(table, { now: NOW, total: 1 })))[0]!.rows[1]!;
  expect(row[4]).toMatchObject({ type: 'string', value: '=สมชาย' });
  // Acknowledged: no longer measured against the SLA, so that cell is empty.
  expect(row.length).toBe(7);
});

test('the file is named by whose queue and when, in Bangkok time, with only safe characters', () => {
  expect(queueFileName('PHR', NOW, 'xlsx')).toBe('queue-PHR-2026-12-01-1000.xlsx');
  expect(queueFileName('all', new Date('2026-12-01T17:30:00Z'), 'csv')).toBe('queue-all-2026-12-02-0030.csv');
  expect(queueFileName('"/..', NOW, 'csv')).toBe('queue-center-2026-12-01-1000.csv');
});
