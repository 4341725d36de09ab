import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import type { Connection } from 'mongoose';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createConsole, type ConsoleDeps } from '../../src/console';
import { createLineLogin } from '../../src/console/oidc';
import { createSessionStore, type Role } from '../../src/console/sessions';
import { consoleRoutes } from '../../src/console/wire';
import { createMessenger } from '../../src/line/messenger';
import { CONSOLE_TH } from '../../src/strings/th/console';
import { startHarness, testLogger, TOKEN, type Harness, type TestInstance } from './service';

/**
 * The console's test set-up, one place for every console test: the console mounted on its own
 * express app against a harness (integration), sessions made with the session store, and a real
 * headless Chromium signed in through the LINE emulator's LINE Login (browser).
 */

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
export const LOGIN_CHANNEL = { LINE_LOGIN_CHANNEL_ID: '1650000000', LINE_LOGIN_CHANNEL_SECRET: 'console-login-secret' };

/** The LINE messenger on the harness's emulator (the console asks it for group membership). */
export const emulatorLine = (h: Harness) => createMessenger({ channelAccessToken: TOKEN, apiBaseUrl: h.emulator.url, dataApiBaseUrl: h.emulator.url, timeoutMs: 2000 });

/**
 * The console alone at /console on an express app, with the emulator for LINE and LINE Login and
 * the defaults every test shares (SLA 10/60 min, Secure cookies, a silent logger); `deps` adds or
 * overrides the rest.
 */
export function mountConsole(h: Harness, conn: Connection, deps: Pick<ConsoleDeps, 'cases' | 'centers'> & Partial<ConsoleDeps>): express.Express {
  const app = express();
  app.use(
    '/console',
    createConsole({
      conn,
      line: emulatorLine(h),
      login: createLineLogin({ issuer: h.emulator.url, clientId: '1', clientSecret: 's', redirectUri: 'http://127.0.0.1/console/callback' }),
      sla: { urgent: 10, normal: 60 },
      secureCookies: true,
      logger: testLogger(),
      ...deps,
    }),
  );
  return app;
}

/**
 * Signed-in sessions without the LINE Login round trip (the browser tests cover it): a cookie and
 * the session's CSRF token. `at` is the session's start (the test's clock; the real time by default).
 */
export function consoleSessions(conn: Connection, at: () => Date = () => new Date()) {
  const sessions = createSessionStore(conn);
  return {
    sessions,
    async cookieFor(userId: string, centerCode: string, role: Role = 'officer', national = false, name = 'x') {
      const s = await sessions.create({ userId, name, centerCode, role, ...(national ? { national: true } : {}) }, at());
      return { cookie: `husec_console=${s.token}`, csrf: s.session.csrf };
    },
  };
}

export interface ConsoleBrowser {
  h: Harness;
  app: TestInstance;
  /** The console's address (http on loopback). */
  base: string;
  browser: Browser;
  /** A fresh browser context (its own cookies) with one page, at desk width unless told. */
  page(viewport?: { width: number; height: number }): Promise<{ ctx: BrowserContext; page: Page }>;
  /** Signs in through the emulator's LINE Login as the sample officer named `name`, starting at `path`. */
  signIn(page: Page, name: string, path?: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A service with the console, an http server for it on a free port, and one Chromium for the file.
 * `members`: [group, user, display name] for the emulator's groups. `mediaLinks`: an https address
 * for the service's media links (officers' photos reach the reporter as LINE images only over https);
 * the console then stays on the loopback http address, mounted by the same `consoleRoutes` the
 * service uses, so LINE Login still comes back to it.
 */
export async function startConsoleBrowser(
  name: string,
  opts: { env?: Record<string, string>; members?: Array<[string, string, string]>; profiles?: Array<[string, string]>; mediaLinks?: string } = {},
): Promise<ConsoleBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) to run the console's browser tests`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const h = await startHarness(name);
  for (const [group, user, display] of opts.members ?? []) h.emulator.addGroupMember(group, user, display, 'กลุ่มเวร');
  for (const [user, display] of opts.profiles ?? []) h.emulator.setProfile(user, display);
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = { ...LOGIN_CHANNEL, LINE_LOGIN_ISSUER: h.emulator.url };
  let app: TestInstance;
  if (opts.mediaLinks) {
    app = await h.instance({ env: { ...opts.env, PUBLIC_BASE_URL: opts.mediaLinks, MEDIA_LINK_SECRET: 'console-browser-link-secret-0123456789ab' } });
    const s = app.service;
    const front = express();
    for (const r of consoleRoutes({ config: { ...app.config, ...login, PUBLIC_BASE_URL: base }, conn: app.conn, cases: s.cases, messenger: s.messenger, logger: s.logger, evidence: s.evidence, centers: s.centers }))
      front.use(r);
    front.use(s.app);
    server.on('request', front);
  } else {
    app = await h.instance({ env: { ...opts.env, ...login, PUBLIC_BASE_URL: base } });
    server.on('request', app.service.app);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // playwright gives each launch its own temporary --user-data-dir.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    h,
    app,
    base,
    browser,
    async page(viewport = { width: 1280, height: 800 }) {
      const ctx = await browser.newContext({ viewport, locale: 'th-TH' });
      return { ctx, page: await ctx.newPage() };
    },
    async signIn(page, who, path = '/console') {
      await page.goto(`${base}${path}`);
      await page.getByRole('link', { name: CONSOLE_TH.signIn.button }).click();
      await page.getByRole('button', { name: who }).click();
    },
    async stop() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await h.stop();
    },
  };
}

/** How far the page is wider than the screen (a string, so the test compiles without the DOM library). */
export const overflow = async (page: Page) => Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
