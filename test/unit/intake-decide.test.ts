import { provinceData } from '../../src/cases/geo';
import { decide, idleTimerId, initialState, timeoutTimerId } from '../../src/intake/decide';
import { INTAKE_DATA } from '../../src/intake/steps';
import type { IntakeInput, Step } from '../../src/intake/types';
import { PHRAE_ADDRESS, PHRAE_PIN, SETTINGS, T0, Talk } from '../helpers/intake-talk';

const MIN = 60_000;
const sticker: IntakeInput = { kind: 'other' };

/** A report walked to `step` along the happy path (a pin without address, so the district is asked). */
function at(step: Step): Talk {
  const t = new Talk();
  t.tap('i:start');
  if (step === 'problem') return t;
  t.answer('problem', 'income');
  if (step === 'location') return t;
  t.pin({ ...PHRAE_PIN });
  if (step === 'district') return t;
  t.answer('district', 'yes');
  if (step === 'target') return t;
  t.answer('target', 'elderly');
  if (step === 'sex') return t;
  t.answer('sex', 'female');
  if (step === 'details') return t;
  t.answer('details', 'skip');
  if (step === 'phone') return t;
  t.answer('phone', 'line');
  if (step === 'summary') return t;
  t.tap(INTAKE_DATA.edit);
  return t;
}

/** An SOS case opened by a pin, now in its optional follow-up questions. */
function sos(): Talk {
  const t = new Talk();
  t.pin();
  return t;
}

describe('intake conversation: entry', () => {
  test('when a user follows, then they get a welcome, the privacy notice and the main menu', () => {
    const t = new Talk();
    t.send({ kind: 'follow' });
    expect(t.saidKinds).toEqual(['welcome', 'privacy', 'menu']);
  });

  test('when a user with nothing in progress writes anything, then they get the main menu', () => {
    const t = new Talk();
    t.text('สวัสดีค่ะ');
    expect(t.saidKinds).toEqual(['menu']);
  });

  test.each([['แจ้งเหตุ'], [' แจ้ง เหตุ '], ['แจ้งเรื่อง'], ['ขอความช่วยเหลือ']])(
    'when a user types "%s", then the report starts at the problem type',
    (word) => {
      const t = new Talk();
      t.text(word);
      expect(t.saidKinds).toEqual(['ask:problem']);
    },
  );

  test('when the rich menu posts i:start, then a report starts with an intake id from the event id', () => {
    const t = new Talk();
    t.tap('i:start');
    expect(t.state).toMatchObject({ status: 'active', mode: 'report', step: 'problem', intakeId: 'intake:E1' });
  });

  test('when a user types "ขอความช่วยเหลือด่วน", then the call buttons and the pin question come', () => {
    const t = new Talk();
    t.text('ขอความช่วยเหลือด่วน');
    expect(t.saidKinds).toEqual(['call', 'ask:sosPin']);
  });

  test('when a user unfollows mid-report, then the session ends silently', () => {
    const t = at('target');
    t.send({ kind: 'unfollow' });
    expect([t.state.status, t.said]).toEqual(['cancelled', []]);
  });
});

