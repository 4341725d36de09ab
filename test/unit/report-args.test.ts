import { parseReportArgs } from '../../src/reports/report-args';

describe('npm run report arguments', () => {
  it('when only the dates are given, then the format is Markdown to stdout', () => {
    expect(parseReportArgs(['--from', '2024-02-01', '--to', '2024-08-28'])).toEqual({
      ok: true,
      value: { from: '2024-02-01', to: '2024-08-28', format: 'md' },
    });
  });

  it('when --out names an .html file and no format, then the format follows the extension', () => {
    const r = parseReportArgs(['--from', '2024-02-01', '--to', '2024-08-28', '--out', 'report.html']);
    expect(r.ok && r.value.format).toBe('html');
  });

  it('when --format is given, then it wins over the extension', () => {
    const r = parseReportArgs(['--from', '2024-02-01', '--to', '2024-08-28', '--format', 'csv', '--out', 'report.txt']);
    expect(r.ok && r.value.format).toBe('csv');
  });

  it('when --xlsx is given alone, then only the workbook is written', () => {
    expect(parseReportArgs(['--from', '2024-02-01', '--to', '2024-08-28', '--xlsx', 'r.xlsx'])).toEqual({
      ok: true,
      value: { from: '2024-02-01', to: '2024-08-28', format: 'md', xlsx: 'r.xlsx', text: false },
    });
  });

  it('when --xlsx comes with --out or --format, then the text report is written too', () => {
    const withOut = parseReportArgs(['--from', '2024-02-01', '--to', '2024-08-28', '--xlsx', 'r.xlsx', '--out', 'r.csv']);
    expect(withOut.ok && [withOut.value.xlsx, withOut.value.out, withOut.value.format, withOut.value.text]).toEqual(['r.xlsx', 'r.csv', 'csv', undefined]);
    const withFormat = parseReportArgs(['--from', '2024-02-01', '--to', '2024-08-28', '--xlsx', 'r.xlsx', '--format', 'json']);
    expect(withFormat.ok && [withFormat.value.out, withFormat.value.format, withFormat.value.text]).toEqual([undefined, 'json', undefined]);
  });

  it('when --out names an .xlsx file and no format, then it is the workbook, not Markdown in an .xlsx', () => {
    const r = parseReportArgs(['--from', '2024-02-01', '--to', '2024-08-28', '--out', 'Report.XLSX']);
    expect(r.ok && [r.value.xlsx, r.value.out, r.value.text]).toEqual(['Report.XLSX', undefined, false]);
  });

  it('when --xlsx has no file, then it is refused', () => {
    expect(parseReportArgs(['--from', '2024-02-01', '--to', '2024-08-28', '--xlsx']).ok).toBe(false);
  });

  it('when --to is missing, then the problem says it is required', () => {
    expect(parseReportArgs(['--from', '2024-02-01'])).toEqual({ ok: false, problems: ['--to: is required'] });
  });

  it('when the format is unknown, then the problem lists the formats', () => {
    expect(parseReportArgs(['--from', '2024-02-01', '--to', '2024-08-28', '--format', 'pdf'])).toEqual({
      ok: false,
      problems: ['--format: must be md, csv, json or html'],
    });
  });

  it('when an unknown option is given, then it is refused', () => {
    expect(parseReportArgs(['--from', '2024-02-01', '--to', '2024-08-28', '--year', '2567']).ok).toBe(false);
  });

  test.each([
    ['CMI', 'CMI'],
    ['cmi', 'CMI'],
    ['all', 'all'],
    ['ALL', 'all'],
  ])('when --center %s is given, then the report is for %s', (typed, center) => {
    expect(parseReportArgs(['--from', '2024-02-01', '--to', '2024-08-28', '--center', typed])).toEqual({
      ok: true,
      value: { from: '2024-02-01', to: '2024-08-28', format: 'md', center },
    });
  });

  test.each([['C'], ['CHIANGMAI'], ['เชียงใหม่'], ['']])('when --center is "%s", then it is refused as not a center code', (typed) => {
    const r = parseReportArgs(['--from', '2024-02-01', '--to', '2024-08-28', '--center', typed]);
    expect(r.ok ? [] : r.problems).toEqual([expect.stringMatching(/^--center: /)]);
  });
});
