import { DomainError } from '../common/errors/domain-error';

export const roomNotFound = (): DomainError =>
  new DomainError('ROOM_NOT_FOUND', 'No room with this id was found in this event');
export const trackNotFound = (): DomainError =>
  new DomainError('TRACK_NOT_FOUND', 'No track with this id was found in this event');
export const speakerNotFound = (): DomainError =>
  new DomainError('SPEAKER_NOT_FOUND', 'No speaker with this id was found in this event');

export const nameTaken = (what: string): DomainError =>
  new DomainError('ALREADY_EXISTS', `This event already has a ${what} with this name`, {
    fields: { name: [`name is already used by another ${what} of this event`] },
  });

export const inUse = (what: string, sessionIds: string[]): DomainError =>
  new DomainError(
    'IN_USE',
    `The ${what} is used by ${sessionIds.length} session(s); move or remove them first`,
    { sessionIds },
  );

export const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
