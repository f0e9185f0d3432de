import { CommandDrain } from '../common/lifecycle/command-drain';
import { DomainError } from '../common/errors/domain-error';
import { logger } from '../common/logging/json-logger';
import { acceptVote, VoteDto } from '../qa/dto/qa.dto';
import type { LiveSocket } from './live-hub';
import { LiveCommands } from './live-commands';
import type { LiveMetrics } from './live-metrics';

const QUESTION_ID = '0b5c7d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e';

function setUp(run: (input: VoteDto) => Promise<unknown>) {
  const drain = new CommandDrain();
  const counted: { event: string; outcome: string }[] = [];
  const metrics = { commands: { inc: (labels: { event: string; outcome: string }) => counted.push(labels) } };
  const commands = new LiveCommands(drain, metrics as unknown as LiveMetrics);
  commands.register('qa:upvote', VoteDto, acceptVote, (input) => run(input));
  const socket = {} as LiveSocket;
  const call = async (payload: unknown): Promise<unknown> => {
    let answer: unknown;
    await commands.handle('qa:upvote', payload, socket, (ack) => {
      answer = ack;
    });
    return answer;
  };
  return { drain, counted, commands, call };
}

describe('LiveCommands', () => {
  beforeAll(() => {
    // The unexpected error below is logged by toAckError; keep the test output clean.
    logger.setLevel('silent');
  });

  it('should validate the payload with the DTO and answer { data } with the handler result', async () => {
    const seen: unknown[] = [];
    const { call, counted, commands } = setUp((input) => {
      seen.push(input);
      return Promise.resolve({ questionId: input.questionId, votes: 3 });
    });
    expect(commands.has('qa:upvote')).toBe(true);
    expect(commands.has('qa:unvote')).toBe(false);
    await expect(call({ questionId: QUESTION_ID })).resolves.toEqual({
      data: { questionId: QUESTION_ID, votes: 3 },
    });
    expect(seen[0]).toBeInstanceOf(VoteDto);
    expect(counted).toEqual([{ event: 'qa:upvote', outcome: 'ok' }]);
  });

  it('should answer VALIDATION_FAILED for unknown properties, wrong types and a missing payload', async () => {
    const { call, counted } = setUp(() => Promise.resolve({}));
    for (const payload of [{ questionId: QUESTION_ID, extra: 1 }, { questionId: 42 }, undefined, 'text']) {
      const ack = (await call(payload)) as { error: { code: string } };
      expect(ack.error.code).toBe('VALIDATION_FAILED');
    }
    expect(counted.every((labels) => labels.outcome === 'VALIDATION_FAILED')).toBe(true);
  });

  it('should answer domain errors with their code and hide unexpected ones', async () => {
    const domain = setUp(() => Promise.reject(new DomainError('QA_CLOSED', 'Q&A is disabled')));
    await expect(domain.call({ questionId: QUESTION_ID })).resolves.toEqual({
      error: { code: 'QA_CLOSED', message: 'Q&A is disabled' },
    });
    const crash = setUp(() => Promise.reject(new Error('boom')));
    const ack = (await crash.call({ questionId: QUESTION_ID })) as {
      error: { code: string; message: string };
    };
    expect(ack.error.code).toBe('INTERNAL');
    expect(ack.error.message).not.toContain('boom');
  });

  it('should refuse new commands with UNAVAILABLE while draining and let running ones finish', async () => {
    let release: () => void = () => undefined;
    const { call, drain } = setUp(
      () =>
        new Promise((resolve) => {
          release = () => resolve({ ok: true });
        }),
    );
    const running = call({ questionId: QUESTION_ID });
    await new Promise((resolve) => setImmediate(resolve));
    let drained = false;
    const done = drain.drain(10_000).then(() => {
      drained = true;
    });
    await expect(call({ questionId: QUESTION_ID })).resolves.toEqual({
      error: { code: 'UNAVAILABLE', message: 'The server is restarting; reconnect and retry' },
    });
    expect(drained).toBe(false);
    release();
    await expect(running).resolves.toEqual({ data: { ok: true } });
    await done;
    expect(drained).toBe(true);
  });
});
