import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
  Ack,
  ChatMessage,
  JoinSessionResult,
  Question,
  VotesChangedPayload,
} from '../../src/realtime/realtime.contract';
import { api, ServerProcess, sleep, startServer } from '../crash/server-process';
import { connectLive, LiveClient } from '../utils/socket-client';

/**
 * SOAK_SOCKETS attendees (300) for SOAK_MINUTES (3) in SOAK_SESSIONS sessions (one of them moderated),
 * asking, voting and chatting every ~SOAK_INTERVAL_MS (4,000, jittered) while one moderator per session
 * approves pending questions, against the built server in its own process (RATE_LIMITS=off). Then: no
 * acknowledged write lost, no duplicate, seq strictly increasing per session on every client (and gap-free
 * for moderators, who see every change), every client's state equal to a fresh REST snapshot, no
 * server-initiated disconnect, and the server's RSS grown by at most 10% after the warm-up.
 * scripts/soak-long.sh runs 2,000 sockets for 30 minutes.
 */
const SOCKETS = Number(process.env.SOAK_SOCKETS ?? 300);
const MINUTES = Number(process.env.SOAK_MINUTES ?? 3);
const SESSIONS = Number(process.env.SOAK_SESSIONS ?? 3);
const INTERVAL_MS = Number(process.env.SOAK_INTERVAL_MS ?? 4000);
const RUN_MS = MINUTES * 60_000;
/** RSS is compared with its level once this share of the run is over (caches, JIT and pools warmed up). */
const WARM_UP_SHARE = 0.25;
const MAX_RSS_GROWTH = 0.1;

type QuestionState = { status: string; votes: number };

interface Client {
  socket: LiveClient;
  userId: string;
  token: string;
  sessionId: string;
  moderator: boolean;
  messages: Map<string, number>;
  questions: Map<string, QuestionState>;
  lastSeq: number;
  seqProblems: string[];
  disconnects: string[];
  acked: Array<{ kind: 'chat' | 'question'; clientId: string; id: string }>;
  failures: string[];
}

function emit<T>(socket: LiveClient, event: string, body: unknown): Promise<Ack<T>> {
  const raw = socket as unknown as {
    timeout(ms: number): { emitWithAck(event: string, body: unknown): Promise<Ack<T>> };
  };
  return raw.timeout(15_000).emitWithAck(event, body);
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Accounts through the API, a few at a time (each sign-up hashes a password). */
async function accounts(server: ServerProcess, count: number, label: string) {
  const made: Array<{ id: string; token: string }> = [];
  for (let start = 0; start < count; start += 16) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(16, count - start) }, async (_unused, i) => {
        const body = await api<{ accessToken: string; user: { id: string } }>(
          server,
          'POST',
          '/api/auth/register',
          {
            body: {
              email: `${label}${start + i}-${randomUUID()}@example.test`,
              password: 'correct horse battery',
              name: `${label} ${start + i}`,
            },
          },
        );
        return { id: body.user.id, token: body.accessToken };
      }),
    );
    made.push(...batch);
  }
  return made;
}

function track(client: Client): void {
  const seen = (sessionId: string, seq: number) => {
    if (sessionId !== client.sessionId) {
      client.seqProblems.push(`event of another session ${sessionId}`);
      return;
    }
    if (seq <= client.lastSeq || (client.moderator && seq !== client.lastSeq + 1)) {
      client.seqProblems.push(`seq ${seq} after ${client.lastSeq}`);
    }
    client.lastSeq = Math.max(client.lastSeq, seq);
  };
  client.socket.on('chat:message-posted', ({ message }: { message: ChatMessage }) => {
    seen(message.sessionId, message.seq);
    client.messages.set(message.id, message.seq);
  });
  const question = ({ question: q }: { question: Question }) => {
    seen(q.sessionId, q.seq);
    client.questions.set(q.id, { status: q.status, votes: q.votes });
  };
  client.socket.on('qa:question-asked', question);
  client.socket.on('qa:question-updated', question);
  client.socket.on('qa:votes-changed', (payload: VotesChangedPayload) => {
    for (const { questionId, votes } of payload.votes) {
      const known = client.questions.get(questionId);
      if (known) {
        known.votes = votes;
      }
    }
  });
  client.socket.on('disconnect', (reason) => client.disconnects.push(reason));
}

