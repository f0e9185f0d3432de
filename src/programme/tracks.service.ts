import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { Principal } from '../auth/principal';
import {
  checkTranslationLanguages,
  ContentLanguage,
  EDITOR_VIEW,
  Localizer,
  mergeTranslations,
} from '../common/i18n';
import { newId } from '../common/ids';
import { nowIso } from '../common/time/zoned-time';
import { EventAccessService } from '../events/event-access.service';
import { CreateTrackDto, toTrackResponse, TrackResponseDto, UpdateTrackDto } from './dto/track.dto';
import { ProgrammeUsage } from './programme-usage';
import { inUse, nameTaken, sameName, trackNotFound } from './programme-errors';
import { Track } from './track.entity';

@Injectable()
export class TracksService {
  constructor(
    @InjectRepository(Track) private readonly tracks: Repository<Track>,
    private readonly usage: ProgrammeUsage,
    private readonly access: EventAccessService,
  ) {}

  async list(
    slug: string,
    user: Principal | undefined,
    content?: ContentLanguage,
  ): Promise<TrackResponseDto[]> {
    const { event, role } = await this.access.findVisible(slug, user);
    const localizer = Localizer.forEvent(content, event.languages, role !== null);
    const tracks = await this.tracks.find({ where: { eventId: event.id }, order: { name: 'ASC' } });
    return tracks.map((track) => toTrackResponse(track, localizer));
  }

  async get(
    slug: string,
    id: string,
    user: Principal | undefined,
    content?: ContentLanguage,
  ): Promise<TrackResponseDto> {
    const { event, role } = await this.access.findVisible(slug, user);
    const localizer = Localizer.forEvent(content, event.languages, role !== null);
    return toTrackResponse(await this.require(event.id, id), localizer);
  }

  async create(slug: string, input: CreateTrackDto, user: Principal): Promise<TrackResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    await this.assertNameFree(event.id, input.name);
    const track: Track = {
      id: newId(),
      eventId: event.id,
      name: input.name,
      color: input.color.toUpperCase(),
      createdAt: nowIso(),
      translations: mergeTranslations(null, checkTranslationLanguages(input.translations, event.languages)),
    };
    await this.tracks.insert(track);
    return toTrackResponse(track, Localizer.forEvent(EDITOR_VIEW, event.languages, true));
  }

  async update(slug: string, id: string, input: UpdateTrackDto, user: Principal): Promise<TrackResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const track = await this.require(event.id, id);
    if (input.name !== undefined && input.name !== track.name) {
      await this.assertNameFree(event.id, input.name, track.id);
      track.name = input.name;
    }
    if (input.color !== undefined) {
      track.color = input.color.toUpperCase();
    }
    if (input.translations !== undefined) {
      track.translations = mergeTranslations(
        track.translations,
        checkTranslationLanguages(input.translations, event.languages),
      );
    }
    await this.tracks.save(track, { reload: false });
    return toTrackResponse(track, Localizer.forEvent(EDITOR_VIEW, event.languages, true));
  }

  /** Refused while sessions use the track, so no session silently loses its track. */
  async remove(slug: string, id: string, user: Principal): Promise<void> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const track = await this.require(event.id, id);
    const sessionIds = await this.usage.sessionsUsing('track', event.id, track.id);
    if (sessionIds.length > 0) {
      throw inUse('track', sessionIds);
    }
    await this.tracks.delete({ id: track.id, eventId: event.id });
  }

  async require(eventId: string, id: string): Promise<Track> {
    const track = await this.tracks.findOneBy({ id, eventId });
    if (!track) {
      throw trackNotFound();
    }
    return track;
  }

  private async assertNameFree(eventId: string, name: string, exceptId?: string): Promise<void> {
    const tracks = await this.tracks.findBy({ eventId });
    if (tracks.some((track) => track.id !== exceptId && sameName(track.name, name))) {
      throw nameTaken('track');
    }
  }
}
