import express from 'express';
import type { Connection } from 'mongoose';
import winston from 'winston';
import { Writable } from 'node:stream';
import { createAdminApi, type AttachmentContent } from '../../src/api';
import { caseModel } from '../../src/cases/model';
import { createCaseService, type CaseService } from '../../src/cases/store';
import { loadConfig } from '../../src/config/env';
import type { Logger } from '../../src/log/logger';
import { connectMongo } from '../../src/store/connection';
import { startTestDb, type TestDb } from '../helpers/mongo';

/**
 * The admin API as createApp (src/http/app.ts) mounts it: a bare express app with the router at /api, a
 * real database (in-memory server over the wire, or TEST_MONGODB_URI), and a logger whose lines the
 * tests can read (to check that no personal data is logged).
 */
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

export interface AdminApiFixture {
  app: express.Express;
  conn: Connection;
  cases: CaseService;
  logLines: string[];
  /** The same API over the same database, but with a different token configuration. */
  appWith(env: { ADMIN_API_TOKEN?: string }): express.Express;
  stop(): Promise<void>;
}

const noContent: AttachmentContent = {
  getMessageContent: () => Promise.reject(Object.assign(new Error('no LINE in this test'), { status: 404 })),
};

function memoryLogger(lines: string[]): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return winston.createLogger({
    level: 'debug',
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Stream({ stream: sink })],
  });
}

export async function startAdminApi(name: string, opts: { content?: AttachmentContent } = {}): Promise<AdminApiFixture> {
  const db: TestDb = await startTestDb(name);
  const conn = await connectMongo(db.uri);
  await caseModel(conn).init();
  const logLines: string[] = [];
  const logger = memoryLogger(logLines);
  const build = (env: { ADMIN_API_TOKEN?: string }) => {
    const config = loadConfig({ NODE_ENV: 'test', ...env });
    const cases = createCaseService({ conn, centerCode: config.CENTER_CODE, logger });
    const app = express();
    app.use('/api', createAdminApi({ conn, cases, config, logger, content: opts.content ?? noContent }));
    return { app, cases };
  };
  const main = build({ ADMIN_API_TOKEN: ADMIN_TOKEN });
  return {
    app: main.app,
    conn,
    cases: main.cases,
    logLines,
    appWith: (env) => build(env).app,
    async stop() {
      await conn.close();
      await db.stop();
    },
  };
}
