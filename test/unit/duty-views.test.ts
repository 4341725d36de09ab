import type { Message } from '../../src/bot/context';
import type { CaseRecord, TimelineEntry } from '../../src/cases/types';
import { CASE_STATUSES } from '../../src/cases/vocab';
import { checkMessages } from '../../src/line/limits';
import {
  actedMessages,
  apiNoticeMessages,
  askMessages,
  caseCard,
  caseSummary,
  detailsMessage,
  escalationMessages,
  helpMessage,
  queueMessages,
  notSafeMessages,
  refusalMessages,
  reopenedMessages,
  reporterInfoMessages,
  reroutedAwayMessages,
  reroutedInMessages,
  rerouteSuggestionMessages,
  staleMessages,
  transferChoicesMessages,
  type EntryWithExtras,
} from '../../src/duty/views';
import { parsePostback } from '../../src/duty/commands';

const PHONE = '0812345678';
const DETAILS = 'พ่อเลี้ยงทำร้ายร่างกายเด็กหญิงอายุ 9 ขวบ ที่บ้านเลขที่ 12';

const fixture = (over: Partial<CaseRecord> = {}): CaseRecord => ({
  caseNumber: 'PHR-2569-0007',
  centerCode: 'PHR',
  channel: 'ess_help_me',
  sourceId: 'intake:1',
  reporterUserId: 'Ureporter000000000000000000000001',
  problemTypes: ['violence', 'family'],
  urgent: true,
  sos: false,
  targetGroup: 'child',
  sex: 'female',
  location: { lat: 18.0783, lng: 99.8297, district: 'ลอง', districtCode: '5403', province: 'แพร่', address: 'บ้านเลขที่ 12 ต.ห้วยอ้อ' },
  details: DETAILS,
  attachments: [{ messageId: '5551', type: 'image' }],
  phone: PHONE,
  contactViaLine: true,
  status: 'new',
  reopenCount: 0,
  escalationRound: 0,
  timeline: [],
  pendingNotify: [],
  version: 0,
  createdAt: new Date('2026-11-22T14:05:00+07:00'),
  updatedAt: new Date('2026-11-22T14:05:00+07:00'),
  ...over,
});

const json = (m: Message[] | Message) => JSON.stringify(m);
const valid = (m: Message[]) => expect(checkMessages(m)).toEqual([]);

describe('the case card', () => {
  test('when a new case is announced, then the card fits LINE limits and has no empty slot', () => {
    const card = caseCard(fixture(), { detail: 'minimal', announce: true });
    valid([card]);
    expect(json(card)).not.toContain('${');
  });

  test('when the card is minimal, then neither the phone nor the details are in it', () => {
    const s = json(caseCard(fixture(), { detail: 'minimal', announce: true }));
    expect([s.includes(PHONE), s.includes(DETAILS)]).toEqual([false, false]);
  });

  test('when the card is full, then the phone and the details are in it', () => {
    const s = json(caseCard(fixture(), { detail: 'full', announce: true }));
    expect([s.includes(PHONE), s.includes(DETAILS)]).toEqual([true, true]);
  });

  test('when any card is rendered, then the reporter LINE id is never in it', () => {
    expect(json(caseCard(fixture(), { detail: 'full' }))).not.toContain('Ureporter');
  });

  test('when a case is new, then the card offers รับเรื่อง and รายละเอียด', () => {
    const s = json(caseCard(fixture(), { detail: 'minimal', announce: true }));
    expect([s.includes('d:ack:PHR-2569-0007'), s.includes('d:detail:PHR-2569-0007')]).toEqual([true, true]);
  });

  test('when the case has a pin, then the card links the map at its coordinates', () => {
    expect(json(caseCard(fixture(), { detail: 'minimal' }))).toContain('query=18.078300,99.829700');
  });

  test('when the card is announced, then the time is shown in Thai with the Buddhist-era year', () => {
    expect(json(caseCard(fixture(), { detail: 'minimal', announce: true }))).toContain('22 พ.ย. 2569 14:05 น.');
  });

  test.each(CASE_STATUSES.map((s) => [s]))('when the case is %s, then its card fits LINE limits', (status) => {
    valid([caseCard(fixture({ status, owner: { id: 'U1', name: 'สมหญิง' }, referredTo: 'สถานีตำรวจ' }), { detail: 'full' })]);
  });

  test('when an SOS case has only a pin, then the card still renders within limits', () => {
    valid([
      caseCard(fixture({ sos: true, problemTypes: [], targetGroup: undefined, sex: undefined, details: undefined, phone: undefined }), {
        detail: 'full',
        announce: true,
      }),
    ]);
  });

  test('when the details are very long, then the full card still fits LINE limits', () => {
    valid([caseCard(fixture({ details: 'ก'.repeat(6000) }), { detail: 'full' })]);
  });
});

