import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentUser, OptionalUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { EventSlugParams } from '../registrations/dto/registration.dto';
import { DeclarationsService } from './declarations.service';
import {
  CreateDeclarationDto,
  DeclarationListResponseDto,
  DeclarationParamsDto,
  DeclarationResponseDto,
  UpdateDeclarationDto,
} from './dto/declaration.dto';

@ApiTags('declarations')
@Controller('events/:slug/declarations')
export class DeclarationsController {
  constructor(private readonly declarations: DeclarationsService) {}

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: "The event's published declarations (organizers also see drafts), newest first" })
  @ApiOkResponse({ type: DeclarationListResponseDto })
  @ApiErrors(400, 404)
  list(
    @Param() { slug }: EventSlugParams,
    @OptionalUser() user?: Principal,
  ): Promise<DeclarationListResponseDto> {
    return this.declarations.list(slug, user);
  }

  @Post()
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Draft a declaration (organizers)',
    description: "`texts` maps each of the event's languages used to the full text; stored in Unicode NFC.",
  })
  @ApiCreatedResponse({ type: DeclarationResponseDto })
  @ApiErrors(400, 401, 403, 404)
  create(
    @Param() { slug }: EventSlugParams,
    @Body() body: CreateDeclarationDto,
    @CurrentUser() user: Principal,
  ): Promise<DeclarationResponseDto> {
    return this.declarations.create(slug, body, user);
  }

  @Get(':id')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'One declaration: texts, digest, status and the count of verified endorsements',
    description: 'Drafts are visible to organizers only (404 for others).',
  })
  @ApiOkResponse({ type: DeclarationResponseDto })
  @ApiErrors(400, 404)
  get(
    @Param() { slug, id }: DeclarationParamsDto,
    @OptionalUser() user?: Principal,
  ): Promise<DeclarationResponseDto> {
    return this.declarations.get(slug, id, user);
  }

  @Patch(':id')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change a declaration (organizers)',
    description: 'Title and texts only while a draft (then 409 DECLARATION_FROZEN); `closesAt` at any time.',
  })
  @ApiOkResponse({ type: DeclarationResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @Param() { slug, id }: DeclarationParamsDto,
    @Body() body: UpdateDeclarationDto,
    @CurrentUser() user: Principal,
  ): Promise<DeclarationResponseDto> {
    return this.declarations.update(slug, id, body, user);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Publish a draft (organizers): freezes the texts and sets `digest`; status becomes open',
  })
  @ApiOkResponse({ type: DeclarationResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  publish(
    @Param() { slug, id }: DeclarationParamsDto,
    @CurrentUser() user: Principal,
  ): Promise<DeclarationResponseDto> {
    return this.declarations.publish(slug, id, user);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Close an open declaration now (organizers): no new endorsements' })
  @ApiOkResponse({ type: DeclarationResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  close(
    @Param() { slug, id }: DeclarationParamsDto,
    @CurrentUser() user: Principal,
  ): Promise<DeclarationResponseDto> {
    return this.declarations.close(slug, id, user);
  }
}
