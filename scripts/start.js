// @ts-check
/**
 * `npm start`: runs the compiled service (dist/main.js), building it first only when a source is
 * newer than the last build. A start with an up-to-date build takes about a second instead of a
 * full `tsc` run every time. Plain JavaScript on purpose: it must run before anything is compiled,
 * without tsx or TypeScript (a production image built once runs it with no dev dependencies).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const DIST_MAIN = join(ROOT, 'dist', 'main.js');
/** Written after every successful build; its mtime is "when dist was last made from the sources". */
const STAMP = join(ROOT, 'dist', '.build-stamp');
const INPUTS = [join(ROOT, 'src'), join(ROOT, 'tsconfig.json'), join(ROOT, 'tsconfig.build.json')];

/**
 * The newest mtime among the inputs. Directories count too: deleting or renaming a source file
 * changes its directory's mtime, so a removed module triggers a rebuild like an edited one.
 */
function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

function stale() {
  if (!existsSync(DIST_MAIN) || !existsSync(STAMP)) return true;
  return INPUTS.filter((p) => existsSync(p)).some((p) => newest(p) > statSync(STAMP).mtimeMs);
}

/** `npm run build` (`--build-only`): always build, stamp, do not start. */
const buildOnly = process.argv.includes('--build-only');

if (buildOnly || stale()) {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    process.stderr.write('The build in dist/ is missing or older than src/, and TypeScript is not installed: run `npm ci` (with dev dependencies) or `npm run build`.\n');
    process.exit(1);
  }
  if (!buildOnly) process.stderr.write('Building (sources changed since the last build)…\n');
  // Stamp the time the build started: a source saved during the build is then still "newer" next time.
  const started = new Date();
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('The build failed (see above); not starting.\n');
    process.exit(r.status ?? 1);
  }
  writeFileSync(STAMP, `${started.toISOString()}\n`);
  utimesSync(STAMP, started, started);
}

if (buildOnly) process.exit(0);

// In this process: signals (SIGTERM, SIGINT) reach the service directly, with no wrapper in between.
require(DIST_MAIN);