/** One attendee's (or moderator's) behaviour until `until`. */
async function act(client: Client, until: number): Promise<void> {
  await sleep(Math.random() * INTERVAL_MS);
  while (Date.now() < until && client.socket.connected) {
    const roll = Math.random();
    const clientId = randomUUID();
    try {
      if (client.moderator) {
        for (const [id, state] of client.questions) {
          if (state.status === 'pending') {
            const ack = await emit<{ question: Question }>(client.socket, 'qa:moderate', {
              questionId: id,
              action: 'approve',
            });
            if ('data' in ack) {
              state.status = ack.data.question.status;
            } else {
              client.failures.push(`approve: ${ack.error.code}`);
            }
          }
        }
        await sleep(250);
        continue;
      }
      if (roll < 0.5) {
        const ack = await emit<{ message: ChatMessage }>(client.socket, 'chat:send', {
          sessionId: client.sessionId,
          text: `chat ${clientId}`,
          clientId,
        });
        if ('data' in ack) {
          client.acked.push({ kind: 'chat', clientId, id: ack.data.message.id });
        } else {
          client.failures.push(`chat:send: ${ack.error.code}`);
        }
      } else if (roll < 0.65) {
        const ack = await emit<{ question: Question }>(client.socket, 'qa:ask', {
          sessionId: client.sessionId,
          text: `question ${clientId}`,
          clientId,
        });
        if ('data' in ack) {
          client.acked.push({ kind: 'question', clientId, id: ack.data.question.id });
        } else {
          client.failures.push(`qa:ask: ${ack.error.code}`);
        }
      } else {
        const visible = [...client.questions].filter(([, state]) => state.status === 'visible');
        if (visible.length > 0) {
          const [questionId] = visible[Math.floor(Math.random() * visible.length)];
          const ack = await emit(client.socket, roll < 0.9 ? 'qa:upvote' : 'qa:unvote', { questionId });
          if ('error' in ack) {
            client.failures.push(`vote: ${ack.error.code}`);
          }
        }
      }
    } catch (error) {
      client.failures.push(`no answer: ${String(error)}`);
    }
    await sleep(INTERVAL_MS * (0.5 + Math.random()));
  }
}

