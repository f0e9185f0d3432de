import type { AppConfig } from '../config/app-config';
import type { AdapterFactory } from './live-io.adapter';

/**
 * The seam for several nodes: with REDIS_URL set this is where the Redis adapter gets installed
 * (issue 6). Until then every node broadcasts in memory, which is right for one node.
 */
export function liveAdapterFactory(_config: AppConfig): AdapterFactory | undefined {
  return undefined;
}
