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
import { CreateTrackDto, TrackListResponseDto, TrackResponseDto, UpdateTrackDto } from './dto/track.dto';
import { TracksService } from './tracks.service';

@ApiTags('programme')
@Controller('events/:slug/tracks')
export class TracksController {
  constructor(private readonly tracks: TracksService) {}

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Tracks of the event, by name' })
  @ApiOkResponse({ type: TrackListResponseDto })
  @ApiErrors(400, 401, 404)
  @ApiContentLanguage()
  async list(
    @Param() { slug }: EventSlugParamDto,
    @RequestedLanguage() content: ContentLanguage,
    @OptionalUser() user?: Principal,
  ): Promise<TrackListResponseDto> {
    return { items: await this.tracks.list(slug, user, content) };
  }

  @Get(':id')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One track of the event' })
  @ApiOkResponse({ type: TrackResponseDto })
  @ApiErrors(400, 401, 404)
  @ApiContentLanguage()
  get(
    @Param() { slug, id }: EventItemParamDto,
    @RequestedLanguage() content: ContentLanguage,
    @OptionalUser() user?: Principal,
  ): Promise<TrackResponseDto> {
    return this.tracks.get(slug, id, user, content);
  }

  @Post()
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a track (organizers)' })
  @ApiCreatedResponse({ type: TrackResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  create(
    @Param() { slug }: EventSlugParamDto,
    @Body() body: CreateTrackDto,
    @CurrentUser() user: Principal,
  ): Promise<TrackResponseDto> {
    return this.tracks.create(slug, body, user);
  }

  @Patch(':id')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change a track (organizers; partial, null clears optional fields)' })
  @ApiOkResponse({ type: TrackResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @Param() { slug, id }: EventItemParamDto,
    @Body() body: UpdateTrackDto,
    @CurrentUser() user: Principal,
  ): Promise<TrackResponseDto> {
    return this.tracks.update(slug, id, body, user);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Remove a track (organizers); refused with 409 IN_USE while sessions use it' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(400, 401, 403, 404, 409)
  remove(@Param() { slug, id }: EventItemParamDto, @CurrentUser() user: Principal): Promise<void> {
    return this.tracks.remove(slug, id, user);
  }
}