describe('intake conversation: each step', () => {
  test.each<[string, Step, (t: Talk) => unknown, string[]]>([
    ['a problem type', 'problem', (t) => t.answer('problem', 'income'), ['ask:location']],
    ['a typed problem type', 'problem', (t) => t.text('ครอบครัว'), ['ask:location']],
    ['violence', 'problem', (t) => t.answer('problem', 'violence'), ['call', 'ask:location(urgent)']],
    ['health/emergency', 'problem', (t) => t.answer('problem', 'health'), ['call', 'ask:location(urgent)']],
    ['a pin with LINE address', 'location', (t) => t.pin(), ['ask:target(placed)']],
    ['a pin without address', 'location', (t) => t.pin({ ...PHRAE_PIN }), ['ask:district']],
    ['a typed address naming the district', 'location', (t) => t.text('บ้านเลขที่ 9 หมู่ 2 อ.ลอง'), ['ask:target(placed)']],
    // No province in the words: which province is asked (region → province), never assumed to be ours.
    ['a typed address without district', 'location', (t) => t.text('หลังตลาดเช้า'), ['ask:region']],
    ['yes to the proposal', 'district', (t) => t.answer('district', 'yes'), ['ask:target']],
    ['another district', 'district', (t) => t.answer('district', '5406'), ['ask:target']],
    ['a typed district', 'district', (t) => t.text('อ.วังชิ้น'), ['ask:target']],
    ['a target group', 'target', (t) => t.answer('target', 'disabled'), ['ask:sex']],
    ['a typed target group', 'target', (t) => t.text('ผู้สูงอายุ'), ['ask:sex']],
    ['a sex', 'sex', (t) => t.answer('sex', 'male'), ['ask:details']],
    ['a number from the list', 'sex', (t) => t.text('3'), ['ask:details']],
    ['details text', 'details', (t) => t.text('ยายอยู่คนเดียว ไม่มีคนดูแล'), ['ask:phone']],
    ['skip details', 'details', (t) => t.answer('details', 'skip'), ['ask:phone']],
    ['a photo', 'details', (t) => t.send({ kind: 'media', messageId: 'm1', type: 'image' }), ['ask:details(received)']],
    ['a phone number', 'phone', (t) => t.text('081-234-5678'), ['summary']],
    ['contact through LINE', 'phone', (t) => t.answer('phone', 'line'), ['summary']],
    ['skip phone', 'phone', (t) => t.answer('phone', 'skip'), ['summary']],
  ])('when the person answers %s at %s, then the next question comes', (_name, step, act, kinds) => {
    const t = at(step);
    act(t);
    expect(t.saidKinds).toEqual(kinds);
  });

  test('when the pin has LINE address text, then its district and province are stored', () => {
    const t = at('location');
    t.pin();
    expect(t.state.answers.location).toEqual({ ...PHRAE_PIN, district: 'เมืองแพร่', districtCode: '5401', province: 'แพร่', address: PHRAE_ADDRESS });
  });

  test('when a pin without address is near Long, then Long is proposed', () => {
    const t = at('location');
    t.pin({ lat: 18.07, lng: 99.83 });
    expect(t.state.answers.proposedDistrictCode).toBe('5403');
  });

  test('when another district is picked, then the location holds that district', () => {
    const t = at('district');
    t.answer('district', '5408');
    expect(t.state.answers.location).toMatchObject({ district: 'หนองม่วงไข่', districtCode: '5408', province: 'แพร่' });
  });

  test('when the district is unknown, then the location stays in the province without a district', () => {
    const t = at('location');
    t.text('หลังตลาดเช้า');
    t.answer('region', 'Northern');
    t.answer('province', '54');
    t.answer('district', 'unknown');
    expect(t.state.answers.location).toEqual({ address: 'หลังตลาดเช้า', province: 'แพร่' });
  });

  test('when a pin is in another province, then it is kept with that province and its district, and the intake flags nothing (the case router does)', () => {
    const t = at('location');
    t.pin({ lat: 18.79, lng: 98.98, address: '1 ต.ศรีภูมิ อ.เมืองเชียงใหม่ จ.เชียงใหม่ 50200' });
    expect(t.saidKinds).toEqual(['ask:target(placed)']);
    expect(t.state.answers.location).toEqual({
      lat: 18.79,
      lng: 98.98,
      address: '1 ต.ศรีภูมิ อ.เมืองเชียงใหม่ จ.เชียงใหม่ 50200',
      province: 'เชียงใหม่',
      district: 'เมืองเชียงใหม่',
      districtCode: '5001',
    });
  });

  test('when a pin far from the home province has no address, then its province comes from the map and its districts are asked', () => {
    const t = at('location');
    t.pin({ lat: 13.75, lng: 100.5 });
    expect(t.saidKinds).toEqual(['ask:district']);
    expect(t.state.answers.location).toEqual({ lat: 13.75, lng: 100.5, province: 'กรุงเทพมหานคร' });
  });

  test('when a photo and a voice message are sent, then both are kept by message id', () => {
    const t = at('details');
    t.send({ kind: 'media', messageId: 'm1', type: 'image' });
    t.send({ kind: 'media', messageId: 'm2', type: 'audio' });
    t.answer('details', 'done');
    expect(t.state.answers.attachments).toEqual([
      { messageId: 'm1', type: 'image' },
      { messageId: 'm2', type: 'audio' },
    ]);
  });

  test('when a typed phone uses +66 and spaces, then it is stored in national form', () => {
    const t = at('phone');
    t.text('+66 81 234 5678');
    expect(t.state.answers.phone).toBe('0812345678');
  });

  test('when the summary is confirmed, then one case is opened with every answer', () => {
    const t = at('target');
    t.answer('target', 'child');
    t.answer('sex', 'male');
    t.text('เด็กถูกทิ้งไว้ที่บ้าน');
    t.text('0812345678');
    t.confirm();
    expect(t.effects('openCase')).toEqual([
      {
        kind: 'openCase',
        sourceId: 'intake:E1',
        draft: {
          channel: 'ess_help_me',
          reporterUserId: 'U-talk',
          problemTypes: ['income'],
          urgent: false,
          sos: false,
          targetGroup: 'child',
          sex: 'male',
          location: { lat: PHRAE_PIN.lat, lng: PHRAE_PIN.lng, district: 'เมืองแพร่', districtCode: '5401', province: 'แพร่' },
          details: 'เด็กถูกทิ้งไว้ที่บ้าน',
          attachments: [],
          phone: '0812345678',
        },
      },
    ]);
  });

  test('when the summary is confirmed, then the reply is the opened-case message and the session ends', () => {
    const t = at('summary');
    t.confirm();
    expect([t.saidKinds, t.state.status, t.state.caseNumber]).toEqual([['opened'], 'submitted', 'PHR-2569-0001']);
  });

  test('when violence is chosen, then the opened case is urgent', () => {
    const t = new Talk();
    t.tap('i:start');
    t.answer('problem', 'violence');
    t.pin();
    t.answer('target', 'adult');
    t.answer('sex', 'female');
    t.answer('details', 'skip');
    t.answer('phone', 'skip');
    t.confirm();
    expect(t.effects('openCase')[0]?.draft.urgent).toBe(true);
  });
});

