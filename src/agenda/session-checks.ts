import { EntityManager, In } from 'typeorm';

import { DomainError, FieldErrors, validationFailed } from '../common/errors/domain-error';
import { Event } from '../events/event.entity';
import { Room } from '../programme/room.entity';
import { Speaker } from '../programme/speaker.entity';
import { Track } from '../programme/track.entity';
import { AgendaSession } from './agenda-session.entity';
import { ParticipantInputDto } from './dto/session-input.dto';
import { findScheduleConflicts, ScheduleSlot } from './scheduling-rules';
import { SessionSnapshot } from './session-changes';
import { SessionParticipant } from './session-participant.entity';

/** The checks a session write runs inside its transaction, before it changes anything. */

/** Rooms, tracks and speakers must belong to this event: an id from another event is simply not found. */
export async function assertReferences(
  manager: EntityManager,
  eventId: string,
  refs: {
    roomId: string | null;
    trackId: string | null;
    participants: readonly Pick<ParticipantInputDto, 'speakerId'>[];
  },
): Promise<void> {
  if (refs.roomId && !(await manager.getRepository(Room).existsBy({ id: refs.roomId, eventId }))) {
    throw new DomainError('ROOM_NOT_FOUND', 'No such room in this event', { roomId: refs.roomId });
  }
  if (refs.trackId && !(await manager.getRepository(Track).existsBy({ id: refs.trackId, eventId }))) {
    throw new DomainError('TRACK_NOT_FOUND', 'No such track in this event', { trackId: refs.trackId });
  }
  const speakerIds = refs.participants.map((participant) => participant.speakerId);
  if (speakerIds.length > 0) {
    const found = await manager
      .getRepository(Speaker)
      .find({ select: { id: true }, where: { id: In(speakerIds), eventId } });
    const known = new Set(found.map((speaker) => speaker.id));
    const missing = speakerIds.filter((id) => !known.has(id));
    if (missing.length > 0) {
      throw new DomainError('SPEAKER_NOT_FOUND', 'No such speaker in this event', { speakerIds: missing });
    }
  }
}

/** Reads the sessions that overlap in time and lets the pure scheduling rules judge them. */
export async function assertNoConflicts(
  manager: EntityManager,
  event: Event,
  session: AgendaSession,
  snapshot: SessionSnapshot,
): Promise<void> {
  const neighbours = await manager
    .getRepository(AgendaSession)
    .createQueryBuilder('session')
    .where('session.eventId = :eventId', { eventId: event.id })
    .andWhere('session.id != :id', { id: session.id })
    .andWhere('session.status != :cancelled', { cancelled: 'cancelled' })
    .andWhere('session.startsAt < :endsAt AND session.endsAt > :startsAt', {
      startsAt: session.startsAt,
      endsAt: session.endsAt,
    })
    .getMany();
  const participants = neighbours.length
    ? await manager
        .getRepository(SessionParticipant)
        .findBy({ sessionId: In(neighbours.map((neighbour) => neighbour.id)) })
    : [];
  const speakersBySession = new Map<string, string[]>();
  for (const participant of participants) {
    speakersBySession.set(participant.sessionId, [
      ...(speakersBySession.get(participant.sessionId) ?? []),
      participant.speakerId,
    ]);
  }
  const slotOf = (s: AgendaSession, speakerIds: readonly string[]): ScheduleSlot => ({
    id: s.id,
    kind: s.kind,
    status: s.status,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    roomId: s.roomId,
    speakerIds,
  });
  const conflicts = findScheduleConflicts(
    slotOf(
      session,
      snapshot.participants.map((participant) => participant.speakerId),
    ),
    neighbours.map((neighbour) => slotOf(neighbour, speakersBySession.get(neighbour.id) ?? [])),
    event,
  );
  if (conflicts.length > 0) {
    throw new DomainError(
      'SCHEDULE_CONFLICT',
      `The session conflicts with the schedule (${conflicts.map((conflict) => conflict.kind).join(', ')})`,
      { conflicts },
    );
  }
}

/** Rules on the merged values of a PATCH (the DTO can only check the fields it was sent). */
export function assertCoherent(session: AgendaSession): void {
  const fields: FieldErrors = {};
  if (session.endsAt <= session.startsAt) {
    fields.endsAt = ['endsAt must be later than startsAt'];
  }
  if (session.roomId === null && session.kind !== 'break') {
    fields.roomId = ['roomId is required unless kind is break'];
  }
  if (Object.keys(fields).length > 0) {
    throw validationFailed(fields);
  }
}
