import { randomUUID } from 'node:crypto';

import type { AgendaSession } from '../../src/agenda/agenda-session.entity';
import { AttendanceRecorder } from '../../src/analytics/attendance-recorder';
import { TokenService } from '../../src/auth/token.service';
import { User } from '../../src/auth/user.entity';
import type { Event } from '../../src/events/event.entity';
import { Organization } from '../../src/organizations/organization.entity';
import type { Room } from '../../src/programme/room.entity';
import { Speaker } from '../../src/programme/speaker.entity';
import { Track } from '../../src/programme/track.entity';
import type { Registration } from '../../src/registrations/registration.entity';
import {
  dataSourceOf,
  grantStaff,
  makeEvent,
  makeRegistration,
  makeRoom,
  makeSession,
} from '../factories/event.factory';
import type { TestApp } from './create-test-app';
import { connectLive, ok } from './socket-client';

/** The callers every authorization and fuzz test runs as. */
export const ACTORS = [
  'anonymous',
  'attendee',
  'unregistered',
  'speaker',
  'moderator',
  'organizer',
  'otherOrganizer',
  'banned',
] as const;
export type Actor = (typeof ACTORS)[number];

export interface WorldUser {
  id: string;
  name: string;
  email: string;
  token: string;
}

/** One event's programme, written straight to the database. */
export interface EventWorld {
  event: Event;
  room: Room;
  /** A second room no session uses (deletable). */
  spareRoom: Room;
  track: Track;
  /** A speaker profile not on any session (deletable), linked to no account. */
  speaker: Speaker;
  session: AgendaSession;
  /** A session with a capacity (seats). */
  seatedSession: AgendaSession;
  /** A pending registration of a user who is none of the actors (approve/reject). */
  pending: Registration;
}

export interface World {
  a: EventWorld;
  /** Another published event: its ids in event A's paths must be refused (IDOR). */
  b: EventWorld;
  users: Record<Exclude<Actor, 'anonymous'>, WorldUser>;
  organization: Organization;
  /** Authorization headers of an actor (none for anonymous). */
  auth(actor: Actor): Record<string, string>;
}

const now = (): string => new Date().toISOString();

/** A user inserted directly, with a real access token (no password hashing: these never log in). */
export async function makeUser(t: TestApp, label = 'user'): Promise<WorldUser> {
  const id = randomUUID();
  const email = `${label}-${id.slice(0, 8)}@example.test`;
  const name = `${label} ${id.slice(0, 4)}`;
  await dataSourceOf(t)
    .getRepository(User)
    .insert({ id, email, emailKey: email.toLowerCase(), name, passwordHash: 'not-a-hash', createdAt: now() });
  const token = t.app.get(TokenService).issue({ id, email, name });
  return { id, name, email, token };
}

export async function banUser(t: TestApp, eventId: string, userId: string): Promise<void> {
  await dataSourceOf(t).query(
    `INSERT INTO event_bans ("eventId", "userId", "createdById", "createdAt") VALUES (?, ?, NULL, ?)`,
    [eventId, userId, now()],
  );
}

async function makeEventWorld(
  t: TestApp,
  organizerId: string,
  linkedSpeakerId?: string,
): Promise<EventWorld> {
  const ds = dataSourceOf(t);
  const event = await makeEvent(t, { createdById: organizerId });
  await grantStaff(t, event.id, organizerId, 'organizer');
  const room = await makeRoom(t, event.id);
  const spareRoom = await makeRoom(t, event.id, { name: 'Spare room', position: 1 });
  const track: Track = {
    id: randomUUID(),
    eventId: event.id,
    name: 'Track',
    color: '#336699',
    createdAt: now(),
  };
  await ds.getRepository(Track).insert(track);
  const speakerRow = (userId: string | null, name: string): Speaker => ({
    id: randomUUID(),
    eventId: event.id,
    name,
    position: null,
    organizationId: null,
    bio: null,
    photoUrl: null,
    email: null,
    userId,
    createdAt: now(),
    updatedAt: now(),
  });
  const speaker = speakerRow(null, 'Spare Speaker');
  await ds.getRepository(Speaker).insert(speaker);
  if (linkedSpeakerId) {
    await ds.getRepository(Speaker).insert(speakerRow(linkedSpeakerId, 'Linked Speaker'));
  }
  const session = await makeSession(t, event.id, { roomId: room.id });
  const seatedSession = await makeSession(t, event.id, {
    title: 'Workshop',
    kind: 'workshop',
    roomId: room.id,
    capacity: 20,
    startsAt: '2030-11-20T03:00:00.000Z',
    endsAt: '2030-11-20T04:00:00.000Z',
  });
  const applicant = await makeUser(t, 'applicant');
  const pending = await makeRegistration(t, event.id, applicant.id, 'pending');
  return { event, room, spareRoom, track, speaker, session, seatedSession, pending };
}

