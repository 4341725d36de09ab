import express from 'express';
import request from 'supertest';
import { createAdminApi, type AttachmentContent } from '../../src/api';
import { silentLogger } from '../../src/log/logger';
import { bkk, openCase, startDutyWorld, testConfig, type DutyWorld } from '../helpers/duty-fakes';

/** The admin API's single-case read with the duty feature listening, as in the running service. */
const TOKEN = 'views-test-token-0123456789abcdef';
const noContent: AttachmentContent = { getMessageContent: () => Promise.reject(Object.assign(new Error('none'), { status: 404 })) };

let w: DutyWorld;
let app: express.Express;
beforeAll(async () => {
  w = await startDutyWorld('admin_api_views', { DUTY_GROUP_ID: 'Cday000000000000000000000000000001' });
  app = express();
  const config = testConfig({ ADMIN_API_TOKEN: TOKEN });
  app.use('/api', createAdminApi({ conn: w.conn, cases: w.cases, config, logger: silentLogger(), content: noContent }));
});
afterAll(() => w.stop());

test('when a case is read through the API, then the read is in its timeline and the duty group is not messaged about it', async () => {
  const c = await openCase(w, bkk('10:00'));
  w.outbox.clear();
  const res = await request(app).get(`/api/cases/${c.caseNumber}`).set({ Authorization: `Bearer ${TOKEN}` });
  expect(res.status).toBe(200);
  const view = (await w.cases.get(c.caseNumber))!.timeline.find((e) => e.kind === 'details_viewed');
  expect(view).toMatchObject({ actor: { kind: 'api' }, public: false });
  expect(w.outbox.items.filter((i) => i.id.startsWith(view!.id))).toEqual([]);
});

test('when a case is changed through the API, then the group is still told (views aside, API steps are announced)', async () => {
  const c = await openCase(w, bkk('10:10'));
  const res = await request(app)
    .patch(`/api/cases/${c.caseNumber}`)
    .set({ Authorization: `Bearer ${TOKEN}`, 'Idempotency-Key': 'views-ack-1' })
    .send({ action: 'acknowledge' });
  expect(res.status).toBe(200);
  expect(w.outbox.items.some((i) => i.id === 'api:views-ack-1:duty-api')).toBe(true);
});