describe('intake conversation: re-prompts', () => {
  const choiceSteps: Step[] = ['problem', 'district', 'target', 'sex', 'summary', 'edit'];
  const allSteps: Step[] = ['problem', 'location', 'district', 'target', 'sex', 'details', 'phone', 'summary', 'edit'];

  test.each(choiceSteps)('when the typed answer fits no choice at %s, then the same question is asked again with the choices', (step) => {
    const t = at(step);
    const before = t.state;
    t.text('อะไรนะ');
    expect([t.saidKinds, t.state.step, t.state.answers]).toEqual([[`ask:${step}(notUnderstood)`], step, before.answers]);
  });

  test.each(allSteps)('when a sticker is sent at %s, then the same question is asked again', (step) => {
    const t = at(step);
    t.send(sticker);
    expect(t.saidKinds).toEqual([`ask:${step}(notUnderstood)`]);
  });

  test.each(allSteps.filter((s) => s !== 'sex'))('when an old button of another step is tapped at %s, then the question is asked again', (step) => {
    const t = at(step);
    t.answer('sex', 'male');
    expect(t.saidKinds).toEqual([`ask:${step}(notUnderstood)`]);
  });

  test('when the problem question gets a photo, then it is asked again', () => {
    const t = at('problem');
    t.send({ kind: 'media', messageId: 'm9', type: 'image' });
    expect(t.saidKinds).toEqual(['ask:problem(notUnderstood)']);
  });

  test('when details are longer than 1,000 characters, then the person is asked to shorten them', () => {
    const t = at('details');
    t.text('ก'.repeat(1001));
    expect([t.saidKinds, t.state.answers.details]).toEqual([['ask:details(tooLong)'], undefined]);
  });

  test('when details are exactly 1,000 characters, then they are accepted', () => {
    const t = at('details');
    t.text('ก'.repeat(1000));
    expect(t.state.answers.details).toHaveLength(1000);
  });

  test.each([['12345'], ['0212'], ['โทรมาได้เลย'], ['1300']])('when "%s" is given as the phone, then the person is asked again', (typed) => {
    const t = at('phone');
    t.text(typed);
    expect(t.saidKinds).toEqual(['ask:phone(badPhone)']);
  });

  test('when a pin is sent at the target question, then the target question is asked again', () => {
    const t = at('target');
    t.pin();
    expect(t.saidKinds).toEqual(['ask:target(notUnderstood)']);
  });
});

