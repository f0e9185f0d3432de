import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentUser, OptionalUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { ApiContentLanguage, ContentLanguage, RequestedLanguage } from '../common/i18n';
import { EventItemParamDto, EventSlugParamDto } from '../events/dto/event-params.dto';
import { CreateRoomDto, RoomListResponseDto, RoomResponseDto, UpdateRoomDto } from './dto/room.dto';
import { RoomsService } from './rooms.service';

@ApiTags('programme')
@Controller('events/:slug/rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Rooms of the event, in display order (position, then name)' })
  @ApiOkResponse({ type: RoomListResponseDto })
  @ApiErrors(400, 401, 404)
  @ApiContentLanguage()
  async list(
    @Param() { slug }: EventSlugParamDto,
    @RequestedLanguage() content: ContentLanguage,
    @OptionalUser() user?: Principal,
  ): Promise<RoomListResponseDto> {
    return { items: await this.rooms.list(slug, user, content) };
  }

  @Get(':id')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One room of the event' })
  @ApiOkResponse({ type: RoomResponseDto })
  @ApiErrors(400, 401, 404)
  @ApiContentLanguage()
  get(
    @Param() { slug, id }: EventItemParamDto,
    @RequestedLanguage() content: ContentLanguage,
    @OptionalUser() user?: Principal,
  ): Promise<RoomResponseDto> {
    return this.rooms.get(slug, id, user, content);
  }

  @Post()
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a room (organizers)' })
  @ApiCreatedResponse({ type: RoomResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  create(
    @Param() { slug }: EventSlugParamDto,
    @Body() body: CreateRoomDto,
    @CurrentUser() user: Principal,
  ): Promise<RoomResponseDto> {
    return this.rooms.create(slug, body, user);
  }

  @Patch(':id')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change a room (organizers; partial, null clears optional fields)' })
  @ApiOkResponse({ type: RoomResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @Param() { slug, id }: EventItemParamDto,
    @Body() body: UpdateRoomDto,
    @CurrentUser() user: Principal,
  ): Promise<RoomResponseDto> {
    return this.rooms.update(slug, id, body, user);
  }

  @Post(':id/overlay-key')
  @HttpCode(200)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Give the room a new production overlay key (organizers); the old key stops working at once',
  })
  @ApiOkResponse({ type: RoomResponseDto })
  @ApiErrors(400, 401, 403, 404)
  rotateOverlayKey(
    @Param() { slug, id }: EventItemParamDto,
    @CurrentUser() user: Principal,
  ): Promise<RoomResponseDto> {
    return this.rooms.rotateOverlayKey(slug, id, user);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Remove a room (organizers); refused with 409 IN_USE while sessions use it' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(400, 401, 403, 404, 409)
  remove(@Param() { slug, id }: EventItemParamDto, @CurrentUser() user: Principal): Promise<void> {
    return this.rooms.remove(slug, id, user);
  }
}