test('when details are sent privately, then they carry the phone, the details and the attachment reference', () => {
  const s = json(detailsMessage(fixture()));
  expect([s.includes(PHONE), s.includes(DETAILS), s.includes('/api/cases/PHR-2569-0007/attachments/5551')]).toEqual([true, true, true]);
});

test('when details are rendered, then they fit LINE limits', () => {
  valid([detailsMessage(fixture())]);
});

test('when every duty template is rendered, then no slot is left unfilled', () => {
  const all = [caseCard(fixture(), { detail: 'full' }), detailsMessage(fixture()), ...queueMessages([fixture()], 1)];
  expect(json(all)).not.toContain('${');
});

test('when a case has no phone and no pin, then the details render without a footer', () => {
  valid([detailsMessage(fixture({ phone: undefined, location: undefined }))]);
});

describe('the queue', () => {
  const many = Array.from({ length: 40 }, (_, i) => fixture({ caseNumber: `PHR-2569-${String(i + 1).padStart(4, '0')}` }));

  test('when forty cases are open, then the queue is one message within LINE limits', () => {
    const m = queueMessages(many, 40);
    expect(m).toHaveLength(1);
    valid(m);
  });

  test('when more cases are open than shown, then the queue says how many more', () => {
    expect(json(queueMessages(many.slice(0, 15), 40))).toContain('และอีก 25 เรื่อง');
  });

  test('when nothing is open, then the queue says so in text', () => {
    expect(queueMessages([], 0)).toEqual([{ type: 'text', text: expect.stringContaining('ไม่มีเรื่องค้าง') }]);
  });
});

describe('answers in the group', () => {
  test('when a case is acknowledged, then the group reads who took it', () => {
    const c = fixture({ status: 'acknowledged', owner: { id: 'U1', name: 'สมชาย' } });
    const entry: TimelineEntry = { id: 'e', at: new Date(), kind: 'acknowledged', actor: { kind: 'officer' }, public: true };
    const m = actedMessages(c, entry, 'สมชาย');
    valid(m);
    expect(m[0]).toMatchObject({ text: 'สมชาย รับเรื่อง PHR-2569-0007 แล้ว' });
  });

  test.each([['agency'], ['outcome'], ['note'], ['types']] as const)('when the %s is asked, then the question fits LINE limits', (q) => {
    valid(askMessages(q, fixture({ status: 'acknowledged', problemTypes: [] }), 'ช่วยเหลือแล้ว'));
  });

  test('when help is shown, then it fits LINE limits', () => {
    valid([helpMessage('PHR-2569-0001')]);
  });

  test('when a case escalates, then everyone is mentioned and the card follows', () => {
    const m = escalationMessages(fixture(), 2, 20, 'minimal');
    valid(m);
    expect(m[0]).toMatchObject({ type: 'textV2', substitution: { all: { type: 'mention', mentionee: { type: 'all' } } } });
  });

  test('when a case is reopened, then the reporter words are quoted with the card', () => {
    const m = reopenedMessages(fixture(), 'ยังไม่มีใครมาเลย', 'minimal');
    valid(m);
    expect(json(m)).toContain('ยังไม่มีใครมาเลย');
  });

  test('when the reporter sends a photo, then the group gets its type and a reference, not the content', () => {
    const entry: TimelineEntry = {
      id: 'e',
      at: new Date(),
      kind: 'reporter_info',
      actor: { kind: 'reporter' },
      public: true,
      attachments: [{ messageId: '777', type: 'image' }],
    };
    const m = reporterInfoMessages(fixture(), entry);
    valid(m);
    expect(json(m)).toContain('รูปภาพ: GET /api/cases/PHR-2569-0007/attachments/777');
  });

  test('when the admin API closes a case, then the notice names the outcome', () => {
    const c = fixture({ status: 'closed', outcome: 'resolved' });
    const entry: TimelineEntry = { id: 'e', at: new Date(), kind: 'closed', actor: { kind: 'api', id: 'admin' }, public: true, outcome: 'resolved' };
    const m = apiNoticeMessages(c, entry);
    valid(m);
    expect(json(m)).toContain('ช่วยเหลือแล้ว');
  });
});