describe('intake conversation: back, cancel, help', () => {
  test.each<[Step, Step]>([
    ['location', 'problem'],
    ['district', 'location'],
    ['target', 'district'],
    ['sex', 'target'],
    ['details', 'sex'],
    ['phone', 'details'],
    ['summary', 'phone'],
    ['edit', 'summary'],
  ])('when back is tapped at %s, then %s is asked again', (step, previous) => {
    const t = at(step);
    t.tap(INTAKE_DATA.back);
    expect([t.saidKinds, t.state.step]).toEqual([[previous === 'summary' ? 'ask:summary' : `ask:${previous}`], previous]);
  });

  test('when back is tapped after the district came from the address, then the district list proposes it', () => {
    const t = at('location');
    t.pin();
    t.tap(INTAKE_DATA.back);
    expect([t.state.step, t.state.answers.proposedDistrictCode]).toEqual(['district', '5401']);
  });

  test('when back is tapped at the first question, then the person is back at the main menu', () => {
    const t = at('problem');
    t.tap(INTAKE_DATA.back);
    expect([t.saidKinds, t.state.status]).toEqual([['menu'], 'cancelled']);
  });

  test.each<Step>(['problem', 'location', 'district', 'target', 'sex', 'details', 'phone', 'summary', 'edit'])(
    'when cancel is tapped at %s (and confirmed once on the summary), then the report is cancelled and the menu shown',
    (step) => {
      const t = at(step);
      t.tap(INTAKE_DATA.cancel);
      if (step === 'summary') t.answer('cancelConfirm', 'discard');
      expect([t.saidKinds, t.state.status, t.state.answers]).toEqual([['cancelled', 'menu'], 'cancelled', { attachments: [], skipped: [] }]);
    },
  );

  test.each<Step>(['problem', 'location', 'district', 'target', 'sex', 'details', 'phone', 'summary', 'edit'])(
    'when help is tapped at %s, then the step is explained and nothing else changes',
    (step) => {
      const t = at(step);
      const before = t.state;
      t.tap(INTAKE_DATA.help);
      expect([t.saidKinds, t.state.step, t.state.answers]).toEqual([['help'], before.step, before.answers]);
    },
  );

  test.each([['ยกเลิก', 'cancelled'], ['ย้อนกลับ', 'active'], ['ช่วยเหลือ', 'active']])(
    'when "%s" is typed in the details step, then it works as the button, not as details',
    (word, status) => {
      const t = at('details');
      t.text(word);
      expect([t.state.status, t.state.answers.details]).toEqual([status, undefined]);
    },
  );

  test('when "แจ้งเหตุ" is tapped mid-report, then the report resumes where it was', () => {
    const t = at('sex');
    t.tap('i:start');
    expect([t.saidKinds, t.state.intakeId]).toEqual([['ask:sex(resumed)'], 'intake:E1']);
  });
});

