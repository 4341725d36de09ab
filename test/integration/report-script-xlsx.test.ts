import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPORT_TH } from '../../src/strings/th/reports';
import { readXlsx, sheetNamed } from '../helpers/xlsx-read';

/** `npm run report -- --xlsx FILE` as a user runs it: without MONGODB_URI it reports on the 117 demo cases. */

const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/report.ts', ...args], { env: { ...process.env, MONGODB_URI: '', NODE_ENV: 'test' } });

test('when the report is run with --xlsx, then the file is the workbook of the demo period, alongside the CSV when --out asks for it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-xlsx-'));
  const xlsx = join(dir, 'report.xlsx');
  const csv = join(dir, 'report.csv');
  const r = await run(['--from', '2024-02-01', '--to', '2024-08-28', '--xlsx', xlsx, '--out', csv]);
  expect(r.stderr).toContain(`wrote xlsx report (117 cases, demo data) to ${xlsx}`);
  expect(r.stdout).toBe('');
  const sheets = await readXlsx(readFileSync(xlsx));
  const months = sheetNamed(sheets, REPORT_TH.xlsx.sheets.months);
  expect(months.rows.at(-1)!.map((c) => c.value)).toEqual([REPORT_TH.total, 117]);
  // The CSV written beside it has the same months section and total.
  expect(readFileSync(csv, 'utf8')).toContain('เดือน,total,รวม,117');
}, 60_000);
