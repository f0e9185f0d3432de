import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { CurrentUser, OptionalUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { FieldErrors, validationFailed } from '../common/errors/domain-error';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { EventAccessService } from '../events/event-access.service';
import { Event } from '../events/event.entity';
import { toCsv } from '../common/csv/csv';
import {
  CreateRegistrationDto,
  EventRegistrationParams,
  EventSlugParams,
  RegistrationListResponseDto,
  RegistrationResponseDto,
  RegistrationSettingsDto,
  toRegistrationListItem,
  toRegistrationResponse,
  toSettingsResponse,
  UpdateRegistrationSettingsDto,
} from './dto/registration.dto';
import { answerAsText } from './registration-answers';
import type { RegistrationStatus } from './registration.entity';
import { RegistrationListService } from './registration-list.service';
import { REGISTRATION_STATUSES, RegistrationListFilter, RegistrationListRow } from './registration-views';
import { RegistrationsService } from './registrations.service';

export const REGISTRATION_LIMITS = {
  perUser: { name: 'registrations:user', limit: 20, windowMs: 60_000 },
};

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

@ApiTags('registration')
@Controller('events/:slug')
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly registrationList: RegistrationListService,
    private readonly access: EventAccessService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  @Post('registrations')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Register for the event',
    description:
      'confirmed while seats are free, else waitlisted (with `position`); pending when the event needs ' +
      'approval. Registering again returns the existing registration with 200; after cancelling, it registers anew.',
  })
  @ApiResponse({ status: 201, type: RegistrationResponseDto, description: 'Registered' })
  @ApiResponse({ status: 200, type: RegistrationResponseDto, description: 'Already registered' })
  @ApiErrors(400, 401, 404, 409, 429)
  async create(
    @Param() { slug }: EventSlugParams,
    @Body() body: CreateRegistrationDto,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegistrationResponseDto> {
    await this.rateLimiter.consume(REGISTRATION_LIMITS.perUser, user.id);
    const { event } = await this.access.findVisible(slug, user);
    const { view, created } = await this.registrations.register(event, user.id, body.answers);
    res.status(created ? 201 : 200);
    return toRegistrationResponse(view);
  }

  @Get('registrations/me')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's registration for the event" })
  @ApiResponse({ status: 200, type: RegistrationResponseDto })
  @ApiErrors(401, 404)
  async getMine(
    @Param() { slug }: EventSlugParams,
    @CurrentUser() user: Principal,
  ): Promise<RegistrationResponseDto> {
    const { event } = await this.access.findVisible(slug, user);
    return toRegistrationResponse(await this.registrations.findMine(event, user.id));
  }

  @Delete('registrations/me')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Cancel the caller’s registration',
    description: 'Idempotent. The freed seat, and any session seats, go to the first waitlisted.',
  })
  @ApiResponse({ status: 200, type: RegistrationResponseDto })
  @ApiErrors(401, 404)
  async cancelMine(
    @Param() { slug }: EventSlugParams,
    @CurrentUser() user: Principal,
  ): Promise<RegistrationResponseDto> {
    const { event } = await this.access.findVisible(slug, user);
    return toRegistrationResponse(await this.registrations.cancelMine(event, user.id));
  }

  @Get('registrations')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'List registrations (organizers)',
    description:
      'In queue order, with counts per status. Filter by `status` and by answers as `answers.<key>=<value>` ' +
      '(text: equal ignoring case; multi: contains; checkbox: true/false). CSV with `Accept: text/csv` or ' +
      '`format=csv`: UTF-8 with BOM, CRLF, one column per question, every matching row (no paging).',
  })
  @ApiQuery({ name: 'status', required: false, enum: REGISTRATION_STATUSES })
  @ApiQuery({ name: 'answers.<key>', required: false, description: 'e.g. answers.country=China' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT } })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({ status: 200, type: RegistrationListResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async list(
    @Param() { slug }: EventSlugParams,
    @Query() query: Record<string, unknown>,
    @CurrentUser() user: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegistrationListResponseDto | string> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const parsed = parseListQuery(query);
    this.registrationList.checkAnswerFilters(event, parsed.filter.answers);
    const csv =
      parsed.format === 'csv' || (parsed.format === undefined && req.accepts(['json', 'csv']) === 'csv');
    if (csv) {
      const { rows } = await this.registrationList.list(event, { ...parsed.filter, limit: undefined });
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${event.slug}-registrations.csv"`);
      res.setHeader('Cache-Control', 'no-store');
      return registrationsCsv(event, rows);
    }
    const { rows, nextAfter, counts } = await this.registrationList.list(event, parsed.filter);
    return {
      items: rows.map(toRegistrationListItem),
      counts,
      capacity: event.registrationCapacity,
      ...(nextAfter !== null ? { nextCursor: Buffer.from(String(nextAfter)).toString('base64url') } : {}),
    };
  }

  @Post('registrations/:id/approve')
  @HttpCode(200)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Approve a registration (organizers)',
    description: 'Confirmed when a seat is free, else waitlisted. Approving twice changes nothing.',
  })
  @ApiResponse({ status: 200, type: RegistrationResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async approve(
    @Param() { slug, id }: EventRegistrationParams,
    @CurrentUser() user: Principal,
  ): Promise<RegistrationResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    return toRegistrationResponse(await this.registrations.approve(event, id, user.id));
  }

  @Post('registrations/:id/reject')
  @HttpCode(200)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Reject a registration (organizers)',
    description: 'A confirmed one frees its seat for the first waitlisted.',
  })
  @ApiResponse({ status: 200, type: RegistrationResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async reject(
    @Param() { slug, id }: EventRegistrationParams,
    @CurrentUser() user: Principal,
  ): Promise<RegistrationResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    return toRegistrationResponse(await this.registrations.reject(event, id, user.id));
  }

  @Get('registration-settings')
  @ApiOperation({
    summary: 'Registration settings of the event',
    description:
      'Capacity, approval, whether it is open, the questions and the seats left; staff also see counts per status.',
  })
  @ApiResponse({ status: 200, type: RegistrationSettingsDto })
  @ApiErrors(404)
  async getSettings(
    @Param() { slug }: EventSlugParams,
    @OptionalUser() user?: Principal,
  ): Promise<RegistrationSettingsDto> {
    const { event, role } = await this.access.findVisible(slug, user);
    return toSettingsResponse(await this.registrations.settingsOf(event), role !== null);
  }

  @Patch('registration-settings')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change capacity, approval or openness (organizers)',
    description:
      'A raised capacity promotes the waitlist at once. Questions are edited with PATCH /events/:slug.',
  })
  @ApiResponse({ status: 200, type: RegistrationSettingsDto })
  @ApiErrors(400, 401, 403, 404)
  async updateSettings(
    @Param() { slug }: EventSlugParams,
    @Body() body: UpdateRegistrationSettingsDto,
    @CurrentUser() user: Principal,
  ): Promise<RegistrationSettingsDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    return toSettingsResponse(await this.registrations.updateSettings(event, body, user.id), true);
  }
}

