import type { CaseRecord, TimelineEntry } from '../../src/cases/types';
import { OUTCOME_LABELS } from '../../src/cases/vocab';
import { checkMessages } from '../../src/line/limits';
import { carryingCase, findFollowers, isFollowerUpdate } from '../../src/updates/followers';
import { followerUpdateMessages, followerViewMessages } from '../../src/updates/views';
import { caseRecord, entry, quickReplyData, readable } from '../helpers/updates-fakes';

/** Who follows a case through a merged copy, and what they may read of it. */

const t0 = new Date('2026-01-10T03:00:00Z');
const at = (m: number) => new Date(t0.getTime() + m * 60_000);
const user = (n: number) => `Ureporter00000000000000000000000${n}`;
const mergedFrom = (copy: string) => entry('merged_from', at(10), { text: copy, public: true });

/** A copy closed as merged into `into`, reported by `reporter`. */
const copyOf = (caseNumber: string, into: string, reporter: string, over: Partial<CaseRecord> = {}) =>
  caseRecord({ caseNumber, reporterUserId: reporter, status: 'closed', outcome: 'duplicate', mergedInto: into, ...over });

const store = (...cases: CaseRecord[]) => {
  const byNumber = new Map(cases.map((c) => [c.caseNumber, c]));
  return async (n: string) => byNumber.get(n) ?? null;
};

describe('findFollowers', () => {
  const main = caseRecord({ caseNumber: 'PHR-2569-0001', reporterUserId: user(1), timeline: [entry('opened', t0), mergedFrom('PHR-2569-0002'), mergedFrom('PHR-2569-0003')] });

  it('when two copies of other people were merged in, then both reporters follow, each with their own copy', async () => {
    const get = store(main, copyOf('PHR-2569-0002', main.caseNumber, user(2)), copyOf('PHR-2569-0003', main.caseNumber, user(3), { urgent: true }));
    expect(await findFollowers(get, main)).toEqual([
      { copy: 'PHR-2569-0002', userId: user(2), urgent: false },
      { copy: 'PHR-2569-0003', userId: user(3), urgent: true },
    ]);
  });

  it('when a copy is the main reporter\'s own, or was reopened since, then nobody follows through it', async () => {
    const get = store(main, copyOf('PHR-2569-0002', main.caseNumber, user(1)), copyOf('PHR-2569-0003', main.caseNumber, user(3), { status: 'new' }));
    expect(await findFollowers(get, main)).toEqual([]);
  });

  it('when copies were merged along a chain, then the first copy\'s reporter follows the last case', async () => {
    const middle = copyOf('PHR-2569-0002', main.caseNumber, user(2), { timeline: [entry('opened', t0), mergedFrom('PHR-2569-0004')] });
    const first = copyOf('PHR-2569-0004', middle.caseNumber, user(4));
    const onlyMiddle = { ...main, timeline: [entry('opened', t0), mergedFrom('PHR-2569-0002')] };
    expect((await findFollowers(store(onlyMiddle, middle, first), onlyMiddle)).map((f) => f.userId)).toEqual([user(2), user(4)]);
    expect((await carryingCase(store(onlyMiddle, middle, first), first))?.caseNumber).toBe(onlyMiddle.caseNumber);
  });
});

