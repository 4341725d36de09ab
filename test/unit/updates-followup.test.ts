import { decideCaseAction, type CaseState } from '../../src/cases/decide';
import type { CaseLocation } from '../../src/cases/types';
import { checkMessages } from '../../src/line/limits';
import { decide, factsNeeded, interpret, type Facts, type Intent, type OpenCase, type ReporterInput } from '../../src/updates/decide';
import type { Pending } from '../../src/updates/store';
import { caseRecord, quickReplyData, readable } from '../helpers/updates-fakes';

/**
 * One open urgent case per person: what a person sends while they have an open case is
 * added to it, as a table of [what they send, which cases are open] → [what is recorded, what they read].
 */

const ME = 'Ureporter000000000000000000000001';
const now = new Date('2026-01-10T05:00:00Z');
const pin: CaseLocation = { lat: 18.0783, lng: 99.8297, address: 'ต.ห้วยอ้อ อ.ลอง จ.แพร่', district: 'ลอง', districtCode: '5403', province: 'แพร่', outOfProvince: false };
const photo = { messageId: '5001', type: 'image' as const };
const urgentNew: OpenCase = { caseNumber: 'PHR-2569-0007', urgent: true, status: 'new' };
const urgentAcked: OpenCase = { ...urgentNew, status: 'acknowledged' };
const normalA: OpenCase = { caseNumber: 'PHR-2569-0005', urgent: false, status: 'acknowledged' };
const normalB: OpenCase = { caseNumber: 'PHR-2569-0003', urgent: false, status: 'new' };

const run = (intent: Intent, openCases: OpenCase[], pending?: Pending, extra: Facts = {}) =>
  decide(intent, pending, { openCases, ...extra }, ME, now);

describe('interpret: what a person sends about an open case', () => {
  it.each<[string, ReporterInput, Intent]>([
    ['a pin', { kind: 'location', location: pin }, { kind: 'message', location: pin }],
    ['a sticker', { kind: 'sticker' }, { kind: 'message', sticker: true }],
    ['the SOS words', { kind: 'text', text: ' ช่วยด้วย ' }, { kind: 'sos_again', text: 'ช่วยด้วย' }],
    ['the SOS button', { kind: 'postback', data: 'i:sos' }, { kind: 'sos_again', text: 'ขอความช่วยเหลือด่วน' }],
    ['the "make a report" words', { kind: 'text', text: 'แจ้งเหตุ' }, { kind: 'new_report' }],
    ['a "safe" answer', { kind: 'postback', data: 'u:checkin:PHR-2569-0007:0.1:1' }, { kind: 'checkin', caseNumber: 'PHR-2569-0007', round: '0.1', safe: true }],
    ['a "not safe" answer', { kind: 'postback', data: 'u:checkin:PHR-2569-0007:1.2:0' }, { kind: 'checkin', caseNumber: 'PHR-2569-0007', round: '1.2', safe: false }],
    ['a forged check-in answer', { kind: 'postback', data: 'u:checkin:PHR-2569-0007:x:0' }, { kind: 'unknown' }],
  ])('when the person sends %s, then it reads as the right intent', (_, input, intent) => {
    expect(interpret(input, undefined)).toEqual(intent);
  });

  it('when the SOS words come while a comment is awaited, then they are read as SOS, not as the comment', () => {
    const comment: Pending = { kind: 'comment', caseNumber: 'PHR-2569-0001', since: now };
    expect(interpret({ kind: 'text', text: 'ช่วยด้วย' }, comment).kind).toBe('sos_again');
  });

  it('when the SOS words come, then the open cases are loaded to find the urgent one', () => {
    expect(factsNeeded({ kind: 'sos_again', text: 'ช่วยด้วย' }, undefined)).toEqual({ kind: 'open_cases' });
  });
});

