import { columnName, DATE_FORMAT, DATE_TIME_FORMAT, excelDaySerial, excelSerial, sheetNameProblem, xlsxDay, xlsxWorkbook, xmlText } from '../../src/reports/xlsx';
import { readXlsx, xlsxParts } from '../helpers/xlsx-read';

/** The SpreadsheetML writer, read back by ExcelJS: cell types, Thai text, bold and frozen rows, names. */

const CREATED = new Date('2024-08-29T03:00:00Z');

test('when a sheet has text and numbers, then a spreadsheet reader sees Thai strings and numeric cells with the same values', async () => {
  const bytes = xlsxWorkbook([{ name: 'อำเภอ', rows: [['ตารางที่ 1'], ['อำเภอ', 'จำนวน (กรณี)'], ['เมืองแพร่', 35], ['หนองม่วงไข่', 2], ['รวม', 37]], frozenRows: 2, boldRows: [4] }], { created: CREATED });
  const [sheet] = await readXlsx(bytes);
  expect(sheet!.name).toBe('อำเภอ');
  expect(sheet!.values).toEqual([['ตารางที่ 1'], ['อำเภอ', 'จำนวน (กรณี)'], ['เมืองแพร่', 35], ['หนองม่วงไข่', 2], ['รวม', 37]]);
  expect(sheet!.rows[2]!.map((c) => c.type)).toEqual(['string', 'number']);
  expect(sheet!.rows[4]![1]!.type).toBe('number');
});

test('when rows are frozen or marked bold, then the reader sees them frozen and bold, and the others not bold', async () => {
  const [sheet] = await readXlsx(xlsxWorkbook([{ name: 'a', rows: [['title'], ['h1', 'h2'], ['x', 1], ['total', 1]], frozenRows: 2, boldRows: [3] }], { created: CREATED }));
  expect(sheet!.frozenRows).toBe(2);
  expect(sheet!.rows.map((r) => r.map((c) => c.bold))).toEqual([[true], [true, true], [false, false], [true, true]]);
});

test('when a number has a fraction, then it is stored whole and shown with one decimal; integers stay General', () => {
  const xml = xlsxParts(xlsxWorkbook([{ name: 'a', rows: [[12.345, 7]] }], { created: CREATED }))['xl/worksheets/sheet1.xml']!;
  expect(xml).toContain('<c r="A1" s="2"><v>12.345</v></c>');
  expect(xml).toContain('<c r="B1"><v>7</v></c>');
});

test('when a value is missing, NaN or infinite, then its cell is empty rather than text or zero', async () => {
  const [sheet] = await readXlsx(xlsxWorkbook([{ name: 'a', rows: [['x', undefined, null, Number.NaN, Infinity, '', 3]] }], { created: CREATED }));
  expect(sheet!.rows[0]!.map((c) => c.type)).toEqual(['string', 'null', 'null', 'null', 'null', 'null', 'number']);
});

test('when text looks like a formula or carries XML specials and control characters, then it is read back as the same text', async () => {
  const tricky = ['=HYPERLINK("http://x")', '<b>&amp;</b> "q"', 'a\u0007b\u0000c', '  lead and trail  ', 'line1\nline2'];
  const [sheet] = await readXlsx(xlsxWorkbook([{ name: 'a', rows: [tricky] }], { created: CREATED }));
  expect(sheet!.values[0]).toEqual(['=HYPERLINK("http://x")', '<b>&amp;</b> "q"', 'abc', '  lead and trail  ', 'line1\nline2']);
  expect(sheet!.rows[0]!.every((c) => c.type === 'string')).toBe(true);
});

test('when the same input is written twice, then the bytes are the same', () => {
  const sheets = [{ name: 'สรุป', rows: [['ก', 1]] }];
  expect(Buffer.from(xlsxWorkbook(sheets, { created: CREATED })).equals(Buffer.from(xlsxWorkbook(sheets, { created: CREATED })))).toBe(true);
});

test.each([
  ['', 'is empty'],
  ['ก'.repeat(32), 'is longer than 31 characters'],
  ['a/b', 'contains one of []:*?/\\'],
  ['[x]', 'contains one of []:*?/\\'],
  ['a:b', 'contains one of []:*?/\\'],
  ['a*', 'contains one of []:*?/\\'],
  ['a?', 'contains one of []:*?/\\'],
  ['a\\b', 'contains one of []:*?/\\'],
  ["'quoted", 'starts or ends with an apostrophe'],
])('when a sheet is named %j, then the name is refused (%s)', (name, problem) => {
  expect(sheetNameProblem(name)).toBe(problem);
  expect(() => xlsxWorkbook([{ name, rows: [] }])).toThrow(problem);
});

test('when two sheets differ only in case, then the workbook is refused, as Excel would refuse it', () => {
  expect(() => xlsxWorkbook([{ name: 'Data', rows: [] }, { name: 'data', rows: [] }])).toThrow('two sheets');
});