describe('least data by default (issue 10)', () => {
  const MAP = 'google.com/maps';
  test('when a non-urgent case is shown in a minimal card, then there is no map link and no place', () => {
    const s = json(caseCard(fixture({ urgent: false, problemTypes: ['income'] }), { detail: 'minimal', announce: true }));
    expect([s.includes(MAP), s.includes('บ้านเลขที่ 12'), s.includes('ลอง')]).toEqual([false, false, true]);
  });

  test('when an urgent case is shown in a minimal card, then the map link is there to act on at once', () => {
    expect(json(caseCard(fixture({ urgent: true }), { detail: 'minimal', announce: true }))).toContain(MAP);
  });

  test('when a non-urgent case is shown in a full card, then the map link is there', () => {
    expect(json(caseCard(fixture({ urgent: false, problemTypes: ['income'] }), { detail: 'full' }))).toContain(MAP);
  });

  test('when an SOS case has no location, then the card says plainly "ไม่มีตำแหน่ง" and claims no pin', () => {
    const c = fixture({ sos: true, problemTypes: [], targetGroup: undefined, sex: undefined, location: undefined, details: undefined });
    const s = json(caseCard(c, { detail: 'minimal', announce: true }));
    expect([s.includes('ไม่มีตำแหน่ง'), s.includes('ปักหมุด'), s.includes(MAP)]).toEqual([true, false, false]);
  });

  test('when an SOS case has a typed place and no pin, then the card shows the place and says it was not pinned', () => {
    const c = fixture({ sos: true, problemTypes: [], targetGroup: undefined, location: { address: 'หน้าตลาดสดเทศบาลลอง' } });
    const s = json(caseCard(c, { detail: 'minimal', announce: true }));
    expect([s.includes('หน้าตลาดสดเทศบาลลอง'), s.includes('ไม่ได้ปักหมุด'), s.includes(MAP), s.includes('ไม่มีตำแหน่ง')]).toEqual([true, true, false, false]);
  });

  const info = (over: Partial<EntryWithExtras> = {}): EntryWithExtras => ({
    id: 'e',
    at: new Date(),
    kind: 'reporter_info',
    actor: { kind: 'reporter' },
    public: true,
    text: 'เขากลับมาที่บ้านแล้ว',
    ...over,
  });

  test('when the reporter adds words to a non-urgent case in minimal mode, then the group gets one line without them', () => {
    const m = reporterInfoMessages(fixture({ urgent: false }), info(), 'minimal');
    expect([m.length, textOf(m[0]).startsWith('📩 ผู้แจ้งส่งข้อมูลเพิ่ม PHR-2569-0007'), json(m).includes('เขากลับมาที่บ้านแล้ว')]).toEqual([1, true, false]);
  });

  test('when the reporter adds words and a pin to an urgent case, then the group gets the words and "ตำแหน่งใหม่" with the map', () => {
    const m = reporterInfoMessages(fixture({ urgent: true }), info({ location: { lat: 18.1, lng: 99.9 } }), 'minimal');
    valid(m);
    expect([textOf(m[0]).includes('เขากลับมาที่บ้านแล้ว'), textOf(m[0]).includes('ตำแหน่งใหม่'), json(m).includes('query=18.100000,99.900000')]).toEqual([
      true,
      true,
      true,
    ]);
  });

  test('when the reporter sends very long words to an urgent case, then the new location still survives the clipping', () => {
    const m = reporterInfoMessages(fixture({ urgent: true }), info({ text: 'ก'.repeat(6000), location: { lat: 18.1, lng: 99.9 } }), 'minimal');
    valid(m);
    expect(textOf(m[0])).toContain('ตำแหน่งใหม่');
  });

  const outside = { lat: 16.43, lng: 102.82, province: 'ขอนแก่น', outOfProvince: true };
  test('when a pin to a non-urgent case in minimal mode lies where no center serves, then the one line still says นอกพื้นที่ with the province, and nothing else of the place', () => {
    const m = reporterInfoMessages(fixture({ urgent: false }), info({ location: outside }), 'minimal');
    valid(m);
    expect([m.length, textOf(m[0]).includes('นอกพื้นที่ ขอนแก่น (ต้องประสานส่งต่อ)'), json(m).includes('16.43'), json(m).includes('เขากลับมาที่บ้านแล้ว')]).toEqual([1, true, false, false]);
  });

  test('when an urgent case gets very long words with a pin where no center serves, then the out-of-area line survives the clipping', () => {
    const m = reporterInfoMessages(fixture({ urgent: true }), info({ text: 'ก'.repeat(6000), location: outside }), 'minimal');
    valid(m);
    expect(textOf(m[0])).toContain('⚠️ ตำแหน่งใหม่อยู่นอกพื้นที่ ขอนแก่น (ต้องประสานส่งต่อ)');
  });

  test('when a pin lies in a served province (not marked), then no out-of-area line', () => {
    const m = reporterInfoMessages(fixture({ urgent: true }), info({ location: { ...outside, outOfProvince: false } }), 'minimal');
    expect(textOf(m[0])).not.toContain('นอกพื้นที่');
  });
});