describe('intake conversation: edit from the summary', () => {
  test('when a field is edited, then the summary comes back with the new answer', () => {
    const t = at('summary');
    t.tap(INTAKE_DATA.edit);
    t.answer('edit', 'sex');
    t.answer('sex', 'male');
    expect([t.saidKinds, t.state.step, t.state.answers.sex]).toEqual([['summary'], 'summary', 'male']);
  });

  test('when the location is edited, then the district is asked and then the summary returns', () => {
    const t = at('summary');
    t.tap(INTAKE_DATA.edit);
    t.answer('edit', 'location');
    t.pin({ lat: 18.47, lng: 100.19 });
    t.answer('district', 'yes');
    expect([t.saidKinds, t.state.answers.location?.district]).toEqual([['summary'], 'สอง']);
  });

  test('when back is tapped at the summary after an edit, then the last question comes back', () => {
    const t = at('summary');
    t.tap(INTAKE_DATA.edit);
    t.answer('edit', 'target');
    t.answer('target', 'child');
    t.tap(INTAKE_DATA.back);
    expect(t.state.step).toBe('phone');
  });

  test('when "back to summary" is chosen in the edit list, then the summary returns unchanged', () => {
    const t = at('edit');
    t.answer('edit', 'summary');
    expect([t.saidKinds, t.state.step]).toEqual([['summary'], 'summary']);
  });

  test('when an edited field is left with back, then the edit list comes back', () => {
    const t = at('edit');
    t.answer('edit', 'details');
    t.tap(INTAKE_DATA.back);
    expect(t.state.step).toBe('edit');
  });
});

describe('intake conversation: exactly once', () => {
  test('when the same event is decided twice on the same session, then the decisions are identical', () => {
    const t = at('summary');
    const ev = { eventId: 'E-confirm', input: { kind: 'postback', action: { type: 'confirm', intakeId: 'intake:E1' } } } as const;
    const now = new Date(t.now.getTime() + 1000);
    expect(decide(t.state, ev, now, SETTINGS)).toEqual(decide(t.state, ev, now, SETTINGS));
  });

  test('when confirm is tapped twice, then the second tap opens nothing and names the case', () => {
    const t = at('summary');
    t.confirm();
    t.tap(INTAKE_DATA.confirm('intake:E1'));
    expect([t.effects('openCase'), t.said]).toEqual([[], [{ t: 'alreadySubmitted', caseNumber: 'PHR-2569-0001' }]]);
  });

  test('when an old summary is confirmed during a new report, then it names the old case and the new report goes on', () => {
    const t = at('summary');
    t.confirm();
    t.tap('i:start');
    t.tap(INTAKE_DATA.confirm('intake:E1'));
    expect([t.effects('openCase'), t.saidKinds]).toEqual([[], ['alreadySubmitted', 'ask:problem']]);
  });

  test('when a cancelled report is confirmed from its summary, then nothing opens and the menu is shown', () => {
    const t = at('summary');
    t.tap(INTAKE_DATA.cancel);
    t.answer('cancelConfirm', 'discard');
    t.tap(INTAKE_DATA.confirm('intake:E1'));
    expect([t.effects('openCase'), t.saidKinds]).toEqual([[], ['stale', 'menu']]);
  });
});

