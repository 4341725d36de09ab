import { URGENT_PROBLEM_TYPES } from '../../src/cases/vocab';
import { dayRange } from '../../src/reports/date-range';
import { demoCases, PHRAE_2567, randomCases } from '../../src/reports/demo-data';

const countBy = <T>(xs: T[], key: (x: T) => string | undefined) => {
  const m: Record<string, number> = {};
  for (const x of xs) {
    const k = key(x) ?? '-';
    m[k] = (m[k] ?? 0) + 1;
  }
  return m;
};

describe('demo data (Phrae 2567)', () => {
  const cases = demoCases();

  it('when generated, then there are 117 cases numbered PHR-2567-0001 to PHR-2567-0117 in order of creation', () => {
    expect(cases).toHaveLength(117);
    expect(cases[0]!.caseNumber).toBe('PHR-2567-0001');
    expect(cases[116]!.caseNumber).toBe('PHR-2567-0117');
    const times = cases.map((c) => c.createdAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('when generated twice, then both runs are identical', () => {
    expect(demoCases()).toEqual(cases);
  });

  it('when generated, then every case falls inside 1 Feb – 28 Aug 2567 Bangkok time', () => {
    const r = dayRange(PHRAE_2567.from, PHRAE_2567.to);
    expect(cases.every((c) => c.createdAt >= r.start && c.createdAt < r.end)).toBe(true);
  });

  it('when generated, then source ids are unique demo ids', () => {
    expect(new Set(cases.map((c) => c.sourceId)).size).toBe(117);
    expect(cases.every((c) => /^demo:\d+$/.test(c.sourceId))).toBe(true);
  });

  it('when counted by sex, then they match the published split', () => {
    expect(countBy(cases, (c) => c.sex)).toEqual({ male: 52, female: 65 });
  });

  it('when counted by district, then they match Table 1', () => {
    expect(countBy(cases, (c) => c.location?.district)).toEqual(PHRAE_2567.districts);
  });

  it('when counted by channel, then they match Table 2', () => {
    expect(countBy(cases, (c) => c.channel)).toEqual({ hotline_1300: 110, opm_ops_center: 7 });
  });

  it('when counted by target group, then they match Table 3', () => {
    expect(countBy(cases, (c) => c.targetGroup)).toEqual(PHRAE_2567.targetGroups);
  });

  it('when counted by problem type, then they match the five published problem types with three two-type cases', () => {
    expect(countBy(cases.flatMap((c) => c.problemTypes), (p) => p)).toEqual(PHRAE_2567.problemTypes);
    expect(cases.filter((c) => c.problemTypes.length === 2)).toHaveLength(3);
  });

  it('when a case carries an urgent problem type, then it is marked urgent, and only then', () => {
    expect(cases.every((c) => c.urgent === c.problemTypes.some((p) => URGENT_PROBLEM_TYPES.includes(p)))).toBe(true);
  });

  it('when generated, then most cases are closed as resolved and closed cases have an outcome and a closing date', () => {
    const closed = cases.filter((c) => c.status === 'closed');
    expect(closed.length).toBeGreaterThan(100);
    expect(closed.filter((c) => c.outcome === 'resolved').length).toBeGreaterThan(100);
    expect(closed.every((c) => c.outcome && c.closedAt && c.timeline.at(-1)?.kind === 'closed')).toBe(true);
  });

  it('when bench cases are generated, then they have unique case numbers apart from the live sequence', () => {
    const bench = randomCases(500, { from: '2024-01-01', to: '2024-12-31' });
    expect(new Set(bench.map((c) => c.caseNumber)).size).toBe(500);
    expect(bench.every((c) => c.caseNumber.startsWith('PHR-BENCH-'))).toBe(true);
  });
});
