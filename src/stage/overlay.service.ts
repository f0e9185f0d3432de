import { timingSafeEqual } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { DomainError } from '../common/errors/domain-error';
import { nowIso } from '../common/time/zoned-time';
import { DeclarationsService } from '../declarations/declarations.service';
import { Event } from '../events/event.entity';
import { PollsService } from '../polls/polls.service';
import { Room } from '../programme/room.entity';
import { isPublicStatus } from '../qa/question.view';
import type { QuestionStatus } from '../realtime/realtime.contract';
import { OverlayPollDto, OverlayResponseDto } from './dto/overlay.dto';
import { findLiveSessionOfRoom, findPinnedQuestions } from './overlay.queries';

const sameKey = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * What a production overlay (an OBS or vMix browser source) shows for a room. No login: the room's secret
 * key is the permission, so a wrong key reveals nothing, not even whether the event or room exists.
 */
@Injectable()
export class OverlayService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly polls: PollsService,
    private readonly declarations: DeclarationsService,
  ) {}

  async show(slug: string, roomId: string, key: string): Promise<OverlayResponseDto> {
    const manager = this.dataSource.manager;
    const event = await manager.findOne(Event, { select: { id: true }, where: { slug } });
    const room = event ? await manager.findOneBy(Room, { id: roomId, eventId: event.id }) : null;
    if (!room?.overlayKey || !sameKey(key, room.overlayKey)) {
      throw new DomainError('FORBIDDEN', 'This overlay key is wrong or was replaced by a newer one');
    }
    const session = await findLiveSessionOfRoom(manager, room.id, nowIso());
    const pinned = session
      ? (await findPinnedQuestions(manager, session.id)).find((row) =>
          isPublicStatus(row.status as QuestionStatus),
        )
      : undefined;
    return {
      roomId: room.id,
      roomName: room.name,
      session,
      pinnedQuestion: pinned
        ? { id: pinned.id, text: pinned.text, authorName: pinned.anonymous ? null : pinned.authorName }
        : null,
      poll: session ? await this.poll(session.id) : null,
      declarations: await this.declarations.openCounts(room.eventId),
    };
  }

  private async poll(sessionId: string): Promise<OverlayPollDto | null> {
    const shown = await this.polls.forOverlay(sessionId);
    if (!shown) {
      return null;
    }
    const { poll, results } = shown;
    return {
      id: poll.id,
      question: poll.question,
      kind: poll.kind,
      status: poll.status,
      showResults: poll.showResults,
      ...(poll.options ? { options: poll.options } : {}),
      ...(poll.scale !== undefined ? { scale: poll.scale } : {}),
      results: results
        ? {
            voters: results.voters,
            ...(results.options ? { options: results.options } : {}),
            ...(results.rating ? { rating: results.rating } : {}),
            ...(results.words ? { words: results.words } : {}),
          }
        : null,
    };
  }
}