describe('intake conversation: timeout', () => {
  test('when a conversation starts, then one idle timer is scheduled at the timeout and recorded in the session', () => {
    const t = new Talk();
    t.tap('i:start');
    const due = new Date(t.now.getTime() + 30 * MIN);
    expect([t.effects('schedule').map((e) => [e.timer.id, e.timer.kind, e.timer.dueAt, e.timer.payload]), t.state.timeoutAt]).toEqual([
      [[idleTimerId('U-talk', due), 'intake-timeout', due, { userId: 'U-talk' }]],
      due,
    ]);
  });

  test('when a step is answered mid-conversation, then no timer is scheduled and the recorded one stays', () => {
    const t = at('target');
    const recorded = t.state.timeoutAt;
    t.answer('target', 'child');
    expect([t.last.effects.map((e) => e.kind), t.state.timeoutAt, t.state.status]).toEqual([['reply'], recorded, 'active']);
  });

  test('when the conversation ends, then its timer is not cancelled and the session records none', () => {
    const t = at('sex');
    t.tap(INTAKE_DATA.cancel);
    t.answer('cancelConfirm', 'discard');
    expect([t.last.effects.map((e) => e.kind), t.state.status, t.state.timeoutAt]).toEqual([['reply'], 'cancelled', undefined]);
  });

  test('when the idle timer fires before the person was idle long enough, then it re-arms at their last activity plus the timeout', () => {
    const t = new Talk();
    t.tap('i:start');
    const due = t.state.timeoutAt!;
    t.answer('problem', 'income', 10 * MIN);
    const last = t.now;
    const v = t.state.version;
    t.send({ kind: 'timeout', dueAt: due }, 20 * MIN, idleTimerId('U-talk', due));
    const next = new Date(last.getTime() + 30 * MIN);
    expect([t.state.status, t.state.version, t.state.timeoutAt, t.last.effects]).toEqual([
      'active',
      v + 1,
      next,
      [{ kind: 'schedule', timer: { id: idleTimerId('U-talk', next), kind: 'intake-timeout', dueAt: next, payload: { userId: 'U-talk' } } }],
    ]);
  });

  test('when the idle timer runs late, then it is judged at its due time: re-armed, not expired', () => {
    const t = new Talk();
    t.tap('i:start');
    const due = t.state.timeoutAt!;
    t.answer('problem', 'income', MIN);
    t.send({ kind: 'timeout', dueAt: due }, 45 * MIN);
    expect([t.state.status, t.effects('push'), t.effects('schedule').map((e) => e.timer.dueAt)]).toEqual(['active', [], [new Date(due.getTime() + MIN)]]);
  });

  test('when the re-armed timer fires with the person still idle, then the session expires once, the note under that timer id', () => {
    const t = new Talk();
    t.tap('i:start');
    const first = t.state.timeoutAt!;
    t.answer('problem', 'income', MIN);
    t.send({ kind: 'timeout', dueAt: first }, 30 * MIN);
    const second = t.state.timeoutAt!;
    t.send({ kind: 'timeout', dueAt: second }, MIN);
    const expired = [t.state.status, t.last.effects];
    t.send({ kind: 'timeout', dueAt: second }, MIN);
    expect([expired, t.last.effects]).toEqual([['expired', [{ kind: 'push', id: idleTimerId('U-talk', second), say: [{ t: 'timeoutNote' }] }]], []]);
  });

  test('when an older timer fires while a later one is recorded, then nothing happens', () => {
    const t = new Talk();
    t.tap('i:start');
    const first = t.state.timeoutAt!;
    t.answer('problem', 'income', MIN);
    t.send({ kind: 'timeout', dueAt: first }, 30 * MIN);
    const before = t.state;
    t.send({ kind: 'timeout', dueAt: first }, 5 * MIN);
    expect([t.state, t.last.effects]).toEqual([before, []]);
  });

  test('when a finished conversation\'s timer fires, then nothing happens', () => {
    const t = at('summary');
    const due = t.state.timeoutAt!;
    t.confirm();
    const before = t.state;
    t.send({ kind: 'timeout', dueAt: due }, 40 * MIN);
    expect([before.status, t.state, t.last.effects]).toEqual(['submitted', before, []]);
  });

  test('when a new conversation starts after one ended, then it schedules its own timer', () => {
    const t = at('summary');
    t.confirm();
    t.tap('i:start', MIN);
    const due = new Date(t.now.getTime() + 30 * MIN);
    expect([t.effects('schedule').map((e) => e.timer.id), t.state.timeoutAt]).toEqual([[idleTimerId('U-talk', due)], due]);
  });

  test('when the timer fires after 30 idle minutes, then the session ends and the note is pushed under the timer id', () => {
    const t = at('sex');
    const v = t.state.version;
    t.send({ kind: 'timeout' }, 30 * MIN);
    expect([t.state.status, t.last.effects]).toEqual([
      'expired',
      [{ kind: 'push', id: timeoutTimerId('U-talk', v), say: [{ t: 'timeoutNote' }] }],
    ]);
  });

  test('when the timer fires before the session is idle long enough, then nothing happens', () => {
    const t = at('sex');
    const before = t.state;
    t.send({ kind: 'timeout' }, 29 * MIN);
    expect([t.state, t.last.effects]).toEqual([before, []]);
  });

  test('when a person comes back after the timeout without a timer, then they hear it expired and see the menu', () => {
    const t = at('sex');
    t.answer('sex', 'male', 31 * MIN);
    expect([t.saidKinds, t.state.status]).toEqual([['expired', 'menu'], 'expired']);
  });

  test('when a person types "แจ้งเหตุ" after the timeout, then a new report starts with a word that the old one expired', () => {
    const t = at('sex');
    t.text('แจ้งเหตุ', 31 * MIN);
    expect([t.saidKinds, t.state.intakeId, t.state.answers.problemType]).toEqual([['expired', 'ask:problem'], 'intake:E6', undefined]);
  });

  test('when the timer already told the person, then coming back is not told again', () => {
    const t = at('sex');
    t.send({ kind: 'timeout' }, 30 * MIN);
    t.text('แจ้งเหตุ', MIN);
    expect(t.saidKinds).toEqual(['ask:problem']);
  });

  test('when the timeout is a fraction of a minute, then it applies in milliseconds', () => {
    const t = new Talk('U-fast', { ...SETTINGS, timeoutMs: 3000, timeoutMinutes: 0.05 });
    t.tap('i:start');
    t.answer('problem', 'income', 3000);
    expect(t.saidKinds).toEqual(['expired', 'menu']);
  });
});

