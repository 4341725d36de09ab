import type { CaseRecord, TimelineEntry, TimelineKind } from '../../src/cases/types';
import { checkMessages } from '../../src/line/limits';
import { decideReporterUpdate } from '../../src/updates/reporter-update';
import { caseRecord, entry, quickReplyData, readable } from '../helpers/updates-fakes';

const CENTER = 'ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดแพร่ (ศรส.จ.แพร่)';
const t0 = new Date('2026-01-10T03:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

/** A case with `e` appended to its timeline, as the case service hands it to listeners. */
function withEntry(e: TimelineEntry, before: TimelineEntry[] = [], overrides: Partial<CaseRecord> = {}): CaseRecord {
  const c = caseRecord(overrides);
  return { ...c, timeline: [...c.timeline, ...before, e] };
}

const ack = () => entry('acknowledged', at(5));

describe('decideReporterUpdate', () => {
  it.each<[TimelineKind, Partial<TimelineEntry>]>([
    ['acknowledged', {}],
    ['in_progress', {}],
    ['referred', { text: 'โรงพยาบาลแพร่' }],
    ['closed', { outcome: 'resolved', text: 'มอบเงินสงเคราะห์แล้ว' }],
    ['relay', { text: 'เจ้าหน้าที่จะไปเยี่ยมบ้านพรุ่งนี้ 10 โมง' }],
  ])('when an officer makes a %s entry, then the reporter gets one message batch under the entry id', (kind, extra) => {
    const e = entry(kind, at(30), extra);
    const item = decideReporterUpdate(withEntry(e, kind === 'acknowledged' ? [] : [ack()]), e, CENTER);
    expect(item).toMatchObject({ id: `${e.id}:reporter`, to: 'Ureporter000000000000000000000001' });
  });

  it.each<[TimelineKind, Partial<TimelineEntry>]>([
    ['acknowledged', {}],
    ['in_progress', {}],
    ['referred', { text: 'โรงพยาบาลแพร่' }],
    ['closed', { outcome: 'resolved', text: 'มอบเงินสงเคราะห์แล้ว' }],
    ['relay', { text: 'x'.repeat(4800) }],
  ])('when a %s update is built, then LINE accepts every message of it', (kind, extra) => {
    const e = entry(kind, at(30), extra);
    const item = decideReporterUpdate(withEntry(e, [ack()]), e, CENTER);
    expect(checkMessages(item!.messages)).toEqual([]);
  });

  it('when a case is acknowledged, then the reporter reads the case number, the new status and when', () => {
    const e = ack();
    const words = readable(decideReporterUpdate(withEntry(e), e, CENTER)!.messages[0]!);
    expect(words).toEqual(expect.stringContaining('PHR-2569-0001'));
    expect(words).toEqual(expect.stringContaining('เจ้าหน้าที่รับเรื่องแล้ว'));
    expect(words).toEqual(expect.stringContaining('10 ม.ค. 2569 10:05 น.'));
  });

  it('when a case is referred, then the reporter reads to which agency', () => {
    const e = entry('referred', at(30), { text: 'สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดแพร่' });
    const words = readable(decideReporterUpdate(withEntry(e, [ack()]), e, CENTER)!.messages[0]!);
    expect(words).toEqual(expect.stringContaining('สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดแพร่'));
  });

  it('when a case is closed, then the reporter reads the outcome in plain Thai and the closing note', () => {
    const e = entry('closed', at(60), { outcome: 'out_of_scope', text: 'ประสานอำเภอแล้ว' });
    const words = readable(decideReporterUpdate(withEntry(e, [ack()]), e, CENTER)!.messages[0]!);
    expect(words).toEqual(expect.stringContaining('ไม่อยู่ในอำนาจ'));
    expect(words).toEqual(expect.stringContaining('ประสานอำเภอแล้ว'));
  });

  it('when a case is closed, then the reporter is asked to rate 1 to 5 or say they were not helped yet', () => {
    const e = entry('closed', at(60), { outcome: 'resolved', text: 'ช่วยแล้ว' });
    const messages = decideReporterUpdate(withEntry(e, [ack()]), e, CENTER)!.messages;
    expect(quickReplyData(messages[messages.length - 1]!)).toEqual([
      'u:rate:PHR-2569-0001:5',
      'u:rate:PHR-2569-0001:4',
      'u:rate:PHR-2569-0001:3',
      'u:rate:PHR-2569-0001:2',
      'u:rate:PHR-2569-0001:1',
      'u:reopen:PHR-2569-0001',
    ]);
  });

  it('when a case rated before a reopening is closed again, then only "not helped yet" is offered', () => {
    const first = [ack(), entry('closed', at(20), { outcome: 'resolved' }), entry('rated', at(21), { score: 2 }), entry('reopened', at(22))];
    const e = entry('closed', at(60), { outcome: 'resolved', text: 'ช่วยแล้ว' });
    const messages = decideReporterUpdate(withEntry(e, first), e, CENTER)!.messages;
    expect(quickReplyData(messages[messages.length - 1]!)).toEqual(['u:reopen:PHR-2569-0001']);
  });

  it('when an officer relays a message, then the reporter reads it as from the center about that case', () => {
    const e = entry('relay', at(30), { text: 'พรุ่งนี้เจ้าหน้าที่จะโทรหาค่ะ' });
    const words = readable(decideReporterUpdate(withEntry(e, [ack()]), e, CENTER)!.messages[0]!);
    expect(words).toEqual(expect.stringContaining('ข้อความจากศูนย์'));
    expect(words).toEqual(expect.stringContaining('พรุ่งนี้เจ้าหน้าที่จะโทรหาค่ะ'));
  });

  it('when a relayed message is longer than the bubble shows, then it follows in full as text', () => {
    const long = `${'ก'.repeat(1500)}ท้ายข้อความ`;
    const e = entry('relay', at(30), { text: long });
    const messages = decideReporterUpdate(withEntry(e, [ack()]), e, CENTER)!.messages;
    expect(readable(messages[1]!)).toEqual(expect.stringContaining('ท้ายข้อความ'));
  });

  it.each<TimelineKind>(['note', 'escalated', 'details_viewed', 'problem_types_added', 'rated', 'details_updated', 'opened'])(
    'when the entry is %s, then the reporter gets nothing',
    (kind) => {
      const e = entry(kind, at(30), { text: 'ภายใน' });
      expect(decideReporterUpdate(withEntry(e, [ack()]), e, CENTER)).toBeNull();
    },
  );

  it('when the reporter added information themselves, then it is not echoed back', () => {
    const e = entry('reporter_info', at(30), { actor: { kind: 'reporter', id: 'Ureporter000000000000000000000001' }, text: 'เพิ่มเติม' });
    expect(decideReporterUpdate(withEntry(e, [ack()]), e, CENTER)).toBeNull();
  });

  it('when the case has no LINE reporter (opened by the hotline), then nobody is messaged', () => {
    const e = ack();
    expect(decideReporterUpdate(withEntry(e, [], { reporterUserId: undefined }), e, CENTER)).toBeNull();
  });

  it('when an internal note is in the timeline, then its words never reach the reporter', () => {
    const note = entry('note', at(10), { text: 'บ้านหลังสีฟ้า ผู้แจ้งเสียงสั่น' });
    const e = entry('in_progress', at(20));
    const item = decideReporterUpdate(withEntry(e, [ack(), note]), e, CENTER)!;
    expect(JSON.stringify(item.messages)).not.toContain('บ้านหลังสีฟ้า');
  });

  it('when the timeline is long, then the last 8 public entries show with a line about the earlier ones', () => {
    const relays = Array.from({ length: 11 }, (_, i) => entry('relay', at(10 + i), { text: `ข้อความที่ ${i + 1}` }));
    const e = entry('in_progress', at(40));
    const words = readable(decideReporterUpdate(withEntry(e, [ack(), ...relays]), e, CENTER)!.messages[0]!);
    // opened + acknowledged + 11 relays + in_progress = 14 public entries; 8 shown.
    expect(words).toEqual(expect.stringContaining('และอีก 6 รายการก่อนหน้า'));
  });

  it('when the sweep re-runs the listener after the case moved on, then the message is the same as the first time', () => {
    const e = entry('in_progress', at(20));
    const first = decideReporterUpdate(withEntry(e, [ack()]), e, CENTER);
    const later = withEntry(e, [ack()]);
    later.timeline.push(entry('closed', at(90), { outcome: 'resolved', text: 'เสร็จ' }));
    expect(decideReporterUpdate(later, e, CENTER)).toEqual(first);
  });

  it('when an update bubble is built, then its JSON stays well under LINE\'s 30 KB per bubble', () => {
    const relays = Array.from({ length: 20 }, (_, i) => entry('relay', at(10 + i), { text: 'ข'.repeat(900) }));
    const e = entry('relay', at(40), { text: 'ค'.repeat(5000) });
    const item = decideReporterUpdate(withEntry(e, [ack(), ...relays]), e, CENTER)!;
    const flexMessage = item.messages[0] as { contents: unknown };
    expect(Buffer.byteLength(JSON.stringify(flexMessage.contents))).toBeLessThan(15_000);
  });
});

describe('silent pushes to the reporter of an urgent case', () => {
  it.each<[TimelineKind, Partial<TimelineEntry>]>([
    ['acknowledged', {}],
    ['in_progress', {}],
    ['closed', { outcome: 'resolved', text: 'ช่วยแล้ว' }],
    ['relay', { text: 'เจ้าหน้าที่กำลังไป' }],
    ['transferred', { text: 'ศรส.จ.น่าน' }],
  ])('when an urgent case gets a %s entry, then its update is pushed without sound', (kind, extra) => {
    const e = entry(kind, at(30), extra);
    expect(decideReporterUpdate(withEntry(e, [ack()], { urgent: true }), e, CENTER)).toMatchObject({ notificationDisabled: true });
  });

  it('when a routine case is acknowledged, then its update rings as usual', () => {
    const e = ack();
    expect(decideReporterUpdate(withEntry(e), e, CENTER)?.notificationDisabled).toBeUndefined();
  });
});

describe('a transfer the reporter hears about', () => {
  it('when an officer moves the case, then the reporter reads which center has it and that the number stays', () => {
    const e = entry('transferred', at(30), { public: true, text: 'ศรส.จ.น่าน', fromCenter: 'PHR', toCenter: 'NAN' });
    const item = decideReporterUpdate(withEntry(e, [ack()]), e, CENTER)!;
    expect(readable(item.messages[0])).toBe('เรื่องเลขที่ PHR-2569-0001 ได้โอนไปให้ ศรส.จ.น่าน ดูแลแล้วค่ะ เลขที่เรื่องยังเหมือนเดิม ติดตามได้ตามปกติค่ะ');
  });

  it('when the case moved by itself to the center of the place the reporter sent, then the reporter reads why, in the ค่ะ register', () => {
    const e = entry('transferred', at(30), { public: true, actor: { kind: 'system' }, text: 'ศรส.จ.น่าน', fromCenter: 'PHR', toCenter: 'NAN', province: 'น่าน' });
    const item = decideReporterUpdate(withEntry(e), e, CENTER)!;
    expect(readable(item.messages[0])).toBe(
      'ตำแหน่งที่คุณส่งมาอยู่ในพื้นที่ น่าน จึงส่งเรื่องเลขที่ PHR-2569-0001 ให้ ศรส.จ.น่าน ซึ่งดูแลพื้นที่นั้นช่วยเหลือแล้วค่ะ เลขที่เรื่องยังเหมือนเดิม ติดตามได้ตามปกติค่ะ',
    );
    expect([item.id, checkMessages(item.messages)]).toEqual([`${e.id}:reporter`, []]);
  });
});
