// The Socket.IO baseline: the same socket.io version and server options as Plenary's /live namespace, with
// no framework, no auth and no database unless asked. It does what the benchmarks ask of Plenary, bare:
// - session:join → joins the room, acks the snapshot bytes Plenary sent (BARE_SNAPSHOT_FILE) or a small one
// - chat:send → broadcasts chat:message-posted to the room and acks; with BARE_DB=sqlite:<path> the message is
//   first inserted with a group commit per event-loop turn (ack after commit), with BARE_DB=postgres://… one
//   INSERT per message on a pool of 20
// - qa:upvote → counts in memory (one vote per socket and question), coalesced qa:votes-changed every 200 ms (as Plenary)
// - poll:vote → one vote per socket and poll in memory, coalesced poll:results every 500 ms to the room
// - reaction:send → counts per session in memory, one reaction:burst a second to the room
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The socket.io Plenary's server really runs: the copy @nestjs/platform-socket.io resolves (it may nest its own).
const { Server } = createRequire(require.resolve('@nestjs/platform-socket.io'))('socket.io');

const snapshot = process.env.BARE_SNAPSHOT_FILE
  ? JSON.parse(readFileSync(process.env.BARE_SNAPSHOT_FILE, 'utf8'))
  : { session: null, messages: [], questions: [], presence: { count: 0 }, seq: 0 };

const http = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"status":"ok"}');
  }
});
const io = new Server(http, {
  maxHttpBufferSize: 64 * 1024,
  connectTimeout: 10_000,
  pingInterval: 20_000,
  pingTimeout: 20_000,
  cors: { origin: false },
});
const live = io.of('/live');

// Started by io-cluster.mjs: one worker of a bare cluster, as Plenary's WORKERS (cluster adapter, sticky).
const clustered = process.env.BARE_CLUSTER === '1' && (await import('node:cluster')).default.isWorker;
if (clustered) {
  io.adapter(require('@socket.io/cluster-adapter').createAdapter());
  require('@socket.io/sticky').setupWorker(io);
}

