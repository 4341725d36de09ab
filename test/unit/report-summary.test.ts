import { provinceData } from '../../src/cases/geo';
import { dayRange } from '../../src/reports/date-range';
import { csvField, formatCsv, UTF8_BOM } from '../../src/reports/format-csv';
import { formatHtml } from '../../src/reports/format-html';
import { formatMarkdown } from '../../src/reports/format-md';
import { shapeSummary, type SummaryContext } from '../../src/reports/summary';
import type { SummaryFacets } from '../../src/reports/summary-pipeline';

const ctx: SummaryContext = {
  range: dayRange('2024-02-01', '2024-08-28'),
  centerName: 'ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดแพร่ (ศรส.จ.แพร่)',
  province: provinceData('แพร่'),
  now: new Date('2024-09-01T03:00:00Z'),
};

const facets = (over: Partial<SummaryFacets> = {}): SummaryFacets => ({
  urgent: [
    { _id: true, n: 2 },
    { _id: false, n: 8 },
  ],
  sex: [
    { _id: 'male', n: 4 },
    { _id: 'female', n: 6 },
  ],
  district: [
    { _id: '5401', n: 7 },
    { _id: '5403', n: 3 },
  ],
  channel: [
    { _id: 'hotline_1300', n: 9 },
    { _id: 'ess_help_me', n: 1 },
  ],
  targetGroup: [
    { _id: 'adult', n: 6 },
    { _id: 'elderly', n: 4 },
  ],
  problemType: [
    { _id: 'rights', n: 4 },
    { _id: 'income', n: 6 },
    { _id: 'health', n: 1 },
  ],
  status: [{ _id: 'closed', n: 10 }],
  ...over,
});

describe('report summary shaping', () => {
  it('when summarised, then the total is the sum of the sex rows and urgent counts the urgent cases', () => {
    const s = shapeSummary(facets(), ctx);
    expect([s.total, s.urgent]).toEqual([10, 2]);
  });

  it('when every case is in a province district, then all 8 districts are listed in official order and no extra row', () => {
    const s = shapeSummary(facets(), ctx);
    expect(s.districts.rows.map((r) => r.label)).toEqual(['เมืองแพร่', 'ร้องกวาง', 'ลอง', 'สูงเม่น', 'เด่นชัย', 'สอง', 'วังชิ้น', 'หนองม่วงไข่']);
    expect(s.districts.rows.map((r) => r.count)).toEqual([7, 0, 3, 0, 0, 0, 0, 0]);
    expect(s.districts.total).toBe(10);
  });

  it('when cases are outside the province or have no district, then they are counted in one นอกเขต/ไม่ระบุ row', () => {
    const s = shapeSummary(
      facets({
        district: [
          { _id: '5401', n: 6 },
          { _id: '5501', n: 2 },
          { _id: null, n: 2 },
        ],
      }),
      ctx,
    );
    expect(s.districts.rows.at(-1)).toEqual({ key: 'outside_or_unknown', label: 'นอกเขต/ไม่ระบุ', count: 4 });
    expect(s.districts.total).toBe(10);
  });

  it('when no case lacks a sex, then only ชาย and หญิง are listed', () => {
    expect(shapeSummary(facets(), ctx).sex.map((r) => r.label)).toEqual(['ชาย', 'หญิง']);
  });

  it('when some cases have no sex recorded, then a ไม่ระบุ row counts them', () => {
    const s = shapeSummary(
      facets({
        sex: [
          { _id: 'male', n: 4 },
          { _id: 'female', n: 4 },
          { _id: null, n: 1 },
          { _id: 'unspecified', n: 1 },
        ],
      }),
      ctx,
    );
    expect(s.sex.at(-1)).toEqual({ key: 'unspecified', label: 'ไม่ระบุ', count: 2 });
  });

  it('when channels are tallied, then every channel is listed in Table 2 order with zeros and a total', () => {
    const s = shapeSummary(facets(), ctx);
    expect(s.channels.rows.map((r) => [r.key, r.count])).toEqual([
      ['hotline_1300', 9],
      ['opm_ops_center', 0],
      ['walk_in', 0],
      ['line_other', 0],
      ['ess_help_me', 1],
      ['referral', 0],
    ]);
    expect(s.channels.total).toBe(10);
  });

  it('when problem types are tallied, then they are ranked by count and types with no case are left out', () => {
    const s = shapeSummary(facets(), ctx);
    expect(s.problemTypes.rows.map((r) => [r.key, r.count])).toEqual([
      ['income', 6],
      ['rights', 4],
      ['health', 1],
    ]);
    expect(s.problemTypes.mentions).toBe(11);
  });

  it('when some cases carry no problem type, then they are counted apart and not ranked', () => {
    const s = shapeSummary(facets({ problemType: [{ _id: 'income', n: 8 }, { _id: null, n: 2 }] }), ctx);
    expect(s.problemTypes.rows.map((r) => r.key)).toEqual(['income']);
    expect(s.problemTypes.casesWithoutType).toBe(2);
  });

  it('when the aggregation finds no case, then every table lists zeros and totals are 0', () => {
    const empty = { urgent: [], sex: [], district: [], channel: [], targetGroup: [], problemType: [], status: [] };
    const s = shapeSummary(empty, ctx);
    expect(s.total).toBe(0);
    expect(s.districts.rows).toHaveLength(8);
    expect(s.districts.rows.every((r) => r.count === 0)).toBe(true);
    expect(s.problemTypes.rows).toEqual([]);
  });
});

