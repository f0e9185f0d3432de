import { availableParallelism } from 'node:os';

import { ConfigError, loadConfig, runsBackgroundJobs } from './app-config';

describe('loadConfig', () => {
  it('should apply the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      database: { type: 'sqlite', url: 'sqlite:data/plenary.sqlite' },
      redisUrl: null,
      jwtSecret: null,
      seedDemo: true,
      corsOrigins: [],
      rateLimitsEnabled: true,
    });
    expect(config.database.type === 'sqlite' && config.database.path).toMatch(/data\/plenary\.sqlite$/);
  });

  it('should run one process unless WORKERS says otherwise', () => {
    expect(loadConfig({})).toMatchObject({ workers: 1, workerSlot: null });
    expect(loadConfig({ WORKERS: '4' }).workers).toBe(4);
    expect(loadConfig({ WORKERS: 'auto' }).workers).toBe(availableParallelism());
    expect(() => loadConfig({ WORKERS: '0' })).toThrow(/WORKERS must be "auto" or a number/);
    expect(() => loadConfig({ WORKERS: '2', DATABASE_URL: 'sqlite::memory:' })).toThrow(
      /WORKERS above 1 needs a database file/,
    );
  });

  it('should give a forked worker its slot, its own node name and no demo seeding', () => {
    const worker = loadConfig({ WORKERS: '2', PLENARY_WORKER_SLOT: '2', NODE_NAME: 'web' });
    expect(worker).toMatchObject({ workerSlot: 2, nodeName: 'web-w2', seedDemo: false });
    expect(runsBackgroundJobs(worker)).toBe(false);
    expect(runsBackgroundJobs(loadConfig({ WORKERS: '2', PLENARY_WORKER_SLOT: '1' }))).toBe(true);
    expect(runsBackgroundJobs(loadConfig({}))).toBe(true);
  });

  it('should read every variable of the table', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://plenary:secret@db.internal:5432/plenary',
      REDIS_URL: 'redis://127.0.0.1:6379',
      JWT_SECRET: 'x'.repeat(32),
      SEED_DEMO: 'false',
      CORS_ORIGINS: 'https://silks.example, https://partners.example',
      RATE_LIMITS: 'off',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      database: { type: 'postgres', url: 'postgres://plenary:secret@db.internal:5432/plenary' },
      redisUrl: 'redis://127.0.0.1:6379',
      jwtSecret: 'x'.repeat(32),
      seedDemo: false,
      corsOrigins: ['https://silks.example', 'https://partners.example'],
      rateLimitsEnabled: false,
    });
  });

  it('should name every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://nope',
        REDIS_URL: 'http://not-redis',
        JWT_SECRET: 'short',
        SEED_DEMO: 'maybe',
        CORS_ORIGINS: 'not a url',
        RATE_LIMITS: 'sometimes',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'REDIS_URL',
      'JWT_SECRET',
      'SEED_DEMO',
      'CORS_ORIGINS',
      'RATE_LIMITS',
    ]) {
      expect(problems).toContain(name);
    }
  });

  it('should require a JWT secret in production and refuse disabled rate limits there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'y'.repeat(40), RATE_LIMITS: 'off' }),
    ).toThrow(/RATE_LIMITS=off/);
  });
});
