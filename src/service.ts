import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import type { Connection } from 'mongoose';
import { createAdminApi } from './api';
import { createCenterStore, createCentersRouter, type CenterStore } from './centers';
import { createApiKeyStore } from './centers/keys';
import { createCaseRouter } from './centers/routing';
import { thailand } from './geo';
import { reportTarget } from './reports/report-scope';
import { createDispatcher } from './bot/dispatch';
import type { EventHandler } from './bot/context';
import { createRouter, type Features } from './bot/router';
import { createCaseService, type CaseService } from './cases/store';
import { consoleRoutes } from './console/wire';
import type { Config } from './config/env';
import { createDuty } from './duty';
import { createEvidence, type Evidence } from './evidence/handle';
import { createApp } from './http/app';
import { createInbox, type Inbox } from './inbox/inbox';
import { createIntake } from './intake';
import { failureMessages } from './intake/views';
import { text } from './bot/messages';
import { COMMON } from './strings/th/common';
import type { Messenger } from './line/messenger';
import type { Logger } from './log/logger';
import { createOutbox, REPLY_TIMEOUT_MS, type DurableOutbox } from './outbox/outbox';
import { createLiveness } from './queue/liveness';
import { initModels, pingMongo } from './store/connection';
import { createTimers, type DurableTimers } from './timers/timers';
import { createUpdates } from './updates';

/** Queue timings; production uses the defaults, tests shorten them. */
export interface Tuning {
  pollMs?: number;
  leaseMs?: number;
  inboxBackoffBaseMs?: number;
  inboxMaxAttempts?: number;
  outboxBackoffBaseMs?: number;
  outboxBackoffCapMs?: number;
  outboxMaxAttempts?: number;
  timerBackoffBaseMs?: number;
  /** How often changes whose notifications were cut short are announced again. */
  sweepEveryMs?: number;
  evidenceBackoffBaseMs?: number;
  evidenceBackoffCapMs?: number;
  evidenceMaxAttempts?: number;
  /** Instance heartbeat period, and how long a silent instance takes to count as gone (liveness.ts). */
  heartbeatMs?: number;
  ownerGoneAfterMs?: number;
}

export interface ServiceDeps {
  config: Config;
  conn: Connection;
  messenger: Messenger;
  logger: Logger;
  channelSecret: string;
  /** Identifies this instance in leases. */
  instanceId?: string;
  tuning?: Tuning;
  /** Replaces the bot's features (foundation tests use a recording handler). */
  route?: (services: CoreServices) => EventHandler;
  extraRoutes?: Router[];
}

export interface CoreServices {
  config: Config;
  conn: Connection;
  logger: Logger;
  messenger: Messenger;
  cases: CaseService;
  /** The centers (home from the environment, the others stored): routing, groups, access. */
  centers: CenterStore;
  outbox: DurableOutbox;
  timers: DurableTimers;
  evidence: Evidence;
}

export interface Service extends CoreServices {
  app: ReturnType<typeof createApp>;
  inbox: Inbox;
  /** Creates indexes and starts the workers (inbox, outbox, timers, notification sweep). */
  start(): Promise<void>;
  /** Stops the workers after the items in hand are finished. */
  stop(): Promise<void>;
  /**
   * Stops everything at once and releases nothing, as kill -9 would (the heartbeat falls silent,
   * locks stay held): for fault tests; other instances must take over.
   */
  halt(): void;
}

export function buildFeatures(s: CoreServices): Features {
  const { conn, cases, centers, outbox, timers, config, logger, messenger, evidence } = s;
  return {
    intake: createIntake({ conn, cases, timers, outbox, config, logger }),
    duty: createDuty({ conn, cases, centers, outbox, timers, config, logger, profiles: messenger, media: evidence.mediaFor, photos: evidence }),
    updates: createUpdates({
      conn,
      cases,
      outbox,
      timers,
      config,
      logger,
      media: evidence.reporterMedia,
      centerName: async (code) => (await centers.get(code))?.name,
      urgentSlaMinutes: async (code) => (await centers.get(code))?.ackSlaUrgentMinutes,
    }),
  };
}

