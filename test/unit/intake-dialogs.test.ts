import { FLOWS, next, progress } from '../../src/intake/graph';
import { INTAKE_TH as T } from '../../src/strings/th/intake';
import { runDialog, photo, pin, sticker, tap, typed, voice, type Turn } from '../helpers/intake-dialog';
import { PHRAE_PIN, SETTINGS } from '../helpers/intake-talk';
import { thailand } from '../../src/geo';
import { checkMessages } from '../../src/line/limits';
import { choicesFor } from '../../src/intake/steps';
import type { SessionState } from '../../src/intake/types';
import { renderSay } from '../../src/intake/views';

const REPORT_START: Turn[] = [
  [tap('i:start'), {}],
  [tap('problem', 'income'), {}],
];
const CHIANG_MAI_PIN = { lat: 18.7883, lng: 98.9853 };
const BANGKOK_PIN = { lat: 13.7563, lng: 100.5018 };

/**
 * The intake conversation as tables of turns: what the person does, what they get. Each scenario
 * is one table; the runner (test/helpers/intake-dialog.ts) feeds it to the pure `decide`.
 */

const SOS_NO_PIN: Turn[] = [
  [typed('ช่วยด้วย'), { says: ['call', 'ask:sosPin'] }],
  [tap('sosPin', 'nopin'), { says: ['sosOpened', 'call', 'ask:sosPlace(followupIntro)'], opens: 1, state: { step: 'sosPlace' } }],
];

