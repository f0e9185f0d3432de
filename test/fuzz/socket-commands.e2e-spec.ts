import { randomUUID } from 'node:crypto';

import fc from 'fast-check';

import type { Ack } from '../../src/realtime/realtime.contract';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { command, connectLive, LiveClient, ok } from '../utils/socket-client';
import { LiveFixture, makeLiveFixture, makeWorld, tableCounts, World } from '../utils/world';
import {
  CorpusEntry,
  FieldSpec,
  FUZZ_RUNS,
  FUZZ_SEED,
  FUZZ_TIMEOUT_MS,
  invalidBody,
  loadCorpus,
  RawBody,
  recordCounterexample,
} from './fuzz-support';

/**
 * Every Socket.IO command gets FUZZ_RUNS (default 1,000) payloads with one sure violation each (unknown or
 * prototype keys, wrong types, strings too long, nesting too deep, no object at all), sent by an organizer
 * who joined the session: each must be acked with VALIDATION_FAILED, the socket must stay connected, and no
 * table may gain or lose a row.
 */
const CORPUS = 'socket-commands.json';
// Strings stay under the 64 KiB frame limit (a bigger frame closes the connection: see limits.e2e-spec.ts).
const HUGE = 12_000;

interface SocketTarget {
  event: string;
  base: (w: World, f: LiveFixture) => Record<string, unknown>;
  fields: Record<string, FieldSpec>;
}

const id: FieldSpec = { kind: 'string', max: 36 };
const text = (max: number): FieldSpec => ({ kind: 'string', max });
const session = (w: World) => ({ sessionId: w.a.session.id });

const TARGETS: SocketTarget[] = [
  {
    event: 'session:join',
    base: session,
    fields: { sessionId: id, after: { kind: 'number', nullable: true, unbounded: true } },
  },
  { event: 'session:leave', base: session, fields: { sessionId: id } },
  {
    event: 'chat:send',
    base: (w) => ({ ...session(w), text: 'Hi', clientId: randomUUID() }),
    fields: { sessionId: id, text: text(1000), clientId: id },
  },
  { event: 'chat:delete', base: (_w, f) => ({ messageId: f.messageId }), fields: { messageId: id } },
  {
    event: 'qa:ask',
    base: (w) => ({ ...session(w), text: 'Why?', clientId: randomUUID() }),
    fields: { sessionId: id, text: text(500), anonymous: { kind: 'boolean', nullable: true }, clientId: id },
  },
  { event: 'qa:upvote', base: (_w, f) => ({ questionId: f.questionId }), fields: { questionId: id } },
  { event: 'qa:unvote', base: (_w, f) => ({ questionId: f.questionId }), fields: { questionId: id } },
  {
    event: 'qa:moderate',
    base: (_w, f) => ({ questionId: f.questionId, action: 'pin' }),
    fields: { questionId: id, action: { kind: 'enum' }, reason: text(500) },
  },
  {
    event: 'moderation:mute',
    base: (w, f) => ({ ...session(w), userId: f.author.id, minutes: 5 }),
    fields: { sessionId: id, userId: id, minutes: { kind: 'number' } },
  },
  {
    event: 'moderation:unmute',
    base: (w, f) => ({ ...session(w), userId: f.author.id }),
    fields: { sessionId: id, userId: id },
  },
  {
    event: 'moderation:ban',
    base: (w, f) => ({ eventSlug: w.a.event.slug, userId: f.author.id }),
    fields: { eventSlug: text(64), userId: id },
  },
  {
    event: 'moderation:unban',
    base: (w, f) => ({ eventSlug: w.a.event.slug, userId: f.author.id }),
    fields: { eventSlug: text(64), userId: id },
  },
  {
    event: 'session:set-status',
    base: (w) => ({ ...session(w), status: 'live' }),
    fields: { sessionId: id, status: { kind: 'enum' }, qaOpen: { kind: 'boolean', nullable: true } },
  },
  // Polls and reactions.
  { event: 'poll:open', base: (_w, f) => ({ pollId: f.draftPollId }), fields: { pollId: id } },
  { event: 'poll:close', base: (_w, f) => ({ pollId: f.pollId }), fields: { pollId: id } },
  {
    event: 'poll:vote',
    base: (_w, f) => ({ pollId: f.pollId, choices: [0], clientId: randomUUID() }),
    fields: {
      pollId: id,
      choices: { kind: 'array' },
      rating: { kind: 'number' },
      text: text(200),
      clientId: id,
    },
  },
  {
    event: 'reaction:send',
    base: (w) => ({ ...session(w), emoji: '👏' }),
    fields: { sessionId: id, emoji: { kind: 'enum' } },
  },
];

