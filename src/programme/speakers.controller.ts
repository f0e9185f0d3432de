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
import {
  CreateSpeakerDto,
  SpeakerListResponseDto,
  SpeakerResponseDto,
  UpdateSpeakerDto,
} from './dto/speaker.dto';
import { SpeakersService } from './speakers.service';

@ApiTags('programme')
@Controller('events/:slug/speakers')
export class SpeakersController {
  constructor(private readonly speakers: SpeakersService) {}

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Speakers of the event, by name, with their organisation' })
  @ApiOkResponse({ type: SpeakerListResponseDto })
  @ApiErrors(400, 401, 404)
  @ApiContentLanguage()
  async list(
    @Param() { slug }: EventSlugParamDto,
    @RequestedLanguage() content: ContentLanguage,
    @OptionalUser() user?: Principal,
  ): Promise<SpeakerListResponseDto> {
    return { items: await this.speakers.list(slug, user, content) };
  }

  @Get(':id')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One speaker of the event' })
  @ApiOkResponse({ type: SpeakerResponseDto })
  @ApiErrors(400, 401, 404)
  @ApiContentLanguage()
  get(
    @Param() { slug, id }: EventItemParamDto,
    @RequestedLanguage() content: ContentLanguage,
    @OptionalUser() user?: Principal,
  ): Promise<SpeakerResponseDto> {
    return this.speakers.get(slug, id, user, content);
  }

  @Post()
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a speaker (organizers)' })
  @ApiCreatedResponse({ type: SpeakerResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  create(
    @Param() { slug }: EventSlugParamDto,
    @Body() body: CreateSpeakerDto,
    @CurrentUser() user: Principal,
  ): Promise<SpeakerResponseDto> {
    return this.speakers.create(slug, body, user);
  }

  @Patch(':id')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change a speaker (organizers; partial, null clears optional fields)' })
  @ApiOkResponse({ type: SpeakerResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @Param() { slug, id }: EventItemParamDto,
    @Body() body: UpdateSpeakerDto,
    @CurrentUser() user: Principal,
  ): Promise<SpeakerResponseDto> {
    return this.speakers.update(slug, id, body, user);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Remove a speaker (organizers); refused with 409 IN_USE while sessions use it' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(400, 401, 403, 404, 409)
  remove(@Param() { slug, id }: EventItemParamDto, @CurrentUser() user: Principal): Promise<void> {
    return this.speakers.remove(slug, id, user);
  }
}