describe('intake conversation: SOS', () => {
  test('when a pin arrives with nothing in progress, then an urgent SOS case opens at once with the pin', () => {
    const t = new Talk();
    t.pin();
    expect(t.effects('openCase')).toEqual([
      {
        kind: 'openCase',
        sourceId: 'sos:E1',
        draft: expect.objectContaining({
          sos: true,
          urgent: true,
          problemTypes: [],
          location: expect.objectContaining({ district: 'เมืองแพร่', lat: PHRAE_PIN.lat }),
        }),
      },
    ]);
  });

  test('when an SOS case opens, then the reply says help is coming, shows the call buttons and offers follow-ups', () => {
    const t = sos();
    expect(t.saidKinds).toEqual(['sosOpened', 'call', 'ask:problem(followupIntro)']);
  });

  test('when SOS is tapped and then a pin sent, then the case opens keyed by the tap event', () => {
    const t = new Talk();
    t.tap('i:sos');
    t.pin();
    expect(t.effects('openCase')[0]?.sourceId).toBe('sos:E1');
  });

  test('when the person cannot pin, then the SOS case opens without a location', () => {
    const t = new Talk();
    t.tap('i:sos');
    t.answer('sosPin', 'nopin');
    expect(t.effects('openCase')[0]?.draft.location).toBeUndefined();
  });

  test('when a follow-up is answered, then the same case is updated under the event id', () => {
    const t = sos();
    t.answer('problem', 'violence');
    expect([t.effects('updateCase'), t.saidKinds]).toEqual([
      [{ kind: 'updateCase', entryId: 'E2', patch: { problemTypes: ['violence'] } }],
      ['ask:target'],
    ]);
  });

  test('when a follow-up is skipped, then nothing is written and the next one comes', () => {
    const t = sos();
    t.answer('problem', 'skip');
    expect([t.effects('updateCase'), t.saidKinds]).toEqual([[], ['ask:target']]);
  });

  test('when a photo is sent as a follow-up, then it is added to the case at once', () => {
    const t = sos();
    t.answer('problem', 'skip');
    t.answer('target', 'skip');
    t.answer('sex', 'skip');
    t.send({ kind: 'media', messageId: 'm7', type: 'image' });
    expect(t.effects('updateCase')).toEqual([{ kind: 'updateCase', entryId: 'E5', patch: { attachments: [{ messageId: 'm7', type: 'image' }] } }]);
  });

  test('when every follow-up is answered, then the person is thanked and the session ends', () => {
    const t = sos();
    t.answer('problem', 'health');
    t.answer('target', 'elderly');
    t.answer('sex', 'female');
    t.text('ล้มในห้องน้ำ');
    t.text('0891234567');
    expect([t.saidKinds, t.state.status, t.effects('updateCase')[0]?.patch]).toEqual([['sosDone'], 'done', { phone: '0891234567' }]);
  });

  test('when the person stops the follow-ups, then the case stays and they are told so', () => {
    const t = sos();
    t.tap(INTAKE_DATA.cancel);
    expect([t.said, t.state.status]).toEqual([[{ t: 'sosDone', stopped: true }], 'done']);
  });

  test('when SOS is asked mid-report after the pin, then the case opens at once with the answers so far', () => {
    const t = at('target');
    t.tap('i:sos');
    expect(t.effects('openCase')[0]?.draft).toMatchObject({ sos: true, problemTypes: ['income'], location: { district: 'เมืองแพร่' } });
  });

  test('when the follow-up timer fires, then the note names the open case', () => {
    const t = sos();
    t.send({ kind: 'timeout' }, 30 * MIN);
    expect(t.effects('push')[0]?.say).toEqual([{ t: 'timeoutNote', caseNumber: 'PHR-2569-0001' }]);
  });

  test('when the follow-up timer fires, then its note comes without sound (the reporter may be hiding), unlike a report\'s', () => {
    const t = sos();
    t.send({ kind: 'timeout' }, 30 * MIN);
    const report = at('target');
    report.send({ kind: 'timeout' }, 30 * MIN);
    expect([t.effects('push')[0]?.silent, report.effects('push').length, report.effects('push')[0]?.silent]).toEqual([true, 1, undefined]);
  });
});

