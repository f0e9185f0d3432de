import { primaryLink } from '../cluster/primary-link';

/** The commands the code sends besides scripts: what ioredis and the primary's store both answer. */
export interface SharedMulti {
  sadd(key: string, ...members: string[]): SharedMulti;
  srem(key: string, ...members: string[]): SharedMulti;
  pexpire(key: string, ms: number): SharedMulti;
  del(key: string): SharedMulti;
  exec(): Promise<unknown>;
}

export interface SharedCommands {
  get(key: string): Promise<string | null>;
  srem(key: string, ...members: string[]): Promise<number>;
  multi(): SharedMulti;
}

/** The commands sent to the primary's store (WORKERS > 1 without REDIS_URL): a MULTI goes as one request. */
export function primaryCommands(): SharedCommands {
  return {
    get: (key) => primaryLink.request('get', [key]) as Promise<string | null>,
    srem: (key, ...members) => primaryLink.request('srem', [key, ...members]) as Promise<number>,
    multi: () => {
      const queued: unknown[][] = [];
      const multi: SharedMulti = {
        sadd: (key, ...members) => (queued.push(['sadd', key, ...members]), multi),
        srem: (key, ...members) => (queued.push(['srem', key, ...members]), multi),
        pexpire: (key, ms) => (queued.push(['pexpire', key, ms]), multi),
        del: (key) => (queued.push(['del', key]), multi),
        exec: () => primaryLink.request('multi', [queued]),
      };
      return multi;
    },
  };
}
