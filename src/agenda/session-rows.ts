import { EntityManager, In } from 'typeorm';

import { DomainError } from '../common/errors/domain-error';
import { Event } from '../events/event.entity';
import { Room } from '../programme/room.entity';
import { AgendaSession } from './agenda-session.entity';
import { ParticipantInputDto } from './dto/session-input.dto';
import { SessionParticipant } from './session-participant.entity';

/** The rows of one session, read and written inside a caller's transaction. */

export const sessionNotFound = (): DomainError =>
  new DomainError('SESSION_NOT_FOUND', 'No such session in this event');

export async function findSession(
  manager: EntityManager,
  eventId: string,
  sessionId: string,
): Promise<AgendaSession> {
  const session = await manager.getRepository(AgendaSession).findOneBy({ id: sessionId, eventId });
  if (!session) {
    throw sessionNotFound();
  }
  return session;
}

export function participantsOf(manager: EntityManager, sessionId: string): Promise<SessionParticipant[]> {
  return manager.getRepository(SessionParticipant).find({ where: { sessionId }, order: { position: 'ASC' } });
}

export async function replaceParticipants(
  manager: EntityManager,
  sessionId: string,
  participants: readonly Pick<ParticipantInputDto, 'speakerId' | 'role'>[],
): Promise<void> {
  const repository = manager.getRepository(SessionParticipant);
  await repository.delete({ sessionId });
  if (participants.length > 0) {
    await repository.insert(
      participants.map(({ speakerId, role }, position) => ({ sessionId, speakerId, role, position })),
    );
  }
}

/** What `summarize()` needs to name rooms and times in the event's own words. */
export async function summaryContext(manager: EntityManager, event: Event, roomIds: (string | null)[]) {
  const ids = roomIds.filter((id): id is string => id !== null);
  const rooms = ids.length ? await manager.getRepository(Room).findBy({ id: In(ids) }) : [];
  const names = new Map(rooms.map((room) => [room.id, room.name]));
  return {
    timezone: event.timezone,
    roomName: (roomId: string | null) => (roomId ? (names.get(roomId) ?? null) : null),
  };
}