/**
 * Two published events and one user per actor: `attendee` holds a confirmed registration of event A,
 * `speaker` a speaker profile of A linked to their account, `moderator`/`organizer` staff roles of A,
 * `otherOrganizer` organizes event B only, `banned` is a confirmed registrant of A banned from it.
 */
export async function makeWorld(t: TestApp): Promise<World> {
  const users = {
    attendee: await makeUser(t, 'attendee'),
    unregistered: await makeUser(t, 'unregistered'),
    speaker: await makeUser(t, 'speaker'),
    moderator: await makeUser(t, 'moderator'),
    organizer: await makeUser(t, 'organizer'),
    otherOrganizer: await makeUser(t, 'other-organizer'),
    banned: await makeUser(t, 'banned'),
  };
  const a = await makeEventWorld(t, users.organizer.id, users.speaker.id);
  const b = await makeEventWorld(t, users.otherOrganizer.id);
  await grantStaff(t, a.event.id, users.moderator.id, 'moderator');
  await makeRegistration(t, a.event.id, users.attendee.id, 'confirmed');
  await makeRegistration(t, a.event.id, users.banned.id, 'confirmed');
  await banUser(t, a.event.id, users.banned.id);
  const organization: Organization = {
    id: randomUUID(),
    name: `Institute ${randomUUID()}`,
    nameKey: '',
    shortName: null,
    country: null,
    url: null,
    createdAt: now(),
    updatedAt: now(),
  };
  organization.nameKey = organization.name.toLowerCase();
  await dataSourceOf(t).getRepository(Organization).insert(organization);
  return {
    a,
    b,
    users,
    organization,
    auth: (actor): Record<string, string> =>
      actor === 'anonymous' ? {} : { Authorization: `Bearer ${users[actor].token}` },
  };
}

/** Row counts of every table (to prove a refused request wrote nothing), in one statement. */
export async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  // Attendance of earlier joins is written in batches a few seconds later: count it as already written.
  await t.app.get(AttendanceRecorder).flush();
  const ds = dataSourceOf(t);
  const tables = await ds.query<Array<{ name: string }>>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations' ORDER BY name`,
  );
  const union = tables
    .map(({ name }) => `SELECT '${name}' AS name, COUNT(*) AS n FROM "${name}"`)
    .join(' UNION ALL ');
  const rows = await ds.query<Array<{ name: string; n: number }>>(union);
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.n)]));
}

/** A message and a question posted in event A's main session by a registered attendee who is none of the actors. */
export interface LiveFixture {
  author: WorldUser;
  messageId: string;
  questionId: string;
  /** An open single-choice poll of that session (results shown live). */
  pollId: string;
  /** A draft poll of that session. */
  draftPollId: string;
}

/** A poll written straight to the database (as a moderator would prepare and open it). */
export async function insertPoll(
  t: TestApp,
  session: { id: string; eventId: string },
  status: 'draft' | 'open' | 'closed',
): Promise<string> {
  const id = randomUUID();
  await dataSourceOf(t).query(
    `INSERT INTO polls ("id", "sessionId", "eventId", "question", "kind", "options", "maxChoices", "scale", "anonymous",
       "showResults", "status", "createdById", "openedAt", "closedAt", "createdAt", "updatedAt")
     VALUES (?, ?, ?, 'Which one?', 'single', '["Yes","No"]', NULL, NULL, 1, 'live', ?, NULL, ?, NULL, ?, ?)`,
    [id, session.id, session.eventId, status, status === 'draft' ? null : now(), now(), now()],
  );
  return id;
}

export async function makeLiveFixture(t: TestApp, w: World): Promise<LiveFixture> {
  const author = await makeUser(t, 'author');
  await makeRegistration(t, w.a.event.id, author.id, 'confirmed');
  const socket = await connectLive(t, author.token);
  try {
    await ok(socket, 'session:join', { sessionId: w.a.session.id });
    const { message } = await ok<{ message: { id: string } }>(socket, 'chat:send', {
      sessionId: w.a.session.id,
      text: 'Hello from the audience',
      clientId: randomUUID(),
    });
    const { question } = await ok<{ question: { id: string } }>(socket, 'qa:ask', {
      sessionId: w.a.session.id,
      text: 'What comes next?',
      clientId: randomUUID(),
    });
    return {
      author,
      messageId: message.id,
      questionId: question.id,
      pollId: await insertPoll(t, w.a.session, 'open'),
      draftPollId: await insertPoll(t, w.a.session, 'draft'),
    };
  } finally {
    socket.close();
  }
}
