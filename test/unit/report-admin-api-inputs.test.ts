import { bearerToken, tokenMatches } from '../../src/api/auth';
import { decodeCursor, encodeCursor } from '../../src/api/cursor';
import { createCaseSchema, listQuerySchema, patchCaseSchema } from '../../src/api/schemas';
import { issuesOf } from '../../src/api/validation';
import { provinceData } from '../../src/cases/geo';

const phrae = provinceData('แพร่');

describe('admin API inputs', () => {
  it('when the header is "Bearer <token>", then the token is taken', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
  });

  it.each([undefined, '', 'Basic abc', 'Bearer', 'Bearer a b'])('when the header is %p, then there is no token', (h) => {
    expect(bearerToken(h)).toBeUndefined();
  });

  it('when tokens of different lengths are compared, then they do not match and nothing throws', () => {
    expect(tokenMatches('short', 'a-much-longer-admin-token')).toBe(false);
    expect(tokenMatches('a-much-longer-admin-token', 'a-much-longer-admin-token')).toBe(true);
  });

  it('when a cursor is encoded, then decoding gives back the same position', () => {
    const p = { createdAt: new Date('2024-03-01T02:03:04.005Z'), id: '65e1a2b3c4d5e6f708192a3b' };
    expect(decodeCursor(encodeCursor(p))).toEqual(p);
  });

  it.each(['', 'not a cursor!', Buffer.from('{"t":1}').toString('base64url'), Buffer.from('[]').toString('base64url')])(
    'when the cursor is %p, then it is refused',
    (c) => {
      expect(decodeCursor(c)).toBeUndefined();
    },
  );

  it('when the list query has no limit, then 20 is used', () => {
    expect(listQuerySchema.parse({}).limit).toBe(20);
  });

  it('when the list query names an unknown filter, then the issue names that field without its value', () => {
    const r = listQuerySchema.safeParse({ stauts: 'new' });
    expect(r.success).toBe(false);
    expect(issuesOf(r.error!, 'query')).toEqual([{ field: 'stauts', reason: 'unknown field' }]);
  });

  it('when a new case gives a district by name with the อำเภอ prefix, then it is stored with its code and province', () => {
    const draft = createCaseSchema(phrae).parse({ channel: 'walk_in', problemTypes: ['income'], location: { district: 'อำเภอลอง' } });
    expect(draft.location).toEqual({ district: 'ลอง', districtCode: '5403', province: 'แพร่' });
  });

  it('when a new case is in another province, then it is kept as out of province', () => {
    const draft = createCaseSchema(phrae).parse({
      channel: 'referral',
      problemTypes: ['rights'],
      location: { province: 'น่าน', district: 'เมืองน่าน' },
    });
    expect(draft.location).toEqual({ province: 'น่าน', district: 'เมืองน่าน', outOfProvince: true });
  });

  it('when a new case names a district the province does not have, then the issue is on location.district', () => {
    const r = createCaseSchema(phrae).safeParse({ channel: 'walk_in', problemTypes: ['income'], location: { district: 'ปาย' } });
    expect(issuesOf(r.error!, 'body')).toEqual([{ field: 'location.district', reason: 'must be a district of แพร่' }]);
  });

  it('when a phone number is invalid, then the reason does not quote it', () => {
    const r = createCaseSchema(phrae).safeParse({ channel: 'walk_in', problemTypes: ['income'], phone: 'call me 0812345678' });
    const issues = issuesOf(r.error!, 'body');
    expect(issues).toEqual([{ field: 'phone', reason: 'must be a phone number' }]);
  });

  it('when a patch has an unknown action, then the issue is on action', () => {
    const r = patchCaseSchema.safeParse({ action: 'delete' });
    expect(issuesOf(r.error!, 'body').map((i) => i.field)).toEqual(['action']);
  });

  it('when a close has no note, then an empty note is used', () => {
    expect(patchCaseSchema.parse({ action: 'close', outcome: 'resolved' })).toEqual({ action: 'close', outcome: 'resolved', note: '' });
  });
});