const scenarios: Record<string, Turn[]> = {
  'SOS without a pin, then a typed place: the case keeps the place and the questions go on': [
    ...SOS_NO_PIN,
    [
      typed('บ้านเลขที่ 12 หมู่ 3 ต.ห้วยม้า หน้าวัด'),
      {
        says: ['ask:problem(placeKept)'],
        // Names no province or district: kept as typed, the home province not assumed (the router keeps it home).
        updates: [{ location: { address: 'บ้านเลขที่ 12 หมู่ 3 ต.ห้วยม้า หน้าวัด' } }],
        reads: ['ขั้นตอน 2/6'],
      },
    ],
    [tap('problem', 'violence'), { says: ['ask:target'], updates: [{ problemTypes: ['violence'] }], reads: ['ขั้นตอน 3/6'] }],
  ],
  'SOS without a pin, then a phone number: either is enough, and the phone question is not asked again': [
    ...SOS_NO_PIN,
    [typed('081 234 5678'), { says: ['ask:problem(phoneKept)'], updates: [{ phone: '0812345678' }], reads: ['ขั้นตอน 2/5'] }],
    [tap('problem', 'skip'), { says: ['ask:target'] }],
    [tap('target', 'skip'), { says: ['ask:sex'] }],
    [tap('sex', 'skip'), { says: ['ask:details'] }],
    [tap('details', 'skip'), { says: ['sosDone'], state: { status: 'done' } }],
  ],
  'SOS without a pin, then skip: the reply says plainly that the case has no location': [
    ...SOS_NO_PIN,
    [typed('ข้าม'), { says: ['ask:problem(noPlace)'], updates: [], reads: [T.noPlace, 'ขั้นตอน 2/6'] }],
  ],
  'SOS without a pin, then "ไม่รู้": the same as skip, no made-up place': [
    ...SOS_NO_PIN,
    [typed('ไม่รู้'), { says: ['ask:problem(noPlace)'], updates: [], answers: { location: undefined } }],
  ],
  'SOS without a pin, then a pin at the place question: the pin is the place': [
    ...SOS_NO_PIN,
    [pin(), { says: ['ask:problem(placeKept)'], updates: [{ location: expect.objectContaining({ lat: PHRAE_PIN.lat, district: 'เมืองแพร่' }) }] }],
  ],
  'SOS, then words that are not a place typed at the pin question: kept as details, and the place is asked': [
    [tap('i:sos'), {}],
    [typed('ถูกตีอยู่ ช่วยด้วยค่ะ'), { says: ['sosOpened', 'call', 'ask:sosPlace(followupIntro)'], opens: 1, answers: { details: 'ถูกตีอยู่ ช่วยด้วยค่ะ', location: undefined }, reads: [T.sosPlaceNone] }],
  ],
  'SOS, then an address typed at the pin question: it is the place': [
    [tap('i:sos'), {}],
    [typed('หน้าวัดห้วยอ้อ'), { says: ['sosOpened', 'call', 'ask:problem(followupIntro)'], answers: { location: { address: 'หน้าวัดห้วยอ้อ' } }, reads: [T.sosPlaceTyped] }],
  ],
  'SOS, then a phone number typed at the pin question: the case opens with it and asks nothing more about the place': [
    [tap('i:sos'), {}],
    [typed('0812345678'), { says: ['sosOpened', 'call', 'ask:problem(followupIntro)'], answers: { phone: '0812345678', location: undefined } }],
  ],
  'the SOS reply before any officer acknowledged: reached the duty team, call buttons, no promise': [
    [tap('i:sos'), {}],
    [
      tap('sosPin', 'nopin'),
      {
        reads: ['ส่งถึงเจ้าหน้าที่เวรแล้ว', 'tel:191', 'tel:1300', T.sosPlaceNone],
        never: ['กำลังประสานทีม', 'กำลังไปช่วย', 'จะรีบไปช่วย', 'ตำแหน่งที่ปักหมุด', 'ได้รับตำแหน่ง'],
      },
    ],
  ],
  'the SOS reply for a pin says it has the pin, and the questions are numbered from 1': [
    [pin(), { says: ['sosOpened', 'call', 'ask:problem(followupIntro)'], reads: [T.sosPlacePin, 'ขั้นตอน 1/5'], never: ['กำลังประสานทีม'] }],
  ],
  'during the SOS questions, whatever is not an answer goes into the case and the question comes again': [
    [pin(), { opens: 1 }],
    [typed('ตอนนี้รออยู่หน้าบ้าน ประตูสีฟ้า'), { says: ['ask:problem(attached)'], infos: [{ text: 'ตอนนี้รออยู่หน้าบ้าน ประตูสีฟ้า' }], never: ['ไม่เข้าใจ'] }],
    [photo('m1'), { says: ['ask:problem(attached)'], infos: [{ attachments: [{ messageId: 'm1', type: 'image' }] }] }],
    [voice('m2'), { says: ['ask:problem(attached)'], infos: [{ attachments: [{ messageId: 'm2', type: 'audio' }] }] }],
    [sticker, { says: ['ask:problem(attached)'], infos: [{ text: T.stickerInfo }] }],
    [pin({ lat: 18.07, lng: 99.83 }), { says: ['ask:problem(attached)'], infos: [{ location: expect.objectContaining({ lat: 18.07, lng: 99.83 }) }], opens: 0 }],
    [tap('problem', 'family'), { says: ['ask:target'], updates: [{ problemTypes: ['family'] }] }],
    [typed('เขายังอยู่ในบ้าน'), { says: ['ask:target(attached)'], infos: [{ text: 'เขายังอยู่ในบ้าน' }], never: ['ไม่เข้าใจ'] }],
    [typed('ยาย'), { says: ['ask:sex'], updates: [{ targetGroup: 'elderly' }] }],
    [typed('ผมอยู่ข้างนอก'), { says: ['ask:sex(attached)'], infos: [{ text: 'ผมอยู่ข้างนอก' }] }],
    [typed('ญ'), { says: ['ask:details'], updates: [{ sex: 'female' }] }],
    [tap('details', 'skip'), { says: ['ask:phone'] }],
    [typed('รีบมาด้วย'), { says: ['ask:phone(attached)'], infos: [{ text: 'รีบมาด้วย' }], never: ['เบอร์นี้ดูไม่ถูกต้อง'] }],
    [typed('0812345678'), { says: ['sosDone'], updates: [{ phone: '0812345678' }], state: { status: 'done' } }],
  ],
  'during the SOS questions, typed words that suggest a problem type go into the case and the type is proposed': [
    [pin(), {}],
    [typed('สามีทำร้ายร่างกาย ตอนนี้หนีออกมาแล้ว'), { says: ['ask:problem(proposedProblem)'], infos: [{ text: 'สามีทำร้ายร่างกาย ตอนนี้หนีออกมาแล้ว' }], answers: { proposedProblem: 'violence' } }],
    [tap('problem', 'yes'), { says: ['ask:target'], updates: [{ problemTypes: ['violence'] }] }],
  ],
  'during the SOS questions, an old button of another step asks again without "not understood"': [
    [pin(), {}],
    [tap('sex', 'male'), { says: ['ask:problem(again)'], infos: [], never: ['ไม่เข้าใจ'] }],
  ],
  'back during the SOS questions asks the previous one, then the one left': [
    [pin(), {}],
    [tap('problem', 'skip'), { says: ['ask:target'] }],
    [tap('i:back'), { says: ['ask:problem'] }],
    [tap('problem', 'health'), { says: ['ask:target'] }],
  ],
  'a report started and SOS asked after the pin: the open case has the pin, so no place question': [
    [tap('i:start'), {}],
    [tap('problem', 'income'), {}],
    [pin(), {}],
    [tap('i:sos'), { says: ['sosOpened', 'call', 'ask:target(followupIntro)'], opens: 1 }],
  ],
  'a report: natural answers at every choice step': [
    [tap('i:start'), { says: ['ask:problem'], reads: ['ขั้นตอน 1/6'] }],
    [typed('ไม่มีเงินซื้อข้าว'), { says: ['ask:problem(proposedProblem)'], answers: { proposedProblem: 'income', details: 'ไม่มีเงินซื้อข้าว' }, reads: ['รายได้/ความเป็นอยู่', T.btnYesProblem] }],
    [tap('problem', 'yes'), { says: ['ask:location'], answers: { problemType: 'income', proposedProblem: undefined, details: 'ไม่มีเงินซื้อข้าว' }, reads: ['ขั้นตอน 2/6'] }],
    [typed('บ้านเลขที่ 9 หมู่ 2 อ.ลอง'), { says: ['ask:target(placed)'], reads: ['ขั้นตอน 3/6'] }],
    [typed('คนแก่'), { says: ['ask:sex'], answers: { targetGroup: 'elderly' }, reads: ['ขั้นตอน 4/6'] }],
    [typed('ผู้หญิงค่ะ'), { says: ['ask:details(received)'], answers: { sex: 'female' }, reads: ['ขั้นตอน 5/6'] }],
    [typed('อยู่คนเดียว'), { says: ['ask:phone'], answers: { details: 'ไม่มีเงินซื้อข้าว\nอยู่คนเดียว' }, reads: ['ขั้นตอน 6/6'] }],
    [tap('phone', 'line'), { says: ['summary'] }],
  ],
  'details kept from the problem question: an edit from the summary replaces them': [
    [tap('i:start'), {}],
    [typed('ไม่มีเงินซื้อข้าว'), {}],
    [tap('problem', 'yes'), {}],
    [pin(), {}],
    [tap('target', 'adult'), {}],
    [tap('sex', 'male'), {}],
    [typed('ไม่มีเงินซื้อข้าว'), { says: ['ask:phone'], answers: { details: 'ไม่มีเงินซื้อข้าว' } }],
    [tap('phone', 'skip'), {}],
    [tap('i:edit'), {}],
    [tap('edit', 'details'), {}],
    [typed('ตกงานมาสามเดือน'), { says: ['summary'], answers: { details: 'ตกงานมาสามเดือน' } }],
  ],
  'details kept from the problem question and more words past 1,000 characters: asked to shorten': [
    [tap('i:start'), {}],
    [typed('ไม่มีเงินซื้อข้าว'), {}],
    [tap('problem', 'yes'), {}],
    [pin(), {}],
    [tap('target', 'adult'), {}],
    [tap('sex', 'male'), {}],
    [typed('ก'.repeat(995)), { says: ['ask:details(tooLong)'], answers: { details: 'ไม่มีเงินซื้อข้าว' } }],
  ],
  'a typed problem type is proposed, and another type can still be chosen': [
    [tap('i:start'), {}],
    [typed('ถูกสามีทำร้ายร่างกาย'), { answers: { proposedProblem: 'violence' } }],
    [tap('problem', 'rights'), { says: ['ask:location'], answers: { problemType: 'rights', details: 'ถูกสามีทำร้ายร่างกาย' } }],
  ],
  'words that fit no choice still get the numbered re-prompt in a report': [
    [tap('i:start'), {}],
    [typed('อะไรนะ'), { says: ['ask:problem(notUnderstood)'] }],
  ],
  'cancel on the summary asks once: back to the summary, then discard': [
    [tap('i:start'), {}],
    [tap('problem', 'other'), {}],
    [pin(), {}],
    [tap('target', 'adult'), {}],
    [tap('sex', 'male'), {}],
    [tap('details', 'skip'), {}],
    [tap('phone', 'skip'), { says: ['summary'] }],
    [tap('i:cancel'), { says: ['ask:cancelConfirm'], state: { status: 'active', step: 'cancelConfirm' }, reads: [T.btnConfirmCancel, T.btnKeepEditing] }],
    [typed('กลับไปแก้ไข'), { says: ['summary'], state: { step: 'summary', status: 'active' }, answers: { targetGroup: 'adult' } }],
    [typed('ยกเลิก'), { says: ['ask:cancelConfirm'] }],
    [tap('cancelConfirm', 'discard'), { says: ['cancelled', 'menu'], state: { status: 'cancelled' } }],
  ],
  'cancel on the summary, then "ยกเลิก" again: discarded': [
    [tap('i:start'), {}],
    [tap('problem', 'other'), {}],
    [pin(), {}],
    [tap('target', 'adult'), {}],
    [tap('sex', 'male'), {}],
    [tap('details', 'skip'), {}],
    [tap('phone', 'skip'), {}],
    [tap('i:cancel'), {}],
    [typed('ยกเลิก'), { says: ['cancelled', 'menu'], state: { status: 'cancelled' } }],
  ],
  // ── the intake across the country (issue 12): the pinned province's districts, not the home one's ──
  'a pin in Chiang Mai: Chiang Mai’s districts are offered, paged, and a typed district name is accepted': [
    ...REPORT_START,
    [
      pin(CHIANG_MAI_PIN),
      { says: ['ask:district'], answers: { provinceCode: '50' }, reads: ['จ.เชียงใหม่', 'อ.เมืองเชียงใหม่', T.btnNextPage, '(หน้า 1/4)'], never: ['อ.เมืองแพร่', T.btnPrevPage] },
    ],
    [typed('สันทราย'), { says: ['ask:target'], answers: { location: { ...CHIANG_MAI_PIN, province: 'เชียงใหม่', district: 'สันทราย', districtCode: '5014' }, districtSettled: true } }],
  ],
  'a pin in Chiang Mai with its address: the district is proposed first and confirmed as for Phrae': [
    ...REPORT_START,
    [pin({ ...CHIANG_MAI_PIN, address: 'ถนนช้างคลาน ต.ช้างคลาน อ.เมืองเชียงใหม่ จ.เชียงใหม่ 50100' }), { says: ['ask:target(placed)'], reads: ['อ.เมืองเชียงใหม่ จ.เชียงใหม่'] }],
    [tap('i:back'), { says: ['ask:district'], reads: ['ใช่ อ.เมืองเชียงใหม่'] }],
    [tap('district', 'yes'), { says: ['ask:target'], answers: { location: expect.objectContaining({ districtCode: '5001', province: 'เชียงใหม่' }) } }],
  ],
  'a pin in Bangkok: 50 เขต in pages with next and back, a khet tapped or typed': [
    ...REPORT_START,
    [pin(BANGKOK_PIN), { says: ['ask:district'], reads: ['เขตใดของกรุงเทพมหานคร', 'เขตพระนคร', T.btnNextPage, '(หน้า 1/8)', T.btnUnknownKhet], never: [T.btnPrevPage, 'อำเภอ'] }],
    [tap('district', 'page-1'), { says: ['ask:district'], answers: { page: 1 }, reads: [T.btnPrevPage, T.btnNextPage, '(หน้า 2/8)'], never: ['เขตพระนคร', 'ไม่เข้าใจ'] }],
    [typed('ถัดไป'), { says: ['ask:district'], answers: { page: 2 }, reads: ['(หน้า 3/8)'] }],
    [typed('ก่อนหน้า'), { says: ['ask:district'], answers: { page: 1 }, reads: ['(หน้า 2/8)'] }],
    [tap('district', 'page-7'), { says: ['ask:district'], reads: ['(หน้า 8/8)', T.btnPrevPage], never: [T.btnNextPage] }],
    [typed('เขตบางรัก'), { says: ['ask:target'], answers: { location: { ...BANGKOK_PIN, province: 'กรุงเทพมหานคร', district: 'บางรัก', districtCode: '1004' }, page: undefined } }],
    [tap('target', 'adult'), {}],
    [tap('sex', 'male'), {}],
    [tap('details', 'skip'), {}],
    [tap('phone', 'skip'), { says: ['summary'], reads: ['เขตบางรัก กรุงเทพมหานคร'] }],
  ],
  'no pin ("ไม่สะดวกปักหมุด"): region → province → district, two taps to the province': [
    ...REPORT_START,
    [tap('location', 'nopin'), { says: ['ask:region'], reads: ['ภาคเหนือ', 'ภาคอีสาน', 'ภาคใต้'] }],
    [tap('region', 'Northern'), { says: ['ask:province'], reads: ['จังหวัดใดในภาคเหนือ', 'เชียงใหม่', 'แพร่'], never: [T.btnNextPage] }],
    [tap('province', '50'), { says: ['ask:district'], answers: { provinceCode: '50', location: { province: 'เชียงใหม่' } }, reads: ['จ.เชียงใหม่'] }],
    [tap('district', '5001'), { says: ['ask:target'], answers: { location: { province: 'เชียงใหม่', district: 'เมืองเชียงใหม่', districtCode: '5001' } } }],
  ],
  'no pin, a region with more than ten provinces: its provinces in pages': [
    ...REPORT_START,
    [typed('ไม่สะดวกปักหมุด'), { says: ['ask:region'] }],
    [tap('region', 'Central'), { says: ['ask:province'], reads: ['(หน้า 1/3)', T.btnNextPage, 'กรุงเทพมหานคร'] }],
    [tap('province', 'page-2'), { says: ['ask:province'], reads: ['(หน้า 3/3)', T.btnPrevPage], never: ['กรุงเทพมหานคร'] }],
    [tap('i:back'), { says: ['ask:region'], answers: { page: undefined } }],
  ],
  'a typed address without a province, then a typed province: "กทม", "Chiang Mai", or a name at the province question': [
    ...REPORT_START,
    [typed('หลังตลาดเช้า ซอย 5'), { says: ['ask:region'], answers: { location: { address: 'หลังตลาดเช้า ซอย 5' } } }],
    [typed('กทม'), { says: ['ask:district'], answers: { provinceCode: '10' }, reads: ['เขตใดของกรุงเทพมหานคร'] }],
    [tap('i:back'), { says: ['ask:region'] }],
    [typed('Chiang Mai'), { says: ['ask:district'], answers: { provinceCode: '50', location: { address: 'หลังตลาดเช้า ซอย 5', province: 'เชียงใหม่' } } }],
    [tap('i:back'), { says: ['ask:region'] }],
    [tap('region', 'Southern'), { says: ['ask:province'] }],
    [typed('จังหวัดเชียงใหม่'), { says: ['ask:district'], answers: { provinceCode: '50' } }],
    [typed('แม่ริม'), { says: ['ask:target'], answers: { location: { address: 'หลังตลาดเช้า ซอย 5', province: 'เชียงใหม่', district: 'แม่ริม', districtCode: '5007' } } }],
  ],
  'a typed word that is no province at the region question: asked again with the regions': [
    ...REPORT_START,
    [tap('location', 'nopin'), {}],
    [typed('ไม่แน่ใจ'), { says: ['ask:region(notUnderstood)'], reads: ['ภาคเหนือ'] }],
  ],
};

