// Real Plenary servers for the benchmarks: the built dist (`npm run build:server`), a temp SQLite file or a
// scratch PostgreSQL database, the demo loaded, attendees inserted straight into the database with confirmed
// registrations, and access tokens minted with the server's JWT_SECRET (no logins).
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { freePort, ROOT, ServerProcess, waitForHttp } from './common.mjs';

const require = createRequire(import.meta.url);
const jwt = require('jsonwebtoken');

// PLENARY_DIST: another build of the server (absolute, or relative to the repository), e.g. a private snapshot
// built with `npx tsc -p tsconfig.build.json --outDir <root>/dist --tsBuildInfoFile <root>/tsbuildinfo` into a
// folder holding a copy of package.json and a node_modules link, so a rebuild of dist/ mid-run changes nothing.
export const DIST_DIR = resolve(ROOT, process.env.PLENARY_DIST ?? 'dist');
export const DIST_MAIN = join(DIST_DIR, 'src', 'main.js');
export const DEMO_SLUG = 'silks-2020';
export const JWT_SECRET = `bench-${randomBytes(24).toString('hex')}`;
export const POSTGRES_ADMIN_URL =
  process.env.BENCH_POSTGRES_URL ??
  process.env.TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

export function requireDist() {
  if (!existsSync(DIST_MAIN)) {
    throw new Error(`${DIST_MAIN} is missing: run \`npm run build:server\` first`);
  }
}

/** An HS256 access token as TokenService.issue makes it (with a token id and the account's token version 0). */
export function mintToken(user) {
  const claims = { sub: user.id, email: user.email, name: user.name, jti: randomUUID(), ver: 0 };
  return jwt.sign(claims, JWT_SECRET, {
    algorithm: 'HS256',
    issuer: 'plenary',
    audience: 'plenary-api',
    expiresIn: 12 * 60 * 60,
  });
}

