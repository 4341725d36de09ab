import { startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('timers');
});
afterAll(async () => {
  await h.stop();
});

function recordFirings(inst: TestInstance, fired: string[]) {
  inst.service.timers.handle('test', async (payload) => {
    fired.push(String(payload.n));
  });
}

describe('durable timers', () => {
  it('when a timer is scheduled twice under one id, then it fires once, after its due time', async () => {
    const app = await h.instance();
    const fired: string[] = [];
    recordFirings(app, fired);
    const dueAt = new Date(Date.now() + 200);
    await app.service.timers.schedule({ id: 't-once', kind: 'test', dueAt, payload: { n: 'once' } });
    await app.service.timers.schedule({ id: 't-once', kind: 'test', dueAt, payload: { n: 'once' } });
    await waitFor(() => fired.length === 1, 'firing');
    expect(Date.now()).toBeGreaterThanOrEqual(dueAt.getTime());
    await new Promise((r) => setTimeout(r, 300));
    expect(fired).toEqual(['once']);
    await app.stop();
  });

  it('when a timer is cancelled, then it does not fire', async () => {
    const app = await h.instance();
    const fired: string[] = [];
    recordFirings(app, fired);
    await app.service.timers.schedule({ id: 't-cancel', kind: 'test', dueAt: new Date(Date.now() + 150), payload: { n: 'cancelled' } });
    await app.service.timers.schedule({ id: 't-after', kind: 'test', dueAt: new Date(Date.now() + 300), payload: { n: 'after' } });
    await app.service.timers.cancel('t-cancel');
    await waitFor(() => fired.includes('after'), 'the other timer');
    expect(fired).not.toContain('cancelled');
    await app.stop();
  });

  it('when the app restarts before a timer is due, then the restarted app fires it once', async () => {
    const first = await h.instance();
    const fired: string[] = [];
    recordFirings(first, fired);
    await first.service.timers.schedule({ id: 't-restart', kind: 'test', dueAt: new Date(Date.now() + 300), payload: { n: 'restart' } });
    await first.stop();
    const second = await h.instance();
    recordFirings(second, fired);
    await waitFor(() => fired.includes('restart'), 'firing after restart');
    await new Promise((r) => setTimeout(r, 300));
    expect(fired.filter((f) => f === 'restart')).toHaveLength(1);
    await second.stop();
  });

  it('when two instances watch the same timers, then each fires once', async () => {
    const a = await h.instance();
    const b = await h.instance();
    const fired: string[] = [];
    recordFirings(a, fired);
    recordFirings(b, fired);
    const due = Date.now() + 200;
    for (let n = 0; n < 20; n++) {
      await (n % 2 ? a : b).service.timers.schedule({ id: `t-two-${n}`, kind: 'test', dueAt: new Date(due + n), payload: { n: `two-${n}` } });
    }
    await waitFor(() => fired.filter((f) => f.startsWith('two-')).length >= 20, 'twenty firings');
    await new Promise((r) => setTimeout(r, 300));
    expect(fired.filter((f) => f.startsWith('two-')).sort()).toEqual(Array.from({ length: 20 }, (_, n) => `two-${n}`).sort());
    await a.stop();
    await b.stop();
  });
});
