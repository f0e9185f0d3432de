import { ConfigError, loadConfig } from '../../config/app-config';
import { reconnectDelay, RedisService } from './redis.service';

describe('RedisService', () => {
  it('should stay off without REDIS_URL', async () => {
    const redis = new RedisService(loadConfig({ DATABASE_URL: 'sqlite::memory:' }));
    expect(redis.enabled).toBe(false);
    expect(redis.ready).toBe(false);
    expect(redis.key('rl', 'chat:u1')).toBe('plenary:rl:chat:u1');
    await expect(redis.onApplicationShutdown()).resolves.toBeUndefined();
  });

  it('should prefix keys with REDIS_PREFIX and name the node after NODE_NAME', () => {
    const redis = new RedisService(
      loadConfig({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_PREFIX: 'eu-1', NODE_NAME: 'web-3' }),
    );
    expect(redis.enabled).toBe(true);
    expect(redis.key('presence', 'x')).toBe('eu-1:presence:x');
    expect(redis.nodeId).toMatch(/^web-3\.[0-9a-f]{8}$/);
  });

  it('should default NODE_NAME to host and pid and refuse unsafe names and prefixes', () => {
    expect(loadConfig({}).nodeName).toMatch(new RegExp(`-${process.pid}$`));
    expect(() => loadConfig({ NODE_NAME: 'a b' })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_PREFIX: 'x*' })).toThrow(ConfigError);
  });

  it('should back off between reconnects up to about two seconds', () => {
    expect(reconnectDelay(1)).toBeGreaterThanOrEqual(100);
    expect(reconnectDelay(1)).toBeLessThan(200);
    expect(reconnectDelay(1000)).toBeLessThan(2100);
  });
});
