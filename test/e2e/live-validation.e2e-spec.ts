import { randomUUID } from 'node:crypto';

import { registerUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { command, connectLive, LiveClient, ok } from '../utils/socket-client';

const id = randomUUID();

/** A well-formed payload per command: each test breaks one thing in it. */
const VALID: Record<string, Record<string, unknown>> = {
  'session:join': { sessionId: id },
  'session:leave': { sessionId: id },
  'chat:send': { sessionId: id, text: 'hello', clientId: randomUUID() },
  'chat:delete': { messageId: id },
  'qa:ask': { sessionId: id, text: 'a question', clientId: randomUUID() },
  'qa:upvote': { questionId: id },
  'qa:unvote': { questionId: id },
  'qa:moderate': { questionId: id, action: 'approve' },
  'moderation:mute': { sessionId: id, userId: id, minutes: 5 },
  'moderation:unmute': { sessionId: id, userId: id },
  'moderation:ban': { eventSlug: 'silks-2020', userId: id },
  'moderation:unban': { eventSlug: 'silks-2020', userId: id },
  'session:set-status': { sessionId: id, status: 'live' },
};

const WRONG_VALUES: unknown[] = [-1, 1e9, true, null, {}, ['x'], 'not-valid-\u202e', 'nul\u0000', '\ud800'];

describe('Live command validation (e2e)', () => {
  let t: TestApp;
  let socket: LiveClient;

  const expectInvalid = async (event: string, payload: unknown, field?: string) => {
    const ack = await command(socket, event, payload);
    expect(ack).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        details: {
          fields: field ? expect.objectContaining({ [field]: expect.any(Array) }) : expect.any(Object),
        },
      },
    });
  };

  beforeAll(async () => {
    t = await createTestApp();
    const user = await registerUser(t);
    socket = await connectLive(t, user.token);
  });
  afterAll(async () => {
    socket.close();
    await t.close();
  });

  it.each(Object.keys(VALID))('should refuse %s payloads with a missing or mistyped field', async (event) => {
    for (const key of Object.keys(VALID[event])) {
      const { [key]: _removed, ...missing } = VALID[event];
      await expectInvalid(event, missing, key);
      for (const value of WRONG_VALUES) {
        await expectInvalid(event, { ...VALID[event], [key]: value }, key);
      }
    }
  });

  it.each(Object.keys(VALID))(
    'should refuse %s payloads with unknown keys or that are not objects',
    async (event) => {
      await expectInvalid(event, { ...VALID[event], role: 'organizer' }, 'role');
      await expectInvalid(
        event,
        JSON.parse(`{"__proto__": {"isModerator": true}, ${JSON.stringify(VALID[event]).slice(1)}`),
      );
      await expectInvalid(event, { ...VALID[event], constructor: { prototype: {} } });
      for (const payload of ['text', 42, null, [VALID[event]]]) {
        await expectInvalid(event, payload);
      }
    },
  );

  it('should bound text lengths and mute durations', async () => {
    await expectInvalid('chat:send', { ...VALID['chat:send'], text: 'x'.repeat(1001) }, 'text');
    await expectInvalid('chat:send', { ...VALID['chat:send'], text: '   ' }, 'text');
    await expectInvalid('qa:ask', { ...VALID['qa:ask'], text: 'x'.repeat(501) }, 'text');
    await expectInvalid('moderation:mute', { ...VALID['moderation:mute'], minutes: 1441 }, 'minutes');
    await expectInvalid('moderation:mute', { ...VALID['moderation:mute'], minutes: 0 }, 'minutes');
    await expectInvalid('moderation:mute', { ...VALID['moderation:mute'], minutes: 1.5 }, 'minutes');
    await expectInvalid('session:join', { sessionId: id, after: -1 }, 'after');
    await expectInvalid('qa:moderate', { questionId: id, action: 'delete' }, 'action');
  });

  it('should survive commands without an ack callback or payload and keep answering', async () => {
    const untyped = socket as unknown as { emit(event: string, ...args: unknown[]): void };
    untyped.emit('chat:send', { nonsense: true });
    untyped.emit('session:join');
    untyped.emit('no:such-event', {});
    await expectInvalid('session:join', undefined);
    await expect(ok(socket, 'session:leave', { sessionId: id })).resolves.toEqual({});
    expect(socket.connected).toBe(true);
  });

  it('should answer commands about things that do not exist with a not-found code', async () => {
    const other = await connectLive(t, (await registerUser(t)).token);
    try {
      expect(await command(other, 'session:join', VALID['session:join'])).toEqual({
        error: expect.objectContaining({ code: 'SESSION_NOT_FOUND' }),
      });
      expect(await command(other, 'qa:upvote', VALID['qa:upvote'])).toEqual({
        error: expect.objectContaining({ code: 'QUESTION_NOT_FOUND' }),
      });
      expect(await command(other, 'chat:delete', VALID['chat:delete'])).toEqual({
        error: expect.objectContaining({ code: 'MESSAGE_NOT_FOUND' }),
      });
      expect(await command(other, 'moderation:ban', VALID['moderation:ban'])).toEqual({
        error: expect.objectContaining({ code: 'EVENT_NOT_FOUND' }),
      });
    } finally {
      other.close();
    }
  });
});
