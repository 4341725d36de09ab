import { groupForShift, shiftAt, type RegisteredGroup } from '../../src/duty/shift';

// Bangkok is UTC+7 all year: 08:30 in Bangkok is 01:30Z.
const bkk = (hhmm: string, day = '2026-03-02') => new Date(`${day}T${hhmm}:00+07:00`);

describe('shiftAt', () => {
  test.each([
    ['08:29', 'night'],
    ['08:30', 'day'],
    ['12:00', 'day'],
    ['16:29', 'day'],
    ['16:30', 'night'],
    ['23:59', 'night'],
    ['00:00', 'night'],
  ])('when it is %s in Bangkok under 08:30-16:30, then the shift is %s', (hhmm, shift) => {
    expect(shiftAt(bkk(hhmm), '08:30-16:30')).toBe(shift);
  });

  test('when the last second of the day shift ticks, then it is still day', () => {
    expect(shiftAt(new Date('2026-03-02T16:29:59.999+07:00'), '08:30-16:30')).toBe('day');
  });

  test.each([
    ['21:59', 'night'],
    ['22:00', 'day'],
    ['03:00', 'day'],
    ['06:00', 'night'],
  ])('when a day window wraps midnight (22:00-06:00) and it is %s, then the shift is %s', (hhmm, shift) => {
    expect(shiftAt(bkk(hhmm), '22:00-06:00')).toBe(shift);
  });
});

describe('groupForShift', () => {
  const reg = (groupId: string, role: RegisteredGroup['role'], at = '2026-01-01'): RegisteredGroup => ({
    groupId,
    role,
    registeredAt: new Date(at),
  });

  test('when the night group is configured, then night cases go to it', () => {
    expect(groupForShift('night', { DUTY_GROUP_ID: 'Cday', DUTY_NIGHT_GROUP_ID: 'Cnight' }, [])).toBe('Cnight');
  });

  test('when only the duty group is configured, then night cases go to it', () => {
    expect(groupForShift('night', { DUTY_GROUP_ID: 'Cday' }, [])).toBe('Cday');
  });

  test('when a night group is registered and none configured, then night cases go to it', () => {
    expect(groupForShift('night', { DUTY_GROUP_ID: 'Cday' }, [reg('Cn', 'night')])).toBe('Cn');
  });

  test('when the duty group is configured, then it wins over a registered day group', () => {
    expect(groupForShift('day', { DUTY_GROUP_ID: 'Cday' }, [reg('Cd', 'day')])).toBe('Cday');
  });

  test('when two day groups are registered, then the latest registration receives day cases', () => {
    expect(groupForShift('day', {}, [reg('old', 'day', '2026-01-01'), reg('new', 'day', '2026-02-01')])).toBe('new');
  });

  test('when only a "both" group is registered, then day and night cases go to it', () => {
    const groups = [reg('Cb', 'both')];
    expect([groupForShift('day', {}, groups), groupForShift('night', {}, groups)]).toEqual(['Cb', 'Cb']);
  });

  test('when only a night group exists, then day cases still reach it', () => {
    expect(groupForShift('day', {}, [reg('Cn', 'night')])).toBe('Cn');
  });

  test('when only the supervisors group exists, then cases go there rather than nowhere', () => {
    expect(groupForShift('day', { ESCALATION_GROUP_ID: 'Cesc' }, [])).toBe('Cesc');
  });

  test('when no group exists at all, then there is no target', () => {
    expect(groupForShift('night', {}, [])).toBeUndefined();
  });
});
