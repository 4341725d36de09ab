import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import type request from 'supertest';

/**
 * Reads a produced .xlsx back with an independent reader (ExcelJS, a dev dependency only), so the
 * tests check what a spreadsheet program sees, not what our writer meant to write.
 */

export interface ReadCell {
  value: unknown;
  /** 'date': a number cell whose format is a date format (ExcelJS then gives a Date, the wall clock as UTC). */
  type: 'number' | 'string' | 'date' | 'null' | 'other';
  bold: boolean;
  /** The cell's number format code ('' for General). */
  numFmt: string;
}

export interface ReadSheet {
  name: string;
  /** 1-based rows as read; trailing empty cells dropped. */
  rows: ReadCell[][];
  frozenRows: number;
  /** The rows' values only, for compact assertions. */
  values: unknown[][];
}

const typeOf = (c: ExcelJS.Cell): ReadCell['type'] =>
  c.type === ExcelJS.ValueType.Number
    ? 'number'
    : c.type === ExcelJS.ValueType.Date
      ? 'date'
      : c.type === ExcelJS.ValueType.String || c.type === ExcelJS.ValueType.SharedString
        ? 'string'
        : c.type === ExcelJS.ValueType.Null
          ? 'null'
          : 'other';

export async function readXlsx(bytes: Uint8Array): Promise<ReadSheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb.worksheets.map((ws) => {
    const rows: ReadCell[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: ReadCell[] = [];
      for (let c = 1; c <= row.cellCount; c++) {
        const cell = row.getCell(c);
        cells.push({ value: cell.value, type: typeOf(cell), bold: cell.font?.bold === true, numFmt: cell.numFmt ?? '' });
      }
      while (cells.length && cells[cells.length - 1]!.type === 'null') cells.pop();
      rows.push(cells);
    }
    const view = ws.views[0] as { state?: string; ySplit?: number } | undefined;
    return { name: ws.name, rows, frozenRows: view?.state === 'frozen' ? (view.ySplit ?? 0) : 0, values: rows.map((r) => r.map((c) => c.value)) };
  });
}

/** The zip's parts as text, for what ExcelJS does not expose (e.g. the raw XML a part holds). */
export function xlsxParts(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));
}

export const sheetNamed = (sheets: ReadSheet[], name: string): ReadSheet => {
  const s = sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet named ${name}; sheets: ${sheets.map((x) => x.name).join(', ')}`);
  return s;
};

/** A supertest request whose body is collected as bytes (supertest parses only text types by default). */
export const asBytes = (req: request.Test): request.Test =>
  req.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
