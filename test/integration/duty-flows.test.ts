import { mongo } from 'mongoose';
import type { Message } from '../../src/bot/context';
import type { CaseService } from '../../src/cases/store';
import { dutyPostback } from '../../src/duty/commands';
import { createEnrollCode } from '../../src/duty';
import { dutyGroupModel } from '../../src/duty/store';
import { checkMessages } from '../../src/line/limits';
import { bkk, openCase, startDutyWorld, textOf, type DutyWorld } from '../helpers/duty-fakes';
import { postbackEvent, textEvent } from '../helpers/line';

/** Issue 9 and 10 flows of the duty queue, through the real duty feature, case service and database. */

const GROUP = 'Cflows00000000000000000000000001';
const A = 'Uofficer_a0000000000000000000009';
const T0 = bkk('10:00');
const at = (min: number) => T0.getTime() + min * 60_000;

let w: DutyWorld;
beforeAll(async () => {
  w = await startDutyWorld('duty_flows', { DUTY_GROUP_ID: GROUP });
  w.profiles.names.set(A, 'สมหญิง');
});
afterAll(() => w.stop());
beforeEach(() => w.outbox.clear());

/** Everything the duty feature said in reply to one event (validated against LINE's limits). */
async function say(event: Parameters<DutyWorld['send']>[0], world = w): Promise<Message[]> {
  await world.send(event);
  const replies = world.outbox.items.filter((i) => i.id.startsWith(`${event.webhookEventId}:r`)).flatMap((i) => i.messages);
  expect(checkMessages(replies.length ? replies : [{ type: 'text', text: '-' }])).toEqual([]);
  return replies;
}
const typed = (text: string, min = 1, userId = A, groupId = GROUP) => textEvent({ groupId, userId, text, timestamp: at(min) });
const tapped = (data: string, min = 1, userId = A) => postbackEvent({ groupId: GROUP, userId, data, timestamp: at(min) });
const short = (caseNumber: string) => String(Number(caseNumber.slice(-4)));

async function acknowledged(): Promise<string> {
  const c = await openCase(w, T0);
  await w.send(tapped(dutyPostback.ack(c.caseNumber), 1));
  return c.caseNumber;
}

describe('short numbers', () => {
  test('when an officer types รับเรื่อง with the short number in Thai digits, then that case is acknowledged', async () => {
    const c = await openCase(w, T0);
    const thai = short(c.caseNumber).replace(/\d/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)]);
    await say(typed(`รับเรื่อง ${thai}`));
    expect((await w.cases.get(c.caseNumber))?.status).toBe('acknowledged');
  });

  test('when เรื่อง <short number> is typed for an acknowledged case, then its card carries the steps it allows now', async () => {
    const no = await acknowledged();
    const [card] = await say(typed(`เรื่อง ${short(no)}`, 2));
    const s = JSON.stringify(card);
    expect([s.includes(`d:start:${no}`), s.includes(`d:close:${no}`), s.includes(`d:ack:${no}`)]).toEqual([true, true, false]);
  });
});

test('when a citizen answers "ตอบ 2 ค่ะ" in their 1:1 chat, then the duty feature leaves it to the others', async () => {
  expect(await w.send(textEvent({ userId: 'Ucitizen000000000000000000000009', text: 'ตอบ 2 ค่ะ', timestamp: at(1) }))).toBe(false);
});

