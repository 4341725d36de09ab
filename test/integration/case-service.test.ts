import { connectMongo, initModels } from '../../src/store/connection';
import { caseModel } from '../../src/cases/model';
import { createCaseReporting, createCaseService, type CaseService } from '../../src/cases/store';
import type { CaseDraft, CaseRecord, TimelineEntry } from '../../src/cases/types';
import mongoose, { type Connection } from 'mongoose';
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

  it('when a case is opened, then its listeners and the caller get the case exactly as a read returns it', async () => {
    const local = createCaseService({ conn, centerCode: 'PHR', logger: testLogger() });
    const seen: [CaseRecord, CaseRecord | null][] = [];
    local.onChange(async (c) => void seen.push([c, await local.get(c.caseNumber)]));
    const full: CaseDraft = {
      ...draft('U-asread'),
      urgent: true,
      details: 'ต้องการความช่วยเหลือ',
      phone: '0812345678',
      attachments: [{ messageId: 'm-1', type: 'image' }],
      location: { lat: 18.1446, lng: 100.1403, address: 'อ.เมืองแพร่', district: 'เมืองแพร่', districtCode: '5401', province: 'แพร่' },
    };
    const o = await local.open(full, { sourceId: 'intake:asread', actor: reporter('U-asread'), now: new Date('2026-11-22T07:00:00Z') });
    const [[given, read]] = seen as [[CaseRecord, CaseRecord]];
    const { pendingNotify: _p, notifyAfter: _n, ...afterNotify } = read;
    const { pendingNotify: _p2, notifyAfter: _n2, ...returned } = o.case;
    expect([given, returned]).toEqual([read, afterNotify]);
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

describe('duty routing recorded by a listener', () => {
  /** A service whose listener records the routing the way the duty listener does, counting the case updates sent. */
  async function watchedService(name: string, listener: (s: CaseService, c: CaseRecord) => Promise<void>) {
    const watched = await mongoose.createConnection(db.uri, { monitorCommands: true, serverSelectionTimeoutMS: 5000 }).asPromise();
    const updates: unknown[] = [];
    watched.getClient().on('commandStarted', (e) => {
      if (e.commandName === 'update' && e.command.update === 'cases') updates.push(e.command.updates);
    });
    const s = createCaseService({ conn: watched, centerCode: name, logger: testLogger() });
    s.onChange((c) => listener(s, c));
    return { s, updates, close: () => watched.close() };
  }

  it('when a new case’s listener records the group and team, then they are written with the change’s done write: one update', async () => {
    const w = await watchedService('RT1', (s, c) => s.setDutyRouting(c.caseNumber, { dutyGroupId: 'C-rt1', dutyTeam: 'night' }));
    try {
      const { case: c } = await w.s.open(draft('U-rt1'), { sourceId: 'intake:rt1', actor: reporter('U-rt1'), now: new Date() });
      const stored = (await w.s.get(c.caseNumber))!;
      expect([stored.dutyGroupId, stored.dutyTeam, stored.pendingNotify]).toEqual(['C-rt1', 'night', []]);
      expect(w.updates).toHaveLength(1);
    } finally {
      await w.close();
    }
  });

  it('when a listener fails after the routing was recorded, then the routing is written at once and the change stays pending until the sweep’s run', async () => {
    let fail = true;
    const w = await watchedService('RT2', async (s, c) => {
      await s.setDutyRouting(c.caseNumber, { dutyTeam: 'day' });
      if (fail) throw new Error('LINE is down');
    });
    try {
      const { case: c } = await w.s.open(draft('U-rt2'), { sourceId: 'intake:rt2', actor: reporter('U-rt2'), now: new Date(Date.now() - 60_000) });
      const pending = (await w.s.get(c.caseNumber))!;
      expect([pending.dutyTeam, pending.pendingNotify.length]).toEqual(['day', 1]);
      fail = false;
      expect(await w.s.sweepPendingNotifications(new Date())).toBe(1);
      const stored = (await w.s.get(c.caseNumber))!;
      expect([stored.dutyTeam, stored.pendingNotify]).toEqual(['day', []]);
    } finally {
      await w.close();
    }
  });

  it('when routing is recorded outside a change (the escalation runner), then it is written at once', async () => {
    const w = await watchedService('RT3', async () => undefined);
    try {
      const { case: c } = await w.s.open(draft('U-rt3'), { sourceId: 'intake:rt3', actor: reporter('U-rt3'), now: new Date() });
      await w.s.setDutyRouting(c.caseNumber, { dutyTeam: 'night' });
      expect((await w.s.get(c.caseNumber))!.dutyTeam).toBe('night');
    } finally {
      await w.close();
    }
  });
});

/** A database of its own: the sweep reads every pending case of the collection. */
async function ownDb<T>(name: string, run: (c: Connection) => Promise<T>): Promise<T> {
  const own = await startTestDb(name);
  const c = await connectMongo(own.uri);
  try {
    await initModels(c);
    return await run(c);
  } finally {
    await c.close();
    await own.stop();
  }
}

describe('notification sweep under repeated failures', () => {
  it('when more cases keep failing than one sweep takes, then the other pending cases are still announced', () => ownDb('case_sweep_starve', async (conn) => {
    const local = createCaseService({ conn, centerCode: 'STV', logger: testLogger() });
    const broken = new Set<string>();
    const heard: string[] = [];
    let down = true;
    local.onChange(async (c) => {
      if (down || broken.has(c.caseNumber)) throw new Error('listener failed');
      heard.push(c.caseNumber);
    });
    const at = new Date('2026-11-20T03:00:00Z');
    // 100 cases whose listeners always fail, opened first, then one that only failed during an outage.
    for (let i = 0; i < 100; i++) {
      const { case: c } = await local.open(draft(`U-starve${i}`), { sourceId: `intake:starve:${i}`, actor: reporter(`U-starve${i}`), now: at });
      broken.add(c.caseNumber);
    }
    const { case: healthy } = await local.open(draft('U-starve-ok'), {
      sourceId: 'intake:starve:ok',
      actor: reporter('U-starve-ok'),
      now: new Date(at.getTime() + 1000),
    });
    down = false;
    const now = new Date('2026-11-20T04:00:00Z');
    await local.sweepPendingNotifications(now, now);
    await local.sweepPendingNotifications(now, now);
    expect(heard).toEqual([healthy.caseNumber]);
    expect((await local.get(healthy.caseNumber))!.pendingNotify).toEqual([]);
  }));

  it('when a case fails again in the sweep, then it is retried only after a growing delay, and once it works nothing is left pending', () => ownDb('case_sweep_backoff', async (conn) => {
    const local = createCaseService({ conn, centerCode: 'BKF', logger: testLogger() });
    let failing = true;
    let calls = 0;
    local.onChange(async () => {
      calls++;
      if (failing) throw new Error('listener failed');
    });
    const at = new Date('2026-11-21T03:00:00Z');
    const { case: c } = await local.open(draft('U-backoff'), { sourceId: 'intake:backoff', actor: reporter('U-backoff'), now: at });
    const t0 = new Date('2026-11-21T04:00:00Z');
    const plus = (ms: number) => new Date(t0.getTime() + ms);
    expect(await local.sweepPendingNotifications(t0, t0)).toBe(0);
    expect(calls).toBe(2); // inline, then the first sweep
    await local.sweepPendingNotifications(plus(29_000), plus(29_000)); // 30 s after the first failure: not yet
    expect(calls).toBe(2);
    await local.sweepPendingNotifications(plus(31_000), plus(31_000));
    expect(calls).toBe(3);
    await local.sweepPendingNotifications(plus(31_000 + 59_000), plus(31_000 + 59_000)); // the next delay is 60 s
    expect(calls).toBe(3);
    failing = false;
    expect(await local.sweepPendingNotifications(plus(31_000 + 61_000), plus(31_000 + 61_000))).toBe(1);
    const stored = (await caseModel(conn).findOne({ caseNumber: c.caseNumber }).lean())!;
    expect([stored.pendingNotify, stored.notifyAfter, stored.notifyAttempts]).toEqual([[], undefined, undefined]);
  }));
});

describe('the repository’s queries', () => {
  const local = () => createCaseService({ conn, centerCode: 'QRY', logger: testLogger() });
  const at = (min: number) => new Date(Date.UTC(2026, 10, 10, 3, min));

  it('when the duty queue is listed, then open cases come urgent first, then oldest first, with the count of all open ones', async () => {
    const s = local();
    const openAt = async (id: string, min: number, over: Partial<CaseDraft> = {}) =>
      (await s.open({ ...draft(`U-q-${id}`), ...over }, { sourceId: `intake:q:${id}`, actor: reporter(`U-q-${id}`), now: at(min) })).case;
    const before = await s.openQueue(1000);
    const old = await openAt('old', 1);
    const urgent = await openAt('urgent', 3, { problemTypes: ['violence'] });
    const closed = await openAt('closed', 2);
    await s.act(closed.caseNumber, { type: 'acknowledge' }, officer, { entryId: 'q-ack', now: at(4) });
    await s.act(closed.caseNumber, { type: 'close', outcome: 'resolved', note: '' }, officer, { entryId: 'q-close', now: at(5) });
    const after = await s.openQueue(1000);
    expect(after.total).toBe(before.total + 2);
    const mine = after.cases.map((c) => c.caseNumber).filter((n) => [old.caseNumber, urgent.caseNumber, closed.caseNumber].includes(n));
    expect(mine).toEqual([urgent.caseNumber, old.caseNumber]);
    expect(after.cases.findIndex((c) => c.caseNumber === urgent.caseNumber)).toBeLessThan(after.cases.findIndex((c) => !c.urgent));
    expect((await s.openQueue(1)).cases).toHaveLength(1);
  });

  it('when a reporter’s cases are asked for, then they come newest first, bounded, with the total, and the open and latest closed ones apart', async () => {
    const s = local();
    const numbers: string[] = [];
    for (let i = 0; i < 4; i++) {
      numbers.push((await s.open(draft('U-rep'), { sourceId: `intake:rep:${i}`, actor: reporter('U-rep'), now: at(10 + i) })).case.caseNumber);
    }
    await s.act(numbers[1]!, { type: 'acknowledge' }, officer, { entryId: 'rep-ack', now: at(20) });
    await s.act(numbers[1]!, { type: 'close', outcome: 'resolved', note: '' }, officer, { entryId: 'rep-close', now: at(21) });
    const mine = await s.casesOfReporter('U-rep', 3);
    expect([mine.cases.map((c) => c.caseNumber), mine.total]).toEqual([[numbers[3], numbers[2], numbers[1]], 4]);
    expect((await s.casesOfReporter('U-rep', 10)).total).toBe(4);
    expect((await s.openCasesOfReporter('U-rep', 10)).map((c) => c.caseNumber)).toEqual([numbers[3], numbers[2], numbers[0]]);
    expect((await s.latestClosedOfReporter('U-rep'))?.caseNumber).toBe(numbers[1]);
    expect(await s.latestClosedOfReporter('U-nobody')).toBeNull();
  });

  it('when an attachment is looked up, then only the case’s own ones (sent with it or added later) are found', async () => {
    const s = local();
    const { case: c } = await s.open(
      { ...draft('U-att'), attachments: [{ messageId: 'm-first', type: 'image' }] },
      { sourceId: 'intake:att', actor: reporter('U-att'), now: at(30) },
    );
    await s.act(c.caseNumber, { type: 'reporter_info', attachments: [{ messageId: 'm-later', type: 'audio' }] }, reporter('U-att'), {
      entryId: 'att-later',
      now: at(31),
    });
    expect(
      await Promise.all(['m-first', 'm-later', 'm-other'].map((m) => s.hasAttachment(c.caseNumber, m))),
    ).toEqual([true, true, false]);
    expect(await s.hasAttachment('QRY-2569-9999', 'm-first')).toBe(false);
  });

  it('when the duty group is recorded, then the case keeps it without a timeline entry or a new version', async () => {
    const s = local();
    const { case: c } = await s.open(draft('U-route'), { sourceId: 'intake:route', actor: reporter('U-route'), now: at(40) });
    await s.setDutyRouting(c.caseNumber, { dutyGroupId: 'C-group' });
    const stored = (await s.get(c.caseNumber))!;
    expect([stored.dutyGroupId, stored.timeline.length, stored.version]).toEqual(['C-group', 1, c.version]);
  });
});

describe('durability of case writes', () => {
  it('when a case is opened, acted on and its notification swept, then every write to cases asks for majority and journal', async () => {
    const watched = await mongoose.createConnection(db.uri, { monitorCommands: true, serverSelectionTimeoutMS: 5000 }).asPromise();
    const writes: Array<{ name: string; writeConcern: unknown }> = [];
    watched.getClient().on('commandStarted', (e) => {
      const target = (e.command as Record<string, unknown>)[e.commandName];
      if (['insert', 'update', 'findAndModify', 'delete'].includes(e.commandName) && (target === 'cases' || target === 'counters')) {
        writes.push({ name: e.commandName, writeConcern: (e.command as { writeConcern?: unknown }).writeConcern });
      }
    });
    try {
      const s = createCaseService({ conn: watched, centerCode: 'WCN', logger: testLogger() });
      let fail = true;
      s.onChange(async () => {
        if (fail) throw new Error('once');
      });
      const { case: c } = await s.open(draft('U-wc'), { sourceId: 'intake:wc', actor: reporter('U-wc'), now: new Date('2026-11-01T03:00:00Z') });
      await s.act(c.caseNumber, { type: 'acknowledge' }, officer, { entryId: 'wc-ack', now: new Date('2026-11-01T03:01:00Z') });
      await s.sweepPendingNotifications(new Date('2026-11-01T04:00:00Z'), new Date('2026-11-01T04:00:00Z'));
      fail = false;
      await s.sweepPendingNotifications(new Date('2026-11-01T05:00:00Z'), new Date('2026-11-01T05:00:00Z'));
      await s.setDutyRouting(c.caseNumber, { dutyGroupId: 'C-wc' });
      await createCaseReporting(watched).insertPrepared([{ ...(await s.get(c.caseNumber))!, caseNumber: 'WCN-2569-0900', sourceId: 'seed:wc' }]);
    } finally {
      await watched.close();
    }
    expect(new Set(writes.map((w) => w.name))).toEqual(new Set(['insert', 'update', 'findAndModify']));
    expect(writes.filter((w) => JSON.stringify(w.writeConcern) !== JSON.stringify({ w: 'majority', j: true }))).toEqual([]);
  });
});
