import { strToU8, zipSync, type Zippable } from 'fflate';
import { bangkok } from '../time/thai-time';

/**
 * A minimal SpreadsheetML (Office Open XML, ECMA-376) workbook writer: sheets of text and number
 * cells, bold rows, frozen header rows and column widths, which is all the report downloads need.
 * The XML is a few fixed parts plus one per sheet; the zip container is fflate's (no dependencies,
 * synchronous, deterministic). A full spreadsheet library would bring ~150 packages for this.
 *
 * - Text goes to the shared-strings table as UTF-8 (Thai survives), never as a formula: a value
 *   that starts with "=" stays text, so there is no formula injection to guard against as in CSV.
 * - Numbers are numeric cells; integers show as General, fractions with one decimal ("0.0") while
 *   the cell keeps the full value. NaN and infinities become empty cells (Excel cannot store them).
 * - Dates are real dates, not text: Excel serial numbers (days since 1899-12-30) with a date format,
 *   so a column sorts, filters and subtracts as dates. A `Date` is a moment, written as Bangkok's
 *   wall-clock time (Excel has no time zones; the workbooks are read at the centers, and Thailand is
 *   UTC+7 all year) with `DATE_TIME_FORMAT`; an `XlsxDay` is a calendar day with `DATE_FORMAT`.
 * - Sheet names are checked (Excel refuses the file otherwise): 1–31 characters, none of []:*?/\,
 *   not starting or ending with an apostrophe, unique regardless of case.
 */

/** A calendar day ("YYYY-MM-DD"), e.g. a report's first day: a date cell without a time. */
export interface XlsxDay {
  day: string;
}

export type XlsxCell = string | number | Date | XlsxDay | null | undefined;

/** A date-only cell. */
export const xlsxDay = (day: string): XlsxDay => ({ day });

/**
 * The date formats: day/month/Buddhist-era year and 24-hour time, as Thai officers write dates and as
 * the report's text says them (1/2/2567 09:05). `[$-107041E]` is Excel's locale-and-calendar code:
 * calendar 07 (Thai Buddhist), locale 041E (Thai), Western digits, so `yyyy` shows 2567 in Excel
 * and in LibreOffice (checked: LibreOffice 7.4 shows 1/2/2567 09:05), while a program that does not
 * know the code still shows the right day with the Gregorian year; exceljs reads a Date. The value is
 * the same serial either way. (The newer `[$-th-TH,107]` and `bbbb` forms are not understood by
 * LibreOffice 7.4: it showed the bare serial and a literal "bbbb".)
 */
export const DATE_TIME_FORMAT = '[$-107041E]d/m/yyyy hh:mm';
export const DATE_FORMAT = '[$-107041E]d/m/yyyy';

const DAY_MS = 86_400_000;
/** 1970-01-01 as an Excel serial (1900 date system, counted from 1899-12-30 past Excel's 1900 leap-year bug). */
const UNIX_EPOCH_SERIAL = 25_569;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Excel serial of a moment, as Bangkok's wall clock reads it. */
export function excelSerial(at: Date): number {
  const wall = at.getTime() + bangkok(at).utcOffset() * 60_000;
  return wall / DAY_MS + UNIX_EPOCH_SERIAL;
}

/** The Excel serial of a calendar day; throws on anything but a real YYYY-MM-DD (a bug in the caller). */
export function excelDaySerial(day: string): number {
  const m = YMD.exec(day);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(t).toISOString().slice(0, 10) !== day) throw new Error(`xlsx: "${day}" is not a YYYY-MM-DD day`);
  return t / DAY_MS + UNIX_EPOCH_SERIAL;
}

export interface XlsxSheet {
  name: string;
  rows: XlsxCell[][];
  /** Rows kept in view while scrolling (a title and the column headings); they are bold too. */
  frozenRows?: number;
  /** Further bold rows (0-based), e.g. a total. */
  boldRows?: readonly number[];
}

