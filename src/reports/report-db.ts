import type { Connection } from 'mongoose';
import { createCaseReporting } from '../cases/store';
import type { Config } from '../config/env';
import { connectMongo } from '../store/connection';
import { demoCases } from './demo-data';
import { seedCases } from './seed';

/**
 * The database a report script works on: the configured MongoDB, or — with no MONGODB_URI — the
 * in-memory sandbox loaded with the demo cases, so the report can be tried without any setup.
 */
export interface ReportDb {
  conn: Connection;
  /** True when this is the in-memory sandbox with demo data, not the center's register. */
  demo: boolean;
  close(): Promise<void>;
}

export async function openReportDb(config: Config): Promise<ReportDb> {
  if (config.MONGODB_URI) {
    const conn = await connectMongo(config.MONGODB_URI);
    return { conn, demo: false, close: () => conn.close() };
  }
  // Lazy, so the report module never loads the sandbox (a development part) unless it is used.
  const { startMongoServer } = await import('../sandbox/mongo/server');
  const sandbox = await startMongoServer({ port: config.SANDBOX_MONGO_PORT });
  try {
    const conn = await connectMongo(`${sandbox.uri}/husec-demo`);
    await createCaseReporting(conn).init();
    await seedCases(conn, demoCases({ centerCode: config.CENTER_CODE }));
    return {
      conn,
      demo: true,
      close: async () => {
        await conn.close();
        await sandbox.close();
      },
    };
  } catch (err) {
    await sandbox.close();
    throw err;
  }
}
