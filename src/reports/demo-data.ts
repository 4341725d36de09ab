import type { Actor, CaseRecord, TimelineEntry } from '../cases/types';
import { provinceData, type Province } from '../cases/geo';
import {
  URGENT_PROBLEM_TYPES,
  type CaseStatus,
  type Channel,
  type Outcome,
  type ProblemType,
  type Sex,
  type TargetGroup,
} from '../cases/vocab';
import { DEMO_TH } from '../strings/th/reports';
import { buddhistYear } from '../time/thai-time';
import { dayRange } from './date-range';

/**
 * Demo data distributed exactly as Phrae's published report (1 Feb – 28 Aug 2567), so that
 * `npm run report` over `npm run seed:demo` can be compared with it line by line. Pure and
 * deterministic: a seeded PRNG, no clock. Tests and the bench reuse the generators.
 */

/** The published tables (Tables 1–3, the sex split and the five problem types). */
export const PHRAE_2567 = {
  from: '2024-02-01',
  to: '2024-08-28',
  total: 117,
  sex: { male: 52, female: 65 } satisfies Partial<Record<Sex, number>>,
  districts: {
    เมืองแพร่: 35,
    เด่นชัย: 2,
    สอง: 9,
    สูงเม่น: 11,
    ร้องกวาง: 17,
    ลอง: 29,
    วังชิ้น: 12,
    หนองม่วงไข่: 2,
  } as Record<string, number>,
  channels: { hotline_1300: 110, opm_ops_center: 7 } satisfies Partial<Record<Channel, number>>,
  targetGroups: { child: 11, youth: 3, adult: 35, disabled: 39, elderly: 29 } satisfies Record<TargetGroup, number>,
  /** Counted per type: 120 mentions over 117 cases, because three cases carry two types. */
  problemTypes: { income: 55, rights: 34, health: 17, family: 9, violence: 5 } satisfies Partial<Record<ProblemType, number>>,
} as const;

/** Primary type → second type, for the three cases that carry two problem types. */
const SECOND_TYPES: [ProblemType, ProblemType][] = [
  ['income', 'rights'],
  ['family', 'violence'],
  ['income', 'health'],
];

/** mulberry32: tiny, fast and good enough to spread demo data; the seed makes runs identical. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const expand = <K extends string>(counts: Partial<Record<K, number>>): K[] =>
  (Object.entries(counts) as [K, number][]).flatMap(([k, n]) => Array.from({ length: n }, () => k));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A moment inside [start, end), during Bangkok office-ish hours (07:00–20:00) so the data looks plausible. */
function momentIn(start: Date, end: Date, rand: () => number): Date {
  const days = Math.max(1, Math.floor((end.getTime() - start.getTime()) / DAY));
  const day = Math.floor(rand() * days);
  const minute = 7 * 60 + Math.floor(rand() * 13 * 60);
  return new Date(start.getTime() + day * DAY + minute * MINUTE);
}

interface Attributes {
  sex: Sex;
  districtName: string;
  channel: Channel;
  targetGroup: TargetGroup;
  problemTypes: ProblemType[];
  createdAt: Date;
}

const DEMO_ACTOR: Actor = { kind: 'api', name: 'demo-seed' };
const OFFICER: Actor = { kind: 'officer', name: DEMO_TH.officerName };

/** Builds a full case record whose lifecycle fields agree with its status (timeline, dates, owner). */
function buildCase(
  a: Attributes,
  ids: { caseNumber: string; sourceId: string; centerCode: string },
  province: Province,
  status: CaseStatus,
  outcome: Outcome | undefined,
  rand: () => number,
): CaseRecord {
  const district = province.districts.find((d) => d.name === a.districtName);
  const opened: TimelineEntry = { id: `${ids.sourceId}:opened`, at: a.createdAt, kind: 'opened', actor: DEMO_ACTOR, public: true };
  const timeline: TimelineEntry[] = [opened];
  let at = a.createdAt.getTime();
  const step = (kind: TimelineEntry['kind'], after: number, extra: Partial<TimelineEntry> = {}) => {
    at += after;
    const e: TimelineEntry = { id: `${ids.sourceId}:${kind}`, at: new Date(at), kind, actor: OFFICER, public: true, ...extra };
    timeline.push(e);
    return e.at;
  };
  const record: CaseRecord = {
    caseNumber: ids.caseNumber,
    centerCode: ids.centerCode,
    channel: a.channel,
    sourceId: ids.sourceId,
    problemTypes: a.problemTypes,
    urgent: a.problemTypes.some((p) => URGENT_PROBLEM_TYPES.includes(p)),
    sos: false,
    targetGroup: a.targetGroup,
    sex: a.sex,
    location: district
      ? { district: district.name, districtCode: district.code, province: province.name }
      : { province: province.name },
    details: DEMO_TH.details[a.problemTypes[0] ?? 'other'],
    attachments: [],
    status,
    reopenCount: 0,
    escalationRound: 0,
    timeline,
    pendingNotify: [],
    version: 0,
    createdAt: a.createdAt,
    updatedAt: a.createdAt,
  };
  if (status === 'new') return record;
  record.acknowledgedAt = step('acknowledged', 10 * MINUTE + Math.floor(rand() * 110) * MINUTE);
  record.owner = { name: OFFICER.name };
  if (status !== 'acknowledged') step('in_progress', HOUR + Math.floor(rand() * 23) * HOUR);
  if (status === 'referred' || (status === 'closed' && outcome === 'out_of_scope')) {
    record.referredTo = DEMO_TH.referredTo;
    step('referred', HOUR + Math.floor(rand() * 47) * HOUR, { text: DEMO_TH.referredTo });
  }
  if (status === 'closed') {
    const note =
      outcome === 'unable' ? DEMO_TH.closingNoteUnable : outcome === 'out_of_scope' ? DEMO_TH.closingNoteOutOfScope : DEMO_TH.closingNote;
    record.outcome = outcome ?? 'resolved';
    record.closingNote = note;
    record.closedAt = step('closed', DAY + Math.floor(rand() * 13) * DAY, { outcome: record.outcome, text: note });
  }
  record.version = timeline.length - 1;
  record.updatedAt = timeline[timeline.length - 1]!.at;
  return record;
}

