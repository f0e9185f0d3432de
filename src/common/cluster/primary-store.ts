/**
 * What Redis holds for several nodes, held by the primary process for its workers when WORKERS > 1 and
 * REDIS_URL is not set: strings, sets and hashes with expiry, the few commands the workers send
 * (`get`, `srem`, `multi`) and each Lua script of the code base as a JavaScript twin with the same keys,
 * arguments and answers. The primary runs one request at a time, so a twin is as atomic as its script.
 */

type Value =
  | { kind: 'string'; value: string }
  | { kind: 'set'; value: Set<string> }
  | {
      kind: 'hash';
      value: Map<string, number>;
    };

interface Entry {
  data: Value;
  /** Epoch ms, or null without expiry. */
  expiresAt: number | null;
}

export class PrimaryStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  private entry(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Expired keys are dropped when read; this drops the ones nobody reads again (called by a timer). */
  sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== null && entry.expiresAt <= now) {
        this.entries.delete(key);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }

  exists(key: string): boolean {
    return this.entry(key) !== undefined;
  }

  get(key: string): string | null {
    const entry = this.entry(key);
    return entry?.data.kind === 'string' ? entry.data.value : null;
  }

  /** SET key value [NX] [PX ms]: false when NX found the key. */
  set(key: string, value: string, options: { nx?: boolean; px?: number } = {}): boolean {
    if (options.nx && this.exists(key)) {
      return false;
    }
    this.entries.set(key, {
      data: { kind: 'string', value },
      expiresAt: options.px === undefined ? null : this.now() + options.px,
    });
    return true;
  }

  del(key: string): number {
    const had = this.exists(key);
    this.entries.delete(key);
    return had ? 1 : 0;
  }

  pexpire(key: string, ms: number): number {
    const entry = this.entry(key);
    if (!entry) {
      return 0;
    }
    entry.expiresAt = this.now() + ms;
    return 1;
  }

  /** PTTL: -2 without the key, -1 without expiry. */
  pttl(key: string): number {
    const entry = this.entry(key);
    if (!entry) {
      return -2;
    }
    return entry.expiresAt === null ? -1 : entry.expiresAt - this.now();
  }

  incr(key: string): number {
    const entry = this.entry(key);
    const next = (entry?.data.kind === 'string' ? Number(entry.data.value) : 0) + 1;
    this.entries.set(key, {
      data: { kind: 'string', value: String(next) },
      expiresAt: entry?.expiresAt ?? null,
    });
    return next;
  }

  private set_(key: string, create: boolean): Set<string> | undefined {
    const entry = this.entry(key);
    if (entry?.data.kind === 'set') {
      return entry.data.value;
    }
    if (!create) {
      return undefined;
    }
    const value = new Set<string>();
    this.entries.set(key, { data: { kind: 'set', value }, expiresAt: null });
    return value;
  }

  sadd(key: string, ...members: string[]): number {
    const set = this.set_(key, true)!;
    const before = set.size;
    members.forEach((member) => set.add(member));
    return set.size - before;
  }

  srem(key: string, ...members: string[]): number {
    const set = this.set_(key, false);
    if (!set) {
      return 0;
    }
    let removed = 0;
    members.forEach((member) => (removed += set.delete(member) ? 1 : 0));
    if (set.size === 0) {
      this.entries.delete(key);
    }
    return removed;
  }

  smembers(key: string): string[] {
    return [...(this.set_(key, false) ?? [])];
  }

  scard(key: string): number {
    return this.set_(key, false)?.size ?? 0;
  }

  hincrby(key: string, field: string, by: number): number {
    let entry = this.entry(key);
    if (entry?.data.kind !== 'hash') {
      entry = { data: { kind: 'hash', value: new Map() }, expiresAt: null };
      this.entries.set(key, entry);
    }
    const hash = (entry.data as { value: Map<string, number> }).value;
    const next = (hash.get(field) ?? 0) + by;
    hash.set(field, next);
    return next;
  }

  hgetall(key: string): Array<[string, number]> {
    const entry = this.entry(key);
    return entry?.data.kind === 'hash' ? [...entry.data.value] : [];
  }
}