describe('Soak', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-soak-'));
  let server: ServerProcess | null = null;
  const clients: Client[] = [];

  afterAll(async () => {
    clients.forEach((client) => client.socket.close());
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it(`should keep ${SOCKETS} sockets consistent for ${MINUTES} minutes without losing or duplicating a write`, async () => {
    server = await startServer(join(dir, 'plenary.sqlite'), { RATE_LIMITS: 'off', LOG_LEVEL: 'error' });
    const [organizer, ...moderators] = await accounts(server, SESSIONS, 'staff');
    const slug = `soak-${Date.now().toString(36)}`;
    const today = new Date().toISOString().slice(0, 10);
    await api(server, 'POST', '/api/events', {
      token: organizer.token,
      body: { slug, title: 'Soak', timezone: 'UTC', startsOn: today, endsOn: today },
    });
    await api(server, 'POST', `/api/events/${slug}/publish`, { token: organizer.token });
    for (const moderator of moderators) {
      await api(server, 'PUT', `/api/events/${slug}/staff/${moderator.id}`, {
        token: organizer.token,
        body: { role: 'moderator' },
      });
    }
    const sessionIds: string[] = [];
    for (let i = 0; i < SESSIONS; i += 1) {
      const room = await api<{ id: string }>(server, 'POST', `/api/events/${slug}/rooms`, {
        token: organizer.token,
        body: { name: `Room ${i}` },
      });
      const session = await api<{ id: string }>(server, 'POST', `/api/events/${slug}/sessions`, {
        token: organizer.token,
        body: {
          title: `Session ${i}`,
          kind: 'talk',
          startsAt: `${today}T00:00:00Z`,
          endsAt: `${today}T23:00:00Z`,
          roomId: room.id,
          qa: { enabled: true, moderated: i === 0 },
        },
      });
      sessionIds.push(session.id);
    }
    const attendees = await accounts(server, SOCKETS, 'attendee');
    for (const attendee of attendees) {
      await api(server, 'POST', `/api/events/${slug}/registrations`, { token: attendee.token, body: {} });
    }

    const people = [
      ...[organizer, ...moderators].map((user, i) => ({ user, sessionId: sessionIds[i], moderator: true })),
      ...attendees.map((user, i) => ({ user, sessionId: sessionIds[i % SESSIONS], moderator: false })),
    ];
    for (const person of people) {
      const socket = await connectLive(server.asApp(), person.user.token);
      const client: Client = {
        socket,
        userId: person.user.id,
        token: person.user.token,
        sessionId: person.sessionId,
        moderator: person.moderator,
        messages: new Map(),
        questions: new Map(),
        lastSeq: 0,
        seqProblems: [],
        disconnects: [],
        acked: [],
        failures: [],
      };
      track(client);
      const joined = await emit<JoinSessionResult>(socket, 'session:join', { sessionId: person.sessionId });
      if ('error' in joined) {
        throw new Error(`join refused: ${JSON.stringify(joined.error)}`);
      }
      client.lastSeq = joined.data.seq;
      for (const question of joined.data.questions) {
        client.questions.set(question.id, { status: question.status, votes: question.votes });
      }
      joined.data.messages.forEach((message) => client.messages.set(message.id, message.seq));
      clients.push(client);
    }

    const pid = server.child.pid!;
    const started = Date.now();
    const samples: Array<{ at: number; rss: number }> = [];
    const sampler = setInterval(() => {
      const sample = { at: Date.now() - started, rss: rssOf(pid) };
      samples.push(sample);
      if (process.env.SOAK_VERBOSE) {
        process.stdout.write(
          `${(sample.at / 1000).toFixed(0)}s RSS ${(sample.rss / 2 ** 20).toFixed(1)} MiB\n`,
        );
      }
    }, 2000);
    await Promise.all(clients.map((client) => act(client, started + RUN_MS)));
    clearInterval(sampler);
    // Let the last broadcasts and the coalesced vote counts arrive.
    await sleep(3000);

    const problems: string[] = [];
    for (const client of clients) {
      problems.push(...client.failures.slice(0, 3), ...client.seqProblems.slice(0, 3));
      if (client.disconnects.length > 0) {
        problems.push(`disconnected by the server: ${client.disconnects.join(', ')}`);
      }
    }

    for (const sessionId of sessionIds) {
      const messages: Array<{ id: string; seq: number }> = [];
      for (let after = 0; ;) {
        const page = await api<{ items: Array<{ id: string; seq: number }>; nextCursor?: string }>(
          server,
          'GET',
          `/api/events/${slug}/sessions/${sessionId}/messages?after=${after}&limit=200`,
          { token: organizer.token },
        );
        messages.push(...page.items);
        if (!page.nextCursor) {
          break;
        }
        after = Number(page.nextCursor);
      }
      const restIds = new Set(messages.map((message) => message.id));
      if (restIds.size !== messages.length) {
        problems.push(`duplicated messages in session ${sessionId}`);
      }
      const inSession = clients.filter((client) => client.sessionId === sessionId);
      const ackedChats = inSession.flatMap((client) => client.acked.filter((item) => item.kind === 'chat'));
      if (new Set(ackedChats.map((item) => item.id)).size !== ackedChats.length) {
        problems.push(`one message acked for two clientIds in ${sessionId}`);
      }
      const lost = ackedChats.filter((item) => !restIds.has(item.id));
      if (lost.length > 0 || messages.length !== ackedChats.length) {
        problems.push(
          `session ${sessionId}: ${lost.length} acked messages missing, ${messages.length} in REST for ${ackedChats.length} acked`,
        );
      }
      for (const client of inSession) {
        if (
          client.messages.size !== restIds.size ||
          [...client.messages.keys()].some((id) => !restIds.has(id))
        ) {
          problems.push(
            `a client of ${sessionId} holds ${client.messages.size} messages, REST ${restIds.size}`,
          );
        }
      }
      for (const client of inSession) {
        const rest = await api<{ items: Question[] }>(
          server,
          'GET',
          `/api/events/${slug}/sessions/${sessionId}/questions?sort=recent`,
          { token: client.token },
        );
        const expected = new Map(rest.items.map((q) => [q.id, { status: q.status, votes: q.votes }]));
        const mine = client.questions;
        const same =
          mine.size === expected.size &&
          [...expected].every(([id, state]) => {
            const held = mine.get(id);
            return held !== undefined && held.status === state.status && held.votes === state.votes;
          });
        if (!same) {
          problems.push(
            `a client's questions of ${sessionId} differ from REST (${mine.size} vs ${expected.size})`,
          );
        }
        const ackedQuestions = client.acked.filter((item) => item.kind === 'question');
        const missing = ackedQuestions.filter((item) => !expected.has(item.id));
        if (missing.length > 0) {
          problems.push(`${missing.length} acked questions missing from their asker's REST list`);
        }
      }
    }

    // RSS dips whenever the GC hands pages back: compare the plateau's top right after the warm-up with
    // the level at the end.
    const warmedUp = samples.filter((sample) => sample.at >= RUN_MS * WARM_UP_SHARE);
    const baseline = Math.max(...warmedUp.slice(0, 8).map((sample) => sample.rss));
    const final = median(samples.slice(-5).map((sample) => sample.rss));
    const growth = final / baseline - 1;
    const writes = clients.reduce((sum, client) => sum + client.acked.length, 0);
    process.stdout.write(
      `soak: ${clients.length} sockets, ${writes} acked writes, RSS ${(baseline / 2 ** 20).toFixed(0)} → ${(final / 2 ** 20).toFixed(0)} MiB (${(growth * 100).toFixed(1)}%)\n`,
    );

    expect(problems.slice(0, 20)).toEqual([]);
    expect(writes).toBeGreaterThan(0);
    expect(growth).toBeLessThanOrEqual(MAX_RSS_GROWTH);
  });
});