const textOf = (m: Message | undefined) => (m && (m.type === 'text' || m.type === 'textV2') ? (m as { text: string }).text : '');
const bytes = (m: Message) => Buffer.byteLength(JSON.stringify((m as { contents?: unknown }).contents ?? m));

describe('long typed values (issue 10)', () => {
  const huge = 'ส'.repeat(5000);
  test('when an older record carries a 5,000-character referral, then the card stays small and within LINE limits', () => {
    const card = caseCard(fixture({ status: 'referred', referredTo: huge, owner: { name: huge } }), { detail: 'full' });
    valid([card]);
    expect(bytes(card)).toBeLessThan(30_000);
  });

  test('when the group is told of a 5,000-character referral, then the confirmation stays under 5,000 characters', () => {
    const c = fixture({ status: 'referred', referredTo: huge, owner: { name: 'สมหญิง' } });
    const entry: TimelineEntry = { id: 'e', at: new Date(), kind: 'referred', actor: { kind: 'officer' }, public: true, text: huge };
    const m = actedMessages(c, entry, huge);
    valid(m);
    expect(textOf(m[0]).length).toBeLessThan(5000);
  });
});

describe('buttons follow the status now (issue 9)', () => {
  test('when a case is acknowledged, then the answer carries a status card with the steps an acknowledged case allows', () => {
    const c = fixture({ status: 'acknowledged', owner: { id: 'U1', name: 'สมชาย' } });
    const entry: TimelineEntry = { id: 'e', at: new Date(), kind: 'acknowledged', actor: { kind: 'officer' }, public: true };
    const [, card] = actedMessages(c, entry, 'สมชาย');
    const s = json(card);
    expect([card?.type, s.includes('d:start:PHR-2569-0007'), s.includes('d:close:PHR-2569-0007'), s.includes('d:ack:')]).toEqual(['flex', true, true, false]);
  });

  test('when an old card’s รับเรื่อง is tapped on a case in progress, then the refusal offers what can be done now', () => {
    const c = fixture({ status: 'in_progress', owner: { id: 'U1', name: 'สมชาย' } });
    const [m] = refusalMessages('already_acknowledged', c.caseNumber, { type: 'acknowledge' }, c);
    expect([textOf(m), JSON.stringify(m.quickReply).includes('d:close:PHR-2569-0007')]).toEqual([
      'เรื่อง PHR-2569-0007 มีผู้รับเรื่องแล้ว: สมชาย',
      true,
    ]);
  });

  test('when a merged case is acted on, then the refusal names the case that carries on', () => {
    const c = fixture({ status: 'closed', outcome: 'duplicate', mergedInto: 'PHR-2569-0002' });
    expect(textOf(refusalMessages('closed', c.caseNumber, { type: 'start' }, c)[0])).toBe(
      'เรื่อง PHR-2569-0007 รวมเข้ากับเรื่อง PHR-2569-0002 แล้ว กรุณาดำเนินการที่เรื่อง PHR-2569-0002',
    );
  });

  test('when the queue is shown, then every row and each of its texts opens its case', () => {
    const [m] = queueMessages([fixture()], 1);
    const rows = JSON.stringify(m).split('"d:case:PHR-2569-0007"').length - 1;
    expect(rows).toBe(3);
  });

  test('when the closing note is asked for, then the officer is told it reaches the citizen word for word', () => {
    expect(textOf(askMessages('note', fixture({ status: 'acknowledged' }), 'ช่วยเหลือแล้ว')[0])).toContain('จะส่งถึงผู้แจ้งตามที่พิมพ์ทุกตัวอักษร');
  });

  test('when the outcome is asked for, then "ซ้ำ/รวมกับเรื่องอื่น" is one of the choices', () => {
    expect(JSON.stringify(askMessages('outcome', fixture({ status: 'acknowledged' }))[0].quickReply)).toContain('d:close:PHR-2569-0007:duplicate');
  });

  test('when a copy is merged, then the group reads which case carries on', () => {
    const c = fixture({ status: 'closed', outcome: 'duplicate', mergedInto: 'PHR-2569-0002' });
    const entry: TimelineEntry = { id: 'e', at: new Date(), kind: 'closed', actor: { kind: 'officer' }, public: true, outcome: 'duplicate', mergedInto: 'PHR-2569-0002' };
    expect(textOf(actedMessages(c, entry, 'สมชาย')[0])).toBe(
      'สมชาย รวมเรื่อง PHR-2569-0007 เข้ากับเรื่อง PHR-2569-0002 แล้ว (ปิด PHR-2569-0007 เป็นเรื่องซ้ำ ดำเนินการต่อที่ PHR-2569-0002)',
    );
  });

  test('when a case changes hands between shifts, then the card names the team that had it before', () => {
    expect(json(reopenedMessages(fixture(), undefined, 'minimal', 'night'))).toContain('เวรกลางคืน (Night Team)');
  });

  test.each([[1], [3]])('when a forgotten case is announced (round %i), then everyone is mentioned and it fits LINE limits', (round) => {
    const m = staleMessages(fixture({ status: 'acknowledged', owner: { name: 'สมชาย' } }), round, 1500, 'minimal', 'day');
    valid(m);
    expect(textOf(m[0])).toContain('ไม่มีความเคลื่อนไหว 25 ชั่วโมง');
  });

  test('when the owner’s LINE name has braces, then the forgotten-case notice still fits LINE’s textV2 rules', () => {
    valid(staleMessages(fixture({ status: 'acknowledged', owner: { name: 'ต้น {เวรดึก}' } }), 1, 1500, 'minimal'));
  });

  test('when the reporter says they are not safe, then everyone is mentioned with the card', () => {
    const m = notSafeMessages(fixture(), 'minimal');
    valid(m);
    expect([m[0].type, textOf(m[0]).includes('ไม่ปลอดภัย')]).toEqual(['textV2', true]);
  });
});

