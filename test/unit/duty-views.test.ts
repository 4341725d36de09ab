import type { Message } from '../../src/bot/context';
import type { CaseRecord, TimelineEntry } from '../../src/cases/types';
import { CASE_STATUSES } from '../../src/cases/vocab';
import { checkMessages } from '../../src/line/limits';
import {
  actedMessages,
  apiNoticeMessages,
  askMessages,
  caseCard,
  detailsMessage,
  escalationMessages,
  helpMessage,
  queueMessages,
  reopenedMessages,
  reporterInfoMessages,
} from '../../src/duty/views';

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