/** A scratch PostgreSQL database (like test/utils/postgres.ts) migrated with the app's own migrations. */
export async function createPostgresDatabase() {
  const { Client } = require('pg');
  const name = `plenary_bench_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { dataSourceOptions } = require(join(DIST_DIR, 'src/database/data-source-options.js'));
  const dataSource = new DataSource(dataSourceOptions({ type: 'postgres', url: databaseUrl }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  return {
    url: databaseUrl,
    async drop() {
      const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Direct database access for seeding and checks, on whichever database the server uses. SQL uses `?`
 * placeholders (translated for PostgreSQL).
 */
class BenchDb {
  static async open(database) {
    const db = new BenchDb();
    if (database.type === 'sqlite') {
      const Sqlite = require('better-sqlite3');
      db.sqlite = new Sqlite(database.path);
      db.sqlite.pragma('busy_timeout = 10000');
    } else {
      const { Client } = require('pg');
      db.pg = new Client({ connectionString: database.url });
      await db.pg.connect();
    }
    return db;
  }

  async all(sql, ...params) {
    if (this.sqlite) {
      return this.sqlite.prepare(sql).all(...params);
    }
    let index = 0;
    const result = await this.pg.query(
      sql.replace(/\?/g, () => `$${++index}`),
      params,
    );
    return result.rows;
  }

  async get(sql, ...params) {
    return (await this.all(sql, ...params))[0];
  }

  /** Inserts rows of one table in one transaction (batched multi-row statements). */
  async insert(table, columns, rows) {
    const quoted = columns.map((c) => `"${c}"`).join(', ');
    const perStatement = Math.max(1, Math.floor(900 / columns.length));
    if (this.sqlite) {
      const run = this.sqlite.transaction(() => {
        for (let i = 0; i < rows.length; i += perStatement) {
          const chunk = rows.slice(i, i + perStatement);
          const values = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
          this.sqlite.prepare(`INSERT INTO ${table} (${quoted}) VALUES ${values}`).run(...chunk.flat());
        }
      });
      run();
      return;
    }
    await this.pg.query('BEGIN');
    try {
      for (let i = 0; i < rows.length; i += perStatement) {
        const chunk = rows.slice(i, i + perStatement);
        let index = 0;
        const values = chunk.map(() => `(${columns.map(() => `$${++index}`).join(', ')})`).join(', ');
        await this.pg.query(`INSERT INTO ${table} (${quoted}) VALUES ${values}`, chunk.flat());
      }
      await this.pg.query('COMMIT');
    } catch (error) {
      await this.pg.query('ROLLBACK');
      throw error;
    }
  }

  async close() {
    this.sqlite?.close();
    await this.pg?.end();
  }
}

let userCounter = 0;

/**
 * A Plenary server from dist on a free port, its database temp (SQLite) or scratch (PostgreSQL), the demo
 * loaded. `attendees(n)` inserts users with confirmed registrations for the demo event and returns them with
 * tokens; `moderators(n)` does the same with the moderator role.
 */
export class Plenary {
  static async start({ database = 'sqlite', env = {}, name = 'plenary', shared, pin = true } = {}) {
    requireDist();
    const plenary = new Plenary();
    plenary.name = name;
    if (shared) {
      plenary.database = shared;
      plenary.ownsDatabase = false;
    } else if (database === 'postgres') {
      const scratch = await createPostgresDatabase();
      plenary.database = { type: 'postgres', url: scratch.url, drop: scratch.drop };
      plenary.ownsDatabase = true;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'plenary-bench-'));
      plenary.database = {
        type: 'sqlite',
        dir,
        path: join(dir, 'plenary.sqlite'),
        url: `sqlite:${join(dir, 'plenary.sqlite')}`,
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
      plenary.ownsDatabase = true;
    }
    plenary.port = await freePort();
    plenary.url = `http://127.0.0.1:${plenary.port}`;
    const childEnv = {
      PORT: String(plenary.port),
      HOST: '127.0.0.1',
      DATABASE_URL: plenary.database.url,
      JWT_SECRET,
      SEED_DEMO: 'true',
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'development',
      ...env,
    };
    // BENCH_PLENARY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers a benchmark starts.
    const nodeArgs = (process.env.BENCH_PLENARY_NODE_ARGS ?? '').split(' ').filter(Boolean);
    plenary.server = new ServerProcess(name, DIST_MAIN, { env: childEnv, nodeArgs, pin });
    try {
      await waitForHttp(`${plenary.url}/health`, plenary.server, 90_000);
      // The demo loads on application bootstrap (before listen), but wait for the event to be readable.
      await waitForHttp(`${plenary.url}/api/events/${DEMO_SLUG}`, plenary.server, 30_000);
      plenary.db = await BenchDb.open(plenary.database);
      const event = await plenary.db.get(`SELECT "id" FROM events WHERE "slug" = ?`, DEMO_SLUG);
      plenary.eventId = event.id;
      plenary.sessions = await plenary.db.all(
        `SELECT "id", "title", "chatEnabled", "qaModerated" FROM agenda_sessions WHERE "eventId" = ? ORDER BY "startsAt", "id"`,
        plenary.eventId,
      );
    } catch (error) {
      await plenary.stop();
      throw error;
    }
    return plenary;
  }

  /** The opening ceremony: chat and Q&A open, not moderated. */
  get mainSessionId() {
    return (
      this.sessions.find(
        (s) => Number(s.chatEnabled) && !Number(s.qaModerated) && s.title.startsWith('Opening'),
      )?.id ?? this.sessions.find((s) => Number(s.chatEnabled) && !Number(s.qaModerated)).id
    );
  }

  /** Sessions with chat and unmoderated Q&A. */
  get chatSessionIds() {
    return this.sessions.filter((s) => Number(s.chatEnabled) && !Number(s.qaModerated)).map((s) => s.id);
  }

  async attendees(count, role = null) {
    const now = new Date().toISOString();
    const users = [];
    for (let i = 0; i < count; i += 1) {
      userCounter += 1;
      const id = randomUUID();
      const email = `bench${userCounter}-${id.slice(0, 8)}@bench.example`;
      users.push({ id, email, name: `Bench attendee ${userCounter}` });
    }
    await this.db.insert(
      'users',
      ['id', 'email', 'emailKey', 'name', 'passwordHash', 'createdAt'],
      users.map((u) => [u.id, u.email, u.email, u.name, 'scrypt$32768$8$1$bench$not-a-login', now]),
    );
    const base = Number((await this.db.get(`SELECT COUNT(*) AS "n" FROM registrations`)).n);
    await this.db.insert(
      'registrations',
      ['id', 'eventId', 'userId', 'status', 'answers', 'queueNumber', 'createdAt', 'updatedAt'],
      users.map((u, index) => [
        randomUUID(),
        this.eventId,
        u.id,
        'confirmed',
        '{}',
        base + index + 1,
        now,
        now,
      ]),
    );
    if (role) {
      await this.db.insert(
        'event_staff',
        ['eventId', 'userId', 'role', 'createdAt'],
        users.map((u) => [this.eventId, u.id, role, now]),
      );
    }
    return users.map((u) => ({ ...u, token: mintToken(u) }));
  }

  async stop() {
    await this.db?.close().catch(() => undefined);
    this.db = null;
    await this.server?.stop();
    if (this.ownsDatabase) {
      await this.database?.drop?.().catch(() => undefined);
    }
  }
}
