/**
 * `npm run centers -- import centers.json [--uri mongodb://…]`: creates or replaces the file's
 *   centers (checked as a whole first; a file with any problem writes nothing).
 * `npm run centers -- export [centers.json] [--uri mongodb://…]`: the stored centers as such a file.
 * `npm run centers -- key create CMI` / `key revoke <id>` / `key list [CMI]`: API keys per center
 *   (stored hashed; the key is printed once).
 * The home center is the environment's (CENTER_*, DUTY_*) and is neither imported nor exported.
 * Like `npm run duty`, this needs the database the running service uses (MONGODB_URI or --uri).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { createCenterStore } from '../src/centers';
import { exportCenters, importCenters, type ImportProblem } from '../src/centers/import';
import { createApiKeyStore } from '../src/centers/keys';
import { loadConfig, loadDotEnv } from '../src/config/env';
import { centersTh } from '../src/strings/th/centers';
import { thaiDateTime } from '../src/time/thai-time';

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

function describe(p: ImportProblem): string[] {
  const at = centersTh.problemAt(p.index, 'code' in p ? p.code : undefined);
  if ('issues' in p) return p.issues.map((i) => `  ${at}: ${i.field}: ${i.reason}`);
  if ('conflicts' in p) return p.conflicts.map((c) => `  ${at}: ${centersTh.conflict(c.kind, c.value, c.name, c.center)}`);
  return [`  ${at}: ${p.error === 'home_center' ? centersTh.homeCenter : centersTh.duplicateCode}`];
}

async function main(argv: string[]): Promise<number> {
  const uriAt = argv.indexOf('--uri');
  const uriArg = uriAt >= 0 ? argv[uriAt + 1] : undefined;
  const args = argv.filter((_a, i) => uriAt < 0 || (i !== uriAt && i !== uriAt + 1));
  const [command, file, ...extra] = args;
  const keyCommand = command === 'key' && ((['create', 'revoke'].includes(file) && extra.length === 1) || (file === 'list' && extra.length <= 1));
  if (!((command === 'import' && file && !extra.length) || (command === 'export' && !extra.length) || keyCommand) || (uriAt >= 0 && !uriArg)) {
    err(centersTh.usage);
    return 2;
  }
  loadDotEnv();
  const config = loadConfig();
  const uri = uriArg ?? config.MONGODB_URI;
  if (!uri) {
    err(centersTh.noDatabase);
    return 1;
  }
  let parsed: unknown;
  if (command === 'import') {
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      err(centersTh.unreadable(file));
      return 1;
    }
  }
  const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    const store = createCenterStore(conn, config);
    if (command === 'key') {
      const keys = createApiKeyStore(conn);
      const [arg] = extra;
      if (file === 'create') {
        const center = await store.get(arg);
        if (!center) {
          err(centersTh.unknownCenter(arg));
          return 1;
        }
        const { id, key } = await keys.create(center.code, new Date());
        out(centersTh.keyCreated(center.code, id, key));
        return 0;
      }
      if (file === 'revoke') {
        const done = await keys.revoke(arg, new Date());
        (done ? out : err)(done ? centersTh.keyRevoked(arg) : centersTh.unknownKey(arg));
        return done ? 0 : 1;
      }
      const list = await keys.list(arg);
      for (const k of list) out(centersTh.keyLine(k.id, k.centerCode, thaiDateTime(k.createdAt), k.revokedAt && thaiDateTime(k.revokedAt)));
      if (!list.length) out(centersTh.noKeys);
      return 0;
    }
    if (command === 'export') {
      const text = `${JSON.stringify(await exportCenters(store), null, 2)}\n`;
      if (!file) process.stdout.write(text);
      else {
        writeFileSync(file, text);
        out(centersTh.exported((JSON.parse(text) as unknown[]).length, file));
      }
      return 0;
    }
    const r = await importCenters(store, parsed, { env: config, now: new Date() });
    if (!r.ok) {
      for (const w of r.written) out(centersTh.written(w.code, w.created, w.changed));
      err(r.written.length ? centersTh.stopped : centersTh.refused);
      for (const p of r.problems) for (const line of describe(p)) err(line);
      return 1;
    }
    for (const w of r.written) out(centersTh.written(w.code, w.created, w.changed));
    return 0;
  } finally {
    await conn.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    err(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
