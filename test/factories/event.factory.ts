import { DataSource } from 'typeorm';

import { AgendaSession } from '../../src/agenda/agenda-session.entity';
import { newId } from '../../src/common/ids';
import { EventStaff, StaffRole } from '../../src/events/event-staff.entity';
import { Event } from '../../src/events/event.entity';
import { Room } from '../../src/programme/room.entity';
import { Registration, RegistrationStatus } from '../../src/registrations/registration.entity';
import type { TestApp } from '../utils/create-test-app';

const now = (): string => new Date().toISOString();

/**
 * Fixtures written straight to the database, for tests of features that need an event to exist but are
 * not about creating one. Tests of the programme itself go through the HTTP API instead.
 */
export async function makeEvent(t: TestApp, overrides: Partial<Event> = {}): Promise<Event> {
  const slug = overrides.slug ?? `event-${newId().slice(0, 8)}`;
  const event: Event = {
    id: newId(),
    slug,
    title: `Test event ${slug}`,
    description: null,
    timezone: 'Asia/Shanghai',
    startsOn: '2030-11-20',
    endsOn: '2030-11-21',
    languages: ['en', 'zh'],
    status: 'published',
    publishedAt: now(),
    registrationCapacity: null,
    registrationRequiresApproval: false,
    registrationFields: [],
    createdById: null,
    createdAt: now(),
    updatedAt: now(),
    ...overrides,
  };
  await dataSourceOf(t).getRepository(Event).insert(event);
  return event;
}

export async function grantStaff(
  t: TestApp,
  eventId: string,
  userId: string,
  role: StaffRole,
): Promise<void> {
  await dataSourceOf(t).getRepository(EventStaff).save({ eventId, userId, role, createdAt: now() });
}

export async function makeRoom(t: TestApp, eventId: string, overrides: Partial<Room> = {}): Promise<Room> {
  const room: Room = {
    id: newId(),
    eventId,
    name: 'Main Stage',
    capacity: null,
    streamUrl: null,
    stream: null,
    overlayKey: null,
    position: 0,
    createdAt: now(),
    ...overrides,
  };
  await dataSourceOf(t).getRepository(Room).insert(room);
  return room;
}

export async function makeSession(
  t: TestApp,
  eventId: string,
  overrides: Partial<AgendaSession> = {},
): Promise<AgendaSession> {
  const session: AgendaSession = {
    id: newId(),
    eventId,
    title: 'Test session',
    abstract: null,
    kind: 'talk',
    startsAt: '2030-11-20T01:00:00.000Z',
    endsAt: '2030-11-20T02:00:00.000Z',
    roomId: null,
    trackId: null,
    language: 'en',
    capacity: null,
    stream: null,
    qaEnabled: true,
    qaModerated: false,
    chatEnabled: true,
    status: 'scheduled',
    liveStatus: 'upcoming',
    qaOpen: true,
    sequence: 0,
    createdAt: now(),
    updatedAt: now(),
    ...overrides,
  };
  await dataSourceOf(t).getRepository(AgendaSession).insert(session);
  return session;
}

export async function makeRegistration(
  t: TestApp,
  eventId: string,
  userId: string,
  status: RegistrationStatus = 'confirmed',
): Promise<Registration> {
  const repository = dataSourceOf(t).getRepository(Registration);
  const registration: Registration = {
    id: newId(),
    eventId,
    userId,
    status,
    answers: {},
    queueNumber: (await repository.countBy({ eventId })) + 1,
    createdAt: now(),
    updatedAt: now(),
  };
  await repository.insert(registration);
  return registration;
}

export function dataSourceOf(t: TestApp): DataSource {
  return t.app.get(DataSource);
}
