/**
 * `npm run seed:demo [-- --force]`: loads the 117 demo cases (distributed exactly as Phrae's
 * published report, 1 Feb – 28 Aug 2567) into MONGODB_URI. Seeding twice adds nothing. Refuses
 * NODE_ENV=production without --force: demo cases would count in the center's real report.
 */
import { parseArgs } from 'node:util';
import { createCaseReporting } from '../src/cases/store';
import { ConfigError, loadConfig, loadDotEnv } from '../src/config/env';
import { demoCases } from '../src/reports/demo-data';
import { seedCases } from '../src/reports/seed';
import { connectMongo } from '../src/store/connection';

async function main(): Promise<number> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { force: { type: 'boolean' } }, strict: true });
  loadDotEnv();
  const config = loadConfig();
  if (!config.MONGODB_URI) {
    process.stderr.write(
      'MONGODB_URI is not set: there is no database to load the demo cases into.\n' +
        'Set MONGODB_URI=mongodb://… (see .env.example) and run again, or run\n' +
        '  npm run report -- --from 2024-02-01 --to 2024-08-28\n' +
        'without MONGODB_URI to see the report on the demo cases in an in-memory database.\n',
    );
    return 1;
  }
  if (config.NODE_ENV === 'production' && !values.force) {
    process.stderr.write('NODE_ENV=production: demo cases would be counted in the real report. Use --force if this is really wanted.\n');
    return 1;
  }
  const conn = await connectMongo(config.MONGODB_URI);
  try {
    // The unique sourceId index must exist before inserting: it is what stops duplicates.
    await createCaseReporting(conn).init();
    const { inserted, skipped } = await seedCases(conn, demoCases({ centerCode: config.CENTER_CODE }));
    process.stdout.write(`demo cases: ${inserted} inserted, ${skipped} already present (117 in all)\n`);
  } finally {
    await conn.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`seed failed: ${err instanceof Error ? err.name + ': ' + err.message : 'unknown error'}\n`);
    process.exit(1);
  },
);