describe('intake conversation: taps', () => {
  test('when a report is made with a pin and taps only, then it takes at most 7 taps, one pin and no typing', () => {
    const t = new Talk();
    t.tap('i:start');
    t.answer('problem', 'family');
    t.pin();
    t.answer('target', 'elderly');
    t.answer('sex', 'female');
    t.answer('details', 'skip');
    t.answer('phone', 'line');
    t.confirm();
    expect({ opened: t.effects('openCase').length, taps: t.taps, pins: t.pins, typed: t.typed }).toEqual({
      opened: 1,
      taps: 7,
      pins: 1,
      typed: 0,
    });
  });

  test('when urgent help is asked, then the case opens after one tap and one pin', () => {
    const t = new Talk();
    t.tap('i:sos');
    t.pin();
    expect({ opened: t.effects('openCase').length, taps: t.taps, pins: t.pins, typed: t.typed }).toEqual({ opened: 1, taps: 1, pins: 1, typed: 0 });
  });
});

test('when the home province has no bundled district offices, then its districts still come from the country’s geography', () => {
  const t = new Talk('U-x', { ...SETTINGS, province: provinceData('น่าน') });
  t.tap('i:start');
  t.answer('problem', 'other');
  t.pin({ lat: 18.78, lng: 100.77 });
  expect(t.saidKinds).toEqual(['ask:district']);
  t.answer('district', '5501');
  expect(t.state.answers.location).toMatchObject({ province: 'น่าน', district: 'เมืองน่าน', districtCode: '5501' });
});

test('when a brand-new user is decided on, then the next version is 1', () => {
  expect(decide(initialState('U'), { eventId: 'E', input: { kind: 'text', text: 'hi' } }, T0, SETTINGS).state.version).toBe(1);
});
