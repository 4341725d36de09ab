import request from 'supertest';
import type { CaseRecord } from '../../src/cases/types';
import { dayRange } from '../../src/reports/date-range';
import { demoCases } from '../../src/reports/demo-data';
import { seedCases } from '../../src/reports/seed';
import { auth, startAdminApi, type AdminApiFixture } from './admin-api-app';

interface Item {
  caseNumber: string;
  createdAt: string;
  timeline?: unknown;
  [k: string]: unknown;
}

describe('admin API: listing cases', () => {
  let f: AdminApiFixture;
  const demo = demoCases();
  // Five cases sharing one creation instant (before the demo period), to page across a tie.
  const tieAt = new Date('2023-06-01T03:00:00Z');
  // They also carry what the list must never show (phone, address, coordinates, LINE ids).
  const twins = Array.from({ length: 5 }, (_, i) => ({
    ...demo[0]!,
    caseNumber: `PHR-2566-900${i}`,
    sourceId: `twin:${i}`,
    createdAt: tieAt,
    updatedAt: tieAt,
    phone: `08123456${70 + i}`,
    reporterUserId: `U-twin-reporter-${i}`,
    dutyGroupId: 'C-twin-duty-group',
    owner: { id: `U-twin-officer-${i}`, name: 'สมศรี' },
    location: { ...demo[0]!.location, address: `บ้านเลขที่ ${90 + i} หมู่ 3`, lat: 18.14, lng: 100.14 },
  }));
  const stored = [...demo, ...twins];
  const list = (query: Record<string, string | number>) => request(f.app).get('/api/cases').query(query).set(auth);
  const numbers = (pred: (c: CaseRecord) => boolean) => stored.filter(pred).map((c) => c.caseNumber).sort();
  const all = async (query: Record<string, string | number>): Promise<Item[]> => {
    const out: Item[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await list({ ...query, limit: 100, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      out.push(...(res.body.items as Item[]));
      cursor = res.body.nextCursor as string | null;
      if (!cursor) break;
    }
    return out;
  };

  beforeAll(async () => {
    f = await startAdminApi('admin_api_list');
    await seedCases(f.conn, stored);
  });
  afterAll(() => f.stop());

  it('when listed without filters, then the newest 20 come first and without their timelines', async () => {
    const res = await list({});
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(20);
    expect(res.body.items[0].caseNumber).toBe('PHR-2567-0117');
    expect(res.body.items.every((i: Item) => i.timeline === undefined)).toBe(true);
    expect(typeof res.body.nextCursor).toBe('string');
  });

  it('when listed, then each item is a summary without phone, details, address, coordinates or LINE ids', async () => {
    const items = await all({});
    expect(items).toHaveLength(stored.length);
    const leaked = new Set<string>();
    for (const i of items) {
      for (const k of ['phone', 'details', 'reporterUserId', 'sourceId', 'dutyGroupId', 'owner', 'closingNote', 'rating', 'timeline', 'attachments', 'contactViaLine'])
        if (k in i) leaked.add(k);
      const loc = i.location as Record<string, unknown> | undefined;
      for (const k of ['address', 'lat', 'lng']) if (loc && k in loc) leaked.add(`location.${k}`);
    }
    expect([...leaked]).toEqual([]);
    const withPhone = stored.filter((c) => c.phone || c.details || c.location?.address || c.location?.lat !== undefined);
    expect(withPhone.length).toBeGreaterThan(0); // the fixture has something to leak
    const text = JSON.stringify(items);
    for (const c of withPhone) for (const v of [c.phone, c.details, c.location?.address, c.reporterUserId, c.dutyGroupId, c.owner?.id]) if (v) expect(text).not.toContain(v);
    expect(text).not.toContain('18.14');
  });

  it('when listed, then a summary keeps what the register needs: district, problem types, status, urgency, dates and counts', async () => {
    const source = stored.find((c) => c.location?.districtCode && c.status === 'closed')!;
    const item = (await all({})).find((i) => i.caseNumber === source.caseNumber)!;
    expect(item).toMatchObject({
      channel: source.channel,
      problemTypes: source.problemTypes,
      status: 'closed',
      urgent: source.urgent,
      location: { district: source.location!.district, districtCode: source.location!.districtCode },
      attachmentCount: source.attachments.length,
      reopenCount: source.reopenCount,
      createdAt: source.createdAt.toISOString(),
    });
  });

  it('when paged 25 at a time, then every case appears exactly once, newest first, and the last page has no cursor', async () => {
    const seen: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list({ limit: 25, ...(cursor ? { cursor } : {}) });
      seen.push(...(res.body.items as Item[]));
      cursor = res.body.nextCursor as string | null;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(122);
    expect(seen.slice(0, 117).map((i) => i.caseNumber)).toEqual(demo.map((c) => c.caseNumber).reverse());
    expect(new Set(seen.map((i) => i.caseNumber)).size).toBe(122);
  });

  it('when several cases share one creation instant, then paging across them neither repeats nor skips any', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res = await list({ to: '2023-06-01', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...(res.body.items as Item[]).map((i) => i.caseNumber));
      cursor = res.body.nextCursor as string | null;
      if (!cursor) break;
    }
    expect(seen.sort()).toEqual(twins.map((t) => t.caseNumber).sort());
  });

  it('when filtered by channel, then exactly the cases of that channel are listed', async () => {
    const items = await all({ channel: 'opm_ops_center' });
    expect(items.map((i) => i.caseNumber).sort()).toEqual(numbers((c) => c.channel === 'opm_ops_center'));
    expect(items).toHaveLength(7);
  });

  it('when filtered by district name, then exactly the cases of that district are listed', async () => {
    const items = await all({ district: 'ลอง' });
    expect(items).toHaveLength(29);
    expect(items.map((i) => i.caseNumber).sort()).toEqual(numbers((c) => c.location?.district === 'ลอง'));
  });

  it('when filtered by district code, then the same cases are listed as by its name', async () => {
    expect((await all({ district: '5403' })).map((i) => i.caseNumber).sort()).toEqual(numbers((c) => c.location?.district === 'ลอง'));
  });

  it('when filtered by problem type, then cases carrying it among others are listed too', async () => {
    const items = await all({ problemType: 'rights' });
    expect(items).toHaveLength(34);
  });

  it('when filtered by target group and status, then both apply', async () => {
    const items = await all({ targetGroup: 'disabled', status: 'closed' });
    expect(items.map((i) => i.caseNumber).sort()).toEqual(numbers((c) => c.targetGroup === 'disabled' && c.status === 'closed'));
  });

  it('when filtered by urgency, then only urgent cases are listed', async () => {
    const items = await all({ urgent: 'true' });
    expect(items.map((i) => i.caseNumber).sort()).toEqual(numbers((c) => c.urgent));
  });

  it('when filtered by Bangkok dates, then the cases created on those days inclusive are listed', async () => {
    const r = dayRange('2024-03-01', '2024-03-31');
    const items = await all({ from: '2024-03-01', to: '2024-03-31' });
    expect(items.map((i) => i.caseNumber).sort()).toEqual(numbers((c) => c.createdAt >= r.start && c.createdAt < r.end));
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 101 }, 'limit'],
    [{ status: 'open' }, 'status'],
    [{ from: '2024-02-30' }, 'from'],
    [{ from: '2024-03-02', to: '2024-03-01' }, 'to'],
    [{ urgent: 'yes' }, 'urgent'],
    [{ district: 'ปาย' }, 'district'],
    [{ cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
    [{ colour: 'red' }, 'colour'],
  ])('when the query is %p, then the answer is 400 on %s', async (query, field) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.issues.map((i: { field: string }) => i.field)).toEqual([field]);
  });
});
