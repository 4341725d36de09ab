import { DUTY_ROLES, type DutyRole } from './shift';

/** Arguments of `npm run duty -- …` (scripts/duty.ts), parsed without touching the process. */
export type DutyCli =
  | { command: 'enroll-code'; role: DutyRole; ttlMinutes: number; uri?: string; center?: string }
  | { command: 'list'; uri?: string };

export function parseDutyArgs(argv: readonly string[]): { ok: true; value: DutyCli } | { ok: false; problems: string[] } {
  const [command, ...rest] = argv;
  const problems: string[] = [];
  const opts = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const [flag, inline] = a.split('=', 2);
    if (!['--role', '--ttl-minutes', '--uri', '--center'].includes(flag)) {
      problems.push(`unknown argument ${a}`);
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined) problems.push(`${flag} needs a value`);
    else opts.set(flag, value);
  }
  const uri = opts.get('--uri');
  if (uri !== undefined && !/^mongodb(\+srv)?:\/\//.test(uri)) problems.push('--uri must start with mongodb:// or mongodb+srv://');

  if (command === 'list') {
    if (opts.has('--role') || opts.has('--ttl-minutes') || opts.has('--center')) problems.push('list takes only --uri');
    return problems.length ? { ok: false, problems } : { ok: true, value: { command, ...(uri ? { uri } : {}) } };
  }
  if (command === 'enroll-code') {
    const role = opts.get('--role') ?? 'both';
    if (!(DUTY_ROLES as readonly string[]).includes(role)) problems.push(`--role must be one of ${DUTY_ROLES.join(', ')}`);
    const ttlMinutes = Number(opts.get('--ttl-minutes') ?? '60');
    if (!Number.isFinite(ttlMinutes) || ttlMinutes <= 0 || ttlMinutes > 7 * 24 * 60) {
      problems.push('--ttl-minutes must be a positive number of minutes (at most 7 days)');
    }
    const center = opts.get('--center');
    if (center !== undefined && !/^[A-Z]{2,6}$/.test(center)) problems.push('--center must be a center code (2 to 6 capital letters)');
    return problems.length
      ? { ok: false, problems }
      : { ok: true, value: { command, role: role as DutyRole, ttlMinutes, ...(uri ? { uri } : {}), ...(center ? { center } : {}) } };
  }
  return { ok: false, problems: [command ? `unknown command ${command}` : 'a command is required', ...problems] };
}
