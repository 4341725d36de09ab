import { ChatUser, wordsIn } from '../helpers/chat';
import { capturingLogger, startHarness, type Harness, type TestInstance } from '../helpers/service';

/**
 * The whole promise, end to end through signed webhooks and the LINE emulator: a citizen reports
 * by tapping, the duty group gets the case, an officer acts on it, and the citizen sees each step.
 */

const GROUP = 'Cdutygroup0000000000000000000001';
let h: Harness;
let app: TestInstance;
const logs = capturingLogger();

beforeAll(async () => {
  h = await startHarness('journey');
  h.emulator.setProfile('U-citizen', 'ป้าแก้ว');
  h.emulator.addGroupMember(GROUP, 'U-officer-1', 'สมชาย');
  h.emulator.addGroupMember(GROUP, 'U-officer-2', 'สมศรี');
  app = await h.instance({ env: { DUTY_GROUP_ID: GROUP }, logger: logs.logger });
});
afterAll(async () => {
  await h.stop();
});

it('when a citizen reports by tapping and the duty group acts, then the citizen sees every step', async () => {
  const citizen = new ChatUser(h, app, 'U-citizen');
  const officer = new ChatUser(h, app, 'U-officer-1', GROUP);
  const colleague = new ChatUser(h, app, 'U-officer-2', GROUP);

  await citizen.follow();
  expect(citizen.read()).toContain('การคุ้มครองข้อมูลส่วนบุคคล');

  await citizen.tap('แจ้งเหตุ');
  await citizen.tap('รายได้/ความเป็นอยู่');
  await citizen.pin(18.1446, 100.1403, '12 ต.ในเวียง อ.เมืองแพร่ จ.แพร่ 54000 ประเทศไทย');
  await citizen.tap('ผู้สูงอายุ');
  await citizen.tap('หญิง');
  await citizen.tap('ข้าม');
  await citizen.tap('ติดต่อทาง LINE นี้');
  expect(citizen.read()).toContain('เมืองแพร่');
  await citizen.tap('ยืนยัน');
  const opened = citizen.read();
  const caseNumber = /PHR-25\d\d-\d{4}/.exec(opened)?.[0];
  expect(caseNumber).toBeDefined();
  expect(citizen.taps).toBeLessThanOrEqual(7);

  // The on-shift group gets the card, without the citizen's name or LINE id.
  const card = h.emulator.messagesTo(GROUP).map((m) => JSON.stringify(m)).join('\n');
  expect(card).toContain(caseNumber!);
  expect(card).not.toContain('U-citizen');
  expect(card).not.toContain('ป้าแก้ว');

  await officer.tap('รับเรื่อง');
  expect(officer.read()).toContain('สมชาย');
  expect(citizen.read()).toContain('เจ้าหน้าที่รับเรื่องแล้ว');

  // A second officer tapping the same card is told who already has it.
  await colleague.tap('รับเรื่อง');
  expect(colleague.read()).toContain('สมชาย');

  await officer.say(`ลงพื้นที่ ${caseNumber}`);
  await officer.say(`ตอบ ${caseNumber} ทีมกำลังเดินทางไปถึงในอีก 30 นาที`);
  await officer.say(`บันทึก ${caseNumber} ญาติไม่รับสาย`);
  await officer.say(`ปิดเรื่อง ${caseNumber} ช่วยเหลือแล้ว มอบถุงยังชีพและประสานเบี้ยยังชีพ`);

  const updates = citizen.allMessages().map((m) => JSON.stringify(m)).join('\n');
  expect(updates).toContain('กำลังดำเนินการ');
  expect(updates).toContain('ทีมกำลังเดินทางไปถึงในอีก 30 นาที');
  expect(updates).toContain('ปิดเรื่องแล้ว');
  // Internal notes never reach the reporter.
  expect(updates).not.toContain('ญาติไม่รับสาย');

  await citizen.tap(/^5 /);
  const stored = await app.service.cases.get(caseNumber!);
  expect(stored).toMatchObject({
    channel: 'ess_help_me',
    reporterUserId: 'U-citizen',
    problemTypes: ['income'],
    targetGroup: 'elderly',
    sex: 'female',
    status: 'closed',
    outcome: 'resolved',
    owner: { name: 'สมชาย' },
    rating: { score: 5 },
    location: { district: 'เมืองแพร่' },
  });
  expect(stored!.timeline.map((e) => e.kind)).toEqual(
    expect.arrayContaining(['opened', 'acknowledged', 'in_progress', 'relay', 'note', 'closed', 'rated']),
  );

  // Typing "not helped yet" (instead of tapping) reopens the case, with the citizen's words for the team.
  await citizen.say('ข้าม');
  await citizen.say('ยังไม่ได้รับความช่วยเหลือ');
  await citizen.say('ยังไม่มีใครมาช่วยเลย');
  const reopened = await app.service.cases.get(caseNumber!);
  expect(reopened).toMatchObject({ status: 'new', reopenCount: 1 });
  // Least data by default (issue 10): a non-urgent case's words reach officers through รายละเอียด.
  const group = h.emulator.messagesTo(GROUP).map(wordsIn).join('\n');
  expect([group.includes(`เรื่อง ${caseNumber} ถูกเปิดใหม่`), group.includes('ผู้แจ้งเขียนข้อความมาด้วย'), group.includes('ยังไม่มีใครมาช่วยเลย')]).toEqual([
    true,
    true,
    false,
  ]);
});

it('when the journey is logged, then no personal data is in the logs', () => {
  const all = logs.lines.join('\n');
  expect(logs.lines.length).toBeGreaterThan(10);
  for (const personal of ['U-citizen', 'U-officer-1', 'ป้าแก้ว', 'สมชาย', 'ต.ในเวียง', '18.1446', '100.1403', 'ทีมกำลังเดินทาง', 'ญาติไม่รับสาย', 'มอบถุงยังชีพ']) {
    expect(all).not.toContain(personal);
  }
});

it('when someone who cannot type taps SOS and pins the place, then an urgent case reaches the duty group at once', async () => {
  const person = new ChatUser(h, app, 'U-sos');
  await person.follow();
  await person.tap('ขอความช่วยเหลือด่วน');
  await person.pin(18.0783, 99.8297, 'ต.ห้วยอ้อ อ.ลอง จ.แพร่ 54150 ประเทศไทย');
  const told = person.read();
  const caseNumber = /PHR-25\d\d-\d{4}/.exec(told)?.[0];
  expect(caseNumber).toBeDefined();
  expect(told).toContain('ส่งถึงเจ้าหน้าที่เวรแล้ว');
  expect(person.newMessages().some((m) => JSON.stringify(m).includes('tel:1300'))).toBe(true);
  expect(person.taps).toBe(1);

  const stored = await app.service.cases.get(caseNumber!);
  expect(stored).toMatchObject({ urgent: true, sos: true, status: 'new', location: { district: 'ลอง', lat: 18.0783 } });
  const groupCards = h.emulator.messagesTo(GROUP).map((m) => JSON.stringify(m)).filter((m) => m.includes(caseNumber!));
  expect(groupCards.length).toBeGreaterThan(0);
  expect(groupCards[0]).toContain('ด่วน');
});