test('when there are several sheets, then the reader gets them all in order with their names', async () => {
  const sheets = await readXlsx(xlsxWorkbook([{ name: 'สรุป', rows: [['a']] }, { name: 'ช่องทาง', rows: [['b', 1]] }, { name: 'ข้อมูลทั้งหมด', rows: [] }], { created: CREATED }));
  expect(sheets.map((s) => s.name)).toEqual(['สรุป', 'ช่องทาง', 'ข้อมูลทั้งหมด']);
  expect(sheets[1]!.values).toEqual([['b', 1]]);
});

test('columnName follows A…Z, AA…AZ, BA…', () => {
  expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
});

test('xmlText escapes the XML specials and drops what XML cannot carry, keeping Thai, tabs and newlines', () => {
  expect(xmlText('ก&<>"\t\n\u0001\ud800')).toBe('ก&amp;&lt;&gt;&quot;\t\n');
  expect(xmlText('😀')).toBe('😀');
});

describe('dates', () => {
  // ExcelJS gives a date cell as a Date whose UTC reading is the cell's wall clock (Excel has no zones).
  const HOURS_7 = 7 * 3_600_000;
  const asBangkokMoment = (v: unknown) => new Date((v as Date).getTime() - HOURS_7);

  test('when a cell is a moment, then the reader gets a date cell at that moment in Bangkok time, with the date-time format', async () => {
    const at = new Date('2024-02-01T02:05:30.250Z'); // 09:05:30.250 in Bangkok
    const [sheet] = await readXlsx(xlsxWorkbook([{ name: 'a', rows: [['เปิดเมื่อ', at]] }], { created: CREATED }));
    const cell = sheet!.rows[0]![1]!;
    expect(cell.type).toBe('date');
    expect(cell.value).toEqual(new Date('2024-02-01T09:05:30.250Z'));
    expect(asBangkokMoment(cell.value)).toEqual(at);
    expect(cell.numFmt).toBe(DATE_TIME_FORMAT);
  });

  test('when a cell is a calendar day, then the reader gets a date cell at that day\'s midnight, with the date format', async () => {
    const [sheet] = await readXlsx(xlsxWorkbook([{ name: 'a', rows: [[xlsxDay('2024-02-29'), xlsxDay('2024-08-28')]] }], { created: CREATED }));
    expect(sheet!.rows[0]!.map((c) => [c.type, c.value, c.numFmt])).toEqual([
      ['date', new Date('2024-02-29T00:00:00Z'), DATE_FORMAT],
      ['date', new Date('2024-08-28T00:00:00Z'), DATE_FORMAT],
    ]);
  });

  test('the serials are Excel\'s: days since 1899-12-30, a moment counted on Bangkok\'s clock', () => {
    expect(excelDaySerial('1970-01-01')).toBe(25569);
    expect(excelDaySerial('2024-02-01')).toBe(45323);
    // 17:00 UTC on 29 February is already 1 March in Bangkok: the day part is 1 March, not 29 February.
    expect(excelSerial(new Date('2024-02-29T17:00:00Z'))).toBe(excelDaySerial('2024-03-01'));
    expect(excelSerial(new Date('2024-02-01T05:00:00Z'))).toBe(45323.5);
    const xml = xlsxParts(xlsxWorkbook([{ name: 'a', rows: [[new Date('2024-02-01T05:00:00Z'), xlsxDay('2024-02-01')]] }], { created: CREATED }))['xl/worksheets/sheet1.xml']!;
    expect(xml).toContain('<c r="A1" s="4"><v>45323.5</v></c><c r="B1" s="6"><v>45323</v></c>');
  });

  test('the date formats are in the styles as day/month/Buddhist-era year, and a bold row keeps them', async () => {
    const bytes = xlsxWorkbook([{ name: 'a', rows: [[new Date('2024-02-01T05:00:00Z'), xlsxDay('2024-02-01')]], boldRows: [0] }], { created: CREATED });
    const styles = xlsxParts(bytes)['xl/styles.xml']!;
    expect(styles).toContain('<numFmt numFmtId="165" formatCode="[$-107041E]d/m/yyyy hh:mm"/>');
    expect(styles).toContain('<numFmt numFmtId="166" formatCode="[$-107041E]d/m/yyyy"/>');
    const [sheet] = await readXlsx(bytes);
    expect(sheet!.rows[0]!.map((c) => [c.type, c.bold, c.numFmt])).toEqual([
      ['date', true, DATE_TIME_FORMAT],
      ['date', true, DATE_FORMAT],
    ]);
  });

  test('when a moment is not a time or a day is not a real YYYY-MM-DD, then the first is an empty cell and the second refused', async () => {
    const [sheet] = await readXlsx(xlsxWorkbook([{ name: 'a', rows: [['x', new Date(Number.NaN), 1]] }], { created: CREATED }));
    expect(sheet!.rows[0]!.map((c) => c.type)).toEqual(['string', 'null', 'number']);
    for (const bad of ['2024-02-30', '2024-2-1', '1 ก.พ. 2567']) expect(() => xlsxWorkbook([{ name: 'a', rows: [[xlsxDay(bad)]] }])).toThrow('is not a YYYY-MM-DD day');
  });
});