describe('the reporter’s later words (issue 10)', () => {
  const later: TimelineEntry[] = [
    { id: 'i1', at: new Date('2026-11-22T15:00:00+07:00'), kind: 'reporter_info', actor: { kind: 'reporter' }, public: true, text: 'เขาออกไปแล้ว' },
    { id: 'i2', at: new Date('2026-11-22T15:10:00+07:00'), kind: 'reporter_info', actor: { kind: 'reporter' }, public: true, location: { lat: 18.2, lng: 100.1 } } as TimelineEntry,
  ];

  test('when a non-urgent case is reopened in minimal mode, then the group is told there are words, not the words', () => {
    const s = json(reopenedMessages(fixture({ urgent: false, problemTypes: ['income'] }), 'ยังไม่มีใครมาเลย', 'minimal'));
    expect([s.includes('ยังไม่มีใครมาเลย'), s.includes('รายละเอียด')]).toEqual([false, true]);
  });

  test('when an officer opens รายละเอียด, then the reporter’s later words and pins are there', () => {
    const m = detailsMessage(fixture({ timeline: later }));
    valid([m]);
    expect([json(m).includes('เขาออกไปแล้ว'), json(m).includes('query=18.200000,100.100000')]).toEqual([true, true]);
  });

  test('when the reporter sent many long messages, then รายละเอียด keeps the latest and stays within LINE limits', () => {
    const many = Array.from({ length: 30 }, (_, i): TimelineEntry => ({ ...later[0], id: `m${i}`, text: `${i}:${'ข'.repeat(3000)}` }));
    const m = detailsMessage(fixture({ details: 'ก'.repeat(5000), timeline: many }));
    valid([m]);
    expect([bytes(m) < 30_000, json(m).includes('29:ข'), json(m).includes('"0:ข')]).toEqual([true, true, false]);
  });
});

