import express, { type Router } from 'express';
import type { Connection } from 'mongoose';
import { createCaseReporting, type CaseService } from '../cases/store';
import type { Config } from '../config/env';
import type { Messenger } from '../line/messenger';
import type { Logger } from '../log/logger';
import { createConsole } from './index';
import { createLineLogin } from './oidc';

/** The console mounted at /console when LINE Login and the public address are configured; else nothing. */
export function consoleRoutes(d: { config: Config; conn: Connection; cases: CaseService; messenger: Messenger; logger: Logger }): Router[] {
  const c = d.config;
  if (!c.LINE_LOGIN_CHANNEL_ID || !c.LINE_LOGIN_CHANNEL_SECRET || !c.PUBLIC_BASE_URL) return [];
  const base = c.PUBLIC_BASE_URL.replace(/\/$/, '');
  const mount = express.Router();
  mount.use(
    '/console',
    createConsole({
      conn: d.conn,
      cases: d.cases,
      line: d.messenger,
      login: createLineLogin({ issuer: c.LINE_LOGIN_ISSUER, clientId: c.LINE_LOGIN_CHANNEL_ID, clientSecret: c.LINE_LOGIN_CHANNEL_SECRET, redirectUri: `${base}/console/callback` }),
      // One center per deployment today; src/centers (issue 12) will supply the list.
      centers: [
        {
          code: c.CENTER_CODE,
          name: c.CENTER_NAME,
          dutyGroupIds: [c.DUTY_GROUP_ID, c.DUTY_NIGHT_GROUP_ID].filter((g): g is string => !!g),
          escalationGroupIds: c.ESCALATION_GROUP_ID ? [c.ESCALATION_GROUP_ID] : [],
        },
      ],
      sla: { urgent: c.ACK_SLA_URGENT_MINUTES, normal: c.ACK_SLA_NORMAL_MINUTES },
      secureCookies: base.startsWith('https://'),
      insights: { reporting: createCaseReporting(d.conn), provinceName: c.CENTER_PROVINCE, centerName: c.CENTER_NAME, dayShift: c.DAY_SHIFT },
      logger: d.logger,
    }),
  );
  return [mount];
}
