import type { Type } from '@nestjs/common';
import fc from 'fast-check';

import { acceptSendChat, CHAT_MAX_LENGTH, SendChatDto } from '../chat/dto/chat.dto';
import type { FastAccept } from '../common/validation/fast-accept';
import { acceptPollVote, PollVoteDto } from '../polls/dto/poll.dto';
import { acceptVote, VoteDto } from '../qa/dto/qa.dto';
import { acceptReaction, ReactionDto } from '../reactions/dto/reaction.dto';
import { acceptJoinSession, JoinSessionDto } from './dto/session.dto';
import { WsValidationPipe } from './ws-validation.pipe';

const pipe = new WsValidationPipe();
const validate = (dto: Type<unknown>, payload: unknown) =>
  pipe.transform(payload, { type: 'body', metatype: dto, data: undefined });

const ID = '0b5c7d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e';
const nearIds = [
  ID,
  ID.toUpperCase(),
  '00000000-0000-0000-0000-000000000000',
  '0b5c7d1e-2f3a-0b5c-8d9e-0f1a2b3c4d5e', // version 0
  '0b5c7d1e-2f3a-4b5c-7d9e-0f1a2b3c4d5e', // bad variant
  ` ${ID}`,
  `${ID}\n`,
  ID.slice(1),
  '',
];
const tricky = [
  ' ',
  '\t\n',
  'a',
  ' hello ',
  '\u00a0x\u3000',
  '🎉',
  'e\u0301',
  '\ufe0f',
  'a\ufe0f',
  '\u0000',
  '\u0007bell',
  '\u202eevil',
  '\ud800',
  'x\udc00',
  '会议开始了',
];
const text: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...tricky),
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc
    .tuple(
      fc.integer({ min: CHAT_MAX_LENGTH - 2, max: CHAT_MAX_LENGTH + 2 }),
      fc.constantFrom('a', ' ', '🎉'),
    )
    .map(([length, unit]) => `x${unit.repeat(length)}`.slice(0, length)),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...nearIds),
  text,
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, -0, 2 ** 53, null, true, false, [], {}, [ID]),
);

const validIds = fc.constantFrom(...nearIds.slice(0, 3));
const extraKey = fc.tuple(fc.constantFrom('__proto__', 'constructor', 'role', 'toString', 'extra'), anyValue);
const plain = (record: object, added: [string, unknown] | null) =>
  Object.fromEntries([...Object.entries(record), ...(added ? [added] : [])]);

/**
 * A quarter valid payloads (`valid`), the rest mutants: some keys missing, any value for any key, a hostile extra key,
 * or no object at all.
 */
function payloads(valid: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const wild = Object.fromEntries(
    Object.entries(valid).map(([key, value]) => [key, fc.oneof(value, anyValue)]),
  );
  const branches = [
    fc.record(valid).map((record) => plain(record, null)),
    fc
      .tuple(fc.record(wild, { requiredKeys: [] }), fc.option(extraKey))
      .map(([record, added]) => plain(record, added)),
    anyValue,
  ];
  return fc.nat(3).chain((pick) => branches[Math.min(pick, 2)]);
}

const cases: Array<{
  name: string;
  dto: Type<unknown>;
  accept: FastAccept<unknown>;
  arb: fc.Arbitrary<unknown>;
}> = [
  {
    name: 'chat:send',
    dto: SendChatDto,
    accept: acceptSendChat,
    arb: payloads({ sessionId: validIds, text, clientId: validIds }),
  },
  {
    name: 'qa:upvote',
    dto: VoteDto,
    accept: acceptVote,
    arb: payloads({ questionId: validIds }),
  },
  {
    name: 'session:join',
    dto: JoinSessionDto,
    accept: acceptJoinSession,
    arb: payloads({
      sessionId: validIds,
      after: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom(1.5, null, '3', 2 ** 60)),
    }),
  },
  {
    name: 'poll:vote',
    dto: PollVoteDto,
    accept: acceptPollVote,
    arb: payloads({
      pollId: validIds,
      clientId: validIds,
      choices: fc.oneof(
        { weight: 4, arbitrary: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }) },
        fc.array(fc.integer({ min: -1, max: 10 }), { minLength: 0, maxLength: 11 }),
        fc.constantFrom([1.5], ['1'], [null], null),
      ),
      rating: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 1, max: 10 }) },
        fc.constantFrom(0, 11, 2.5, '3', null),
      ),
    }),
  },
  {
    name: 'reaction:send',
    dto: ReactionDto,
    accept: acceptReaction,
    arb: payloads({
      sessionId: validIds,
      emoji: fc.constantFrom('👏', '❤️', '😂', '😮', '👍', '🎉', '❤', '👏🏽', ' 👏', 'clap', ''),
    }),
  },
];

describe('fast acceptance of hot live commands', () => {
  it.each(cases)(
    'should accept for $name only what the validation pipe accepts, with the same result',
    async ({ dto, accept, arb }) => {
      let accepted = 0;
      let deferred = 0;
      await fc.assert(
        fc.asyncProperty(arb, async (payload) => {
          const fast = accept(payload);
          if (fast === undefined) {
            deferred += 1;
            return;
          }
          accepted += 1;
          const slow = await validate(dto, payload);
          expect(fast).toBeInstanceOf(dto);
          expect({ ...(fast as object) }).toEqual({ ...(slow as object) });
        }),
        { numRuns: 3000, seed: 20261128 },
      );
      // Both branches were exercised, so the property says something.
      expect(accepted).toBeGreaterThan(100);
      expect(deferred).toBeGreaterThan(100);
    },
  );

  it('should leave to the pipe a valid payload it does not vouch for, which the pipe accepts', async () => {
    const payload = { sessionId: ID, after: null };
    expect(acceptJoinSession(payload)).toBeUndefined();
    await expect(validate(JoinSessionDto, payload)).resolves.toEqual({ sessionId: ID, after: null });
  });

  it('should trim accepted text as the pipe does', () => {
    expect(acceptSendChat({ sessionId: ID, text: '  hello  ', clientId: ID })).toEqual({
      sessionId: ID,
      text: 'hello',
      clientId: ID,
    });
    expect(acceptJoinSession({ sessionId: ID, after: 7 })).toEqual({ sessionId: ID, after: 7 });
    expect(acceptVote({ questionId: ID, role: 'moderator' })).toBeUndefined();
  });
});
