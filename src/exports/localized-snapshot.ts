import { Localizer } from '../common/i18n';
import type { ProgrammeSnapshot } from './programme-snapshot';

/**
 * The same programme with its texts in the served language (titles, abstracts, names, positions, bios, rooms,
 * tracks, organisations), the original wherever a translation is missing. The exporters stay pure functions
 * of a snapshot and need not know about languages; slugs keep coming from the original titles, so they do
 * not change with the reader's language.
 */
export function localizeSnapshot(snapshot: ProgrammeSnapshot, localizer: Localizer): ProgrammeSnapshot {
  if (localizer.served === null) {
    return snapshot;
  }
  const directory = localizer.directory;
  const rooms = new Map(snapshot.rooms.map((room) => [room.id, localizer.overlay(room, ['name'])]));
  const tracks = new Map(snapshot.tracks.map((track) => [track.id, localizer.overlay(track, ['name'])]));
  return {
    ...snapshot,
    event: localizer.overlay(snapshot.event, ['title', 'description']),
    rooms: [...rooms.values()],
    tracks: [...tracks.values()],
    sessions: snapshot.sessions.map((item) => ({
      ...item,
      session: localizer.overlay(item.session, ['title', 'abstract']),
      slugTitle: item.session.title,
      room: item.room ? (rooms.get(item.room.id) ?? item.room) : null,
      track: item.track ? (tracks.get(item.track.id) ?? item.track) : null,
      participants: item.participants.map((participant) => ({
        ...participant,
        speaker: localizer.overlay(participant.speaker, ['name', 'position', 'bio']),
        organization: participant.organization
          ? directory.overlay(participant.organization, ['name', 'shortName'])
          : null,
      })),
    })),
  };
}
