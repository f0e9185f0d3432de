import type { INestApplicationContext } from '@nestjs/common';
import { createAdapter as createClusterAdapter } from '@socket.io/cluster-adapter';
import { createAdapter } from '@socket.io/redis-adapter';

import { RedisService } from '../common/redis/redis.service';
import type { AdapterFactory } from './live-io.adapter';

/**
 * Several nodes: with REDIS_URL set, Socket.IO uses the Redis adapter, so a broadcast to a room, a
 * `disconnectSockets()` (ban) and a `serverSideEmit()` (access re-check) reach the sockets of every node.
 * Channels are prefixed with REDIS_PREFIX. Several workers on one machine without REDIS_URL (WORKERS > 1)
 * use the cluster adapter instead: the same messages through the primary process (src/cluster-primary.ts).
 * Without either, every node broadcasts in memory (one node).
 */
export function liveAdapterFactory(app: INestApplicationContext): AdapterFactory | undefined {
  const redis = app.get(RedisService, { strict: false });
  if (redis.viaPrimary) {
    return () => createClusterAdapter();
  }
  if (!redis.enabled) {
    return undefined;
  }
  return () => {
    const { pub, sub } = redis.createAdapterClients();
    return createAdapter(pub, sub, { key: redis.key('socket.io'), requestsTimeout: 3000 });
  };
}