describe('the agency typed after ส่งต่อหน่วยงาน', () => {
  test('when the officer taps ส่งต่อหน่วยงาน and types an agency, then the case is referred to it', async () => {
    const no = await acknowledged();
    await say(tapped(dutyPostback.refer(no), 2));
    await say(typed('มูลนิธิพิทักษ์สตรีและเด็ก', 3));
    expect(await w.cases.get(no)).toMatchObject({ status: 'referred', referredTo: 'มูลนิธิพิทักษ์สตรีและเด็ก' });
  });

  test('when the typed agency is too long, then the officer is asked again and the next, shorter one refers the case', async () => {
    const no = await acknowledged();
    await say(tapped(dutyPostback.refer(no), 2));
    const [again] = await say(typed('ก'.repeat(5000), 3));
    await say(typed('สถานีตำรวจภูธรลอง', 4));
    const after = await w.cases.get(no);
    expect([textOf(again).includes('ไม่เกิน 120'), after?.referredTo]).toEqual([true, 'สถานีตำรวจภูธรลอง']);
  });

  test('when a relay is over 2,000 characters, then it is refused with a re-prompt and the reporter gets nothing', async () => {
    const no = await acknowledged();
    const [m] = await say(typed(`ตอบ ${no} ${'ข'.repeat(2001)}`, 2));
    const relays = (await w.cases.get(no))?.timeline.filter((e) => e.kind === 'relay');
    expect([textOf(m).includes('ไม่เกิน 2,000'), relays]).toEqual([true, []]);
  });
});

describe('merging a duplicate (contract 1)', () => {
  test('when ปิดเรื่อง → ซ้ำ/รวมกับเรื่องอื่น → the short number of the main case, then the copy closes into it and both timelines say so', async () => {
    const main = await acknowledged();
    const copy = await acknowledged();
    await say(tapped(dutyPostback.close(copy), 2));
    const [question] = await say(tapped(dutyPostback.close(copy, 'duplicate'), 3));
    const [told] = await say(typed(short(main), 4));
    const [c, m] = [await w.cases.get(copy), await w.cases.get(main)];
    expect({
      asked: textOf(question).includes('เลขที่เรื่องหลัก'),
      told: textOf(told),
      copy: [c?.status, c?.outcome, c?.mergedInto, c?.timeline.at(-1)?.kind, c?.timeline.at(-1)?.mergedInto],
      main: [m?.status, m?.timeline.at(-1)?.kind, m?.timeline.at(-1)?.text],
    }).toEqual({
      asked: true,
      told: `สมหญิง รวมเรื่อง ${copy} เข้ากับเรื่อง ${main} แล้ว (ปิด ${copy} เป็นเรื่องซ้ำ ดำเนินการต่อที่ ${main})`,
      copy: ['closed', 'duplicate', main, 'closed', main],
      main: ['acknowledged', 'merged_from', copy],
    });
  });

  test('when รวม <copy> <main> is typed for a copy nobody acknowledged, then it closes and its escalation announces nothing', async () => {
    const main = await acknowledged();
    const copy = (await openCase(w, T0)).caseNumber;
    await say(typed(`รวม ${short(copy)} ${short(main)}`, 2));
    const [timer] = w.timers.ids(`escalate:${copy}:`);
    w.outbox.clear();
    await w.timers.fire(timer);
    expect([(await w.cases.get(copy))?.outcome, w.outbox.items]).toEqual(['duplicate', []]);
  });

  test('when the same merge is processed twice, then each timeline says it once', async () => {
    const main = await acknowledged();
    const copy = await acknowledged();
    const e = typed(`รวม ${copy} ${main}`, 2);
    await w.send(e);
    await w.send(e);
    const [c, m] = [await w.cases.get(copy), await w.cases.get(main)];
    expect([c?.timeline.filter((x) => x.kind === 'closed').length, m?.timeline.filter((x) => x.kind === 'merged_from').length]).toEqual([1, 1]);
  });

  test('when the main case is closed, then the merge is refused and the copy stays open', async () => {
    const main = await acknowledged();
    await w.send(typed(`ปิด ${main} ช่วยเหลือแล้ว เรียบร้อย`, 2));
    const copy = await acknowledged();
    const [m] = await say(typed(`รวม ${copy} ${main}`, 3));
    expect([textOf(m), (await w.cases.get(copy))?.status]).toEqual([`เรื่องหลัก ${main} ปิดไปแล้ว จึงรวมเรื่องเข้าไม่ได้ กรุณาเลือกเรื่องที่ยังดำเนินการอยู่`, 'acknowledged']);
  });
});

