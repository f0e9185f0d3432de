import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export type DatabaseConfig =
  { type: 'sqlite'; path: string; url: string } | { type: 'postgres'; url: string };

export interface AppConfig {
  nodeEnv: string;
  port: number;
  host: string;
  database: DatabaseConfig;
  redisUrl: string | null;
  /** Prefix of every Redis key and Socket.IO channel, so several deployments (or test runs) share one Redis. */
  redisPrefix: string;
  /** This process in /metrics (`node` label) and logs; defaults to `<hostname>-<pid>`. */
  nodeName: string;
  jwtSecret: string | null;
  seedDemo: boolean;
  corsOrigins: string[];
  rateLimitsEnabled: boolean;
  /** debug | info | warn | error | silent */
  logLevel: string;
  mail: MailConfig;
  /** WORKERS: processes serving the one port (1: this process serves everything; see docs/architecture.md). */
  workers: number;
  /**
   * In a worker the primary forked (WORKERS > 1): its slot, 1…N, kept by its replacement after a crash. Slot 1
   * runs the background jobs (checkpointer, mail, reminders). Null in a single process.
   */
  workerSlot: number | null;
}

/** The process that runs the checkpointer, the mail worker and the reminders: a single process, or slot 1. */
export function runsBackgroundJobs(config: AppConfig): boolean {
  return config.workerSlot === null || config.workerSlot === 1;
}

export interface MailConfig {
  /** smtp://user:pass@host:port or smtps://…; null writes `.eml` files into `outboxDir` instead. */
  smtpUrl: string | null;
  from: string;
  /** Where `.eml` files go without SMTP_URL: `outbox/` beside the SQLite file (`data/outbox/` by default). */
  outboxDir: string;
  /** Links in mails start with this (no trailing slash). */
  publicUrl: string;
  /** First retry after a failed send; doubled on every further failure (capped at 1 hour). */
  retryBaseMs: number;
  /** Programme changes to one person within this window go out as one mail. */
  batchMs: number;
  /**
   * How long a worker holds a mail it is sending; a worker that dies mid-send leaves it to be taken over
   * after this. Longer than one send can take (nodemailer's timeouts add up to 50 s).
   */
  leaseMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
  on: true,
  off: false,
};

function parseOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      url.pathname !== '/' ||
      url.search ||
      url.hash
    ) {
      return null;
    }
    return url.origin;
  } catch {
    return null;
  }
}

