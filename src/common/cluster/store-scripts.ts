import { PrimaryStore } from './primary-store';

type Twin = (store: PrimaryStore, keys: string[], args: string[]) => unknown;

/** Distinct members over the live nodes' sets (PRESENCE_COUNT_LUA's `count`, src/realtime/live-cluster.ts). */
function presenceCount(store: PrimaryStore, nodesKey: string, nodePrefix: string): number {
  const sets: string[] = [];
  for (const node of store.smembers(nodesKey)) {
    const key = nodePrefix + node;
    if (store.exists(key)) {
      sets.push(key);
    } else {
      store.srem(nodesKey, node);
    }
  }
  if (sets.length === 1) {
    return store.scard(sets[0]);
  }
  return new Set(sets.flatMap((key) => store.smembers(key))).size;
}

/**
 * The JavaScript twin of every Lua script the code defines with `RedisService.script(name, …)`, by name:
 * same KEYS, ARGV and answer. A script without a twin fails its callers, who then fall back as when Redis is
 * away; `store-scripts.spec.ts` holds each twin to its script's documented answers.
 */
export const STORE_SCRIPTS: Readonly<Record<string, Twin>> = {
  plenaryPresenceCount: (store, [nodes], [prefix]) => presenceCount(store, nodes, prefix),

  plenaryPresenceFlush: (store, [nodes, , lock, last], [prefix, intervalMs]) => {
    if (!store.set(lock, '1', { nx: true, px: Number(intervalMs) })) {
      return [-1, store.pttl(lock)];
    }
    const count = presenceCount(store, nodes, prefix);
    if (store.get(last) === String(count)) {
      store.del(lock);
      return [-2, 0];
    }
    store.set(last, String(count), { px: 3_600_000 });
    return [count, 0];
  },

  plenaryVotesClaim: (store, [pending, lock], [intervalMs, ttlMs, ...ids]) => {
    if (ids.length > 0) {
      store.sadd(pending, ...ids.map(String));
      store.pexpire(pending, Number(ttlMs));
    }
    if (store.scard(pending) === 0) {
      return ['idle'];
    }
    if (!store.set(lock, '1', { nx: true, px: Number(intervalMs) })) {
      return ['wait'];
    }
    const claimed = store.smembers(pending);
    store.del(pending);
    return ['claimed', ...claimed];
  },

  plenaryReactionBurst: (store, [pool, lock], [intervalMs, ttlMs, ...pairs]) => {
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      store.hincrby(pool, String(pairs[i]), Number(pairs[i + 1]));
    }
    if (pairs.length > 0) {
      store.pexpire(pool, Number(ttlMs));
    }
    if (!store.exists(pool)) {
      return ['idle'];
    }
    if (!store.set(lock, '1', { nx: true, px: Number(intervalMs) })) {
      return ['wait'];
    }
    const counts = store.hgetall(pool).flatMap(([emoji, count]) => [emoji, String(count)]);
    store.del(pool);
    return ['claimed', ...counts];
  },

  plenaryTokenState: (store, [key], [stamp, json, ttlMs]) => {
    const current = store.get(key);
    const currentStamp = current === null ? null : /^(\d+)\|/.exec(current)?.[1];
    if (currentStamp && Number(currentStamp) > Number(stamp)) {
      return 0;
    }
    store.set(key, `${stamp}|${json}`, { px: Number(ttlMs) });
    return 1;
  },

  plenaryRateLimitHit: (store, [key], [windowMs]) => {
    const count = store.incr(key);
    let ttl = store.pttl(key);
    if (ttl < 0) {
      store.pexpire(key, Number(windowMs));
      ttl = Number(windowMs);
    }
    return [count, ttl];
  },
};

type Command = [name: string, ...args: unknown[]];

function runCommand(store: PrimaryStore, [name, ...args]: Command): unknown {
  const text = args.map(String);
  switch (name) {
    case 'get':
      return store.get(text[0]);
    case 'del':
      return store.del(text[0]);
    case 'sadd':
      return store.sadd(text[0], ...text.slice(1));
    case 'srem':
      return store.srem(text[0], ...text.slice(1));
    case 'pexpire':
      return store.pexpire(text[0], Number(text[1]));
    default:
      throw new Error(`the primary store does not know the command ${name}`);
  }
}

/** Answers one worker request: a command, a MULTI (all commands in one turn) or a script. */
export function handleStoreRequest(store: PrimaryStore, op: string, args: unknown[]): unknown {
  if (op === 'multi') {
    return (args[0] as Command[]).map((command) => [null, runCommand(store, command)]);
  }
  if (op === 'script') {
    const [name, keys, scriptArgs] = args as [string, string[], unknown[]];
    const twin = STORE_SCRIPTS[name];
    if (!twin) {
      throw new Error(`the primary store has no twin of the script ${name}`);
    }
    return twin(store, keys, scriptArgs.map(String));
  }
  return runCommand(store, [op, ...args]);
}
