import type { messagingApi } from '@line/bot-sdk';
import { caseNumberShown, CommandCounter, commandShape, commandTarget, diffCounts, fairness, percentile, REPORT_SCRIPT, tapIn } from '../../scripts/bench-conversation-lib';
import { renderSay } from '../../src/intake/views';
import { PHRAE_ADDRESS, PHRAE_PIN, SETTINGS, Talk } from '../helpers/intake-talk';

/** The arithmetic and the script behind `scripts/bench-conversation.ts` (the benchmark itself is never timed in a test). */

describe('fairness', () => {
  it('when every reporter is answered before anyone else goes round twice, then nobody is overtaken', () => {
    // Two reporters in lock step: each step of B overlaps one step of A.
    const steps = [
      { reporter: 0, sent: 0, answered: 10 },
      { reporter: 1, sent: 1, answered: 9 },
      { reporter: 0, sent: 11, answered: 20 },
      { reporter: 1, sent: 10, answered: 19 },
    ];
    expect(fairness(steps)).toEqual({ maxOvertakes: 1, overtaken: 0, maxUnfairWaitMs: 0 });
  });

  it('when one reporter goes round three times while another waits, then that wait is the unfair one', () => {
    const steps = [
      { reporter: 0, sent: 0, answered: 100 },
      { reporter: 1, sent: 1, answered: 10 },
      { reporter: 1, sent: 11, answered: 20 },
      { reporter: 1, sent: 21, answered: 30 },
      // Sent before A's step: it does not count as overtaking it.
      { reporter: 2, sent: -1, answered: 5 },
    ];
    expect(fairness(steps)).toEqual({ maxOvertakes: 3, overtaken: 1, maxUnfairWaitMs: 100 });
  });

  it('when another reporter is answered after me, then it did not overtake me', () => {
    const steps = [
      { reporter: 0, sent: 0, answered: 10 },
      { reporter: 1, sent: 1, answered: 5 },
      { reporter: 1, sent: 6, answered: 11 },
    ];
    expect(fairness(steps).maxOvertakes).toBe(1);
  });
});

describe('percentile', () => {
  it('when asked for p50, p95 and p100 of 1..100, then it answers by nearest rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect([percentile(v, 50), percentile(v, 95), percentile(v, 100), percentile(v, 0)]).toEqual([50, 95, 100, 1]);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('command classification', () => {
  it('when the queue polls for due keys, the sweep looks for cut-short notices or an instance beats, then they are background; other commands are work', () => {
    expect(commandTarget('update', { update: 'instances', updates: [] })).toEqual({ target: 'instances update', background: true });
    expect(commandTarget('aggregate', { aggregate: 'outbox', pipeline: [{ $match: { status: 'pending' } }, { $group: { _id: '$key' } }] })).toEqual({
      target: 'outbox aggregate',
      background: true,
    });
    expect(commandTarget('find', { find: 'cases', filter: { pendingNotify: true } }).background).toBe(true);
    expect(commandTarget('find', { find: 'cases', filter: { caseNumber: 'PHR-2569-0001' } })).toEqual({ target: 'cases find', background: false });
    expect(commandTarget('getMore', { getMore: 1, collection: 'inbox_events' }).target).toBe('inbox_events getMore');
  });

  it('when a command is traced, then its shape names fields and operators but never values', () => {
    const update = { update: 'outbox', updates: [{ q: { _id: 'E1:r0', status: 'pending' }, u: { $set: { status: 'done' } }, upsert: true }] };
    expect(commandShape('update', update)).toBe('{_id,status} $set upsert');
    expect(commandShape('find', { find: 'outbox', filter: { key: 'U1' }, sort: new Map([['order', 1]]), limit: 1 })).toBe('{key} sort {order} limit 1');
    expect(commandShape('update', { update: 'x' })).toBe('{} replacement');
    expect(commandShape('insert', { insert: 'x' })).toBe('0 doc(s)');
    expect(JSON.stringify(commandShape('findAndModify', { findAndModify: 'counters', query: { _id: 'secret-id' }, update: { $inc: { seq: 1 } } }))).not.toContain('secret');
  });

  it('when commands are counted between two snapshots, then the difference is what happened in between', () => {
    const c = new CommandCounter();
    c.add('find', { find: 'intake_sessions' });
    const before = c.snapshot();
    c.add('update', { update: 'intake_sessions' });
    c.add('aggregate', { aggregate: 'timers', pipeline: [{ $group: { _id: '$key' } }] });
    expect(diffCounts(c.snapshot(), before)).toEqual({
      total: 2,
      work: 1,
      background: 1,
      byTarget: { 'intake_sessions update': 1, 'bg:timers aggregate': 1 },
    });
  });
});

describe('the reporter script', () => {
  it('when a reporter follows the script through the real conversation, then every button it taps was shown and a case opens', () => {
    const talk = new Talk();
    let shown: messagingApi.Message[] = [];
    for (const step of REPORT_SCRIPT) {
      const act = step.button ? tapIn(shown, step.button) : step.blind;
      expect({ step: step.name, act }).toEqual({ step: step.name, act: expect.anything() });
      if (act!.kind === 'pin') talk.pin({ ...PHRAE_PIN, address: PHRAE_ADDRESS });
      else if (act!.kind === 'postback') talk.tap(act!.data);
      else talk.text(act!.text);
      shown = renderSay(talk.said, { state: talk.state, province: SETTINGS.province, centerName: 'ศรส.', timeoutMinutes: 30 });
    }
    expect(talk.effects('openCase')).toHaveLength(1);
  });

  it('when the button is not among the messages shown, then the reporter has nothing to tap', () => {
    expect(tapIn([], { label: 'ข้าม' })).toBeUndefined();
    expect(tapIn([{ type: 'text', text: 'x' }], { dataPrefix: 'i:ok:' })).toBeUndefined();
  });

  it('when the same button was shown twice, then the reporter taps the newest one', () => {
    const menu = (data: string): messagingApi.Message => ({ type: 'text', text: 'เลือก', quickReply: { items: [{ type: 'action', action: { type: 'postback', label: 'ข้าม', data } }] } });
    expect(tapIn([menu('old'), { type: 'text', text: 'x' }, menu('new')], { label: 'ข้าม' })).toEqual({ kind: 'postback', data: 'new' });
  });

  it('when a case number is in any message shown (first, last or none), then the report counts as opened only with one', () => {
    const text = (t: string): messagingApi.Message => ({ type: 'text', text: t });
    expect([
      caseNumberShown([text('รับเรื่อง PHR-2569-0001 แล้ว'), text('a'), text('b')]),
      caseNumberShown([text('a'), text('b'), text('เลขที่ PHR-2569-0002')]),
      caseNumberShown([text('a'), text('PHR-25-1')]),
      caseNumberShown([]),
    ]).toEqual([true, true, false, false]);
  });
});
