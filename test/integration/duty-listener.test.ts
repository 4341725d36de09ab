import { bkk, openCase, startDutyWorld, textOf, type DutyWorld } from '../helpers/duty-fakes';

const GROUP = 'Cduty0000000000000000000000000004';
let w: DutyWorld;
beforeAll(async () => {
  w = await startDutyWorld('duty_listener', { DUTY_GROUP_ID: GROUP });
});
afterAll(() => w.stop());
beforeEach(() => w.outbox.clear());

test('when the reporter adds words to a case, then they are forwarded to the case group', async () => {
  const c = await openCase(w, bkk('10:00'));
  await w.cases.act(c.caseNumber, { type: 'reporter_info', text: 'ตอนนี้เขาออกจากบ้านไปแล้ว' }, { kind: 'reporter' }, { entryId: 'info1', now: bkk('10:05') });
  expect(textOf(w.outbox.items.find((i) => i.id === 'info1:duty-info')?.messages[0])).toContain('ตอนนี้เขาออกจากบ้านไปแล้ว');
});

test('when the reporter sends a photo, then the group gets a reference to it', async () => {
  const c = await openCase(w, bkk('10:00'));
  await w.cases.act(
    c.caseNumber,
    { type: 'reporter_info', attachments: [{ messageId: '9090', type: 'image' }] },
    { kind: 'reporter' },
    { entryId: 'info2', now: bkk('10:05') },
  );
  expect(textOf(w.outbox.items.find((i) => i.id === 'info2:duty-info')?.messages[0])).toContain(`/api/cases/${c.caseNumber}/attachments/9090`);
});

test('when the admin API refers a case, then the case group gets a short notice', async () => {
  const c = await openCase(w, bkk('10:00'));
  const api = { kind: 'api' as const, id: 'admin-console', name: 'ผู้ดูแล' };
  await w.cases.act(c.caseNumber, { type: 'acknowledge' }, api, { entryId: 'api1', now: bkk('10:05') });
  await w.cases.act(c.caseNumber, { type: 'refer', agency: 'สถานีตำรวจภูธรเมืองแพร่' }, api, { entryId: 'api2', now: bkk('10:06') });
  const notice = w.outbox.items.find((i) => i.id === 'api2:duty-api');
  expect([notice?.to, textOf(notice?.messages[0])]).toEqual([GROUP, expect.stringContaining('สถานีตำรวจภูธรเมืองแพร่')]);
});

test('when an officer acts in the group, then the listener adds no second message', async () => {
  const c = await openCase(w, bkk('10:00'));
  w.outbox.clear();
  await w.cases.act(c.caseNumber, { type: 'acknowledge' }, { kind: 'officer', id: 'U1', name: 'ก' }, { entryId: 'off1', now: bkk('10:05') });
  expect(w.outbox.items).toEqual([]);
});

test('when an SOS case gets its details, then the group sees the updated card', async () => {
  const c = await openCase(w, bkk('10:00'), { sos: true, problemTypes: [], targetGroup: undefined });
  await w.cases.act(c.caseNumber, { type: 'update_details', patch: { problemTypes: ['violence'], targetGroup: 'elderly' } }, { kind: 'reporter' }, { entryId: 'upd1', now: bkk('10:03') });
  expect(JSON.stringify(w.outbox.items.find((i) => i.id === 'upd1:duty-details')?.messages)).toContain('ผู้สูงอายุ');
});