describe('the country-wide place lists within LINE’s limits', () => {
  const render = (state: SessionState) => renderSay([{ t: 'ask', step: state.step! }], { state, province: SETTINGS.province, centerName: 'ศรส.จ.แพร่', timeoutMinutes: 30 });
  const base = runDialog([...REPORT_START, [tap('location', 'nopin'), {}]]).state;
  test('when every page of every region’s provinces and every province’s districts is drawn, then no reply breaks a limit and every item is reachable', () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const region of thailand().regions)
      for (let page = 0; page < 4; page++) {
        const msgs = render({ ...base, step: 'province', answers: { ...base.answers, region, page } });
        problems.push(...checkMessages(msgs));
        for (const c of choicesFor('province', { ...base, answers: { ...base.answers, region, page } }, SETTINGS.province)) seen.add(c.value);
      }
    for (const p of thailand().provinces)
      for (let page = 0; page < 9; page++) {
        const st: SessionState = { ...base, step: 'district', answers: { ...base.answers, provinceCode: p.code, page } };
        problems.push(...checkMessages(render(st)));
        for (const c of choicesFor('district', st, SETTINGS.province)) seen.add(c.value);
      }
    const everyProvince = thailand().provinces.every((p) => seen.has(p.code));
    const everyDistrict = thailand().provinces.every((p) => p.districts.every((d) => seen.has(d.code)));
    expect({ problems: [...new Set(problems)], everyProvince, everyDistrict }).toEqual({ problems: [], everyProvince: true, everyDistrict: true });
  });
});

