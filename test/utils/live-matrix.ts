import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Actor, ACTORS, type LiveFixture, type World } from './world';

/**
 * The Socket.IO commands as data: `ok` or the error code of the ack. Each actor first tries to join event
 * A's main session (as a client would), then sends the command. Anonymous callers never get past the
 * handshake.
 */
export type LiveOutcome =
  'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_REGISTERED' | 'BANNED' | 'SESSION_NOT_JOINED';

export interface LiveRow {
  event: string;
  payload: (w: World, f: LiveFixture) => Record<string, unknown>;
  expect: Record<Actor, LiveOutcome>;
}

const JOINERS: Record<Actor, LiveOutcome> = {
  anonymous: 'UNAUTHENTICATED',
  attendee: 'ok',
  unregistered: 'NOT_REGISTERED',
  speaker: 'ok',
  moderator: 'ok',
  organizer: 'ok',
  otherOrganizer: 'NOT_REGISTERED',
  banned: 'BANNED',
};
/** After a refused join, commands in the session are refused as not joined (the socket is in no room). */
const IN_SESSION: Record<Actor, LiveOutcome> = {
  ...JOINERS,
  unregistered: 'SESSION_NOT_JOINED',
  otherOrganizer: 'SESSION_NOT_JOINED',
  banned: 'SESSION_NOT_JOINED',
};
const MODERATORS: Record<Actor, LiveOutcome> = { ...IN_SESSION, attendee: 'FORBIDDEN', speaker: 'FORBIDDEN' };
/** Event-wide moderation (bans) needs no joined session. */
const EVENT_MODERATORS: Record<Actor, LiveOutcome> = {
  ...MODERATORS,
  unregistered: 'FORBIDDEN',
  otherOrganizer: 'FORBIDDEN',
  banned: 'FORBIDDEN',
};
const CONNECTED: Record<Actor, LiveOutcome> = Object.fromEntries(
  ACTORS.map((actor) => [actor, actor === 'anonymous' ? 'UNAUTHENTICATED' : 'ok']),
) as Record<Actor, LiveOutcome>;

export const session = (w: World) => ({ sessionId: w.a.session.id });

export const LIVE_ROWS: LiveRow[] = [
  { event: 'session:join', payload: session, expect: JOINERS },
  { event: 'session:leave', payload: session, expect: CONNECTED },
  {
    event: 'chat:send',
    payload: (w) => ({ ...session(w), text: 'Hi', clientId: randomUUID() }),
    expect: IN_SESSION,
  },
  { event: 'chat:delete', payload: (_w, f) => ({ messageId: f.messageId }), expect: MODERATORS },
  {
    event: 'qa:ask',
    payload: (w) => ({ ...session(w), text: 'Why?', clientId: randomUUID() }),
    expect: IN_SESSION,
  },
  { event: 'qa:upvote', payload: (_w, f) => ({ questionId: f.questionId }), expect: IN_SESSION },
  { event: 'qa:unvote', payload: (_w, f) => ({ questionId: f.questionId }), expect: IN_SESSION },
  {
    event: 'qa:moderate',
    payload: (_w, f) => ({ questionId: f.questionId, action: 'pin' }),
    expect: MODERATORS,
  },
  {
    event: 'moderation:mute',
    payload: (w, f) => ({ ...session(w), userId: f.author.id, minutes: 5 }),
    expect: MODERATORS,
  },
  {
    event: 'moderation:unmute',
    payload: (w, f) => ({ ...session(w), userId: f.author.id }),
    expect: MODERATORS,
  },
  {
    event: 'moderation:ban',
    payload: (w, f) => ({ eventSlug: w.a.event.slug, userId: f.author.id }),
    expect: EVENT_MODERATORS,
  },
  {
    event: 'moderation:unban',
    payload: (w, f) => ({ eventSlug: w.a.event.slug, userId: f.author.id }),
    expect: EVENT_MODERATORS,
  },
  {
    event: 'session:set-status',
    payload: (w) => ({ ...session(w), status: 'live' }),
    expect: MODERATORS,
  },
  // Polls and reactions: a mute does not stop votes or reactions; a ban does (the join is refused).
  { event: 'poll:open', payload: (_w, f) => ({ pollId: f.draftPollId }), expect: MODERATORS },
  { event: 'poll:close', payload: (_w, f) => ({ pollId: f.pollId }), expect: MODERATORS },
  {
    event: 'poll:vote',
    payload: (_w, f) => ({ pollId: f.pollId, choices: [1], clientId: randomUUID() }),
    expect: IN_SESSION,
  },
  { event: 'reaction:send', payload: (w) => ({ ...session(w), emoji: '🎉' }), expect: IN_SESSION },
];

/** The command names of ClientToServerEvents, read from the contract (a type, so not there at run time). */
export function contractCommands(): string[] {
  const source = readFileSync(join(__dirname, '../../src/realtime/realtime.contract.ts'), 'utf8');
  const body = /export interface ClientToServerEvents \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
  return [...body.matchAll(/^\s*'([a-z-]+:[a-z-]+)'/gm)].map((match) => match[1]);
}
