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
import { CreateRoomDto, RoomResponseDto, toRoomResponse, UpdateRoomDto } from './dto/room.dto';
import { ProgrammeUsage } from './programme-usage';
import { newOverlayKey } from './overlay-key';
import { inUse, nameTaken, roomNotFound, sameName } from './programme-errors';
import { Room } from './room.entity';
import { cleanStream } from './stream';

@Injectable()
export class RoomsService {
  constructor(
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    private readonly usage: ProgrammeUsage,
    private readonly access: EventAccessService,
  ) {}

  /** In display order: `position`, then name. */
  async list(
    slug: string,
    user: Principal | undefined,
    content?: ContentLanguage,
  ): Promise<RoomResponseDto[]> {
    const { event, role } = await this.access.findVisible(slug, user);
    const localizer = Localizer.forEvent(content, event.languages, role !== null);
    const rooms = await this.rooms.find({
      where: { eventId: event.id },
      order: { position: 'ASC', name: 'ASC' },
    });
    return rooms.map((room) => toRoomResponse(room, localizer, role === 'organizer'));
  }

  async get(
    slug: string,
    id: string,
    user: Principal | undefined,
    content?: ContentLanguage,
  ): Promise<RoomResponseDto> {
    const { event, role } = await this.access.findVisible(slug, user);
    const localizer = Localizer.forEvent(content, event.languages, role !== null);
    return toRoomResponse(await this.require(event.id, id), localizer, role === 'organizer');
  }

  async create(slug: string, input: CreateRoomDto, user: Principal): Promise<RoomResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const existing = await this.rooms.findBy({ eventId: event.id });
    if (existing.some((room) => sameName(room.name, input.name))) {
      throw nameTaken('room');
    }
    const room: Room = {
      id: newId(),
      eventId: event.id,
      name: input.name,
      capacity: input.capacity ?? null,
      streamUrl: input.streamUrl ?? null,
      stream: input.stream ? cleanStream(input.stream) : null,
      overlayKey: newOverlayKey(),
      position: input.position ?? Math.max(-1, ...existing.map((r) => r.position)) + 1,
      createdAt: nowIso(),
      translations: mergeTranslations(null, checkTranslationLanguages(input.translations, event.languages)),
    };
    await this.rooms.insert(room);
    return toRoomResponse(room, Localizer.forEvent(EDITOR_VIEW, event.languages, true), true);
  }

  async update(slug: string, id: string, input: UpdateRoomDto, user: Principal): Promise<RoomResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const room = await this.require(event.id, id);
    if (input.name !== undefined && input.name !== room.name) {
      const others = await this.rooms.findBy({ eventId: event.id });
      if (others.some((other) => other.id !== room.id && sameName(other.name, input.name!))) {
        throw nameTaken('room');
      }
      room.name = input.name;
    }
    if (input.capacity !== undefined) {
      room.capacity = input.capacity;
    }
    if (input.streamUrl !== undefined) {
      room.streamUrl = input.streamUrl;
    }
    if (input.stream !== undefined) {
      room.stream = input.stream ? cleanStream(input.stream) : null;
    }
    if (input.position !== undefined) {
      room.position = input.position;
    }
    if (input.translations !== undefined) {
      room.translations = mergeTranslations(
        room.translations,
        checkTranslationLanguages(input.translations, event.languages),
      );
    }
    await this.rooms.save(room, { reload: false });
    return toRoomResponse(room, Localizer.forEvent(EDITOR_VIEW, event.languages, true), true);
  }

  /** A new overlay key: browser sources still using the old one show "wrong key" from now on. */
  async rotateOverlayKey(slug: string, id: string, user: Principal): Promise<RoomResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const room = await this.require(event.id, id);
    room.overlayKey = newOverlayKey();
    await this.rooms.update({ id: room.id, eventId: event.id }, { overlayKey: room.overlayKey });
    return toRoomResponse(room, Localizer.forEvent(EDITOR_VIEW, event.languages, true), true);
  }

  /** A room that sessions (cancelled ones included: they stay in calendars) still use cannot go. */
  async remove(slug: string, id: string, user: Principal): Promise<void> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const room = await this.require(event.id, id);
    const sessionIds = await this.usage.sessionsUsing('room', event.id, room.id);
    if (sessionIds.length > 0) {
      throw inUse('room', sessionIds);
    }
    await this.rooms.delete({ id: room.id, eventId: event.id });
  }

  /** Ids of another event's rooms are not found here, exactly like ids that do not exist. */
  async require(eventId: string, id: string): Promise<Room> {
    const room = await this.rooms.findOneBy({ id, eventId });
    if (!room) {
      throw roomNotFound();
    }
    return room;
  }
}