test('when every typed value of a case is as long as it can get, then รายละเอียด stays under LINE’s 30 KB bubble limit', () => {
  const huge = 'ส'.repeat(5000);
  const many = Array.from({ length: 60 }, (_, i) => ({ messageId: String(1e15 + i), type: 'image' as const }));
  const later = Array.from({ length: 40 }, (_, i): TimelineEntry => ({ id: `x${i}`, at: new Date(), kind: 'reporter_info', actor: { kind: 'reporter' }, public: true, text: huge }));
  const m = detailsMessage(fixture({ details: huge, location: { lat: 18, lng: 99, address: huge }, attachments: many, timeline: later }));
  valid([m]);
  expect([bytes(m) < 30_000, json(m).includes('อีก 40 ไฟล์')]).toEqual([true, true]);
});

describe('transfer choices (โอนศูนย์)', () => {
  const codes = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `C${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`, name: `ศรส. ที่ ${i + 1}` }));
  const chips = (m: Message[]) => {
    const q = (m[0] as { quickReply?: { items: { action: { label?: string; data?: string } }[] } }).quickReply;
    return (q?.items ?? []).map((i) => i.action);
  };

  test('when 12 centers can take the case, then all are offered at once beside ยกเลิก (13 quick replies)', () => {
    const m = transferChoicesMessages('CMI-2569-0001', codes(12), 1);
    expect(chips(m).map((a) => a.label)).toEqual([...codes(12).map((c) => c.code), 'ยกเลิก']);
    expect(checkMessages(m)).toEqual([]);
  });

  test('when 76 centers can take the case, then they come in pages of 11 with ถัดไป, and the last page has no ถัดไป', () => {
    const all = codes(76);
    const first = chips(transferChoicesMessages('CMI-2569-0001', all, 1));
    expect(first).toHaveLength(13);
    expect(first.slice(0, 11).map((a) => a.data)).toEqual(all.slice(0, 11).map((c) => `d:transfer:CMI-2569-0001:${c.code}`));
    expect(first[11]).toMatchObject({ label: 'ถัดไป', data: 'd:transfer:CMI-2569-0001:p2' });
    const last = transferChoicesMessages('CMI-2569-0001', all, 7);
    expect(chips(last).map((a) => a.label)).toEqual([...all.slice(66).map((c) => c.code), 'ยกเลิก']);
    expect(JSON.stringify(last)).toContain('(หน้า 7/7)');
    // Every center is reachable through the pages exactly once.
    const seen = [1, 2, 3, 4, 5, 6, 7].flatMap((p) => chips(transferChoicesMessages('CMI-2569-0001', all, p)).map((a) => a.label)).filter((l) => l !== 'ถัดไป' && l !== 'ยกเลิก');
    expect(seen).toEqual(all.map((c) => c.code));
    expect(checkMessages(transferChoicesMessages('CMI-2569-0001', all, 1))).toEqual([]);
  });

  test('when the case card is open, then it offers โอนศูนย์; a closed case does not', () => {
    const labels = (c: CaseRecord) => JSON.stringify(caseCard(c, { detail: 'minimal' }));
    expect(labels(fixture({ status: 'acknowledged' }))).toContain('d:transfer:');
    expect(labels(fixture({ status: 'closed', outcome: 'resolved' }))).not.toContain('d:transfer:');
  });
});

