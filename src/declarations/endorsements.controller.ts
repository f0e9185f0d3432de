import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentUser, OptionalUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { toCsv } from '../common/csv/csv';
import { DeclarationParamsDto } from './dto/declaration.dto';
import {
  CreateEndorsementDto,
  EndorsementListDto,
  EndorsementParamsDto,
  EndorsementResponseDto,
  ListEndorsementsQueryDto,
  PublicEndorsementListDto,
  RejectEndorsementDto,
  toEndorsementResponse,
  toPublicEndorsement,
} from './dto/endorsement.dto';
import { EndorsementRow, EndorsementsService } from './endorsements.service';

@ApiTags('declarations')
@Controller('events/:slug/declarations/:id/endorsements')
export class EndorsementsController {
  constructor(private readonly endorsements: EndorsementsService) {}

  @Get()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Endorsing organisations, by country then name',
    description:
      'Everyone sees verified endorsements that were not withdrawn. Organizers add `status=pending|rejected|' +
      'withdrawn|all` (then each item carries its status, reason and dates). `q` searches the organisation. ' +
      '`format=csv`: UTF-8 with BOM, CRLF, cells a spreadsheet would run as a formula neutralised.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: PublicEndorsementListDto })
  @ApiErrors(400, 401, 403, 404)
  async list(
    @Param() { slug, id }: DeclarationParamsDto,
    @Query() query: ListEndorsementsQueryDto,
    @Res({ passthrough: true }) res: Response,
    @OptionalUser() user?: Principal,
  ): Promise<PublicEndorsementListDto | EndorsementListDto | string> {
    const status = query.status ?? 'verified';
    const { visible, rows, total } = await this.endorsements.list(slug, id, query, user);
    const full = status !== 'verified';
    if (query.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${visible.event.slug}-declaration-${id.slice(0, 8)}-endorsements.csv"`,
      );
      res.setHeader('Cache-Control', 'no-store');
      return endorsementsCsv(rows, full);
    }
    return {
      items: rows.map(({ endorsement, organization }) =>
        full
          ? toEndorsementResponse(endorsement, organization)
          : toPublicEndorsement(endorsement, organization),
      ),
      total,
    };
  }

  @Get('mine')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's own endorsements of this declaration, any status, newest first" })
  @ApiOkResponse({ type: [EndorsementResponseDto] })
  @ApiErrors(400, 401, 404)
  async mine(
    @Param() { slug, id }: DeclarationParamsDto,
    @CurrentUser() user: Principal,
  ): Promise<{ items: EndorsementResponseDto[] }> {
    return { items: await this.endorsements.mine(slug, id, user) };
  }

  @Post()
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Endorse on behalf of an organisation (any signed-in user); pending until an organizer verifies it',
    description:
      'One pending or verified endorsement per organisation (409 ALREADY_EXISTS); a closed declaration ' +
      'answers 409 DECLARATION_CLOSED; a user banned from the event by a moderator 403 BANNED.',
  })
  @ApiCreatedResponse({ type: EndorsementResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  create(
    @Param() { slug, id }: DeclarationParamsDto,
    @Body() body: CreateEndorsementDto,
    @CurrentUser() user: Principal,
  ): Promise<EndorsementResponseDto> {
    return this.endorsements.create(slug, id, body, user);
  }

  @Post(':eid/verify')
  @HttpCode(200)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Verify a pending endorsement (organizers); live sessions get `declaration:endorsed`',
  })
  @ApiOkResponse({ type: EndorsementResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  verify(
    @Param() { slug, id, eid }: EndorsementParamsDto,
    @CurrentUser() user: Principal,
  ): Promise<EndorsementResponseDto> {
    return this.endorsements.verify(slug, id, eid, user);
  }

  @Post(':eid/reject')
  @HttpCode(200)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Reject a pending endorsement with a reason the endorser sees (organizers)' })
  @ApiOkResponse({ type: EndorsementResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  reject(
    @Param() { slug, id, eid }: EndorsementParamsDto,
    @Body() body: RejectEndorsementDto,
    @CurrentUser() user: Principal,
  ): Promise<EndorsementResponseDto> {
    return this.endorsements.reject(slug, id, eid, body.reason, user);
  }

  @Delete(':eid')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Withdraw a pending or verified endorsement (its endorser or an organizer)',
    description: 'Kept in the history with `withdrawnAt`; no longer counted.',
  })
  @ApiOkResponse({ type: EndorsementResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  withdraw(
    @Param() { slug, id, eid }: EndorsementParamsDto,
    @CurrentUser() user: Principal,
  ): Promise<EndorsementResponseDto> {
    return this.endorsements.withdraw(slug, id, eid, user);
  }
}

function endorsementsCsv(rows: EndorsementRow[], full: boolean): string {
  const header = [
    'organization',
    'short_name',
    'country',
    'representative',
    'position',
    'statement',
    'endorsed_at',
  ];
  const lines = rows.map(({ endorsement, organization }) => {
    const base = [
      organization.name,
      organization.shortName ?? '',
      organization.country ?? '',
      endorsement.representativeName,
      endorsement.representativePosition,
      endorsement.statement ?? '',
      endorsement.createdAt,
    ];
    return full
      ? [
          ...base,
          endorsement.status,
          endorsement.verifiedAt ?? '',
          endorsement.withdrawnAt ?? '',
          endorsement.rejectionReason ?? '',
          endorsement.digest,
        ]
      : base;
  });
  return toCsv(
    full ? [...header, 'status', 'verified_at', 'withdrawn_at', 'rejection_reason', 'digest'] : header,
    lines,
  );
}
