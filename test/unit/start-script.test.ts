import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm start` builds only when the build is stale (scripts/start.js). The mtimes are set explicitly
 * (an hour apart), so nothing here depends on how fast the machine is.
 */
const { isStale } = require('../../scripts/start.js') as { isStale(root: string): boolean };

const T_SOURCE = new Date('2026-01-01T10:00:00Z');
const T_BUILD = new Date('2026-01-01T11:00:00Z');
const T_LATER = new Date('2026-01-01T12:00:00Z');

let root: string;
const at = (path: string, t: Date) => utimesSync(join(root, path), t, t);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'husec-start-'));
  mkdirSync(join(root, 'src', 'intake'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'src', 'main.ts'), '');
  writeFileSync(join(root, 'src', 'intake', 'decide.ts'), '');
  writeFileSync(join(root, 'tsconfig.json'), '{}');
  writeFileSync(join(root, 'dist', 'main.js'), '');
  writeFileSync(join(root, 'dist', '.build-stamp'), '');
  for (const p of ['src/main.ts', 'src/intake/decide.ts', 'src/intake', 'src', 'tsconfig.json']) at(p, T_SOURCE);
  at('dist/.build-stamp', T_BUILD);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('when every source is older than the last build, then it starts without building', () => {
  expect(isStale(root)).toBe(false);
});

it('when a source in a subfolder was edited after the build, then it builds first', () => {
  at('src/intake/decide.ts', T_LATER);
  expect(isStale(root)).toBe(true);
});

it('when a source was deleted after the build (its folder changed), then it builds first', () => {
  at('src/intake', T_LATER);
  expect(isStale(root)).toBe(true);
});

it('when tsconfig.json changed after the build, then it builds first', () => {
  at('tsconfig.json', T_LATER);
  expect(isStale(root)).toBe(true);
});

it('when there is no build stamp (never built by npm start or npm run build), then it builds first', () => {
  rmSync(join(root, 'dist', '.build-stamp'));
  expect(isStale(root)).toBe(true);
});

it('when dist/main.js is missing, then it builds first', () => {
  rmSync(join(root, 'dist', 'main.js'));
  expect(isStale(root)).toBe(true);
});
