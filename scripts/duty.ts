/**
 * `npm run duty -- enroll-code [--center CMI] [--role day|night|both|escalation] [--ttl-minutes 60] [--uri mongodb://…]`
 *   prints a one-time code; typed in a LINE group as `ลงทะเบียนกลุ่ม <code>` it registers that group
 *   as a group of the center named (default: the home center).
 * `npm run duty -- list [--uri mongodb://…]`
 *   lists the configured and the registered duty groups.
 *
 * The code must live in the database the running service uses: MONGODB_URI (or --uri). Without one
 * there is nothing to connect to (the service's embedded database lives inside its own process).
 */
import mongoose from 'mongoose';
import { ConfigError, loadConfig, loadDotEnv } from '../src/config/env';
import { parseDutyArgs } from '../src/duty/cli-args';
import { createEnrollCode } from '../src/duty/enroll-codes';
import { createGroupRegistry } from '../src/duty/store';
import { createCenterStore } from '../src/centers/store';
import { DUTY_ROLE_LABELS, dutyTh } from '../src/strings/th/duty';
import { thaiDateTime } from '../src/time/thai-time';

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

async function main(): Promise<number> {
  const args = parseDutyArgs(process.argv.slice(2));
  if (!args.ok) {
    err(args.problems.map((p) => `error: ${p}`).join('\n'));
    err(dutyTh.script.usage);
    return 2;
  }
  loadDotEnv();
  const config = loadConfig();
  const uri = args.value.uri ?? config.MONGODB_URI;
  if (!uri) {
    err(dutyTh.script.noDatabase);
    return 1;
  }
  const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    const now = new Date();
    if (args.value.command === 'enroll-code') {
      const { role, ttlMinutes } = args.value;
      const center = await createCenterStore(conn, config).get(args.value.center ?? config.CENTER_CODE);
      if (!center) {
        err(dutyTh.script.unknownCenter(args.value.center ?? ''));
        return 2;
      }
      // The home center's codes carry no center (its groups were registered that way before centers existed).
      const { code, expiresAt } = await createEnrollCode(conn, { role, ttlMinutes, now, ...(center.home ? {} : { centerCode: center.code }) });
      out(`${dutyTh.script.code(code, DUTY_ROLE_LABELS[role], thaiDateTime(expiresAt))}\n${dutyTh.script.forCenter(center.code, center.name)}`);
      return 0;
    }
    const configured = (
      [
        ['DUTY_GROUP_ID', config.DUTY_GROUP_ID, config.DUTY_NIGHT_GROUP_ID ? 'day' : 'both'],
        ['DUTY_NIGHT_GROUP_ID', config.DUTY_NIGHT_GROUP_ID, 'night'],
        ['ESCALATION_GROUP_ID', config.ESCALATION_GROUP_ID, 'escalation'],
      ] as const
    ).filter(([, id]) => !!id);
    const registered = await createGroupRegistry(conn, config).list();
    out(`${dutyTh.script.listHeader}:`);
    for (const [key, id, role] of configured) out(`  ${id}  ${DUTY_ROLE_LABELS[role]}  (${dutyTh.script.configured}: ${key})`);
    for (const g of registered)
      out(`  ${g.groupId}  ${DUTY_ROLE_LABELS[g.role]}  ${g.centerCode ?? config.CENTER_CODE}  (${dutyTh.script.registeredAt(thaiDateTime(g.registeredAt))})`);
    if (!registered.length) out(`  ${dutyTh.script.none}`);
    return 0;
  } finally {
    await conn.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    err(e instanceof ConfigError ? e.message : `failed: ${e instanceof Error ? e.name : 'unknown error'}`);
    process.exit(1);
  },
);
