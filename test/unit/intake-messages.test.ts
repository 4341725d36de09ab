import type { messagingApi } from '@line/bot-sdk';
import type { Message } from '../../src/bot/context';
import type { CaseRecord } from '../../src/cases/types';
import { renderSay, stepActions, type RenderContext } from '../../src/intake/views';
import { INTAKE_DATA } from '../../src/intake/steps';
import type { Say, Step } from '../../src/intake/types';
import { checkMessages } from '../../src/line/limits';
import { SETTINGS, Talk } from '../helpers/intake-talk';

const CENTER = 'ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดแพร่ (ศรส.จ.แพร่)';

const ctxOf = (t: Talk, opened?: Partial<CaseRecord>): RenderContext => ({
  state: t.state,
  province: SETTINGS.province,
  centerName: CENTER,
  timeoutMinutes: 30,
  opened: opened as CaseRecord | undefined,
});

/** Every reply of a conversation, rendered as the service would. */
function rendered(script: (t: Talk) => void): Message[][] {
  const t = new Talk();
  const out: Message[][] = [];
  const orig = t.send.bind(t);
  t.send = (...args) => {
    const d = orig(...args);
    for (const e of d.effects) {
      if (e.kind === 'reply' || e.kind === 'push') {
        out.push(renderSay(e.say, ctxOf(t, { caseNumber: t.state.caseNumber, urgent: true, status: 'new', phone: '0812345678' })));
      }
    }
    return d;
  };
  script(t);
  return out;
}

const SCRIPTS: Record<string, (t: Talk) => void> = {
  'the whole report with every re-prompt and help': (t) => {
    t.send({ kind: 'follow' });
    t.text('สวัสดี');
    t.tap('i:start');
    for (const step of ['problem'] as Step[]) {
      t.tap(INTAKE_DATA.help);
      t.text('อะไรนะ');
      t.answer(step, 'violence');
    }
    t.tap(INTAKE_DATA.help);
    t.send({ kind: 'other' });
    t.pin({ lat: 18.79, lng: 98.98, address: '1 ต.ศรีภูมิ อ.เมืองเชียงใหม่ จ.เชียงใหม่ 50200' });
    t.tap(INTAKE_DATA.help);
    t.text('อะไรนะ');
    t.tap(INTAKE_DATA.back);
    t.text('หลังตลาด');
    t.text('อะไรนะ');
    t.answer('district', '5402');
    t.tap(INTAKE_DATA.help);
    t.text('อะไรนะ');
    t.answer('target', 'disabled');
    t.tap(INTAKE_DATA.help);
    t.text('อะไรนะ');
    t.answer('sex', 'unspecified');
    t.tap(INTAKE_DATA.help);
    t.text('ก'.repeat(1200));
    t.send({ kind: 'media', messageId: 'm1', type: 'image' });
    t.text('รายละเอียด '.repeat(90));
    t.tap(INTAKE_DATA.help);
    t.text('12');
    t.text('0812345678');
    t.tap(INTAKE_DATA.help);
    t.text('อะไรนะ');
    t.tap(INTAKE_DATA.edit);
    t.tap(INTAKE_DATA.help);
    t.text('อะไรนะ');
    t.answer('edit', 'summary');
    t.confirm();
    t.confirm();
  },
  'a proposed district and a cancel': (t) => {
    t.tap('i:start');
    t.answer('problem', 'income');
    t.pin({ lat: 18.2847, lng: 100.1722 });
    t.text('อะไรนะ');
    t.tap(INTAKE_DATA.cancel);
    t.tap(INTAKE_DATA.confirm('intake:E1'));
  },
  'an SOS with every follow-up and a timeout': (t) => {
    t.tap('i:sos');
    t.tap(INTAKE_DATA.help);
    t.send({ kind: 'other' });
    t.pin();
    t.tap(INTAKE_DATA.help);
    t.answer('problem', 'skip');
    t.answer('target', 'child');
    t.send({ kind: 'timeout' }, 31 * 60_000);
    t.text('แจ้งเหตุ');
    t.send({ kind: 'timeout' }, 31 * 60_000);
  },
  'SOS without pin and without a place, a cancel asked on the summary of a report': (t) => {
    t.tap('i:sos');
    t.answer('sosPin', 'nopin');
    t.text('ไม่รู้');
    t.tap(INTAKE_DATA.cancel);
    t.tap('i:start');
    t.answer('problem', 'other');
    t.text('หลังตลาด');
    t.answer('district', 'unknown');
    t.text('๒');
    t.text('ผู้ชาย');
    t.answer('details', 'skip');
    t.answer('phone', 'skip');
    t.tap(INTAKE_DATA.cancel);
    t.tap(INTAKE_DATA.help);
    t.answer('cancelConfirm', 'summary');
    t.tap(INTAKE_DATA.cancel);
    t.answer('cancelConfirm', 'discard');
  },
  'SOS while an urgent case is open, and follow-ups of a case closed meanwhile': (t) => {
    t.openUrgentCase = 'PHR-2569-0009';
    t.pin();
    t.text('ช่วยด้วย');
    t.answer('sosPin', 'nopin');
    t.openUrgentCase = undefined;
    t.pin({ lat: 18.07, lng: 99.83 });
    t.caseStatus = 'acknowledged';
    t.text('ยังรออยู่');
    t.caseStatus = 'closed';
    t.text('ขอบคุณ');
  },
  'an expired report': (t) => {
    t.tap('i:start');
    t.answer('problem', 'income', 40 * 60_000);
  },
  'SOS without pin, followed to the end': (t) => {
    t.text('ช่วยด้วย');
    t.answer('sosPin', 'nopin');
    t.tap(INTAKE_DATA.help);
    t.text('หน้าวัดห้วยอ้อ ' + 'ซอยเล็ก '.repeat(60));
    t.text('ตอนนี้รออยู่หน้าบ้าน');
    t.send({ kind: 'other' });
    t.send({ kind: 'media', messageId: 'm3', type: 'audio' });
    t.pin();
    t.text('ไม่มีเงินซื้อข้าว');
    t.answer('problem', 'family');
    t.answer('target', 'adult');
    t.answer('sex', 'male');
    t.answer('details', 'skip');
    t.answer('phone', 'line');
  },
};