describe('decide: follow-ups attach to the open case', () => {
  it.each<[string, Intent, OpenCase[], string, Record<string, unknown>]>([
    ['a pin, urgent case open', { kind: 'message', location: pin }, [urgentNew], urgentNew.caseNumber, { type: 'reporter_info', location: pin }],
    ['words, urgent case open', { kind: 'message', text: 'ตอนนี้รออยู่หน้าบ้าน' }, [urgentNew], urgentNew.caseNumber, { type: 'reporter_info', text: 'ตอนนี้รออยู่หน้าบ้าน' }],
    ['a photo, urgent case open', { kind: 'message', attachment: photo }, [urgentNew], urgentNew.caseNumber, { type: 'reporter_info', attachments: [photo] }],
    ['a sticker, urgent case open', { kind: 'message', sticker: true }, [urgentNew], urgentNew.caseNumber, { type: 'reporter_info', sticker: true }],
    ['a pin, urgent and other cases open', { kind: 'message', location: pin }, [normalA, urgentNew, normalB], urgentNew.caseNumber, { type: 'reporter_info', location: pin }],
    ['words, one non-urgent case open', { kind: 'message', text: 'เพิ่มเติมค่ะ' }, [normalA], normalA.caseNumber, { type: 'reporter_info', text: 'เพิ่มเติมค่ะ' }],
    ['a pin, one non-urgent case open', { kind: 'message', location: pin }, [normalA], normalA.caseNumber, { type: 'reporter_info', location: pin }],
    ['the SOS words, urgent case open', { kind: 'sos_again', text: 'ช่วยด้วย' }, [normalA, urgentNew], urgentNew.caseNumber, { type: 'reporter_info', text: 'ช่วยด้วย' }],
  ])('when %s, then it is recorded on that case with no question', (_, intent, open, caseNumber, action) => {
    const d = run(intent, open);
    expect({ handled: d.handled, acts: d.acts, pending: d.pending }).toEqual({
      handled: true,
      acts: [{ caseNumber, action, key: 'info' }],
      pending: undefined,
    });
  });

  it.each<[string, Intent, OpenCase, string]>([
    ['words', { kind: 'message', text: 'x' }, urgentNew, 'ได้รับแล้วค่ะ บันทึกไว้ในเรื่อง PHR-2569-0007 และแจ้งเจ้าหน้าที่แล้ว'],
    ['a pin', { kind: 'message', location: pin }, urgentNew, 'ได้รับตำแหน่งใหม่แล้วค่ะ บันทึกไว้ในเรื่อง PHR-2569-0007 และแจ้งเจ้าหน้าที่แล้ว'],
    ['a photo', { kind: 'message', attachment: photo }, normalA, 'ได้รับแล้วค่ะ บันทึกไว้ในเรื่อง PHR-2569-0005 และแจ้งเจ้าหน้าที่แล้ว'],
  ])('when %s is attached, then the person reads one short line naming the case', (_, intent, target, line) => {
    const d = run(intent, [target]);
    expect(d.reply.map((m) => readable(m).split('\n')[0])).toEqual([line]);
  });

  it('when something is added to an urgent case, then the pin and call buttons stay at hand', () => {
    const reply = run({ kind: 'message', text: 'x' }, [urgentNew]).reply[0]!;
    expect(JSON.stringify(reply)).toEqual(expect.stringMatching(/"type":"location".*tel:191.*tel:1300/));
  });

  it('when something is added to a non-urgent case, then its progress and a new report are offered', () => {
    expect(quickReplyData(run({ kind: 'message', text: 'x' }, [normalA]).reply[0]!)).toEqual([`u:case:${normalA.caseNumber}`, 'i:start']);
  });

  it('when the person has several non-urgent cases open, then they are asked which, and a pin waits with the words', () => {
    const first = run({ kind: 'message', text: 'เพิ่มเติม' }, [normalA, normalB]);
    const second = decide({ kind: 'message', location: pin }, first.pending, {}, ME, now);
    expect([first.acts, second.acts, second.pending]).toEqual([
      [],
      [],
      { kind: 'which_case', since: now, caseNumbers: [normalA.caseNumber, normalB.caseNumber], texts: ['เพิ่มเติม'], attachments: [], location: pin },
    ]);
  });

  it('when a pin is asked about with several cases open, then the SOS button is offered in place of "new report"', () => {
    const reply = run({ kind: 'message', location: pin }, [normalA, normalB]).reply[0]!;
    expect([quickReplyData(reply), readable(reply).includes('ถ้ามีอันตรายตอนนี้ แตะ "ขอความช่วยเหลือด่วน"')]).toEqual([
      [`u:about:${normalA.caseNumber}`, `u:about:${normalB.caseNumber}`, 'i:sos', 'u:about:none'],
      true,
    ]);
  });

  it('when an urgent case opened while a "which case?" question waits, then a pin goes to the urgent case and the question stays', () => {
    const waiting: Pending = { kind: 'which_case', since: now, caseNumbers: [normalA.caseNumber, normalB.caseNumber], texts: ['เพิ่มเติม'], attachments: [] };
    const d = run({ kind: 'message', location: pin }, [urgentNew, normalA, normalB], waiting);
    expect([d.acts, d.pending]).toEqual([[{ caseNumber: urgentNew.caseNumber, action: { type: 'reporter_info', location: pin }, key: 'info' }], waiting]);
  });

  it('when the person picks the case after sending a pin, then the pin is recorded with the words', () => {
    const bundle: Pending = { kind: 'which_case', since: now, caseNumbers: [normalA.caseNumber, normalB.caseNumber], texts: ['เพิ่มเติม'], attachments: [], location: pin };
    const d = decide({ kind: 'about', caseNumber: normalB.caseNumber }, bundle, { case: caseRecord({ caseNumber: normalB.caseNumber }) }, ME, now);
    expect(d.acts).toEqual([
      { caseNumber: normalB.caseNumber, action: { type: 'reporter_info', text: 'เพิ่มเติม', attachments: undefined, location: pin }, key: 'info' },
    ]);
  });

  it('when a pin is added to a non-urgent case, then the way to an urgent case is offered at once', () => {
    const reply = run({ kind: 'message', location: pin }, [normalA]).reply[0]!;
    expect([readable(reply).includes('ถ้ามีอันตรายตอนนี้ แตะ "ขอความช่วยเหลือด่วน" หรือโทร 191'), quickReplyData(reply)[0], checkMessages([reply])]).toEqual([
      true,
      'i:sos',
      [],
    ]);
  });

  it('when a sticker comes with a non-urgent case open, then it is thanked and nothing is recorded', () => {
    const d = run({ kind: 'message', sticker: true }, [normalA]);
    expect([d.handled, d.acts, readable(d.reply[0]!)]).toEqual([true, [], expect.stringContaining('ขอบคุณค่ะ')]);
  });

  it('when the pin that opened the SOS is processed again after a crash, then it is left to intake, not attached to its own case', () => {
    const openedByThisPin: OpenCase = { ...urgentNew, createdAt: now };
    const older: OpenCase = { ...urgentNew, createdAt: new Date(now.getTime() - 1) };
    expect([run({ kind: 'message', location: pin }, [openedByThisPin]).handled, run({ kind: 'message', location: pin }, [older]).handled]).toEqual([
      false,
      true,
    ]);
  });

  it('when a pin comes and no case is open, then it is left to intake (an SOS)', () => {
    expect(run({ kind: 'message', location: pin }, []).handled).toBe(false);
  });

  it('when the SOS words come and only non-urgent cases are open, then they are left to intake (a new urgent case)', () => {
    expect(run({ kind: 'sos_again', text: 'ช่วยด้วย' }, [normalA]).handled).toBe(false);
  });

  it('when the "make a report" words come with a case open, then they are left to intake (a new report)', () => {
    expect(run({ kind: 'new_report' }, [urgentNew]).handled).toBe(false);
  });

  it.each<[string, OpenCase, string, string]>([
    ['before an officer acknowledged', urgentNew, 'ส่งถึงเจ้าหน้าที่เวรแล้ว และแจ้งซ้ำให้แล้วค่ะ', 'กำลังดำเนินการ'],
    ['after an officer acknowledged', urgentAcked, 'เจ้าหน้าที่รับเรื่องด่วน PHR-2569-0007 ของคุณแล้วและกำลังดำเนินการ', 'ส่งถึงเจ้าหน้าที่เวรแล้ว และแจ้งซ้ำ'],
  ])('when the SOS words come again %s, then the answer says what is true then', (_, target, says, notSaid) => {
    const words = readable(run({ kind: 'sos_again', text: 'ช่วยด้วย' }, [target]).reply[0]!);
    expect([words.includes(says), words.includes(notSaid)]).toEqual([true, false]);
  });

  it.each<[string, Intent, OpenCase[]]>([
    ['a pin', { kind: 'message', location: pin }, [urgentNew]],
    ['a sticker', { kind: 'message', sticker: true }, [normalA]],
    ['the SOS words', { kind: 'sos_again', text: 'ช่วยด้วย' }, [urgentAcked]],
  ])('when %s is answered, then LINE accepts the reply', (_, intent, open) => {
    expect(checkMessages(run(intent, open).reply)).toEqual([]);
  });
});