/**
 * The 117 demo cases of Phrae, 1 Feb – 28 Aug 2567: every figure of the published report, case
 * numbers `PHR-2567-0001`… in order of creation, source ids `demo:<n>`. Mostly closed (resolved);
 * the most recent few are still open so the duty views have something to show.
 */
export function demoCases(opts: { centerCode?: string; seed?: number } = {}): CaseRecord[] {
  const centerCode = opts.centerCode ?? 'PHR';
  const province = provinceData('แพร่');
  const rand = prng(opts.seed ?? 2567);
  const n = PHRAE_2567.total;
  const range = dayRange(PHRAE_2567.from, PHRAE_2567.to);

  const sexes = shuffle(expand(PHRAE_2567.sex), rand);
  const districts = shuffle(expand(PHRAE_2567.districts), rand);
  const channels = shuffle(expand<Channel>(PHRAE_2567.channels), rand);
  const groups = shuffle(expand<TargetGroup>(PHRAE_2567.targetGroups), rand);
  // Primary types: the published counts minus the three second types.
  const primaryCounts: Partial<Record<ProblemType, number>> = { ...PHRAE_2567.problemTypes };
  for (const [, second] of SECOND_TYPES) primaryCounts[second] = (primaryCounts[second] ?? 0) - 1;
  const types: ProblemType[][] = shuffle(expand(primaryCounts), rand).map((p) => [p]);
  const taken = new Set<number>();
  for (const [primary, second] of SECOND_TYPES) {
    const i = types.findIndex((t, idx) => !taken.has(idx) && t[0] === primary);
    taken.add(i);
    types[i]!.push(second);
  }
  const dates = Array.from({ length: n }, () => momentIn(range.start, range.end, rand)).sort((a, b) => a.getTime() - b.getTime());

  const year = buddhistYear(range.start);
  return dates.map((createdAt, i) => {
    const seq = i + 1;
    const fromEnd = n - i;
    // The last few cases of the period are still being worked on; everything older is closed.
    const status: CaseStatus = fromEnd <= 2 ? 'in_progress' : fromEnd <= 5 ? 'referred' : 'closed';
    const outcome: Outcome | undefined = status !== 'closed' ? undefined : seq % 29 === 0 ? 'unable' : seq % 23 === 0 ? 'out_of_scope' : 'resolved';
    return buildCase(
      {
        sex: sexes[i]!,
        districtName: districts[i]!,
        channel: channels[i]!,
        targetGroup: groups[i]!,
        problemTypes: types[i]!,
        createdAt,
      },
      { caseNumber: `${centerCode}-${year}-${String(seq).padStart(4, '0')}`, sourceId: `demo:${seq}`, centerCode },
      province,
      status,
      outcome,
      rand,
    );
  });
}

const pick = <T>(xs: readonly T[], rand: () => number): T => xs[Math.floor(rand() * xs.length)]!;

/**
 * `count` cases with attributes drawn like the demo data's, spread over [from, to] — for the bench.
 * Case numbers `<code>-BENCH-<n>` and source ids `bench:<n>` keep them apart from real numbering.
 */
export function randomCases(count: number, opts: { from: string; to: string; seed?: number; centerCode?: string; offset?: number }): CaseRecord[] {
  const rand = prng(opts.seed ?? 1300);
  const province = provinceData('แพร่');
  const range = dayRange(opts.from, opts.to);
  const centerCode = opts.centerCode ?? 'PHR';
  const pools = {
    sex: expand(PHRAE_2567.sex),
    district: expand(PHRAE_2567.districts),
    channel: expand<Channel>(PHRAE_2567.channels),
    group: expand<TargetGroup>(PHRAE_2567.targetGroups),
    type: expand<ProblemType>(PHRAE_2567.problemTypes),
  };
  return Array.from({ length: count }, (_, k) => {
    const seq = (opts.offset ?? 0) + k + 1;
    const first = pick(pools.type, rand);
    const second = rand() < 0.03 ? pick(pools.type, rand) : first;
    const r = rand();
    const status: CaseStatus = r < 0.8 ? 'closed' : r < 0.9 ? 'referred' : r < 0.95 ? 'in_progress' : 'new';
    return buildCase(
      {
        sex: pick(pools.sex, rand),
        districtName: pick(pools.district, rand),
        channel: pick(pools.channel, rand),
        targetGroup: pick(pools.group, rand),
        problemTypes: second === first ? [first] : [first, second],
        createdAt: momentIn(range.start, range.end, rand),
      },
      { caseNumber: `${centerCode}-BENCH-${String(seq).padStart(6, '0')}`, sourceId: `bench:${seq}`, centerCode },
      province,
      status,
      status === 'closed' ? 'resolved' : undefined,
      rand,
    );
  });
}
