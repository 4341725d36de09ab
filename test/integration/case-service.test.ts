import { connectMongo, initModels } from '../../src/store/connection';
import { caseModel } from '../../src/cases/model';
import { createCaseService, type CaseService } from '../../src/cases/store';
import type { CaseDraft, CaseRecord, TimelineEntry } from '../../src/cases/types';
import type { Connection } from 'mongoose';
import { startTestDb } from '../helpers/mongo';
import { testLogger } from '../helpers/service';

let db: { uri: string; stop(): Promise<void> };
let conn: Connection;
let cases: CaseService;
beforeAll(async () => {
  db = await startTestDb('case_service');
  conn = await connectMongo(db.uri);
  cases = createCaseService({ conn, centerCode: 'PHR', logger: testLogger() });
  await initModels(conn);
});
afterAll(async () => {
  await conn.close();
  await db.stop();
});

const draft = (userId: string): CaseDraft => ({ channel: 'ess_help_me', reporterUserId: userId, problemTypes: ['income'], targetGroup: 'elderly', sex: 'female' });
const reporter = (id: string) => ({ kind: 'reporter' as const, id });
const officer = { kind: 'officer' as const, id: 'U-off', name: 'สมชาย' };

describe('case numbers', () => {
  it('when 50 people confirm at the same moment, then 50 cases get 50 distinct sequential numbers', async () => {
    const now = new Date('2026-11-22T05:00:00Z'); // 2569 in the Buddhist era
    const opened = await Promise.all(
      Array.from({ length: 50 }, (_, i) => cases.open(draft(`U-c${i}`), { sourceId: `intake:c${i}`, actor: reporter(`U-c${i}`), now })),
    );
    const numbers = opened.map((o) => o.case.caseNumber).sort();
    expect(new Set(numbers).size).toBe(50);
    expect(numbers[0]).toBe('PHR-2569-0001');
    expect(numbers[49]).toBe('PHR-2569-0050');
  });

  it('when a case is opened just after midnight on 1 January in Bangkok, then it starts the new Buddhist-era year', async () => {
    const o = await cases.open(draft('U-ny'), { sourceId: 'intake:ny', actor: reporter('U-ny'), now: new Date('2026-12-31T17:05:00Z') });
    expect(o.case.caseNumber).toBe('PHR-2570-0001');
  });

  it('when the same intake is opened twice (a re-run or a double tap), then there is one case', async () => {
    const now = new Date('2026-11-22T06:00:00Z');
    const [a, b] = await Promise.all([
      cases.open(draft('U-twice'), { sourceId: 'intake:twice', actor: reporter('U-twice'), now }),
      cases.open(draft('U-twice'), { sourceId: 'intake:twice', actor: reporter('U-twice'), now }),
    ]);
    expect(a.case.caseNumber).toBe(b.case.caseNumber);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    expect(await caseModel(conn).countDocuments({ sourceId: 'intake:twice' })).toBe(1);
  });

  it('when a violence case is opened, then it is urgent and its timeline starts with a public "opened" entry', async () => {
    const o = await cases.open({ ...draft('U-v'), problemTypes: ['violence'] }, { sourceId: 'intake:v', actor: reporter('U-v'), now: new Date() });
    expect(o.case).toMatchObject({ urgent: true, status: 'new', timeline: [{ kind: 'opened', public: true }] });
  });
});

describe('acting on a case', () => {
  it('when two officers acknowledge at once, then exactly one owns it and the other is refused', async () => {
    const { case: c } = await cases.open(draft('U-ack'), { sourceId: 'intake:ack', actor: reporter('U-ack'), now: new Date() });
    const results = await Promise.all(
      ['A', 'B'].map((who) => cases.act(c.caseNumber, { type: 'acknowledge' }, { kind: 'officer', id: `U-${who}`, name: who }, { entryId: `ack-${who}`, now: new Date() })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ ok: false, reason: 'already_acknowledged' })]);
    const stored = (await cases.get(c.caseNumber))!;
    expect(stored.timeline.filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
  });

  it('when the same action is applied again with the same entry id, then it is recorded once', async () => {
    const { case: c } = await cases.open(draft('U-dup'), { sourceId: 'intake:dup', actor: reporter('U-dup'), now: new Date() });
    const first = await cases.act(c.caseNumber, { type: 'note', text: 'โทรแล้ว' }, officer, { entryId: 'evt-1', now: new Date() });
    const again = await cases.act(c.caseNumber, { type: 'note', text: 'โทรแล้ว' }, officer, { entryId: 'evt-1', now: new Date() });
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(again).toMatchObject({ ok: true, duplicate: true });
    expect((await cases.get(c.caseNumber))!.timeline.filter((e) => e.id === 'evt-1')).toHaveLength(1);
  });

  it('when the case does not exist, then the action says not_found', async () => {
    expect(await cases.act('PHR-2569-9999', { type: 'acknowledge' }, officer, { entryId: 'x', now: new Date() })).toEqual({ ok: false, reason: 'not_found' });
  });
});

describe('notifications', () => {
  it('when a listener fails, then the change stays pending and the sweep announces it once the listener works', async () => {
    const local = createCaseService({ conn, centerCode: 'PHR', logger: testLogger() });
    const heard: Array<[string, TimelineEntry['kind']]> = [];
    let failing = true;
    local.onChange(async (c: CaseRecord, e: TimelineEntry) => {
      if (failing) throw new Error('LINE is down');
      heard.push([c.caseNumber, e.kind]);
    });
    const then = new Date(Date.now() - 60_000);
    const { case: c } = await local.open(draft('U-sweep'), { sourceId: 'intake:sweep', actor: reporter('U-sweep'), now: then });
    expect((await local.get(c.caseNumber))!.pendingNotify).toHaveLength(1);
    failing = false;
    expect(await local.sweepPendingNotifications(new Date())).toBe(1);
    expect(heard).toEqual([[c.caseNumber, 'opened']]);
    expect((await local.get(c.caseNumber))!.pendingNotify).toEqual([]);
    expect(await local.sweepPendingNotifications(new Date())).toBe(0);
  });
});
