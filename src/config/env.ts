import { z } from 'zod';

/**
 * The service's whole configuration. This module is the only one that reads `process.env`.
 * Every key is documented in `.env.example`. Durations in minutes accept fractions so tests and
 * checks can use seconds (0.05 min = 3 s).
 */

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().min(1).optional());
const minutes = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().positive('must be a positive number of minutes').default(fallback));
const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

const schema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
  ),
  /** Salt for hashing LINE user ids in logs. Unset: a random salt per process (hashes then do not correlate across restarts). */
  LOG_SALT: optionalString,

  LINE_CHANNEL_SECRET: optionalString,
  LINE_CHANNEL_ACCESS_TOKEN: optionalString,
  LINE_API_BASE_URL: z.preprocess(emptyToUndefined, z.url('must be a URL').default('https://api.line.me')),
  LINE_DATA_API_BASE_URL: z.preprocess(emptyToUndefined, z.url('must be a URL').default('https://api-data.line.me')),
  LINE_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(10000)),

  MONGODB_URI: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
  ),

  /**
   * How far (%) the old generation may grow past the live heap before V8 collects again, when
   * MONGODB_URI is set. Applied by `npm start` (scripts/start.js, before the service loads), never
   * to the embedded start, whose in-memory database shares the heap. 0 = V8's own pacing.
   */
  HEAP_GROWTH_PERCENT: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int('must be a whole number of percent').min(0, 'must be 0 to 300').max(300, 'must be 0 to 300').default(20),
  ),

  ADMIN_API_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),

  CENTER_CODE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Z]{2,6}$/, 'must be 2 to 6 capital letters')
      .default('PHR'),
  ),
  CENTER_NAME: z.preprocess(
    emptyToUndefined,
    z.string().default('ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดแพร่ (ศรส.จ.แพร่)'),
  ),
  CENTER_PROVINCE: z.preprocess(emptyToUndefined, z.string().default('แพร่')),

  SESSION_TIMEOUT_MINUTES: minutes(30),

  DUTY_GROUP_ID: optionalString,
  DUTY_NIGHT_GROUP_ID: optionalString,
  ESCALATION_GROUP_ID: optionalString,
  DAY_SHIFT: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((s) => {
        const [a, b] = s.split('-');
        return !!a && !!b && hhmm.test(a) && hhmm.test(b) && a !== b;
      }, 'must look like 08:30-16:30')
      .default('08:30-16:30'),
  ),
  GROUP_CARD_DETAIL: z.preprocess(emptyToUndefined, z.enum(['minimal', 'full']).default('minimal')),
  ACK_SLA_URGENT_MINUTES: minutes(10),
  ACK_SLA_NORMAL_MINUTES: minutes(60),
  ESCALATION_MAX_ROUNDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(20).default(3)),
  /** Hours an acknowledged or in-progress case may go without officer activity before it is announced again. */
  STALE_CASE_HOURS: z.preprocess(emptyToUndefined, z.coerce.number().positive('must be a positive number of hours').default(24)),

  /** LINE Login channel of the web console (/console). The console is served only when both are set with PUBLIC_BASE_URL. */
  LINE_LOGIN_CHANNEL_ID: optionalString,
  LINE_LOGIN_CHANNEL_SECRET: optionalString,
  /** OpenID Connect issuer of LINE Login; the sandbox points it at the LINE emulator. */
  LINE_LOGIN_ISSUER: z.preprocess(emptyToUndefined, z.url('must be a URL').default('https://access.line.me')),
  /** LINE groups of the national desk (comma-separated): their members see every center in the console. */
  NATIONAL_DESK_GROUP_IDS: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((g) => g.trim()).filter(Boolean) : v ?? []),
    z.array(z.string().regex(/^C[0-9a-f]{32}$/, 'must be LINE group ids (C followed by 32 hex digits), comma-separated')),
  ),
  /**
   * The service's public address: the console's sign-in callback and Secure cookies use it, and when it is
   * https officers get media links in LINE (LINE fetches media over https only). Production refuses http.
   */
  PUBLIC_BASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .url('must be a URL')
      .refine((u) => /^https?:\/\//.test(u), 'must be an http or https URL')
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
  ),
  /** HMAC key of media links; unset = a random key per process (links die with a restart). */
  MEDIA_LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  /** Hours a media link sent to an officer stays valid. */
  MEDIA_LINK_TTL_HOURS: z.preprocess(emptyToUndefined, z.coerce.number().positive('must be a positive number of hours').max(24 * 30).default(24)),
  /** Largest single attachment stored as evidence, in MB (LINE's own limit for video is 200 MB). */
  EVIDENCE_MAX_FILE_MB: z.preprocess(emptyToUndefined, z.coerce.number().positive('must be a positive number of MB').default(50)),
  /** Most evidence stored for one case, in MB, all attachments together. */
  EVIDENCE_MAX_CASE_MB: z.preprocess(emptyToUndefined, z.coerce.number().positive('must be a positive number of MB').default(300)),

  /** Port of the LINE emulator when the service runs without LINE credentials (0 = any free port). */
  SANDBOX_LINE_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3001)),
  /** Port of the embedded MongoDB-compatible server when MONGODB_URI is unset (0 = any free port). */
  SANDBOX_MONGO_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(0)),
  /**
   * Seconds the embedded server keeps FINISHED queue records (inbox events, outbox messages, timers,
   * evidence jobs that are done, parked or cancelled) before they expire; see src/sandbox/index.ts.
   */
  SANDBOX_FINISHED_TTL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1, 'must be at least 1 second').default(300)),
});