describe('old cards', () => {
  test('when รับเรื่อง is tapped on an old card after the case moved on, then the answer offers the steps allowed now', async () => {
    const no = await acknowledged();
    await w.send(tapped(dutyPostback.start(no), 2));
    const [m] = await say(tapped(dutyPostback.ack(no), 3, 'Uofficer_b0000000000000000000009'));
    expect([textOf(m), JSON.stringify(m.quickReply).includes(`d:close:${no}`)]).toEqual([`เรื่อง ${no} มีผู้รับเรื่องแล้ว: สมหญิง`, true]);
  });
});

// Issue 10: run() caught every error, so a database hiccup during รับเรื่อง was answered "failed" and
// the event marked done, never retried.
describe('a transient database failure', () => {
  let flaky: DutyWorld;
  let failNext = 0;
  beforeAll(async () => {
    const wrap = (cases: CaseService): CaseService => ({
      ...cases,
      act: async (...args) => {
        if (failNext > 0) {
          failNext--;
          throw new mongo.MongoNetworkError('connection reset');
        }
        return cases.act(...args);
      },
    });
    flaky = await startDutyWorld('duty_flows_flaky', { DUTY_GROUP_ID: GROUP }, undefined, { wrapCases: wrap });
    flaky.profiles.names.set(A, 'สมหญิง');
  });
  afterAll(() => flaky.stop());

  test('when the database fails during รับเรื่อง, then the event is retried, the case is acknowledged once and answered once', async () => {
    const c = await openCase(flaky, T0);
    const e = typed(`รับเรื่อง ${c.caseNumber}`, 1);
    failNext = 1;
    const first = await flaky.send(e).then(
      () => 'answered',
      () => 'thrown for the inbox to retry',
    );
    await flaky.send(e); // the inbox's retry of the same event
    const after = await flaky.cases.get(c.caseNumber);
    const answers = flaky.outbox.items.filter((i) => i.id.startsWith(`${e.webhookEventId}:r`)).flatMap((i) => i.messages.map(textOf));
    expect({ first, acks: after?.timeline.filter((x) => x.kind === 'acknowledged').length, answers: answers.filter(Boolean) }).toEqual({
      first: 'thrown for the inbox to retry',
      acks: 1,
      answers: [`สมหญิง รับเรื่อง ${c.caseNumber} แล้ว`],
    });
  });
});

describe('enrolment codes (issue 10)', () => {
  const ROGUE = 'Crogue0000000000000000000000001';
  const code = (text: string, min: number) => textEvent({ groupId: ROGUE, userId: A, text: `ลงทะเบียนกลุ่ม ${text}`, timestamp: at(min) });

  test('when a group types five wrong codes in ten minutes, then it is locked out for thirty minutes, told once, even a good code is not tried', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) answers.push(textOf((await say(code(`WRNG-000${i}`, i)))[0]));
    const silent = await say(code('WRNG-0009', 6));
    const { code: good } = await createEnrollCode(w.conn, { role: 'day', ttlMinutes: 120, now: new Date(at(0)) });
    const duringLockout = await say(code(good, 10));
    const registeredDuring = await dutyGroupModel(w.conn).countDocuments({ groupId: ROGUE });
    const after = await say(code(good, 35));
    expect({
      first4: answers.slice(0, 4).every((t) => t.includes('รหัสลงทะเบียนไม่ถูกต้อง')),
      fifth: answers[4].includes('30 นาที'),
      silent: silent.length,
      duringLockout: duringLockout.length,
      registeredDuring,
      after: textOf(after[0]).includes('ลงทะเบียนสำเร็จ'),
    }).toEqual({ first4: true, fifth: true, silent: 0, duringLockout: 0, registeredDuring: 0, after: true });
  });
});

test('when the main case typed for a merge does not exist, then the officer is told and can type the right one next', async () => {
  const main = await acknowledged();
  const copy = await acknowledged();
  await say(tapped(dutyPostback.close(copy, 'duplicate'), 2));
  const [m] = await say(typed('9999', 3));
  await say(typed(main, 4));
  expect([textOf(m), (await w.cases.get(copy))?.mergedInto]).toEqual([`ไม่พบเรื่องเลขที่ ${main.slice(0, -4)}9999`, main]);
});
