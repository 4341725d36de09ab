import type { CaseRecord } from '../cases/types';
import { CASE_STATUS_LABELS, PROBLEM_TYPE_LABELS } from '../cases/vocab';
import { csvField, UTF8_BOM } from '../reports/format-csv';
import { xlsxWorkbook, type XlsxCell } from '../reports/xlsx';
import { CONSOLE_TH as T } from '../strings/th/console';
import { bangkok } from '../time/thai-time';
import type { QueueCenters, SlaMinutes } from './views';

/**
 * The open queue as a file (/console/queue.xlsx and .csv): the page's rows under the page's filters,
 * the page's columns (the center's for a viewer of several centers), plus when each case was opened
 * as a date-time cell and how long it has waited in minutes as a number, so a desk can sort, filter
 * and hand the list on. Nothing personal: no phone, details, address, place or LINE id.
 */

/** More than the page's 200, still bounded: a file never holds the whole register. */
export const QUEUE_EXPORT_LIMIT = 5000;

const D = T.queue.download;

export interface QueueExportOptions {
  now: Date;
  sla: (c: CaseRecord) => SlaMinutes;
  /** Given for a viewer of several centers: the center column, by short name. */
  centers?: QueueCenters;
}

/** Headings and one row per case; `Date` cells are date-times (XLSX) and Bangkok times (CSV). */
export function queueTable(cases: CaseRecord[], o: QueueExportOptions): XlsxCell[][] {
  const C = T.queue.cols;
  const head = [C.number, ...(o.centers ? [C.center] : []), C.urgency, C.types, C.status, C.owner, D.opened, D.waited, D.sla];
  const rows = cases.map((c): XlsxCell[] => {
    const waited = Math.max(0, Math.floor((o.now.getTime() - new Date(c.createdAt).getTime()) / 60_000));
    const limit = c.urgent ? o.sla(c).urgent : o.sla(c).normal;
    return [
      c.caseNumber,
      ...(o.centers ? [o.centers.get(c.centerCode) || c.centerCode] : []),
      c.urgent ? T.queue.urgent : T.queue.normal,
      c.problemTypes.map((p) => PROBLEM_TYPE_LABELS[p]).join(', '),
      CASE_STATUS_LABELS[c.status],
      c.owner?.name ?? T.queue.noOwner,
      new Date(c.createdAt),
      waited,
      // As on the page: only a case not yet acknowledged is measured against its limit.
      c.status === 'new' ? (waited > limit ? T.queue.late : T.queue.within(limit)) : null,
    ];
  });
  return [head, ...rows];
}

/** The workbook: the headings frozen, and a note under the table when it holds only the first cases. */
export function queueXlsx(table: XlsxCell[][], o: { now: Date; total: number }): Uint8Array {
  const shown = table.length - 1;
  const note = o.total > shown ? [[], [D.cut(shown, o.total)]] : [];
  return xlsxWorkbook([{ name: D.sheet, rows: [...table, ...note], frozenRows: 1 }], { title: D.sheet, created: o.now });
}

/**
 * The CSV: UTF-8 with a BOM (Excel reads the Thai), CRLF, formula-looking text quoted away. Times as
 * "2024-02-01 09:05" in Bangkok time: the form every spreadsheet program reads back as a date.
 */
export function queueCsv(table: XlsxCell[][], o: { total: number }): string {
  const cell = (v: XlsxCell) => (v instanceof Date ? bangkok(v).format('YYYY-MM-DD HH:mm') : v === null || v === undefined || typeof v === 'object' ? '' : csvField(v));
  const shown = table.length - 1;
  const note = o.total > shown ? ['', csvField(D.cut(shown, o.total))] : [];
  return UTF8_BOM + [...table.map((r) => r.map(cell).join(',')), ...note].join('\r\n') + '\r\n';
}

/** `queue-PHR-2026-12-01-1000.xlsx`: whose queue (a center's code, or `all`) and when, Bangkok time. */
export function queueFileName(scope: string, now: Date, ext: 'xlsx' | 'csv'): string {
  return `queue-${scope.replace(/[^A-Za-z0-9-]/g, '') || 'center'}-${bangkok(now).format('YYYY-MM-DD-HHmm')}.${ext}`;
}
