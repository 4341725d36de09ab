// @ts-check
/**
 * `npm start`: runs the compiled service (dist/main.js), building it first only when a source is
 * newer than the last build. A start with an up-to-date build takes about a second instead of a
 * full `tsc` run every time. Plain JavaScript on purpose: it must run before anything is compiled,
 * without tsx or TypeScript (a production image built once runs it with no dev dependencies).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

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
  // In this process: signals (SIGTERM, SIGINT) reach the service directly, with no wrapper in between.
  require(join(ROOT, 'dist', 'main.js'));
}

if (require.main === module) main();
module.exports = { isStale };