export interface XlsxOptions {
  /** Document title (file properties). */
  title?: string;
  /** The workbook's creation time and the zip entries' time, so the same input gives the same bytes. */
  created?: Date;
}

const MAX_SHEET_NAME = 31;
// A limit of the format: 1,048,576 rows, 16,384 columns.
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

/** Why `name` cannot be a sheet name, or undefined when it can. */
export function sheetNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_SHEET_NAME) return `is longer than ${MAX_SHEET_NAME} characters`;
  if (/[[\]:*?/\\]/.test(name)) return 'contains one of []:*?/\\';
  if (name.startsWith("'") || name.endsWith("'")) return 'starts or ends with an apostrophe';
  if (/[\u0000-\u001f]/.test(name)) return 'contains a control character';
  return undefined;
}

/** Characters XML 1.0 cannot carry at all (control characters other than tab, LF, CR; lone surrogates; U+FFFE/F). */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A1-style column letters for a 0-based column index. */
export function columnName(i: number): string {
  let n = i + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Style indexes into cellXfs below. */
const STYLE = { plain: 0, bold: 1, decimal: 2, boldDecimal: 3, dateTime: 4, boldDateTime: 5, date: 6, boldDate: 7 } as const;

const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  `<numFmts count="3"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="${xmlText(DATE_TIME_FORMAT)}"/><numFmt numFmtId="166" formatCode="${xmlText(DATE_FORMAT)}"/></numFmts>` +
  // Tahoma has Thai glyphs on every Windows and macOS; other systems substitute a Thai font.
  '<fonts count="2"><font><sz val="11"/><name val="Tahoma"/><family val="2"/></font><font><b/><sz val="11"/><name val="Tahoma"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="8">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>' +
  '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="166" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Display width of a text in character units: Thai combining vowels and tone marks take no room. */
function textWidth(s: string): number {
  return s.replace(/[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/g, '').length;
}

class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];
  count = 0;
  of(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(s, i);
      this.list.push(s);
    }
    return i;
  }
  xml(): string {
    // xml:space="preserve": leading and trailing spaces are part of the text.
    const items = this.list.map((s) => `<si><t xml:space="preserve">${xmlText(s)}</t></si>`).join('');
    return `${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.list.length}">${items}</sst>`;
  }
}

function sheetXml(sheet: XlsxSheet, strings: SharedStrings, selected: boolean): string {
  if (sheet.rows.length > MAX_ROWS) throw new Error(`xlsx: sheet ${sheet.name} has more than ${MAX_ROWS} rows`);
  const frozen = Math.max(0, Math.min(sheet.frozenRows ?? 0, sheet.rows.length));
  const bold = new Set(sheet.boldRows ?? []);
  const widths: number[] = [];
  const rows = sheet.rows.map((row, r) => {
    if (row.length > MAX_COLS) throw new Error(`xlsx: sheet ${sheet.name} has more than ${MAX_COLS} columns`);
    const isBold = r < frozen || bold.has(r);
    const cells = row.map((v, c) => {
      const ref = `${columnName(c)}${r + 1}`;
      if (v instanceof Date || (typeof v === 'object' && v !== null)) {
        const day = !(v instanceof Date);
        if (!day && Number.isNaN(v.getTime())) return '';
        // As wide as the text it shows: "28/11/2569 14:05" or "28/11/2569".
        widths[c] = Math.max(widths[c] ?? 0, day ? 10 : 16);
        const s = day ? (isBold ? STYLE.boldDate : STYLE.date) : isBold ? STYLE.boldDateTime : STYLE.dateTime;
        return `<c r="${ref}" s="${s}"><v>${day ? excelDaySerial(v.day) : excelSerial(v)}</v></c>`;
      }
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) return '';
        const decimal = !Number.isInteger(v);
        widths[c] = Math.max(widths[c] ?? 0, String(decimal ? v.toFixed(1) : v).length);
        const s = isBold ? (decimal ? STYLE.boldDecimal : STYLE.bold) : decimal ? STYLE.decimal : STYLE.plain;
        return `<c r="${ref}"${s ? ` s="${s}"` : ''}><v>${v}</v></c>`;
      }
      if (typeof v !== 'string' || v === '') return '';
      // A one-cell row (a title, a note) spills over the empty cells beside it: it does not widen its column.
      if (row.length > 1) widths[c] = Math.max(widths[c] ?? 0, textWidth(v));
      return `<c r="${ref}" t="s"${isBold ? ` s="${STYLE.bold}"` : ''}><v>${strings.of(v)}</v></c>`;
    });
    return `<row r="${r + 1}">${cells.join('')}</row>`;
  });
  const cols = widths.length
    ? `<cols>${Array.from(widths, (w, c) => `<col min="${c + 1}" max="${c + 1}" width="${Math.min(60, Math.max(8, (w ?? 0) + 2))}" customWidth="1"/>`).join('')}</cols>`
    : '';
  const topLeft = `A${frozen + 1}`;
  const view = frozen
    ? `<sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0"><pane ySplit="${frozen}" topLeftCell="${topLeft}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="${topLeft}" sqref="${topLeft}"/></sheetView>`
    : `<sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0"/>`;
  return `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheetViews>${view}</sheetViews><sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData>${rows.join('')}</sheetData></worksheet>`;
}