describe.each(Object.entries(SCRIPTS))('intake messages: %s', (_name, script) => {
  const replies = rendered(script);

  test('when every reply is checked against LINE limits, then none breaks one', () => {
    expect({ replies: replies.length >= 2, problems: replies.flatMap((r) => checkMessages(r)) }).toEqual({ replies: true, problems: [] });
  });

  test('when every reply is serialised, then no template slot or {name} is left unfilled', () => {
    expect(replies.map((r) => JSON.stringify(r)).filter((s) => /\$\{|\{[a-zA-Z]+\}/.test(s))).toEqual([]);
  });

  test('when a reply has quick replies, then only its last message carries them', () => {
    expect(replies.filter((r) => r.slice(0, -1).some((m) => 'quickReply' in m && m.quickReply))).toEqual([]);
  });
});

type QR = messagingApi.QuickReplyItem;
const lastQuickReply = (messages: Message[]): QR[] => {
  const last = messages[messages.length - 1] as { quickReply?: { items: QR[] } };
  return last.quickReply?.items ?? [];
};

function talkAt(step: Step): Talk {
  const t = new Talk();
  t.tap('i:start');
  const path: [Step, string][] = [
    ['problem', 'income'],
    ['location', ''],
    ['district', 'yes'],
    ['target', 'elderly'],
    ['sex', 'female'],
    ['details', 'skip'],
    ['phone', 'line'],
  ];
  for (const [s, v] of path) {
    if (s === step) return t;
    if (s === 'location') t.pin({ lat: 18.14, lng: 100.14 });
    else t.answer(s, v);
  }
  return t;
}

describe('intake messages: every step answerable by a tap', () => {
  test.each<Step>(['problem', 'location', 'district', 'target', 'sex', 'details', 'phone'])(
    'when %s is asked, then its message offers quick replies including cancel and help',
    (step) => {
      const t = talkAt(step);
      const labels = lastQuickReply(renderSay([{ t: 'ask', step }], ctxOf(t))).map((i) => i.action?.label);
      expect(labels).toEqual(expect.arrayContaining(['ยกเลิก', 'ช่วยเหลือ']));
    },
  );

  test('when the location is asked, then the first quick reply opens the location picker', () => {
    const t = talkAt('location');
    expect(lastQuickReply(renderSay([{ t: 'ask', step: 'location' }], ctxOf(t)))[0]?.action).toEqual({ type: 'location', label: '📍 ปักหมุด' });
  });

  test('when the district is proposed, then "yes" comes first and all 8 districts can be reached', () => {
    const t = talkAt('district');
    const actions = stepActions('district', ctxOf(t));
    expect([actions[0]?.label, actions.length]).toEqual(['ใช่ อ.เมืองแพร่', 12]);
  });

  test('when the main menu is shown, then its bubble has report, track, SOS and a tel:1300 button', () => {
    const [menu] = renderSay([{ t: 'menu' }], ctxOf(new Talk()));
    const json = JSON.stringify(menu);
    expect([json.includes('"data":"i:start"'), json.includes('"data":"u:track"'), json.includes('"data":"i:sos"'), json.includes('"uri":"tel:1300"')]).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  test('when the call buttons are shown, then they dial 1300 and 191', () => {
    const [call] = renderSay([{ t: 'call' }], ctxOf(new Talk()));
    expect(JSON.stringify(call).match(/tel:\d+/g)).toEqual(['tel:1300', 'tel:191']);
  });

  test('when the summary is shown, then its confirm button carries the intake id', () => {
    const t = talkAt('phone');
    t.answer('phone', 'line');
    const [summary] = renderSay([{ t: 'summary' }], ctxOf(t));
    expect(JSON.stringify(summary)).toContain('"data":"i:ok:intake:E1"');
  });

  test('when the case is opened, then the reply names the case number and what happens next', () => {
    const t = new Talk();
    const [msg] = renderSay([{ t: 'opened' } as Say], ctxOf(t, { caseNumber: 'PHR-2569-0042', urgent: false, status: 'new' }));
    expect([JSON.stringify(msg).includes('PHR-2569-0042'), JSON.stringify(msg).includes('เจ้าหน้าที่เวรจะรับเรื่อง')]).toEqual([true, true]);
  });

  test('when six messages are asked for, then only the last five are sent', () => {
    const say: Say[] = [{ t: 'welcome' }, { t: 'privacy' }, { t: 'call' }, { t: 'stale' }, { t: 'cancelled' }, { t: 'menu' }];
    expect(renderSay(say, ctxOf(new Talk()))).toHaveLength(5);
  });
});