describe('report formats', () => {
  const s = shapeSummary(facets(), ctx);

  it('when written as Markdown, then it opens with the center, the Thai date range and the sex split', () => {
    const lines = formatMarkdown(s).split('\n');
    expect(lines[0]).toBe('# รายงานผลการดำเนินงานของศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดแพร่ (ศรส.จ.แพร่)');
    expect(lines).toContain('ข้อมูลตั้งแต่วันที่ 1 กุมภาพันธ์ – 28 สิงหาคม 2567');
    expect(lines).toContain('มีจำนวนทั้งสิ้น 10 กรณี แบ่งออกเป็น เพศชาย จำนวน 4 กรณี และเพศหญิง จำนวน 6 กรณี');
  });

  it('when written as Markdown, then the district table numbers districts and the outside row is unnumbered', () => {
    const md = formatMarkdown(
      shapeSummary(facets({ district: [{ _id: '5403', n: 9 }, { _id: null, n: 1 }] }), ctx),
    );
    expect(md).toContain('| 3 | ลอง | 9 |');
    expect(md).toContain('|  | นอกเขต/ไม่ระบุ | 1 |');
    expect(md).toContain('|  | รวม | 10 |');
  });

  it('when a case counts under two problem types, then the Markdown notes mentions against cases', () => {
    expect(formatMarkdown(s)).toContain('จึงนับ 11 ครั้ง จาก 10 กรณี');
  });

  it('when written as CSV, then it starts with a BOM and a Thai header and uses CRLF', () => {
    const csv = formatCsv(s);
    expect(csv.startsWith(`${UTF8_BOM}หมวด,รหัส,รายการ,จำนวน (กรณี)\r\n`)).toBe(true);
    expect(csv).toContain('\r\nช่องทาง,hotline_1300,สายด่วนศูนย์ช่วยเหลือสังคม 1300,9\r\n');
  });

  it('when a CSV field holds a comma, a quote or a formula prefix, then it is quoted or defused', () => {
    expect(csvField('สิทธิ, สวัสดิการ')).toBe('"สิทธิ, สวัสดิการ"');
    expect(csvField('a "b"')).toBe('"a ""b"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('when written as HTML, then it has one inline SVG chart per table and no external asset or script', () => {
    const html = formatHtml(s);
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:/);
  });

  it('when a label holds markup, then the HTML escapes it', () => {
    const html = formatHtml({ ...s, center: { ...s.center, name: '<b>ศูนย์</b>' } });
    expect(html).toContain('&lt;b&gt;ศูนย์&lt;/b&gt;');
    expect(html).not.toContain('<b>ศูนย์');
  });
});
