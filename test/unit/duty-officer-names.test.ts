import { createOfficerNames } from '../../src/duty/officer-names';

function profiles(names: Record<string, string>) {
  const p = {
    lookups: 0,
    fail: false,
    async getGroupMemberProfile(_g: string, userId: string) {
      p.lookups++;
      if (p.fail) throw Object.assign(new Error('HTTP 500'), { status: 500 });
      return { displayName: names[userId] };
    },
  };
  return p;
}

test('when the same officer acts twice within the hour, then LINE is asked once', async () => {
  const p = profiles({ U1: 'สมหญิง' });
  const names = createOfficerNames(p, { fallback: 'เจ้าหน้าที่', clock: () => 0 });
  await names.get('C1', 'U1');
  await names.get('C1', 'U1');
  expect(p.lookups).toBe(1);
});

test('when the cached name is older than its lifetime, then LINE is asked again', async () => {
  const p = profiles({ U1: 'สมหญิง' });
  let now = 0;
  const names = createOfficerNames(p, { fallback: 'เจ้าหน้าที่', ttlMs: 1000, clock: () => now });
  await names.get('C1', 'U1');
  now = 1001;
  await names.get('C1', 'U1');
  expect(p.lookups).toBe(2);
});

test('when LINE fails, then the fallback name is used', async () => {
  const p = profiles({});
  p.fail = true;
  expect(await createOfficerNames(p, { fallback: 'เจ้าหน้าที่' }).get('C1', 'U1')).toBe('เจ้าหน้าที่');
});

test('when LINE failed once, then the next action asks again (failures are not cached)', async () => {
  const p = profiles({ U1: 'สมหญิง' });
  p.fail = true;
  const names = createOfficerNames(p, { fallback: 'เจ้าหน้าที่', clock: () => 0 });
  await names.get('C1', 'U1');
  p.fail = false;
  expect(await names.get('C1', 'U1')).toBe('สมหญิง');
});
