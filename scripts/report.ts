/**
 * `npm run report -- --from 2024-02-01 --to 2024-08-28 [--center CMI|all] [--format md|csv|json|html] [--out FILE] [--xlsx FILE]`
 *
 * `--xlsx FILE`: also writes the report as an Excel workbook (alone, or as `--out FILE.xlsx`: only
 * the workbook).
 * `--center`: one center's cases (default: the home center), or `all` for the national report.
 * Writes the center's performance report (Thai, laid out like the published provincial report) to
 * stdout or FILE. Reads MONGODB_URI; without it, reports on the 117 demo cases in an in-memory
 * database and says so on stderr.
 */
import { writeFile } from 'node:fs/promises';
import { createCaseReporting } from '../src/cases/store';
import { createCenterStore } from '../src/centers/store';
import { thailand } from '../src/geo';
import { ConfigError, loadConfig, loadDotEnv } from '../src/config/env';
import { dayRange } from '../src/reports/date-range';
import { formatReport } from '../src/reports/format';
import { formatXlsx } from '../src/reports/format-xlsx';
import { parseReportArgs, REPORT_USAGE } from '../src/reports/report-args';
import { openReportDb } from '../src/reports/report-db';
import { computeSummary } from '../src/reports/summary';
import { reportTarget } from '../src/reports/report-scope';

async function main(): Promise<number> {
  const args = parseReportArgs(process.argv.slice(2));
  if (!args.ok) {
    process.stderr.write(`${args.problems.map((p) => `error: ${p}`).join('\n')}\n${REPORT_USAGE}\n`);
    return 2;
  }
  loadDotEnv();
  const config = loadConfig();
  const { from, to, format, out, xlsx } = args.value;
  const choice = args.value.center ?? config.CENTER_CODE;

  if (!config.MONGODB_URI) {
    process.stderr.write(
      'MONGODB_URI is not set, so there is no case register to report on.\n' +
        'Reporting instead on the 117 DEMO cases (Phrae, 1 Feb – 28 Aug 2024) in an in-memory database.\n' +
        'Set MONGODB_URI (see .env.example) to report on real cases.\n',
    );
  }
  const db = await openReportDb(config);
  try {
    const target = await reportTarget(createCenterStore(db.conn, config, thailand()), thailand(), choice);
    if (!target) {
      process.stderr.write(`error: --center: no center has the code ${choice} (see npm run centers -- export)\n${REPORT_USAGE}\n`);
      return 2;
    }
    // The months are a table of the CSV and the workbook; the other formats follow the published layout.
    const byMonth = xlsx !== undefined || format === 'csv' || format === 'json';
    const summary = await computeSummary(createCaseReporting(db.conn), { range: dayRange(from, to), now: new Date(), byMonth, ...target });
    const what = `(${summary.total} cases${db.demo ? ', demo data' : ''})`;
    if (xlsx) {
      await writeFile(xlsx, formatXlsx(summary));
      process.stderr.write(`wrote xlsx report ${what} to ${xlsx}\n`);
    }
    if (args.value.text !== false) {
      const text = formatReport(summary, format);
      if (out) {
        await writeFile(out, text, 'utf8');
        process.stderr.write(`wrote ${format} report ${what} to ${out}\n`);
      } else {
        process.stdout.write(text);
      }
    }
  } finally {
    await db.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`report failed: ${err instanceof Error ? err.name + ': ' + err.message : 'unknown error'}\n`);
    process.exit(1);
  },
);