describe.each(Object.entries(scenarios))('intake dialog: %s', (_name, turns) => {
  test('when the turns are played, then every reply and effect is as in the table', () => {
    runDialog(turns);
  });
});

describe.each<[string, string[]]>([
  ['ผู้หญิง', ['female']],
  ['หญิง', ['female']],
  ['ญ', ['female']],
  ['ผู้ชาย', ['male']],
  ['ช', ['male']],
  ['๒', ['female']],
  ['2', ['female']],
])('intake dialog: "%s" at the sex question', (word, [sex]) => {
  test('when typed, then it is the answer', () => {
    runDialog([[tap('i:start'), {}], [tap('problem', 'income'), {}], [pin(), {}], [tap('target', 'adult'), {}], [typed(word), { says: ['ask:details'], answers: { sex: sex as 'male' } }]]);
  });
});

describe.each<[string, string]>([
  ['คนแก่', 'elderly'],
  ['ผู้สูงอายุ', 'elderly'],
  ['ยาย', 'elderly'],
  ['ยายอายุ 80 ค่ะ', 'elderly'],
  ['พิการ', 'disabled'],
  ['เด็ก', 'child'],
  ['เด็กผู้ชาย', 'child'],
  ['๕', 'elderly'],
])('intake dialog: "%s" at the target question', (word, target) => {
  test('when typed, then it is the answer', () => {
    runDialog([[tap('i:start'), {}], [tap('problem', 'income'), {}], [pin(), {}], [typed(word), { says: ['ask:sex'], answers: { targetGroup: target as 'adult' } }]]);
  });
});

