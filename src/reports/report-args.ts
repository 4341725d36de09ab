import { parseArgs } from 'node:util';
import { extname } from 'node:path';
import { z } from 'zod';
import { calendarDay, isCalendarDay } from './date-range';
import { REPORT_FORMATS, type ReportFormat } from './format';

/** Arguments of `npm run report`, parsed and validated without touching the database. */
export interface ReportArgs {
  from: string;
  to: string;
  format: ReportFormat;
  out?: string;
  /** A center code, or `all` for the national report; absent: the home center. */
  center?: string;
  /** Also write the report as an Excel workbook to this file (`--xlsx FILE`, or `--out FILE.xlsx`). */
  xlsx?: string;
  /** false: only the workbook is written (`--xlsx` without `--out` or `--format`); absent: the text report is written too. */
  text?: false;
}

export const REPORT_USAGE =
  'usage: npm run report -- --from YYYY-MM-DD --to YYYY-MM-DD [--center CODE|all] [--format md|csv|json|html] [--out FILE] [--xlsx FILE]\n' +
  '  --center: a center code (default: the home center) or all for the national report\n' +
  '  --xlsx: also write an Excel workbook (alone: only the workbook; --out FILE.xlsx does the same)\n' +
  '  dates are inclusive Asia/Bangkok calendar days; --format defaults to the --out extension, else md';

const schema = z
  .object({
    from: calendarDay,
    to: calendarDay,
    format: z.enum(REPORT_FORMATS, 'must be md, csv, json or html'),
    out: z.string().min(1).optional(),
    xlsx: z.string().min(1).optional(),
    // Codes are capitals; "cmi" and "ALL" are what people type too.
    center: z
      .string()
      .transform((v) => (v.toLowerCase() === 'all' ? 'all' : v.toUpperCase()))
      .pipe(z.string().regex(/^([A-Z]{2,6}|all)$/, 'must be a center code (2–6 letters) or all'))
      .optional(),
  })
  .refine((a) => !isCalendarDay(a.from) || !isCalendarDay(a.to) || a.from <= a.to, {
    message: 'must not be before --from',
    path: ['to'],
  });

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export function parseReportArgs(argv: string[]): Parsed<ReportArgs> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, center: { type: 'string' }, xlsx: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { ok: false, problems: [(err as Error).message] };
  }
  const byExtension = typeof values.out === 'string' ? extname(values.out).slice(1).toLowerCase().replace(/^markdown$/, 'md') : '';
  // A workbook is binary: --out FILE.xlsx (without --format) means --xlsx FILE, not Markdown in an .xlsx.
  if (byExtension === 'xlsx' && values.format === undefined && values.xlsx === undefined) {
    values = { ...values, xlsx: values.out, out: undefined };
  }
  const format = values.format ?? ((REPORT_FORMATS as readonly string[]).includes(byExtension) ? byExtension : 'md');
  const r = schema.safeParse({ ...values, format });
  if (!r.success) {
    return {
      ok: false,
      problems: r.error.issues.map((i) => `--${i.path.join('.')}: ${i.path.length && values[String(i.path[0])] === undefined ? 'is required' : i.message}`),
    };
  }
  const xlsxOnly = r.data.xlsx !== undefined && r.data.out === undefined && values.format === undefined;
  return { ok: true, value: { ...r.data, ...(xlsxOnly ? { text: false as const } : {}) } };
}
