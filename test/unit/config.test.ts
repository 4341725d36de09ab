import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEYS, ConfigError, loadBenchConfig, loadConfig, loadServiceConfig, minutesToMs, productionProblems } from '../../src/config/env';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('configuration', () => {
  it('when nothing is set, then the embedded defaults apply', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      CENTER_CODE: 'PHR',
      CENTER_PROVINCE: 'แพร่',
      LINE_API_BASE_URL: 'https://api.line.me',
      LINE_DATA_API_BASE_URL: 'https://api-data.line.me',
      SESSION_TIMEOUT_MINUTES: 30,
      DAY_SHIFT: '08:30-16:30',
      GROUP_CARD_DETAIL: 'minimal',
      ACK_SLA_URGENT_MINUTES: 10,
      ACK_SLA_NORMAL_MINUTES: 60,
      ESCALATION_MAX_ROUNDS: 3,
    });
    expect(c.MONGODB_URI).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('when a key is invalid, then the error names the key and the reason but never the value', () => {
    const problems = problemsOf({ PORT: 'eighty', MONGODB_URI: 'postgres://secret-host/db', ADMIN_API_TOKEN: 'short' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['ADMIN_API_TOKEN', 'MONGODB_URI', 'PORT']);
    expect(problems.join(' ')).not.toMatch(/eighty|secret-host|short\b/);
  });

  it('when only one LINE credential is set, then start-up stops naming the missing one', () => {
    expect(problemsOf({ LINE_CHANNEL_SECRET: 'abc' })).toEqual([
      'LINE_CHANNEL_ACCESS_TOKEN: required when the other LINE credential is set',
    ]);
  });

  it('when a duration is given in fractional minutes, then it is accepted (seconds for tests)', () => {
    const c = loadConfig({ SESSION_TIMEOUT_MINUTES: '0.05', ACK_SLA_URGENT_MINUTES: '0.5' });
    expect(minutesToMs(c.SESSION_TIMEOUT_MINUTES)).toBe(3000);
    expect(minutesToMs(c.ACK_SLA_URGENT_MINUTES)).toBe(30_000);
  });

  it.each([['0'], ['-1'], ['soon']])('when a duration is %s, then it is refused', (v) => {
    expect(problemsOf({ ACK_SLA_NORMAL_MINUTES: v })[0]).toMatch(/^ACK_SLA_NORMAL_MINUTES: /);
  });

  it.each([['8:30-16:30'], ['08:30'], ['08:30-08:30'], ['25:00-16:30']])('when DAY_SHIFT is %s, then it is refused', (v) => {
    expect(problemsOf({ DAY_SHIFT: v })).toEqual(['DAY_SHIFT: must look like 08:30-16:30']);
  });

  it('when a key is set to an empty string (as in a copied .env.example), then its default applies', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '', CENTER_CODE: '' })).toMatchObject({ PORT: 3000, CENTER_CODE: 'PHR' });
  });
});

describe('.env.example', () => {
  const lines = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8').split('\n');
  it.each(CONFIG_KEYS.map((k) => [k]))('when a newcomer reads it, then %s is there with a comment above it', (key) => {
    const at = lines.findIndex((l) => l.startsWith(`${key}=`));
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1].startsWith('#')).toBe(true);
  });
});

describe('a production start', () => {
  const production = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.example/husec', LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't' };
  const without = (key: keyof typeof production) => Object.fromEntries(Object.entries(production).filter(([k]) => k !== key));

  it('when MONGODB_URI is missing, then loadServiceConfig refuses naming that key only', () => {
    expect(productionProblems(loadConfig(without('MONGODB_URI'))).map((p) => p.split(':')[0])).toEqual(['MONGODB_URI']);
    expect(() => loadServiceConfig(without('MONGODB_URI'))).toThrow(ConfigError);
  });

  it('when the LINE credentials are missing, then both keys are named (one alone is already refused by the pair rule)', () => {
    const env = { NODE_ENV: 'production', MONGODB_URI: production.MONGODB_URI };
    expect(productionProblems(loadConfig(env)).map((p) => p.split(':')[0])).toEqual(['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN']);
    expect(() => loadServiceConfig(env)).toThrow(ConfigError);
  });

  it('when everything production needs is set, then it starts', () => {
    expect(loadServiceConfig(production)).toMatchObject({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.example/husec' });
  });

  it('when nothing is configured outside production, then the sandbox start is allowed', () => {
    expect(productionProblems(loadServiceConfig({}))).toEqual([]);
    expect(() => loadServiceConfig({ NODE_ENV: 'development' })).not.toThrow();
  });
});

describe('the benchmark settings', () => {
  it('when VARIANTS is unset, then the three default servers run in order', () => {
    expect(loadBenchConfig({}).variants).toEqual(['bare', 'middleware', 'ingest']);
  });

  it('when VARIANTS lists known servers, then they run in that order', () => {
    expect(loadBenchConfig({ VARIANTS: 'ingest, nodb' }).variants).toEqual(['ingest', 'nodb']);
  });

  it('when VARIANTS names an unknown server, then it is refused naming the key, not the value', () => {
    expect(() => loadBenchConfig({ VARIANTS: 'bare,turbo' })).toThrow(ConfigError);
    try {
      loadBenchConfig({ VARIANTS: 'bare,turbo' });
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([expect.stringMatching(/^VARIANTS: must be a comma-separated list/)]);
      expect((err as ConfigError).message).not.toContain('turbo');
    }
  });
});