test('when the SOS case was closed meanwhile and the person sends more, then the follow-ups end saying it is closed', () => {
  runDialog(
    [
      [pin(), {}],
      [typed('ยังอยู่ไหม'), { says: ['sosDone'], infos: [{ text: 'ยังอยู่ไหม' }], reads: [T.caseClosed], never: ['ยังอยู่กับเจ้าหน้าที่'], state: { status: 'done' } }],
    ],
    { caseStatus: (i) => (i === 0 ? undefined : 'closed') },
  );
});

test('when the SOS follow-ups end while the case waits for an officer, then the closing line says so', () => {
  runDialog(
    [
      [pin(), {}],
      [tap('i:cancel'), { says: ['sosDone'], reads: [T.caseWaiting] }],
    ],
    { caseStatus: (i) => (i === 0 ? undefined : 'new') },
  );
});

describe('the step graph', () => {
  test('when the report flow is read, then it asks problem → place → target → sex → details → phone, then the summary', () => {
    expect([FLOWS.report.steps.filter((s) => s.counted).map((s) => s.step), FLOWS.report.end]).toEqual([
      ['problem', 'location', 'target', 'sex', 'details', 'phone'],
      'summary',
    ]);
  });

  test('when the SOS flow is read, then where the person is comes first, and everything is asked only if unanswered', () => {
    expect(FLOWS.sos.steps.map((s) => [s.step, s.askIf])).toEqual([
      ['sosPlace', 'unanswered'],
      ['problem', 'unanswered'],
      ['target', 'unanswered'],
      ['sex', 'unanswered'],
      ['details', 'unanswered'],
      ['phone', 'unanswered'],
    ]);
  });

  const sosState = (answers: object) => ({
    userId: 'U',
    version: 1,
    status: 'active' as const,
    mode: 'sos' as const,
    caseNumber: 'PHR-2569-0001',
    history: [],
    editing: false,
    answers: { attachments: [], skipped: [], ...answers },
    recent: [],
  });

  test('when an SOS case has a typed place but no phone, then the place question is passed and the phone question stays', () => {
    const s = sosState({ location: { address: 'หน้าวัด' } });
    expect([next(s, 'sosPlace', SETTINGS).to, progress({ ...s, step: 'phone', history: ['problem', 'target', 'sex', 'details'] }, 'phone', SETTINGS)]).toEqual(['problem', { n: 5, total: 5 }]);
  });

  test('when editing the place from the summary needs a district, then the district follows before the summary', () => {
    const s = { ...sosState({ location: { lat: 1, lng: 1 }, provinceCode: '54' }), mode: 'report' as const, caseNumber: undefined };
    expect([next(s, 'location', SETTINGS, { editing: true }).to, next({ ...s, answers: { ...s.answers, districtSettled: true } }, 'location', SETTINGS, { editing: true }).to]).toEqual([
      'district',
      'summary',
    ]);
  });

  test('when editing the place from the summary leaves the province unknown, then region and province come before the district', () => {
    const s = { ...sosState({ location: { address: 'หลังตลาด' } }), mode: 'report' as const, caseNumber: undefined };
    const afterRegion = { ...s, answers: { ...s.answers, region: 'Northern' } };
    const afterProvince = { ...s, answers: { ...s.answers, provinceCode: '50' } };
    expect([
      next(s, 'location', SETTINGS, { editing: true }).to,
      next(afterRegion, 'region', SETTINGS, { editing: true }).to,
      next(afterProvince, 'province', SETTINGS, { editing: true }).to,
    ]).toEqual(['region', 'province', 'district']);
  });
});

