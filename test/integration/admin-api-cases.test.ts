import request from 'supertest';
import { auth, startAdminApi, type AdminApiFixture } from './admin-api-app';

const newCase = {
  channel: 'hotline_1300',
  problemTypes: ['income', 'rights'],
  targetGroup: 'elderly',
  sex: 'female',
  location: { district: 'สูงเม่น' },
  details: 'ยายอยู่คนเดียว ไม่มีรายได้',
  phone: '081-234-5678',
};

describe('admin API: registering and working cases', () => {
  let f: AdminApiFixture;
  beforeAll(async () => {
    f = await startAdminApi('admin_api_cases');
  });
  afterAll(() => f.stop());

  const post = (body: unknown, key?: string) => {
    const r = request(f.app).post('/api/cases').set(auth);
    return (key ? r.set('Idempotency-Key', key) : r).send(body as object);
  };
  const patch = (caseNumber: string, body: unknown, key?: string) => {
    const r = request(f.app).patch(`/api/cases/${caseNumber}`).set(auth);
    return (key ? r.set('Idempotency-Key', key) : r).send(body as object);
  };

  it('when a 1300 case is posted, then it is registered with a case number, status new and the API as actor', async () => {
    const res = await post(newCase);
    expect(res.status).toBe(201);
    expect(res.body.caseNumber).toMatch(/^PHR-\d{4}-\d{4}$/);
    expect(res.body).toMatchObject({
      channel: 'hotline_1300',
      status: 'new',
      problemTypes: ['income', 'rights'],
      location: { district: 'สูงเม่น', districtCode: '5404', province: 'แพร่' },
    });
    expect(res.body.timeline).toEqual([expect.objectContaining({ kind: 'opened', actor: { kind: 'api', name: 'admin-api' } })]);
    expect(res.body.pendingNotify).toBeUndefined();
  });

  it('when the same Idempotency-Key is posted twice, then the second answer is 200 with the same case', async () => {
    const first = await post(newCase, 'call-2024-0001');
    const again = await post(newCase, 'call-2024-0001');
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.caseNumber).toBe(first.body.caseNumber);
  });

  it('when an Idempotency-Key is reused with a different body, then the answer is 422 naming the conflict and no case is changed or added', async () => {
    const first = await post(newCase, 'call-reuse-1');
    const urgentOne = await post({ ...newCase, urgent: true, problemTypes: ['violence'] }, 'call-reuse-1');
    expect(first.status).toBe(201);
    expect(urgentOne.status).toBe(422);
    expect(urgentOne.body).toEqual({
      error: 'idempotency_key_reused',
      issues: [{ field: 'Idempotency-Key', reason: 'was already used with a different request body' }],
    });
    const stored = await f.cases.get(first.body.caseNumber);
    expect([stored?.urgent, stored?.problemTypes]).toEqual([false, ['income', 'rights']]);
  });

  it('when a retry sends the same body with its keys in another order, then it is recognised as the same request (200)', async () => {
    const first = await post(newCase, 'call-reorder-1');
    const reordered = Object.fromEntries(Object.entries(newCase).reverse());
    const again = await post(reordered, 'call-reorder-1');
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.caseNumber).toBe(first.body.caseNumber);
  });

  it('when a PATCH Idempotency-Key is reused with a different body, then the answer is 422 and only the first action is recorded', async () => {
    const { body: c } = await post(newCase);
    const first = await patch(c.caseNumber, { action: 'note', text: 'โทรกลับแล้ว' }, 'note-reuse-1');
    const other = await patch(c.caseNumber, { action: 'relay', text: 'ข้อความถึงผู้แจ้ง' }, 'note-reuse-1');
    expect([first.status, other.status]).toEqual([200, 422]);
    expect(other.body.error).toBe('idempotency_key_reused');
    const kinds = (await f.cases.get(c.caseNumber))!.timeline.map((e) => e.kind);
    expect(kinds).toEqual(['opened', 'note']);
  });

  it('when a case is registered, then the log names the case but not its details or phone', async () => {
    const res = await post({ ...newCase, details: 'รายละเอียดลับเฉพาะ-7731' }, 'log-check');
    const logs = f.logLines.join('\n');
    expect(logs).toContain(res.body.caseNumber);
    expect(logs).not.toContain('รายละเอียดลับเฉพาะ-7731');
    expect(logs).not.toContain('081-234-5678');
  });

  it('when the channel is missing, then the answer is 400 naming channel', async () => {
    const { channel: _omit, ...rest } = newCase;
    const res = await post(rest);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.issues).toEqual([{ field: 'channel', reason: expect.any(String) }]);
  });

  it('when a field is invalid, then the answer names it without echoing the value sent', async () => {
    const res = await post({ ...newCase, phone: 'โทรหา 0899999999 ได้เลย' });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ field: 'phone', reason: 'must be a phone number' }]);
    expect(res.text).not.toContain('0899999999');
  });

  it('when an unknown channel is given, then the answer is 400 on channel', async () => {
    const res = await post({ ...newCase, channel: 'facebook' });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { field: string }) => i.field)).toEqual(['channel']);
  });

  it('when the body is not JSON, then the answer is 400 bad_json', async () => {
    const res = await request(f.app).post('/api/cases').set(auth).type('json').send('{"channel": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'bad_json' });
  });

  it('when the body is larger than 100 kB, then the answer is 413', async () => {
    const res = await post({ ...newCase, details: 'ก'.repeat(60_000) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: 'too_large' });
  });

  it('when the Idempotency-Key holds spaces, then the answer is 400 on Idempotency-Key', async () => {
    const res = await post(newCase, 'not a key');
    expect(res.status).toBe(400);
    expect(res.body.issues[0].field).toBe('Idempotency-Key');
  });

  it('when a case is fetched, then it comes with its timeline, which records this read as a view by the API', async () => {
    const created = await post(newCase);
    const res = await request(f.app).get(`/api/cases/${created.body.caseNumber}`).set(auth);
    expect(res.status).toBe(200);
    expect(res.body.caseNumber).toBe(created.body.caseNumber);
    expect(res.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'details_viewed']);
    expect(res.body.timeline[1]).toMatchObject({ actor: { kind: 'api', name: 'admin-api' }, public: false });
  });

  it('when a case is fetched twice, then each read is its own view in the timeline, and its answer carries no storage internals', async () => {
    const created = await post(newCase);
    const get = () => request(f.app).get(`/api/cases/${created.body.caseNumber}`).set(auth);
    await get();
    const res = await get();
    expect(res.body.timeline.filter((e: { kind: string }) => e.kind === 'details_viewed')).toHaveLength(2);
    expect(res.body).toMatchObject({ phone: '081-234-5678', details: newCase.details });
    expect([res.body.pendingNotify, res.body.notifyAfter, res.body.timeline[0].fingerprint]).toEqual([undefined, undefined, undefined]);
  });

  it('when an unknown case is fetched, then the answer is 404', async () => {
    const res = await request(f.app).get('/api/cases/PHR-2500-9999').set(auth);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found' });
  });

  it('when a malformed case number is fetched, then the answer is 400 on caseNumber', async () => {
    const res = await request(f.app).get('/api/cases/hello%20world').set(auth);
    expect(res.status).toBe(400);
    expect(res.body.issues[0].field).toBe('caseNumber');
  });

  it('when a new case is acknowledged through the API, then it is acknowledged with the caller as actor', async () => {
    const { body: c } = await post(newCase);
    const res = await patch(c.caseNumber, { action: 'acknowledge', actorName: 'สมศรี (ศูนย์ 1300)' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('acknowledged');
    expect(res.body.timeline.at(-1)).toMatchObject({ kind: 'acknowledged', actor: { kind: 'api', name: 'สมศรี (ศูนย์ 1300)' } });
  });

  it('when a case is taken through start, refer and close, then each step is in the timeline and it ends closed', async () => {
    const { body: c } = await post(newCase);
    await patch(c.caseNumber, { action: 'acknowledge' });
    await patch(c.caseNumber, { action: 'start' });
    await patch(c.caseNumber, { action: 'refer', agency: 'อบต.ร่องกาศ' });
    const res = await patch(c.caseNumber, { action: 'close', outcome: 'resolved', note: 'มอบเงินช่วยเหลือแล้ว' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', outcome: 'resolved', referredTo: 'อบต.ร่องกาศ' });
    expect(res.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'acknowledged', 'in_progress', 'referred', 'closed']);
  });

  it('when a new case is started before acknowledgement, then the answer is 409 not_acknowledged', async () => {
    const { body: c } = await post(newCase);
    const res = await patch(c.caseNumber, { action: 'start' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: 'not_allowed', reason: 'not_acknowledged' });
  });

  it('when an acknowledged case is acknowledged again, then the answer is 409 already_acknowledged', async () => {
    const { body: c } = await post(newCase);
    await patch(c.caseNumber, { action: 'acknowledge' });
    const res = await patch(c.caseNumber, { action: 'acknowledge' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: 'not_allowed', reason: 'already_acknowledged' });
  });

  it('when the same PATCH is retried with its Idempotency-Key, then it is recorded once and both answers are 200', async () => {
    const { body: c } = await post(newCase);
    const first = await patch(c.caseNumber, { action: 'note', text: 'โทรกลับแล้ว' }, 'note-1');
    const again = await patch(c.caseNumber, { action: 'note', text: 'โทรกลับแล้ว' }, 'note-1');
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.timeline.filter((e: { kind: string }) => e.kind === 'note')).toHaveLength(1);
  });

  it('when an unknown case is patched, then the answer is 404', async () => {
    const res = await patch('PHR-2500-9999', { action: 'acknowledge' });
    expect(res.status).toBe(404);
  });

  it('when the action is not one the API offers, then the answer is 400 on action', async () => {
    const { body: c } = await post(newCase);
    const res = await patch(c.caseNumber, { action: 'rate', score: 5 });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].field).toBe('action');
  });

  it('when a close asks for outcome duplicate, then the answer is 400 on outcome (a merge must name the case that carries on)', async () => {
    const { body: c } = await post(newCase);
    await patch(c.caseNumber, { action: 'acknowledge' });
    const res = await patch(c.caseNumber, { action: 'close', outcome: 'duplicate' });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { field: string }) => i.field)).toEqual(['outcome']);
    expect((await f.cases.get(c.caseNumber))?.status).toBe('acknowledged');
  });

  it('when a refer has no agency, then the answer is 400 on agency', async () => {
    const { body: c } = await post(newCase);
    const res = await patch(c.caseNumber, { action: 'refer' });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ field: 'agency', reason: expect.any(String) }]);
  });
});