describe('district words follow the province', () => {
  /** Officers read a Bangkok case's district as a เขต: the card's row and the one-line summary. */
  const bangkok = fixture({ caseNumber: 'BKK-2569-0001', centerCode: 'BKK', location: { district: 'บางรัก', districtCode: '1004', province: 'กรุงเทพมหานคร' } });
  const phrae = fixture({ location: { district: 'ลอง', districtCode: '5403', province: 'แพร่' } });
  const words = (c: CaseRecord) => JSON.stringify(caseCard(c, { detail: 'minimal', announce: true }));

  test('when a Bangkok case is shown, then its card says เขต and not อำเภอ', () => {
    expect([words(bangkok).includes('"text":"เขต"'), words(bangkok).includes('อำเภอ')]).toEqual([true, false]);
  });

  test('when a Bangkok case is summed up in one line, then it says เขตบางรัก, not อ.บางรัก', () => {
    expect([caseSummary(bangkok).includes('เขตบางรัก'), caseSummary(bangkok).includes('อ.')]).toEqual([true, false]);
  });

  test('when a Phrae case is shown, then its card and summary keep อำเภอ and อ.', () => {
    expect([words(phrae).includes('"text":"อำเภอ"'), caseSummary(phrae).includes('อ.ลอง')]).toEqual([true, true]);
  });
});

describe('re-routing by a later place (duty/reroute.ts)', () => {
  const PHR = { code: 'PHR', name: 'ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดแพร่ (ศรส.จ.แพร่)' };
  const CMI = { code: 'CMI', name: 'ศรส. เชียงใหม่' };

  it('when a case in hand gets a place in another center’s province, then the group reads one line with the command, and the one button is that transfer', () => {
    const [m] = rerouteSuggestionMessages('CMI-2569-0003', 'แพร่', PHR);
    const t = m as { text: string; quickReply?: { items: Array<{ action: { label: string; data: string; displayText: string } }> } };
    expect(t.text).toBe(`📍 ผู้แจ้งเรื่อง CMI-2569-0003 ส่งตำแหน่งใหม่ในพื้นที่ แพร่ ซึ่ง ${PHR.name} (PHR) ดูแล หากควรให้ศูนย์นั้นดูแลต่อ พิมพ์ โอน CMI-2569-0003 PHR`);
    expect(t.text.split('\n')).toHaveLength(1);
    const [button] = t.quickReply!.items;
    expect([button.action.label, button.action.displayText, parsePostback(button.action.data)]).toEqual([
      'โอนให้ PHR',
      'โอน CMI-2569-0003 PHR',
      { kind: 'transfer', caseNumber: 'CMI-2569-0003', center: 'PHR' },
    ]);
    expect(checkMessages([m])).toEqual([]);
  });

  it('when a case moved by itself, then the new group reads where it came from above the card, and the old group one line; LINE accepts both', () => {
    const moved = reroutedInMessages(fixture({ centerCode: 'PHR' }), 'แพร่', CMI, 'minimal');
    const away = reroutedAwayMessages('PHR-2569-0007', 'แพร่', PHR);
    expect(textOf(moved[0])).toBe('📍 เรื่อง PHR-2569-0007 โอนมาจาก ศรส. เชียงใหม่ (CMI) โดยอัตโนมัติ เพราะผู้แจ้งส่งตำแหน่งในพื้นที่ แพร่ ซึ่งศูนย์นี้ดูแล');
    expect(moved[1].type).toBe('flex');
    expect(textOf(away[0])).toBe(`📍 ผู้แจ้งเรื่อง PHR-2569-0007 ส่งตำแหน่งใหม่ในพื้นที่ แพร่ ระบบจึงโอนเรื่องไปให้ ${PHR.name} (PHR) ดูแลแล้ว (เลขที่เรื่องคงเดิม ระบบแจ้งผู้แจ้งแล้ว)`);
    expect(checkMessages([...moved, ...away])).toEqual([]);
  });
});