/** The list's query string: `status`, `cursor`, `limit`, `format` and any number of `answers.<key>`. */
function parseListQuery(query: Record<string, unknown>): {
  filter: RegistrationListFilter;
  format: 'json' | 'csv' | undefined;
} {
  const errors: FieldErrors = {};
  const filter: RegistrationListFilter = { answers: {}, limit: DEFAULT_LIMIT };
  let format: 'json' | 'csv' | undefined;
  for (const [key, raw] of Object.entries(query)) {
    if (typeof raw !== 'string') {
      errors[key] = [`${key} must be given once, as text`];
      continue;
    }
    if (key === 'status') {
      if (!(REGISTRATION_STATUSES as readonly string[]).includes(raw)) {
        errors.status = [`status must be one of: ${REGISTRATION_STATUSES.join(', ')}`];
      } else {
        filter.status = raw as RegistrationStatus;
      }
    } else if (key === 'limit') {
      const limit = Number(raw);
      if (!/^\d+$/.test(raw) || limit < 1 || limit > MAX_LIMIT) {
        errors.limit = [`limit must be an integer from 1 to ${MAX_LIMIT}`];
      } else {
        filter.limit = limit;
      }
    } else if (key === 'cursor') {
      const decoded = Buffer.from(raw, 'base64url').toString('utf8');
      if (!/^\d{1,12}$/.test(decoded)) {
        errors.cursor = ['cursor is not valid; pass back a nextCursor you were given'];
      } else {
        filter.afterQueueNumber = Number(decoded);
      }
    } else if (key === 'format') {
      if (raw !== 'json' && raw !== 'csv') {
        errors.format = ['format must be json or csv'];
      } else {
        format = raw;
      }
    } else if (key.startsWith('answers.') && key.length > 'answers.'.length) {
      if (raw.length > 2000) {
        errors[key] = ['must be at most 2000 characters'];
      } else {
        filter.answers[key.slice('answers.'.length)] = raw;
      }
    } else {
      errors[key] = [`property ${key} should not exist`];
    }
  }
  if (Object.keys(errors).length > 0) {
    throw validationFailed(errors);
  }
  return { filter, format };
}

function registrationsCsv(event: Event, rows: RegistrationListRow[]): string {
  const fields = event.registrationFields;
  const header = [
    'Registration id',
    'Name',
    'Email',
    'Status',
    'Waitlist position',
    'Registered at',
    'Updated at',
    ...fields.map((field) => field.label),
  ];
  const lines = rows.map(({ registration, position, user }) => [
    registration.id,
    user.name,
    user.email,
    registration.status,
    position === null ? '' : String(position),
    registration.createdAt,
    registration.updatedAt,
    ...fields.map((field) =>
      answerAsText(
        Object.prototype.hasOwnProperty.call(registration.answers, field.key)
          ? registration.answers[field.key]
          : undefined,
      ),
    ),
  ]);
  return toCsv(header, lines);
}