/** The composition of the whole bot on one connection. main.ts and the tests both build it. */
export function buildService(d: ServiceDeps): Service {
  const owner = d.instanceId ?? randomUUID();
  const t = d.tuning ?? {};
  const logger = d.logger;
  const centers = createCenterStore(d.conn, d.config);
  const cases = createCaseService({ conn: d.conn, centerCode: d.config.CENTER_CODE, logger, route: createCaseRouter(centers, thailand()) });
  const liveness = createLiveness({ conn: d.conn, owner, logger, beatMs: t.heartbeatMs, goneAfterMs: t.ownerGoneAfterMs });
  const outbox = createOutbox({
    conn: d.conn,
    messenger: d.messenger,
    owner,
    logger,
    liveness,
    replyTimeoutMs: Math.max(d.config.LINE_TIMEOUT_MS, REPLY_TIMEOUT_MS),
    pollMs: t.pollMs,
    leaseMs: t.leaseMs,
    backoffBaseMs: t.outboxBackoffBaseMs,
    backoffCapMs: t.outboxBackoffCapMs,
    maxAttempts: t.outboxMaxAttempts,
  });
  const timers = createTimers({
    conn: d.conn,
    owner,
    logger,
    liveness,
    pollMs: t.pollMs,
    leaseMs: t.leaseMs,
    backoffBaseMs: t.timerBackoffBaseMs,
  });
  const evidence = createEvidence({
    conn: d.conn,
    cases,
    content: d.messenger,
    outbox,
    config: d.config,
    logger,
    owner,
    pollMs: t.pollMs,
    leaseMs: t.leaseMs,
    backoffBaseMs: t.evidenceBackoffBaseMs,
    backoffCapMs: t.evidenceBackoffCapMs,
    maxAttempts: t.evidenceMaxAttempts,
    liveness,
  });
  cases.onChange(evidence.listener);
  const core: CoreServices = { config: d.config, conn: d.conn, logger, messenger: d.messenger, cases, centers, outbox, timers, evidence };
  const route = d.route ? d.route(core) : createRouter(buildFeatures(core));
  const dispatch = createDispatcher({ outbox, route, logger });
  const inbox = createInbox({
    conn: d.conn,
    owner,
    logger,
    liveness,
    handle: dispatch,
    // Replies go out from the inbox worker right after the step (the outbox stays the durable path).
    replies: outbox,
    // Nobody is left wondering: after the last retry the sender hears that it failed (progress is kept).
    onGiveUp: async (e) => {
      const s = e.source;
      if (!s) return;
      const [to, messages] = s.type === 'user' ? [s.userId, failureMessages()] : [s.type === 'group' ? s.groupId : s.roomId, [text(COMMON.failedGroup)]];
      await outbox.enqueue([{ id: `${e.webhookEventId}:failed`, to, messages }]);
    },
    pollMs: t.pollMs,
    leaseMs: t.leaseMs,
    backoffBaseMs: t.inboxBackoffBaseMs,
    maxAttempts: t.inboxMaxAttempts,
  });
  const app = createApp({
    logger,
    channelSecret: d.channelSecret,
    storeEvents: (events) => inbox.store(events),
    ready: () => pingMongo(d.conn),
    adminApi: createAdminApi({
      conn: d.conn,
      cases,
      config: d.config,
      logger,
      content: d.messenger,
      evidence,
      keys: createApiKeyStore(d.conn),
      findCenter: (code) => centers.get(code),
      reportTarget: (choice) => reportTarget(centers, thailand(), choice),
      centerCodes: async () => ({ home: centers.home.code, others: (await centers.list()).filter((c) => !c.home).map((c) => c.code) }),
      centers: createCentersRouter({
        centers,
        hasOpenCases: (code) => cases.hasOpenCases(code),
        logger,
      }),
    }),
    extra: [evidence.publicRouter, ...consoleRoutes({ config: d.config, conn: d.conn, cases, messenger: d.messenger, logger, evidence, centers }), ...(d.extraRoutes ?? [])],
  });

  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping = false;
  const sweepEvery = t.sweepEveryMs ?? 15_000;
  const sweep = () => {
    if (!sweeping) return;
    sweepTimer = setTimeout(() => {
      cases
        .sweepPendingNotifications(new Date(Date.now() - sweepEvery))
        .catch((err: unknown) => logger.warn('notification sweep failed', { error: (err as Error).name }))
        .finally(sweep);
    }, sweepEvery);
    sweepTimer.unref();
  };

  return {
    ...core,
    app,
    inbox,
    async start() {
      await initModels(d.conn);
      await evidence.ensureIndexes();
      // Beating before taking any key: others must never see this instance's keys without a heartbeat.
      await liveness.start();
      inbox.queue.start();
      evidence.queue.start();
      outbox.queue.start();
      timers.queue.start();
      sweeping = true;
      sweep();
    },
    async stop() {
      sweeping = false;
      clearTimeout(sweepTimer);
      await inbox.queue.stop();
      await timers.queue.stop();
      await evidence.queue.stop();
      await outbox.queue.stop();
      await liveness.stop();
    },
    halt() {
      sweeping = false;
      clearTimeout(sweepTimer);
      liveness.halt();
      inbox.queue.halt();
      timers.queue.halt();
      evidence.queue.halt();
      outbox.queue.halt();
    },
  };
}
