import express, { type Router } from 'express';
import type { Connection } from 'mongoose';
import { createCaseReporting, type CaseService } from '../cases/store';
import type { Config } from '../config/env';
import type { Messenger } from '../line/messenger';
import type { Logger } from '../log/logger';
import { createCenterStore, type CenterStore } from '../centers/store';
import type { Evidence } from '../evidence/handle';
import { consoleCenterOf } from './access';
import { createConsole } from './index';
import { createLineLogin } from './oidc';

/** The console mounted at /console when LINE Login and the public address are configured; else nothing. */
export function consoleRoutes(d: { config: Config; conn: Connection; cases: CaseService; messenger: Messenger; logger: Logger; evidence?: Pick<Evidence, 'serveStored' | 'keepUploadedPhoto' | 'linksEnabled' | 'uploadMaxBytes'>; centers?: CenterStore }): Router[] {
  const c = d.config;
  if (!c.LINE_LOGIN_CHANNEL_ID || !c.LINE_LOGIN_CHANNEL_SECRET || !c.PUBLIC_BASE_URL) return [];
  const base = c.PUBLIC_BASE_URL.replace(/\/$/, '');
  const mount = express.Router();
  const centers = d.centers ?? createCenterStore(d.conn, c);
  mount.use(
    '/console',
    createConsole({
      conn: d.conn,
      cases: d.cases,
      line: d.messenger,
      login: createLineLogin({ issuer: c.LINE_LOGIN_ISSUER, clientId: c.LINE_LOGIN_CHANNEL_ID, clientSecret: c.LINE_LOGIN_CHANNEL_SECRET, redirectUri: `${base}/console/callback` }),
      // Home center and stored centers, read at sign-in and at the hourly membership check, so a
      // center added or regrouped through /api/centers or the settings page applies without a restart.
      centers: async () => (await centers.list()).map(consoleCenterOf),
      nationalGroupIds: c.NATIONAL_DESK_GROUP_IDS,
      centerStore: centers,
      ...(d.evidence ? { media: d.evidence, photos: d.evidence } : {}),
      sla: { urgent: c.ACK_SLA_URGENT_MINUTES, normal: c.ACK_SLA_NORMAL_MINUTES },
      secureCookies: base.startsWith('https://'),
      insights: { reporting: createCaseReporting(d.conn), provinceName: c.CENTER_PROVINCE, centerName: c.CENTER_NAME, dayShift: c.DAY_SHIFT },
      logger: d.logger,
    }),
  );
  return [mount];
}