/** The workbook as the bytes of an .xlsx file. Throws on a sheet name Excel would refuse (a bug in the caller). */
export function xlsxWorkbook(sheets: readonly XlsxSheet[], opts: XlsxOptions = {}): Uint8Array {
  if (sheets.length === 0) throw new Error('xlsx: a workbook needs at least one sheet');
  const seen = new Set<string>();
  for (const s of sheets) {
    const problem = sheetNameProblem(s.name);
    if (problem) throw new Error(`xlsx: sheet name "${s.name}" ${problem}`);
    const folded = s.name.toLocaleLowerCase();
    if (seen.has(folded)) throw new Error(`xlsx: two sheets are named "${s.name}"`);
    seen.add(folded);
  }
  const strings = new SharedStrings();
  const sheetParts = sheets.map((s, i) => sheetXml(s, strings, i === 0));
  const created = opts.created ?? new Date();
  // W3CDTF without milliseconds, as Office writes it.
  const when = `${created.toISOString().slice(0, 19)}Z`;
  const n = sheets.length;
  const files: Record<string, string> = {
    '[Content_Types].xml':
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      '</Types>',
    '_rels/.rels':
      `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
      `<Relationship Id="rId1" Type="${REL_TYPE}/officeDocument" Target="xl/workbook.xml"/>` +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
      '</Relationships>',
    'docProps/core.xml':
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
      (opts.title ? `<dc:title>${xmlText(opts.title)}</dc:title>` : '') +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created></cp:coreProperties>`,
    'xl/workbook.xml':
      `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>` +
      sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
      sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_TYPE}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${n + 1}" Type="${REL_TYPE}/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId${n + 2}" Type="${REL_TYPE}/sharedStrings" Target="sharedStrings.xml"/>` +
      '</Relationships>',
    'xl/styles.xml': STYLES_XML,
    'xl/sharedStrings.xml': strings.xml(),
    ...Object.fromEntries(sheetParts.map((xml, i) => [`xl/worksheets/sheet${i + 1}.xml`, xml])),
  };
  // The zip's entry times are local DOS times from 1980 on; the creation time keeps the output reproducible.
  const mtime = created.getTime() < Date.UTC(1980, 1, 1) ? new Date(Date.UTC(1980, 1, 1)) : created;
  const zippable: Zippable = Object.fromEntries(Object.entries(files).map(([path, text]) => [path, [strToU8(text), { mtime }]]));
  return zipSync(zippable, { level: 6 });
}
