import { Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { EventAccessService } from '../events/event-access.service';
import { EventSessionParams } from './dto/registration.dto';
import { SeatResponseDto, toSeatResponse } from './dto/personal.dto';
import { PersonalAgendaService } from './personal-agenda.service';
import { SessionSeatsService } from './session-seats.service';

const SEAT_LIMIT = { name: 'seats:user', limit: 30, windowMs: 60_000 };

@ApiTags('registration')
@ApiBearerAuth()
@RequireUser()
@Controller('events/:slug/sessions/:id')
export class SessionSeatsController {
  constructor(
    private readonly seats: SessionSeatsService,
    private readonly agenda: PersonalAgendaService,
    private readonly access: EventAccessService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  @Get('seat')
  @ApiOperation({ summary: "The caller's seat in a session with limited capacity, and how full it is" })
  @ApiResponse({ status: 200, type: SeatResponseDto })
  @ApiErrors(400, 401, 404)
  async getSeat(
    @Param() { slug, id }: EventSessionParams,
    @CurrentUser() user: Principal,
  ): Promise<SeatResponseDto> {
    const { event } = await this.access.findVisible(slug, user);
    return toSeatResponse(await this.seats.statusOf(event, id, user.id));
  }

  @Post('seat')
  @ApiOperation({
    summary: 'Reserve a seat in a session with a capacity',
    description:
      'Confirmed attendees and staff only (403 FORBIDDEN), not while banned from the event (403 BANNED; a ban ' +
      'also frees the seats the user held). confirmed while seats are free, else waitlisted (with position); ' +
      'asking again returns the current seat with 200. Sessions without capacity: 409 INVALID_STATE.',
  })
  @ApiResponse({ status: 201, type: SeatResponseDto, description: 'Reserved or waitlisted' })
  @ApiResponse({ status: 200, type: SeatResponseDto, description: 'Already held or waitlisted' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  async reserve(
    @Param() { slug, id }: EventSessionParams,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SeatResponseDto> {
    await this.rateLimiter.consume(SEAT_LIMIT, user.id);
    const { event, role } = await this.access.findVisible(slug, user);
    const { view, created } = await this.seats.reserve(event, role, id, user.id);
    res.status(created ? 201 : 200);
    return toSeatResponse(view);
  }

  @Delete('seat')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Give up a seat or a waitlist place',
    description: 'Idempotent; the first waitlisted takes the freed seat.',
  })
  @ApiResponse({ status: 204, description: 'Released' })
  @ApiErrors(400, 401, 404, 409)
  async release(@Param() { slug, id }: EventSessionParams, @CurrentUser() user: Principal): Promise<void> {
    const { event } = await this.access.findVisible(slug, user);
    await this.seats.release(event, id, user.id);
  }

  @Put('bookmark')
  @HttpCode(204)
  @ApiOperation({ summary: 'Bookmark a session for the personal agenda (idempotent)' })
  @ApiResponse({ status: 204, description: 'Bookmarked' })
  @ApiErrors(400, 401, 404)
  async bookmark(@Param() { slug, id }: EventSessionParams, @CurrentUser() user: Principal): Promise<void> {
    const { event } = await this.access.findVisible(slug, user);
    await this.agenda.bookmark(event, id, user.id);
  }

  @Delete('bookmark')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a bookmark (idempotent)' })
  @ApiResponse({ status: 204, description: 'Removed' })
  @ApiErrors(400, 401, 404)
  async removeBookmark(
    @Param() { slug, id }: EventSessionParams,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    const { event } = await this.access.findVisible(slug, user);
    await this.agenda.removeBookmark(event, id, user.id);
  }
}
