import type { Config } from '../config/env';
import { usesLineSandbox, usesMongoSandbox } from '../config/env';
import type { Logger } from '../log/logger';
import { startLineEmulator } from './line-emulator';
import { startMongoServer } from './mongo/server';

/**
 * The development parts a start with nothing configured runs on: the in-memory MongoDB-compatible
 * server (src/sandbox/mongo) and the LINE emulator with its browser chat (src/sandbox/line-emulator).
 * main.ts reaches this module only through one lazy `import()` when the config asks for a sandbox,
 * so a production start never loads it (test/unit/sandbox-boundary.test.ts checks that no other
 * production module imports src/sandbox). Its dependencies (mingo, bson) are devDependencies.
 */

export const SANDBOX_SECRET = 'sandbox-channel-secret';
export const SANDBOX_TOKEN = 'sandbox-channel-access-token';
const SANDBOX_DUTY_GROUP = 'Csandbox0dutygroup00000000000001';
const SANDBOX_OFFICERS: Array<[string, string]> = [
  ['Usandbox0officer00000000000000001', 'เจ้าหน้าที่เวร สมชาย'],
  ['Usandbox0officer00000000000000002', 'เจ้าหน้าที่เวร สมศรี'],
];

/**
 * The collections whose finished records the embedded server expires early: the four keyed queues
 * (src/queue/keyed-queue.ts queueSchema), whose TTL index on `doneAt` keeps done, parked and
 * cancelled items for days on a real MongoDB (inbox 7 d, outbox 3 d, timers 30 d, evidence jobs 7 d)
 * for redelivery dedup and inspection. In memory, with a steady flow of conversations, that is
 * unbounded growth within any realistic sandbox session: every step leaves an inbox event, one or
 * more outbox messages and often a timer behind.
 *
 * Why SANDBOX_FINISHED_TTL_SECONDS (default 300 s) loses nothing still needed:
 *  - only records with `doneAt` are capped; a pending item (not yet processed, being retried, or
 *    processed but its "done" not written yet) has no `doneAt` and never expires;
 *  - a finished record only matters while something could create the same id again: a cause run a
 *    second time before its own "done" was recorded. The longest such chains are timers (8 attempts,
 *    backoff doubling from 1 s to 60 s: about 2 min, plus a 30 s lease) and inbox events (5 attempts,
 *    backoff ≤ 4 s, 30 s lease: under 1 min); evidence jobs also check the case before fetching;
 *  - LINE redelivers an event only when its webhook request failed, within minutes in practice (its
 *    schedule is not documented); the sandbox's emulator never redelivers on its own;
 *  - everything here is lost when the process stops anyway, so no dedup outlives a restart.
 * Live state is never capped: intake sessions, reporter states, console sessions, duty and case data
 * keep their own lifetimes.
 */
export const SANDBOX_CAPPED_COLLECTIONS = ['inbox_events', 'outbox', 'timers', 'evidence_jobs'] as const;

/** The in-memory server's `ttlCapSeconds` for this config (also passed by scripts/bench-soak.ts). */
export function sandboxTtlCaps(config: Pick<Config, 'SANDBOX_FINISHED_TTL_SECONDS'>): Record<string, number> {
  return Object.fromEntries(SANDBOX_CAPPED_COLLECTIONS.map((name) => [name, config.SANDBOX_FINISHED_TTL_SECONDS]));
}

export interface Sandbox {
  /** The config to run with (a ready duty group filled in when none is set). */
  config: Config;
  /** Set when the database is the in-memory server. */
  mongoUri?: string;
  /** Set when LINE is the emulator: where the messenger talks, and the credentials it checks. */
  line?: { api: string; data: string; secret: string; token: string };
  /** Stops what was started, in reverse order. */
  close(): Promise<void>;
}

/** Starts the parts of the sandbox the config leaves unset, and says so loudly in the log. */
export async function startSandbox(config: Config, logger: Logger): Promise<Sandbox> {
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  const out: Sandbox = { config, close };
  try {
    if (usesMongoSandbox(config)) {
      const mongo = await startMongoServer({ port: config.SANDBOX_MONGO_PORT, ttlCapSeconds: sandboxTtlCaps(config) });
      cleanups.push(() => mongo.close());
      out.mongoUri = `${mongo.uri}/husec`;
      logger.warn(
        'SANDBOX DATABASE: MONGODB_URI is not set, so cases are kept in an in-memory server and are LOST when the process stops. Set MONGODB_URI for real use.',
        { sandbox: 'mongo', uri: out.mongoUri },
      );
    }
    if (usesLineSandbox(config)) {
      const emulator = await startLineEmulator({
        port: config.SANDBOX_LINE_PORT,
        channelAccessToken: SANDBOX_TOKEN,
        province: config.CENTER_PROVINCE,
        webhook: { url: `http://127.0.0.1:${config.PORT}/webhook`, channelSecret: SANDBOX_SECRET },
      });
      cleanups.push(() => emulator.close());
      out.line = { api: emulator.url, data: emulator.url, secret: SANDBOX_SECRET, token: SANDBOX_TOKEN };
      if (!config.DUTY_GROUP_ID) {
        // A ready duty group with two officers, so a newcomer sees both sides of a case at once.
        for (const [id, name] of SANDBOX_OFFICERS) {
          emulator.addGroupMember(SANDBOX_DUTY_GROUP, id, name, 'กลุ่มเจ้าหน้าที่เวร (sandbox)');
          emulator.setProfile(id, name);
        }
        out.config = Object.freeze({ ...config, DUTY_GROUP_ID: SANDBOX_DUTY_GROUP });
      }
      if (!config.LINE_LOGIN_CHANNEL_ID) {
        // The console signs in through the emulator's LINE Login, choosing one of the sample officers.
        out.config = Object.freeze({
          ...out.config,
          LINE_LOGIN_CHANNEL_ID: 'sandbox-login-channel',
          LINE_LOGIN_CHANNEL_SECRET: 'sandbox-login-secret',
          LINE_LOGIN_ISSUER: emulator.url,
          PUBLIC_BASE_URL: config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`,
        });
      }
      logger.warn(
        `SANDBOX LINE: no LINE credentials are set, so the bot talks to a local LINE emulator. Chat with it in a browser at ${emulator.url}/ . Set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN to use a real channel.`,
        { sandbox: 'line', chat: `${emulator.url}/` },
      );
    }
  } catch (err) {
    await close();
    throw err;
  }
  return out;
}
