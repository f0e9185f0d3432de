import { Injectable } from '@nestjs/common';

export type ProgrammeItemKind = 'room' | 'track' | 'speaker';

/** The ids of the sessions that use this room, track or speaker, in the order the error should list them. */
export type ProgrammeUsageFinder = (
  kind: ProgrammeItemKind,
  eventId: string,
  itemId: string,
) => Promise<string[]>;

/**
 * Who still uses a room, track or speaker, asked before one is removed. The features that refer to them
 * (the agenda's sessions) register a finder when their module starts, so programme need not import them.
 */
@Injectable()
export class ProgrammeUsage {
  private readonly finders: ProgrammeUsageFinder[] = [];

  register(finder: ProgrammeUsageFinder): void {
    this.finders.push(finder);
  }

  async sessionsUsing(kind: ProgrammeItemKind, eventId: string, itemId: string): Promise<string[]> {
    const ids: string[] = [];
    for (const finder of this.finders) {
      ids.push(...(await finder(kind, eventId, itemId)));
    }
    return ids;
  }
}
