import type { CaseRecord, TimelineEntry } from '../../src/cases/types';
import { checkMessages } from '../../src/line/limits';
import { decideReporterUpdate } from '../../src/updates/reporter-update';
import { caseViewMessages, trackingMessages } from '../../src/updates/views';
import { caseRecord, entry, quickReplyData, readable } from '../helpers/updates-fakes';

/** Honest wording once an officer acknowledges, and the update for a merged case. */

const CENTER = 'ศรส.จ.แพร่';
const t0 = new Date('2026-01-10T03:00:00Z');
const at = (m: number) => new Date(t0.getTime() + m * 60_000);
const withEntries = (c: CaseRecord, ...es: TimelineEntry[]): CaseRecord => ({ ...c, timeline: [...c.timeline, ...es] });
const words = (c: CaseRecord, e: TimelineEntry, carriesOn?: { caseNumber: string; own: boolean }) =>
  decideReporterUpdate(c, e, CENTER, carriesOn)!.messages.map(readable).join('\n');

describe('acknowledgement wording', () => {
  it('when an officer acknowledges an urgent case, then the reporter reads that an officer took it and the team is acting', () => {
    const ack = entry('acknowledged', at(3));
    const said = words(withEntries(caseRecord({ urgent: true, sos: true }), ack), ack);
    expect([said.includes('เจ้าหน้าที่รับเรื่องด่วนของคุณแล้ว'), said.includes('ทีมเจ้าหน้าที่กำลังดำเนินการช่วยเหลือค่ะ')]).toEqual([true, true]);
  });

  it('when an officer acknowledges an urgent case, then the call buttons come with it', () => {
    const ack = entry('acknowledged', at(3));
    const m = decideReporterUpdate(withEntries(caseRecord({ urgent: true }), ack), ack, CENTER)!.messages[0]!;
    expect([JSON.stringify(m).includes('tel:191'), checkMessages([m])]).toEqual([true, []]);
  });

  it('when an officer acknowledges a non-urgent case, then no team is promised, only news in this chat', () => {
    const ack = entry('acknowledged', at(3));
    const said = words(withEntries(caseRecord(), ack), ack);
    expect([said.includes('แจ้งความคืบหน้าให้ทราบในแชตนี้ค่ะ'), said.includes('ทีมเจ้าหน้าที่กำลัง')]).toEqual([true, false]);
  });

  it('when a case is closed as usual, then the rating question still follows', () => {
    const close = entry('closed', at(60), { outcome: 'resolved', text: 'ช่วยแล้ว' });
    const m = decideReporterUpdate(withEntries(caseRecord(), entry('acknowledged', at(3)), close), close, CENTER)!.messages;
    expect(m.flatMap(quickReplyData).some((d) => d.startsWith('u:rate:'))).toBe(true);
  });
});

describe('a case merged into another', () => {
  const merged = (into: string) => entry('closed', at(30), { outcome: 'duplicate', text: '', mergedInto: into });
  const copy = (e: TimelineEntry) =>
    withEntries(caseRecord({ caseNumber: 'PHR-2569-0009', urgent: true, status: 'closed', mergedInto: e.mergedInto }), entry('acknowledged', at(3)), e);

  it('when the copy is closed as merged into the reporter\'s own case, then they read which case carries on, and no rating is asked', () => {
    const e = merged('PHR-2569-0007');
    const item = decideReporterUpdate(copy(e), e, CENTER, { caseNumber: 'PHR-2569-0007', own: true })!;
    const said = item.messages.map(readable).join('\n');
    expect({
      says: said.includes('เรื่องของคุณรวมกับเรื่อง PHR-2569-0007 แล้ว') && said.includes('ความคืบหน้าจะแจ้งในเรื่องนั้นค่ะ'),
      rating: item.messages.flatMap(quickReplyData).filter((d) => d.startsWith('u:rate:')),
      buttons: item.messages.flatMap(quickReplyData),
      limits: checkMessages(item.messages),
    }).toEqual({ says: true, rating: [], buttons: ['u:case:PHR-2569-0007'], limits: [] });
  });

  it('when the case that carries on is someone else\'s, then its progress is promised here, it can be seen, and "not helped yet" stays possible', () => {
    const e = merged('PHR-2569-0007');
    const item = decideReporterUpdate(copy(e), e, CENTER, { caseNumber: 'PHR-2569-0007', own: false })!;
    const said = item.messages.map(readable).join('\n');
    // The copy's reporter now follows that case (src/updates/followers.ts).
    expect([said.includes('ความคืบหน้าของเรื่องนั้นจะแจ้งให้ทราบในแชตนี้'), said.includes('PHR-2569-0007'), item.messages.flatMap(quickReplyData)]).toEqual([
      true,
      true,
      ['u:case:PHR-2569-0007', 'u:reopen:PHR-2569-0009'],
    ]);
  });

  it('when the merged copy is shown, then its timeline says which case it joined', () => {
    const e = merged('PHR-2569-0007');
    expect(readable(caseViewMessages(copy(e))[0]!)).toEqual(expect.stringContaining('รวมกับเรื่อง PHR-2569-0007'));
  });

  it('when the reporter tracks their cases, then the merged copy points at the case that carries on', () => {
    const e = merged('PHR-2569-0007');
    const carrying = caseRecord({ caseNumber: 'PHR-2569-0007', urgent: true });
    const [carousel] = trackingMessages([copy(e), carrying], 2);
    const json = JSON.stringify(carousel);
    expect([json.match(/u:case:PHR-2569-0009/g), json.match(/u:case:PHR-2569-0007/g)?.length, readable(carousel!).includes('รวมกับเรื่อง PHR-2569-0007 แล้ว')]).toEqual([
      null,
      2,
      true,
    ]);
  });

  it('when the case that carries on gets "merged from", then its reporter reads which case joined it', () => {
    const from = entry('merged_from', at(30), { text: 'PHR-2569-0009', public: true });
    const c = withEntries(caseRecord({ caseNumber: 'PHR-2569-0007' }), from);
    expect(readable(caseViewMessages(c)[0]!)).toEqual(expect.stringContaining('รวมเรื่อง PHR-2569-0009 เข้ามา'));
  });
});