describe('the case lifecycle: reporter_info with a pin or a sticker, and check-in answers', () => {
  const opened = new Date('2026-01-10T03:00:00Z');
  const first: CaseLocation = { lat: 18.1, lng: 100.1, district: 'เมืองแพร่' };
  const state = (extra: Partial<CaseState> = {}): CaseState => ({ status: 'new', problemTypes: [], urgent: true, createdAt: opened, ...extra });
  const reporter = { kind: 'reporter' as const, id: ME };

  it('when the first later pin comes, then it becomes the place and the history keeps the place it replaced', () => {
    const d = decideCaseAction(state({ location: first }), { type: 'reporter_info', location: pin }, reporter, now, 'e1');
    expect(d.ok && { set: d.changes.set, entry: d.entry.location }).toEqual({
      set: { location: pin, locationHistory: [{ ...first, at: opened }, { ...pin, at: now }] },
      entry: pin,
    });
  });

  it('when a further pin comes, then it is appended to the history', () => {
    const history = [{ ...first, at: opened }, { ...pin, at: opened }];
    const next: CaseLocation = { lat: 18.2, lng: 100.2 };
    const d = decideCaseAction(state({ location: pin, locationHistory: history }), { type: 'reporter_info', location: next }, reporter, now, 'e2');
    expect(d.ok && d.changes.set).toEqual({ location: next, locationHistory: [...history, { ...next, at: now }] });
  });

  it('when a case opened without a place gets a pin, then the history starts with that pin', () => {
    const d = decideCaseAction(state(), { type: 'reporter_info', location: pin }, reporter, now, 'e3');
    expect(d.ok && d.changes.set).toEqual({ location: pin, locationHistory: [{ ...pin, at: now }] });
  });

  it('when a sticker is recorded, then the entry says so and changes nothing else', () => {
    const d = decideCaseAction(state(), { type: 'reporter_info', sticker: true }, reporter, now, 'e4');
    expect(d.ok && { set: d.changes.set, sticker: d.entry.sticker, public: d.entry.public }).toEqual({ set: {}, sticker: true, public: true });
  });

  it('when reporter information carries nothing at all, then it is refused', () => {
    expect(decideCaseAction(state(), { type: 'reporter_info', text: '  ' }, reporter, now, 'e5')).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each([true, false])('when the reporter answers the check-in (safe: %s), then a non-public checkin entry records it', (safe) => {
    const d = decideCaseAction(state(), { type: 'checkin', safe }, reporter, now, 'e6');
    expect(d.ok && { kind: d.entry.kind, safe: d.entry.safe, public: d.entry.public }).toEqual({ kind: 'checkin', safe, public: false });
  });

  it('when the check-in is answered after the case was closed, then the lifecycle refuses it', () => {
    expect(decideCaseAction(state({ status: 'closed' }), { type: 'checkin', safe: false }, reporter, now, 'e7')).toEqual({ ok: false, reason: 'closed' });
  });

  it('when an officer tries to answer a check-in, then it is refused', () => {
    expect(decideCaseAction(state(), { type: 'checkin', safe: true }, { kind: 'officer', id: 'U1' }, now, 'e8')).toEqual({
      ok: false,
      reason: 'not_allowed_for_actor',
    });
  });
});
