import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The real entry point, as a child process: with NODE_ENV=production a start that would fall back to
 * the sandbox (in-memory database, LINE emulator) stops with exit 1 and names the missing keys,
 * never a configured value. Runs in an empty directory so no developer's .env takes part.
 */

const ROOT = resolve(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(ROOT, 'src', 'main.ts');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'husec-production-start-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, [MAIN], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, PORT: '0', SANDBOX_LINE_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // Bounded: a start that is not refused would keep running; kill it and let the assertions fail.
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.once('error', fail);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr, stdout });
    });
  });
}

const SECRET = 'production-secret-value-123';
const TOKEN = 'production-token-value-456';

it('when NODE_ENV=production and MONGODB_URI is missing, then the start stops with exit 1 naming MONGODB_URI', async () => {
  const r = await start({ NODE_ENV: 'production', LINE_CHANNEL_SECRET: SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^ {2}- MONGODB_URI: required when NODE_ENV=production/m);
  expect(r.stderr).not.toMatch(/LINE_CHANNEL/);
  expect(r.stderr + r.stdout).not.toContain(SECRET);
  expect(r.stderr + r.stdout).not.toContain(TOKEN);
  // Nothing started: no sandbox notice, no listening line.
  expect(r.stdout).not.toMatch(/SANDBOX|listening/);
});

it('when NODE_ENV=production and the LINE credentials are missing, then the start stops naming both keys and not the database URI', async () => {
  const uri = 'mongodb://husec:db-password-789@127.0.0.1:1/husec';
  const r = await start({ NODE_ENV: 'production', MONGODB_URI: uri });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/- LINE_CHANNEL_SECRET: required when NODE_ENV=production/);
  expect(r.stderr).toMatch(/- LINE_CHANNEL_ACCESS_TOKEN: required when NODE_ENV=production/);
  expect(r.stderr + r.stdout).not.toContain('db-password-789');
  expect(r.stdout).not.toMatch(/SANDBOX|listening/);
});
