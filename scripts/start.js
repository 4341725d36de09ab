// @ts-check
/**
 * `npm start`: runs the compiled service (dist/main.js), building it first only when a source is
 * newer than the last build. A start with an up-to-date build takes about a second instead of a
 * full `tsc` run every time. Plain JavaScript on purpose: it must run before anything is compiled,
 * without tsx or TypeScript (a production image built once runs it with no dev dependencies).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseEnv } = require('node:util');
const v8 = require('node:v8');

const ROOT = join(__dirname, '..');

/**
 * The newest mtime among the inputs. Directories count too: deleting or renaming a source file
 * changes its directory's mtime, so a removed module triggers a rebuild like an edited one.
 * @param {string} path
 * @returns {number}
 */
function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

/**
 * Whether dist/ must be built again: no build yet, or a source or tsconfig newer than the stamp the
 * last successful build left (dist/.build-stamp).
 * @param {string} root
 * @returns {boolean}
 */
function isStale(root) {
  const stamp = join(root, 'dist', '.build-stamp');
  if (!existsSync(join(root, 'dist', 'main.js')) || !existsSync(stamp)) return true;
  const builtAt = statSync(stamp).mtimeMs;
  const inputs = [join(root, 'src'), join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')];
  return inputs.filter((p) => existsSync(p)).some((p) => newest(p) > builtAt);
}

/**
 * HEAP_GROWTH_PERCENT's default (src/config/env.ts): how far the old generation may grow past what
 * survived the last full collection before V8 collects again, for a service beside a real MongoDB.
 * V8's own factor is up to 4× on a machine with gigabytes, so a burst of 50 reporters grew a ~55 MB
 * live heap to 200 MB of mostly garbage that V8 then kept for minutes (RSS 328–335 MB with 10,000 open
 * conversations; 177–184 MB paced at 20 %). Pacing, not a cap: the heap limit stays V8's default, so an
 * unexpectedly large live heap makes the collector run more often, never crashes the service.
 * Measured with scripts/bench-soak.ts (README, Speed → Memory).
 */
const DEFAULT_HEAP_GROWTH_PERCENT = 20;
/** HEAP_GROWTH_PERCENT's upper bound in env.ts (V8's own factor is at most 4×, i.e. 300 %). */
const MAX_HEAP_GROWTH_PERCENT = 300;

/**
 * A configuration key as the service will see it: a variable already in the environment wins over
 * `.env` in the working directory, even when set to an empty string (process.loadEnvFile, which
 * src/config/env.ts loadDotEnv calls, never overwrites a variable that exists).
 * @param {Record<string, string | undefined>} env
 * @param {string} dotEnvPath
 * @param {string} key
 * @returns {string | undefined}
 */
function configValue(env, dotEnvPath, key) {
  if (key in env) return env[key];
  return existsSync(dotEnvPath) ? parseEnv(readFileSync(dotEnvPath, 'utf8'))[key] : undefined;
}

/** env.ts's `emptyToUndefined`: a blank value is an unset one. */
const blank = (/** @type {string | undefined} */ v) => v === undefined || v.trim() === '';

/**
 * Whether the service will run the embedded in-memory MongoDB (inside this process, on this heap),
 * by src/config/env.ts's rule (usesMongoSandbox): MONGODB_URI unset or blank. An invalid URI counts
 * as not embedded: the service refuses it anyway. Plain JavaScript, so it cannot import env.ts;
 * test/unit/start-v8-flags.test.ts checks it against env.ts.
 * @param {Record<string, string | undefined>} env
 * @param {string} dotEnvPath
 * @returns {boolean}
 */
function usesEmbeddedMongo(env, dotEnvPath) {
  return blank(configValue(env, dotEnvPath, 'MONGODB_URI'));
}

/**
 * HEAP_GROWTH_PERCENT as env.ts reads it (blank = the default; `z.coerce.number().int().min(0)
 * .max(300)`), or undefined when env.ts would refuse it: the service then stops with the key's name
 * right after, so no flag is set for a start that will not happen.
 * @param {Record<string, string | undefined>} env
 * @param {string} dotEnvPath
 * @returns {number | undefined}
 */
function heapGrowthPercent(env, dotEnvPath) {
  const raw = configValue(env, dotEnvPath, 'HEAP_GROWTH_PERCENT');
  if (blank(raw)) return DEFAULT_HEAP_GROWTH_PERCENT;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= MAX_HEAP_GROWTH_PERCENT ? n : undefined;
}

/**
 * The V8 flags `npm start` sets for the service: GC pacing when the database is a real MongoDB
 * elsewhere. None for the embedded start, whose in-memory database lives on the same heap (a tight
 * growth factor would mark the whole database over and over); none for HEAP_GROWTH_PERCENT=0 (V8's
 * own pacing); none when node was started with the flag by hand (`node --heap-growing-percent=N
 * scripts/start.js`: theirs wins; node refuses it in NODE_OPTIONS, hence the key).
 * @param {Record<string, string | undefined>} env
 * @param {readonly string[]} execArgv
 * @param {string} dotEnvPath
 * @returns {string[]}
 */
function serviceV8Flags(env, execArgv, dotEnvPath) {
  if (usesEmbeddedMongo(env, dotEnvPath)) return [];
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return [];
  const percent = heapGrowthPercent(env, dotEnvPath);
  return percent ? [`--heap-growing-percent=${percent}`] : [];
}

/**
 * Sets serviceV8Flags in this process and returns them. V8 reads the growth factor at every
 * recomputation of the heap's limits (and node does not freeze V8's flags: v8.setFlagsFromString is
 * its API), so set before the service allocates anything it works as if given on node's command
 * line, with no second process between the signals and the service.
 * @param {Record<string, string | undefined>} env
 * @param {readonly string[]} execArgv
 * @param {string} dotEnvPath
 * @returns {string[]}
 */
function applyServiceV8Flags(env, execArgv, dotEnvPath) {
  const flags = serviceV8Flags(env, execArgv, dotEnvPath);
  if (flags.length) v8.setFlagsFromString(flags.join(' '));
  return flags;
}

/** `npm run build` (`--build-only`): always build, stamp, do not start. */
function main() {
  const buildOnly = process.argv.includes('--build-only');
  if (buildOnly || isStale(ROOT)) {
    let tsc;
    try {
      tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
    } catch {
      process.stderr.write('The build in dist/ is missing or older than src/, and TypeScript is not installed: run `npm ci` (with dev dependencies) or `npm run build`.\n');
      process.exit(1);
    }
    if (!buildOnly) process.stderr.write('Building (sources changed since the last build)…\n');
    // tsc --incremental trusts its .tsbuildinfo and would not re-emit outputs deleted by hand: an
    // explicit build, or a dist/ without its entry point or stamp, starts from scratch.
    if (buildOnly || !existsSync(join(ROOT, 'dist', 'main.js')) || !existsSync(join(ROOT, 'dist', '.build-stamp'))) {
      rmSync(join(ROOT, 'dist', '.tsbuildinfo'), { force: true });
    }
    // Stamp the time the build started: a source saved during the build is then still "newer" next time.
    const started = new Date();
    const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) {
      process.stderr.write('The build failed (see above); not starting.\n');
      process.exit(r.status ?? 1);
    }
    const stamp = join(ROOT, 'dist', '.build-stamp');
    writeFileSync(stamp, `${started.toISOString()}\n`);
    utimesSync(stamp, started, started);
  }
  if (buildOnly) return;
  // `.env` as main.ts reads it (src/config/env.ts loadDotEnv: the working directory's).
  applyServiceV8Flags(process.env, process.execArgv, join(process.cwd(), '.env'));
  // In this process: signals (SIGTERM, SIGINT) reach the service directly, with no wrapper in between.
  require(join(ROOT, 'dist', 'main.js'));
}

if (require.main === module) main();
module.exports = { isStale, serviceV8Flags, applyServiceV8Flags, usesEmbeddedMongo, heapGrowthPercent, DEFAULT_HEAP_GROWTH_PERCENT };
