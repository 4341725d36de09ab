import { sessionCache, type SessionDoc } from '../../src/intake/store';
import { initialState } from '../../src/intake/decide';

/** The per-process memory of sessions (issue 13): bounded, least recently used out first, copies in. */

const doc = (userId: string, version = 1): SessionDoc => ({ ...initialState(userId), version, _id: userId, appliedEventIds: [], updatedAt: new Date(0) });

test('when more people talk than the cache holds, then it keeps the most recently used and never grows past its bound', () => {
  const cache = sessionCache(3);
  for (const u of ['U1', 'U2', 'U3']) cache.set(u, doc(u));
  cache.get('U1');
  cache.set('U4', doc('U4'));
  for (let i = 0; i < 100; i++) cache.set(`V${i}`, null);
  cache.set('U1', doc('U1', 2));
  expect([cache.size, cache.get('U2'), cache.get('U3'), cache.get('V99'), cache.get('U1')?.version]).toEqual([3, undefined, undefined, null, 2]);
});

test('when a remembered session is changed by its caller afterwards, then the cache still holds what was saved', () => {
  const cache = sessionCache(10);
  const d = doc('U1');
  cache.set('U1', d);
  d.history.push('problem');
  d.version = 9;
  expect([cache.get('U1')?.history, cache.get('U1')?.version]).toEqual([[], 1]);
});

test('when a person is known to have no session, then that is remembered apart from not knowing', () => {
  const cache = sessionCache(10);
  cache.set('U-none', null);
  cache.delete('U-gone');
  expect([cache.get('U-none'), cache.get('U-unknown')]).toEqual([null, undefined]);
});
