// Programme fixtures for the sessions e2e specs: speakers, tracks, organisations and a staged event.
import { SessionParticipant } from '../../src/agenda/session-participant.entity';
import { Event } from '../../src/events/event.entity';
import { newId } from '../../src/common/ids';
import { Organization } from '../../src/organizations/organization.entity';
import { Room } from '../../src/programme/room.entity';
import { Speaker } from '../../src/programme/speaker.entity';
import { Track } from '../../src/programme/track.entity';
import { registerUser, TestUser } from '../utils/accounts';
import { TestApp } from '../utils/create-test-app';
import { dataSourceOf, grantStaff, makeEvent, makeRoom } from './event.factory';

const now = (): string => new Date().toISOString();

export async function makeSpeaker(
  t: TestApp,
  eventId: string,
  overrides: Partial<Speaker> = {},
): Promise<Speaker> {
  const speaker: Speaker = {
    id: newId(),
    eventId,
    name: 'Ana Lima',
    position: 'Director',
    organizationId: null,
    bio: null,
    photoUrl: null,
    email: null,
    userId: null,
    createdAt: now(),
    updatedAt: now(),
    ...overrides,
  };
  await dataSourceOf(t).getRepository(Speaker).insert(speaker);
  return speaker;
}

export async function makeTrack(t: TestApp, eventId: string, name = 'Green development'): Promise<Track> {
  const track: Track = { id: newId(), eventId, name, color: '#2E7D32', createdAt: now() };
  await dataSourceOf(t).getRepository(Track).insert(track);
  return track;
}

export async function makeOrganization(
  t: TestApp,
  name: string,
  shortName: string | null,
): Promise<Organization> {
  const organization: Organization = {
    id: newId(),
    name,
    nameKey: `${name.toLowerCase()}-${newId()}`,
    shortName,
    country: null,
    url: null,
    createdAt: now(),
    updatedAt: now(),
  };
  await dataSourceOf(t).getRepository(Organization).insert(organization);
  return organization;
}

export interface Stage {
  event: Event;
  organizer: TestUser;
  roomA: Room;
  roomB: Room;
  ana: Speaker;
  bo: Speaker;
}

/** A published (or draft) Shanghai event, 2030-11-20..21, with two rooms, two speakers and an organizer. */
export async function stage(t: TestApp, overrides: Partial<Event> = {}): Promise<Stage> {
  const organizer = await registerUser(t);
  const event = await makeEvent(t, overrides);
  await grantStaff(t, event.id, organizer.id, 'organizer');
  const roomA = await makeRoom(t, event.id, {
    name: 'Main Stage',
    streamUrl: 'https://stream.example.org/a',
  });
  const roomB = await makeRoom(t, event.id, { name: 'Room B', position: 1 });
  const ana = await makeSpeaker(t, event.id, { name: 'Ana Lima' });
  const bo = await makeSpeaker(t, event.id, { name: 'Bo Chen', position: null });
  return { event, organizer, roomA, roomB, ana, bo };
}

export const talk = (roomId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  title: 'Opening keynote',
  kind: 'talk',
  startsAt: '2030-11-20T09:00:00+08:00',
  endsAt: '2030-11-20T10:00:00+08:00',
  roomId,
  ...overrides,
});

/** Makes `userId` a speaker (`role`) of the session, as the organizer's speaker link would. */
export async function linkSpeaker(
  t: TestApp,
  event: Event,
  userId: string,
  sessionId: string,
  role: SessionParticipant['role'],
): Promise<void> {
  const speaker = await makeSpeaker(t, event.id, { name: 'Linked speaker', position: null, userId });
  await dataSourceOf(t)
    .getRepository(SessionParticipant)
    .insert({ sessionId, speakerId: speaker.id, role, position: 0 });
}