describe('one open urgent case per person', () => {
  const open = () => 'PHR-2569-0007';

  test('when a pin comes while an urgent case is open, then it goes into that case and no second case opens', () => {
    runDialog(
      [[pin(), { says: ['sosExisting', 'call'], opens: 0, infos: [{ caseNumber: 'PHR-2569-0007', location: expect.objectContaining({ lat: PHRAE_PIN.lat }) }], reads: ['PHR-2569-0007', T.sosAddedPin] }]],
      { openUrgentCase: open },
    );
  });

  test('when SOS is asked again without a pin while an urgent case is open, then the officers are told and no second case opens', () => {
    runDialog(
      [
        [typed('ช่วยด้วย'), { says: ['call', 'ask:sosPin'] }],
        [tap('sosPin', 'nopin'), { says: ['sosExisting', 'call'], opens: 0, infos: [{ caseNumber: 'PHR-2569-0007', text: T.sosAgainInfo }], state: { status: 'done' } }],
      ],
      { openUrgentCase: open },
    );
  });

  test('when SOS is asked mid-report after the pin while an urgent case is open, then the pin goes into that case', () => {
    runDialog(
      [
        [tap('i:start'), {}],
        [tap('problem', 'income'), {}],
        [pin(), {}],
        [tap('i:sos'), { says: ['sosExisting', 'call'], opens: 0, infos: [{ caseNumber: 'PHR-2569-0007', location: expect.objectContaining({ district: 'เมืองแพร่' }) }] }],
      ],
      { openUrgentCase: (i) => (i === 3 ? open() : undefined) },
    );
  });
});
