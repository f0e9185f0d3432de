import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
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
import { EventSlugParamDto, EventUserParamDto } from './dto/event-params.dto';
import { CreateEventDto, UpdateEventDto } from './dto/event.dto';
import { EventListResponseDto, EventResponseDto } from './dto/event-response.dto';
import { GrantStaffDto, StaffListResponseDto, StaffMemberResponseDto } from './dto/staff.dto';
import { EventStaffService } from './event-staff.service';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly staff: EventStaffService,
  ) {}

  @Post()
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create an edition (a draft); the caller becomes its organizer' })
  @ApiCreatedResponse({ type: EventResponseDto })
  @ApiErrors(400, 401, 409)
  create(@Body() body: CreateEventDto, @CurrentUser() user: Principal): Promise<EventResponseDto> {
    return this.events.create(body, user);
  }

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Published editions, plus the drafts the caller is staff of' })
  @ApiOkResponse({ type: EventListResponseDto })
  @ApiContentLanguage()
  @ApiErrors(400, 401)
  async list(
    @RequestedLanguage() content: ContentLanguage,
    @OptionalUser() user?: Principal,
  ): Promise<EventListResponseDto> {
    return { items: await this.events.list(user, content) };
  }

  @Get(':slug')
  @ApiBearerAuth()
  @ApiOperation({ summary: "One edition (drafts: staff only); includes the caller's role" })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiContentLanguage()
  @ApiErrors(400, 401, 404)
  get(
    @Param() { slug }: EventSlugParamDto,
    @RequestedLanguage() content: ContentLanguage,
    @OptionalUser() user?: Principal,
  ): Promise<EventResponseDto> {
    return this.events.get(slug, user, content);
  }

  @Patch(':slug')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change an edition (organizers)',
    description:
      'Partial update. New days or a new time zone must still hold every scheduled session, ' +
      'else 409 SCHEDULE_CONFLICT with details.conflicts [{ kind: "outside-event", sessionId }].',
  })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @Param() { slug }: EventSlugParamDto,
    @Body() body: UpdateEventDto,
    @CurrentUser() user: Principal,
  ): Promise<EventResponseDto> {
    return this.events.update(slug, body, user);
  }

  @Post(':slug/publish')
  @HttpCode(200)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Publish an edition (organizers; idempotent)' })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiErrors(400, 401, 403, 404)
  publish(@Param() { slug }: EventSlugParamDto, @CurrentUser() user: Principal): Promise<EventResponseDto> {
    return this.events.publish(slug, user);
  }

  @Get(':slug/staff')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: "The edition's organizers and moderators (organizers)" })
  @ApiOkResponse({ type: StaffListResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async listStaff(
    @Param() { slug }: EventSlugParamDto,
    @CurrentUser() user: Principal,
  ): Promise<StaffListResponseDto> {
    return { items: await this.staff.list(slug, user) };
  }

  @Put(':slug/staff/:userId')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Grant or change a staff role (organizers)',
    description: 'Demoting the last organizer is refused with 409 INVALID_STATE.',
  })
  @ApiOkResponse({ type: StaffMemberResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  grantStaff(
    @Param() { slug, userId }: EventUserParamDto,
    @Body() body: GrantStaffDto,
    @CurrentUser() user: Principal,
  ): Promise<StaffMemberResponseDto> {
    return this.staff.grant(slug, userId, body.role, user);
  }

  @Delete(':slug/staff/:userId')
  @HttpCode(204)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Revoke a staff role (organizers)',
    description: 'Removing the last organizer is refused with 409 INVALID_STATE.',
  })
  @ApiNoContentResponse({ description: 'Revoked (or the user held no role)' })
  @ApiErrors(400, 401, 403, 404, 409)
  revokeStaff(@Param() { slug, userId }: EventUserParamDto, @CurrentUser() user: Principal): Promise<void> {
    return this.staff.revoke(slug, userId, user);
  }
}
