import { parseDutyArgs } from '../../src/duty/cli-args';

test('when enroll-code has no options, then the role is both and the code lives 60 minutes', () => {
  expect(parseDutyArgs(['enroll-code'])).toEqual({ ok: true, value: { command: 'enroll-code', role: 'both', ttlMinutes: 60 } });
});

test('when enroll-code names a role and a lifetime, then both are taken', () => {
  expect(parseDutyArgs(['enroll-code', '--role', 'night', '--ttl-minutes=15'])).toEqual({
    ok: true,
    value: { command: 'enroll-code', role: 'night', ttlMinutes: 15 },
  });
});

test('when the role is unknown, then the problem names the allowed roles', () => {
  expect(parseDutyArgs(['enroll-code', '--role', 'boss'])).toEqual({ ok: false, problems: ['--role must be one of day, night, both, escalation'] });
});

test('when the lifetime is not a positive number, then it is refused', () => {
  expect(parseDutyArgs(['enroll-code', '--ttl-minutes', '-5']).ok).toBe(false);
});

test('when list is given a database uri, then it is kept', () => {
  expect(parseDutyArgs(['list', '--uri', 'mongodb://127.0.0.1:27017/husec'])).toEqual({
    ok: true,
    value: { command: 'list', uri: 'mongodb://127.0.0.1:27017/husec' },
  });
});

test('when no command is given, then the problem says one is required', () => {
  expect(parseDutyArgs([])).toEqual({ ok: false, problems: ['a command is required'] });
});
