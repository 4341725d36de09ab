import request from 'supertest';
import { ADMIN_TOKEN, auth, startAdminApi, type AdminApiFixture } from './admin-api-app';

describe('admin API authentication', () => {
  let f: AdminApiFixture;
  beforeAll(async () => {
    f = await startAdminApi('admin_api_auth');
  });
  afterAll(() => f.stop());

  it('when no Authorization header is sent, then the answer is 401 with a Bearer challenge', async () => {
    const res = await request(f.app).get('/api/cases');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'unauthorized' });
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('when a wrong token is sent, then the answer is 401', async () => {
    const res = await request(f.app).get('/api/cases').set('Authorization', `Bearer ${ADMIN_TOKEN}x`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'unauthorized' });
  });

  it('when the right token is sent with another scheme, then the answer is 401', async () => {
    const res = await request(f.app).get('/api/cases').set('Authorization', `Basic ${ADMIN_TOKEN}`);
    expect(res.status).toBe(401);
  });

  it('when the right token is sent, then the case list is served and not cacheable', async () => {
    const res = await request(f.app).get('/api/cases').set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('when no token is configured, then every request gets 503 not_configured, even with a header', async () => {
    const unconfigured = f.appWith({});
    const res = await request(unconfigured).get('/api/cases').set(auth);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: 'not_configured' });
  });

  it('when an unauthenticated request sends a body, then it is refused before the body is read', async () => {
    const res = await request(f.app).post('/api/cases').type('json').send('{not json');
    expect(res.status).toBe(401);
  });

  it('when an authenticated request asks for an unknown path, then the answer is 404 JSON', async () => {
    const res = await request(f.app).get('/api/nothing-here').set(auth);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found' });
  });
});