export function parseDatabaseUrl(raw: string): DatabaseConfig | null {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) {
      return null;
    }
    return { type: 'sqlite', path: path === ':memory:' ? path : resolve(path), url: raw };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      const url = new URL(raw);
      return url.hostname && url.pathname.length > 1 ? { type: 'postgres', url: raw } : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Reads and validates the environment (API.md, "Running it"). Every bad variable is collected so the operator
 * sees them all in one message instead of fixing them one restart at a time.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };
  const nodeEnv = value('NODE_ENV') ?? 'development';

  let port = 3000;
  const rawPort = value('PORT');
  if (rawPort !== undefined) {
    port = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || port < 0 || port > 65535) {
      problems.push(`PORT must be an integer from 0 to 65535 (got "${rawPort}")`);
    }
  }

  const host = value('HOST') ?? '0.0.0.0';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) {
    problems.push(`HOST must be a host name or IP address (got "${host}")`);
  }

  const rawDatabaseUrl = value('DATABASE_URL') ?? 'sqlite:data/plenary.sqlite';
  const database = parseDatabaseUrl(rawDatabaseUrl);
  if (!database) {
    problems.push(
      `DATABASE_URL must be sqlite:<path> or postgres://user:pass@host:port/db (got "${rawDatabaseUrl}")`,
    );
  }

  const redisUrl = value('REDIS_URL') ?? null;
  if (redisUrl !== null && !/^rediss?:\/\/.+/.test(redisUrl)) {
    problems.push(`REDIS_URL must be a redis:// or rediss:// URL (got "${redisUrl}")`);
  }

  const redisPrefix = value('REDIS_PREFIX') ?? 'plenary';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(redisPrefix)) {
    problems.push(
      `REDIS_PREFIX must be 1–64 letters, digits, dots, dashes or underscores (got "${redisPrefix}")`,
    );
  }
  const nodeName = value('NODE_NAME') ?? `${hostname()}-${process.pid}`;
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(nodeName)) {
    problems.push(
      `NODE_NAME must be 1–100 letters, digits, dots, colons, dashes or underscores (got "${nodeName}")`,
    );
  }

  const jwtSecret = value('JWT_SECRET') ?? null;
  if (jwtSecret !== null && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters long');
  } else if (jwtSecret === null && nodeEnv === 'production') {
    problems.push('JWT_SECRET is required (at least 32 characters) when NODE_ENV=production');
  }

  const parseBoolean = (name: string, fallback: boolean): boolean => {
    const raw = value(name);
    if (raw === undefined) {
      return fallback;
    }
    const parsed = BOOLEAN_WORDS[raw.toLowerCase()];
    if (parsed === undefined) {
      problems.push(`${name} must be true or false (got "${raw}")`);
      return fallback;
    }
    return parsed;
  };
  const seedDemo = parseBoolean('SEED_DEMO', true);
  const rateLimitsEnabled = parseBoolean('RATE_LIMITS', true);
  if (!rateLimitsEnabled && nodeEnv === 'production') {
    problems.push('RATE_LIMITS=off is for load tests and benchmarks only, never with NODE_ENV=production');
  }

  const corsOrigins: string[] = [];
  for (const entry of (value('CORS_ORIGINS') ?? '').split(',').map((s) => s.trim())) {
    if (!entry) {
      continue;
    }
    const origin = parseOrigin(entry);
    if (origin) {
      corsOrigins.push(origin);
    } else {
      problems.push(`CORS_ORIGINS entries must be origins such as https://example.org (got "${entry}")`);
    }
  }

  const logLevel = (value('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of debug, info, warn, error, silent (got "${logLevel}")`);
  }

  const smtpUrl = value('SMTP_URL') ?? null;
  if (smtpUrl !== null && !/^smtps?:\/\/[^\s/]+/.test(smtpUrl)) {
    problems.push('SMTP_URL must be smtp://user:pass@host:port or smtps://… (got a different value)');
  }
  const mailFrom = value('MAIL_FROM') ?? 'Plenary <plenary@localhost>';
  if (!/^[^\r\n]{1,200}$/.test(mailFrom) || !/@/.test(mailFrom)) {
    problems.push(`MAIL_FROM must be an address such as "Plenary <noreply@example.org>" (got "${mailFrom}")`);
  }
  const rawPublicUrl = value('PUBLIC_URL');
  const publicUrl = rawPublicUrl === undefined ? `http://localhost:${port}` : parseOrigin(rawPublicUrl);
  if (publicUrl === null) {
    problems.push(`PUBLIC_URL must be an origin such as https://meeting.example.org (got "${rawPublicUrl}")`);
  }
  const positiveMs = (name: string, fallback: number): number => {
    const raw = value(name);
    if (raw === undefined) {
      return fallback;
    }
    if (!/^\d{1,9}$/.test(raw) || Number(raw) < 10) {
      problems.push(`${name} must be a number of milliseconds, at least 10 (got "${raw}")`);
      return fallback;
    }
    return Number(raw);
  };
  const mailRetryBaseMs = positiveMs('MAIL_RETRY_BASE_MS', 5000);
  const mailBatchMs = positiveMs('MAIL_BATCH_MS', 3 * 60_000);
  const mailLeaseMs = positiveMs('MAIL_LEASE_MS', 2 * 60_000);

  const rawWorkers = value('WORKERS') ?? '1';
  let workers = 1;
  if (rawWorkers === 'auto') {
    workers = availableParallelism();
  } else if (/^\d{1,3}$/.test(rawWorkers) && Number(rawWorkers) >= 1 && Number(rawWorkers) <= 256) {
    workers = Number(rawWorkers);
  } else {
    problems.push(`WORKERS must be "auto" or a number from 1 to 256 (got "${rawWorkers}")`);
  }
  if (workers > 1 && database?.type === 'sqlite' && database.path === ':memory:') {
    problems.push('WORKERS above 1 needs a database file or PostgreSQL (an in-memory SQLite is not shared)');
  }
  // Set by the primary for the workers it forks (src/cluster-primary.ts), never by operators.
  const rawSlot = value('PLENARY_WORKER_SLOT');
  const workerSlot = rawSlot !== undefined && /^\d{1,3}$/.test(rawSlot) ? Number(rawSlot) : null;

  if (problems.length > 0 || !database) {
    throw new ConfigError(problems);
  }
  // An in-memory database (tests) keeps its mails out of the working tree.
  const outboxDir =
    database.type === 'postgres'
      ? resolve('data', 'outbox')
      : database.path === ':memory:'
        ? join(tmpdir(), `plenary-outbox-${process.pid}`)
        : join(dirname(database.path), 'outbox');
  return {
    nodeEnv,
    port,
    host,
    database,
    redisUrl,
    redisPrefix,
    // Each worker is a node of its own in /metrics and the logs.
    nodeName: workerSlot === null ? nodeName : `${nodeName}-w${workerSlot}`,
    jwtSecret,
    // The primary loads the demo before it forks the workers.
    seedDemo: seedDemo && workerSlot === null,
    corsOrigins,
    rateLimitsEnabled,
    logLevel,
    mail: {
      smtpUrl,
      from: mailFrom,
      outboxDir,
      publicUrl: publicUrl ?? '',
      retryBaseMs: mailRetryBaseMs,
      batchMs: mailBatchMs,
      leaseMs: mailLeaseMs,
    },
    workers,
    workerSlot,
  };
}

/**
 * Without JWT_SECRET, a secret is generated on first start and kept beside the SQLite file so tokens survive
 * restarts (PostgreSQL deployments keep it in ./data).
 */
export function resolveJwtSecret(config: AppConfig): string {
  if (config.jwtSecret) {
    return config.jwtSecret;
  }
  if (config.database.type === 'sqlite' && config.database.path === ':memory:') {
    return randomBytes(48).toString('base64url');
  }
  const folder = config.database.type === 'sqlite' ? dirname(config.database.path) : resolve('data');
  const file = join(folder, 'jwt-secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) {
      return stored;
    }
  }
  mkdirSync(folder, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