/** The arguments emitted after the event name (the ack callback is added when sending). */
type Emitted = unknown[];

function toArgs(body: RawBody): Emitted {
  if (body.contentType !== 'application/json' || body.text === undefined) {
    return [body.text];
  }
  try {
    return [JSON.parse(body.text) as unknown];
  } catch {
    return [body.text];
  }
}

function payloads(target: SocketTarget, w: World, f: LiveFixture): fc.Arbitrary<Emitted> {
  const base = target.base(w, f);
  return fc.oneof(
    {
      weight: 20,
      arbitrary: invalidBody(base, target.fields, HUGE)
        .filter((body) => !/1e400/.test(body.text ?? ''))
        .map(toArgs),
    },
    // No payload at all, or the payload spread over several arguments.
    {
      weight: 1,
      arbitrary: fc.constantFrom<Emitted>([], [undefined], [null], [base, base], [JSON.stringify(base)]),
    },
  );
}

function send(socket: LiveClient, event: string, args: Emitted): Promise<Ack<unknown>> {
  const raw = socket as unknown as {
    timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<Ack<unknown>> };
  };
  return raw.timeout(5000).emitWithAck(event, ...args);
}

describe('Socket.IO commands under fuzzing (e2e)', () => {
  let t: TestApp;
  let w: World;
  let fixture: LiveFixture;
  let socket: LiveClient;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'off' });
    w = await makeWorld(t);
    fixture = await makeLiveFixture(t, w);
    socket = await connectLive(t, w.users.organizer.token);
    await ok(socket, 'session:join', session(w));
  });
  afterAll(async () => {
    socket.close();
    await t.close();
  });

  it('should still refuse every payload of the regression corpus', async () => {
    const failures: string[] = [];
    for (const entry of loadCorpus(CORPUS) as Array<CorpusEntry & { args: Emitted }>) {
      const ack = await send(socket, entry.target, entry.args);
      if (!('error' in ack) || ack.error.code !== 'VALIDATION_FAILED') {
        failures.push(`${entry.target}: ${JSON.stringify(ack).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it.each(TARGETS.map((target) => [target.event, target] as const))(
    'should ack every hostile %s payload with VALIDATION_FAILED, stay connected and write nothing',
    async (event, target) => {
      const before = await tableCounts(t);
      const details = await fc.check(
        fc.asyncProperty(payloads(target, w, fixture), async (args) => {
          const ack = await send(socket, event, args);
          if (!('error' in ack) || ack.error.code !== 'VALIDATION_FAILED') {
            throw new Error(`answered ${JSON.stringify(ack).slice(0, 300)}`);
          }
          if (!socket.connected) {
            throw new Error('the server closed the connection');
          }
        }),
        { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
      );
      if (details.failed && details.counterexample) {
        recordCounterexample(CORPUS, {
          target: event,
          note: details.errorInstance instanceof Error ? details.errorInstance.message : 'failed',
          seed: details.seed,
          args: details.counterexample[0],
        });
      }
      expect(
        details.failed ? `${fc.defaultReportMessage(details)}\n${String(details.errorInstance)}` : 'passed',
      ).toBe('passed');
      expect(await tableCounts(t)).toEqual(before);
      await expect(command(socket, 'session:leave', { sessionId: randomUUID() })).resolves.toEqual({
        data: {},
      });
    },
    // 1,000 requests; generous for a loaded CI machine.
    FUZZ_TIMEOUT_MS,
  );
});