export type Config = Readonly<z.infer<typeof schema>>;

/** Every key the service reads (each is documented in `.env.example`). */
export const CONFIG_KEYS = Object.keys(schema.shape) as Array<keyof Config>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment. Throws ConfigError naming each bad key and the reason, never its value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(problems);
  }
  const c = parsed.data;
  const problems: string[] = [];
  if (!!c.LINE_CHANNEL_SECRET !== !!c.LINE_CHANNEL_ACCESS_TOKEN) {
    problems.push(
      `${c.LINE_CHANNEL_SECRET ? 'LINE_CHANNEL_ACCESS_TOKEN' : 'LINE_CHANNEL_SECRET'}: required when the other LINE credential is set`,
    );
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(c);
}

/**
 * What a production start cannot do without. The service's fallbacks for these keys are the
 * sandbox (an in-memory database that loses every case, a LINE emulator nobody reads), so with
 * NODE_ENV=production a missing one stops the start instead of falling back. Names only, never values.
 */
export function productionProblems(c: Config): string[] {
  if (c.NODE_ENV !== 'production') return [];
  const why: Partial<Record<keyof Config, string>> = {
    MONGODB_URI: 'required when NODE_ENV=production (without it cases would live in an in-memory database and be lost)',
    LINE_CHANNEL_SECRET: 'required when NODE_ENV=production (without it the bot would talk to the LINE emulator)',
    LINE_CHANNEL_ACCESS_TOKEN: 'required when NODE_ENV=production (without it the bot would talk to the LINE emulator)',
  };
  const missing = (Object.keys(why) as Array<keyof Config>).filter((k) => !c[k]).map((k) => `${k}: ${why[k]}`);
  // Several instances must accept each other's media links, and a restart must not break them.
  if (c.PUBLIC_BASE_URL && !c.MEDIA_LINK_SECRET) missing.push('MEDIA_LINK_SECRET: required when PUBLIC_BASE_URL is set and NODE_ENV=production');
  if (c.PUBLIC_BASE_URL && !c.PUBLIC_BASE_URL.startsWith('https://')) missing.push('PUBLIC_BASE_URL: must be an https address when NODE_ENV=production');
  return missing;
}

/** loadConfig for the service itself: also refuses a production start that would fall back to the sandbox. */
export function loadServiceConfig(env: Record<string, string | undefined> = process.env): Config {
  const c = loadConfig(env);
  const problems = productionProblems(c);
  if (problems.length) throw new ConfigError(problems);
  return c;
}

/** Whether the service talks to a real LINE platform (credentials set) or runs its own emulator. */
export const usesLineSandbox = (c: Config) => !c.LINE_CHANNEL_SECRET;
/** Whether the service uses a real MongoDB or runs the embedded in-memory server. */
export const usesMongoSandbox = (c: Config) => !c.MONGODB_URI;

/** Minutes (possibly fractional) to milliseconds. */
export const minutesToMs = (m: number) => Math.round(m * 60_000);

/**
 * Loads `.env` from the working directory into the environment if the file exists (variables
 * already set win). Used by main.ts and the scripts; tests pass their env to loadConfig directly.
 */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** The servers `npm run bench` can measure (scripts/bench-server.ts). */
export const BENCH_VARIANTS = ['bare', 'middleware', 'nodb', 'ingest'] as const;
export type BenchVariant = (typeof BENCH_VARIANTS)[number];

const benchSchema = z.object({
  /** Comma-separated list of BENCH_VARIANTS, in the order they run. */
  VARIANTS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('bare,middleware,ingest')
      .transform((s) => s.split(',').map((v) => v.trim()))
      .pipe(z.array(z.enum(BENCH_VARIANTS, `must be a comma-separated list of ${BENCH_VARIANTS.join(', ')}`)).min(1)),
  ),
});

/**
 * The benchmark script's settings: a tool's, not the service's, so they stay out of Config and
 * CONFIG_KEYS but are read and validated here like every other environment key.
 */
export function loadBenchConfig(env: Record<string, string | undefined> = process.env): { variants: BenchVariant[] } {
  const parsed = benchSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? '(root)')}: ${i.message}`));
  return { variants: parsed.data.VARIANTS };
}