describe('what a follower reads', () => {
  const relay = entry('relay', at(20), { text: 'คุณสมชายคะ ทีมกำลังไปบ้านเลขที่ 9' });
  const info = entry('reporter_info', at(25), { text: 'เขาอยู่ในห้องนอน', actor: { kind: 'reporter', id: user(1) } });
  const close = entry('closed', at(60), { outcome: 'resolved', text: 'ส่งคุณสมชายถึงบ้านพักฉุกเฉินแล้ว' });
  const main = caseRecord({
    caseNumber: 'PHR-2569-0001',
    urgent: true,
    status: 'closed',
    timeline: [entry('opened', t0), entry('acknowledged', at(5)), mergedFrom('PHR-2569-0002'), relay, info, close],
  });

  it('when the main case closes, then the follower reads the outcome, never the note, the relay or the other reporter\'s words', () => {
    const messages = followerUpdateMessages(main, close as TimelineEntry & { kind: 'closed' }, 'PHR-2569-0002', 'ศรส.จ.แพร่');
    const said = messages.map(readable).join('\n');
    expect({
      copy: said.includes('เรื่อง PHR-2569-0002 ที่คุณแจ้งไว้ รวมอยู่ในเรื่อง PHR-2569-0001'),
      outcome: said.includes(OUTCOME_LABELS.resolved),
      private: ['สมชาย', 'บ้านเลขที่ 9', 'ห้องนอน', 'PHR-2569-0002 เข้ามา', 'คุณส่งข้อมูลเพิ่มเติม'].filter((w) => said.includes(w)),
      buttons: messages.flatMap(quickReplyData),
      limits: checkMessages(messages),
    }).toEqual({ copy: true, outcome: true, private: [], buttons: ['u:reopen:PHR-2569-0002'], limits: [] });
  });

  it('when the follower asks to see the main case, then the same lifecycle-only view is shown', () => {
    const said = followerViewMessages(main, 'PHR-2569-0002').map(readable).join('\n');
    expect([said.includes('เจ้าหน้าที่รับเรื่องแล้ว'), said.includes('สมชาย'), said.includes('ห้องนอน')]).toEqual([true, false, false]);
  });

  describe('every step names the case their report was joined with', () => {
    const MAIN = 'PHR-2569-0001';
    const COPY = 'PHR-2569-0002';
    const referred = entry('referred', at(30), { text: 'โรงพยาบาลแพร่' });
    const started = entry('in_progress', at(40));
    const steps = caseRecord({
      caseNumber: MAIN,
      urgent: false,
      timeline: [entry('opened', t0), mergedFrom(COPY), entry('acknowledged', at(20)), referred, started, relay, info, close],
    });
    const read = (e: TimelineEntry, c = steps) => followerUpdateMessages(c, e as TimelineEntry & { kind: 'closed' }, COPY, 'ศรส.จ.แพร่');
    const altOf = (m: ReturnType<typeof read>) => (m[0] as { altText?: string }).altText;

    it.each([
      ['acknowledged', steps.timeline[2]!, `เจ้าหน้าที่รับเรื่อง ${MAIN} ที่รวมเรื่องของคุณไว้แล้ว`, 'รับเรื่องแล้ว'],
      ['referred', referred, `เรื่อง ${MAIN} ที่รวมเรื่องของคุณไว้ ส่งต่อหน่วยงานแล้ว`, 'ส่งต่อหน่วยงานแล้ว'],
      ['in_progress', started, `เรื่อง ${MAIN} ที่รวมเรื่องของคุณไว้ กำลังดำเนินการ`, 'กำลังดำเนินการ'],
      ['closed', close, `เรื่อง ${MAIN} ที่รวมเรื่องของคุณไว้ ปิดแล้ว`, 'ปิดเรื่องแล้ว'],
    ])('when the main case is %s, then the title says so of the case their report joined, and the preview names both numbers', (_kind, e, title, status) => {
      const m = read(e);
      const said = m.map(readable).join('\n');
      expect({
        title: said.includes(title),
        generic: ['เรื่องของคุณปิดแล้ว', 'เรื่องของคุณกำลังดำเนินการ', 'เรื่องของคุณส่งต่อหน่วยงานแล้ว', 'เจ้าหน้าที่รับเรื่องของคุณแล้ว'].filter((w) => said.includes(w)),
        preview: altOf(m)?.startsWith(`เรื่อง ${COPY} ของคุณ (รวมกับเรื่อง ${MAIN}): `) && altOf(m)?.includes(status),
        private: ['สมชาย', 'บ้านเลขที่ 9', 'ห้องนอน'].filter((w) => said.includes(w)),
        limits: checkMessages(m),
      }).toEqual({ title: true, generic: [], preview: true, private: [], limits: [] });
    });

    it('when the main case closes, then the follower is told their own report can still be reopened', () => {
      const said = read(close).map(readable).join('\n');
      expect(said).toContain(`เรื่อง ${COPY} ที่คุณแจ้งไว้ รวมอยู่ในเรื่อง ${MAIN} ค่ะ เรื่องนั้นปิดแล้ว หากคุณยังต้องการความช่วยเหลือ แตะ "ยังไม่ได้รับการแก้ไข" ค่ะ`);
    });

    it('when the main case is itself merged into a third case, then the follower reads that it joined that case, not that it closed', () => {
      const on = entry('closed', at(70), { outcome: 'duplicate', mergedInto: 'PHR-2569-0009' });
      const said = read(on, { ...steps, timeline: [...steps.timeline.slice(0, 4), on] }).map(readable).join('\n');
      expect([said.includes(`เรื่อง ${MAIN} ที่รวมเรื่องของคุณไว้ รวมกับเรื่อง PHR-2569-0009 แล้ว`), said.includes('หากคุณยังต้องการความช่วยเหลือ')]).toEqual([true, false]);
    });

    it('when the follower asks to see the main case, then its title names it as the case their report joined', () => {
      const m = followerViewMessages(steps, COPY);
      expect([m.map(readable).join('\n').includes(`สถานะเรื่อง ${MAIN} ที่รวมเรื่องของคุณไว้`), altOf(m)?.startsWith(`เรื่อง ${COPY} ของคุณ (รวมกับเรื่อง ${MAIN})`)]).toEqual([true, true]);
    });
  });

  it('when the entry is a relay or the reporter\'s own, then no follower is told', () => {
    expect([isFollowerUpdate(relay), isFollowerUpdate(info), isFollowerUpdate(close)]).toEqual([false, false, true]);
  });
});