let persist = async () => undefined;
const database = process.env.BARE_DB ?? '';
if (database.startsWith('sqlite:')) {
  const Sqlite = require('better-sqlite3');
  const db = new Sqlite(database.slice('sqlite:'.length));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS chat (id TEXT PRIMARY KEY, sessionId TEXT NOT NULL, authorId TEXT, seq INTEGER NOT NULL,
    text TEXT, createdAt TEXT NOT NULL, UNIQUE (sessionId, seq))`);
  const insert = db.prepare(
    'INSERT INTO chat (id, sessionId, authorId, seq, text, createdAt) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const commit = db.transaction((batch) => {
    for (const item of batch) {
      insert.run(item.id, item.sessionId, item.author.id, item.seq, item.text, item.createdAt);
    }
  });
  let queue = [];
  persist = (message) =>
    new Promise((resolve, reject) => {
      queue.push({ message, resolve, reject });
      if (queue.length === 1) {
        setImmediate(() => {
          const batch = queue;
          queue = [];
          try {
            commit.immediate(batch.map((entry) => entry.message));
            batch.forEach((entry) => entry.resolve());
          } catch (error) {
            batch.forEach((entry) => entry.reject(error));
          }
        });
      }
    });
} else if (database.startsWith('postgres')) {
  const { Pool } = require('pg');
  const pg = new Pool({ connectionString: database, max: 20 });
  await pg.query(`CREATE TABLE IF NOT EXISTS bare_chat (id varchar(36) PRIMARY KEY, "sessionId" varchar(36) NOT NULL,
    "authorId" varchar(36), seq integer NOT NULL, text text, "createdAt" varchar(24) NOT NULL, UNIQUE ("sessionId", seq))`);
  persist = (m) =>
    pg.query(
      'INSERT INTO bare_chat (id, "sessionId", "authorId", seq, text, "createdAt") VALUES ($1, $2, $3, $4, $5, $6)',
      [m.id, m.sessionId, m.author.id, m.seq, m.text, m.createdAt],
    );
}

const seqs = new Map();
const votes = new Map();
const dirty = new Map();
let voteTimer = null;

live.on('connection', (socket) => {
  const user = { id: socket.id, name: 'Bare attendee' };
  socket.on('session:join', (input, ack) => {
    socket.join(`session:${input?.sessionId}`);
    socket.data.sessionId = input?.sessionId;
    ack?.({ data: snapshot });
  });
  socket.on('session:leave', (input, ack) => {
    socket.leave(`session:${input?.sessionId}`);
    ack?.({ data: {} });
  });
  socket.on('chat:send', async (input, ack) => {
    const seq = (seqs.get(input.sessionId) ?? 0) + 1;
    seqs.set(input.sessionId, seq);
    const message = {
      id: randomUUID(),
      sessionId: input.sessionId,
      seq,
      author: user,
      text: input.text,
      deleted: false,
      createdAt: new Date().toISOString(),
    };
    try {
      await persist(message);
    } catch (error) {
      ack?.({ error: { code: 'INTERNAL', message: String(error) } });
      return;
    }
    live.to(`session:${input.sessionId}`).emit('chat:message-posted', { message });
    ack?.({ data: { message } });
  });
  socket.on('qa:upvote', (input, ack) => {
    const [sessionId, questionId] = [socket.data.sessionId ?? 'default', input.questionId];
    let voters = votes.get(questionId);
    if (!voters) {
      voters = new Set();
      votes.set(questionId, voters);
    }
    voters.add(socket.id);
    if (!dirty.has(sessionId)) {
      dirty.set(sessionId, new Set());
    }
    dirty.get(sessionId).add(questionId);
    voteTimer ??= setTimeout(flushVotes, 200);
    ack?.({ data: { questionId, votes: voters.size } });
  });
  socket.on('poll:vote', (input, ack) => {
    const sessionId = socket.data.sessionId ?? 'default';
    let ballots = pollVotes.get(input.pollId);
    if (!ballots) {
      ballots = new Map();
      pollVotes.set(input.pollId, ballots);
    }
    ballots.set(socket.id, input.choices ?? []);
    dirtyPolls.set(input.pollId, sessionId);
    pollTimer ??= setTimeout(flushPolls, 500);
    ack?.({ data: { pollId: input.pollId, vote: { choices: input.choices, clientId: input.clientId } } });
  });
  socket.on('reaction:send', (input, ack) => {
    const counts = reactions.get(input.sessionId) ?? {};
    counts[input.emoji] = (counts[input.emoji] ?? 0) + 1;
    reactions.set(input.sessionId, counts);
    reactionTimer ??= setInterval(flushReactions, 1000);
    ack?.({ data: {} });
  });
});

const pollVotes = new Map();
const dirtyPolls = new Map();
let pollTimer = null;
function flushPolls() {
  pollTimer = null;
  for (const [pollId, sessionId] of dirtyPolls) {
    const tally = [0, 0, 0, 0];
    for (const choices of pollVotes.get(pollId).values()) {
      for (const index of choices) {
        tally[index] = (tally[index] ?? 0) + 1;
      }
    }
    live.to(`session:${sessionId}`).emit('poll:results', {
      pollId,
      sessionId,
      voters: pollVotes.get(pollId).size,
      options: tally.map((votes, index) => ({ index, text: String(index), votes })),
    });
  }
  dirtyPolls.clear();
}

const reactions = new Map();
let reactionTimer = null;
function flushReactions() {
  if (reactions.size === 0) {
    clearInterval(reactionTimer);
    reactionTimer = null;
    return;
  }
  for (const [sessionId, counts] of reactions) {
    live.to(`session:${sessionId}`).emit('reaction:burst', { sessionId, counts });
  }
  reactions.clear();
}

function flushVotes() {
  voteTimer = null;
  for (const [sessionId, questionIds] of dirty) {
    live.to(`session:${sessionId}`).emit('qa:votes-changed', {
      sessionId,
      votes: [...questionIds].map((questionId) => ({ questionId, votes: votes.get(questionId).size })),
    });
  }
  dirty.clear();
}

if (!clustered) {
  http.listen(Number(process.env.BARE_PORT), '127.0.0.1');
}
process.on('SIGTERM', () => {
  io.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
