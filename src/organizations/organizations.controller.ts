import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiContentLanguage, ContentLanguage, RequestedLanguage } from '../common/i18n';
import { CurrentUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import {
  CreateOrganizationDto,
  ListOrganizationsQueryDto,
  OrganizationIdParamDto,
  OrganizationListResponseDto,
  OrganizationResponseDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @ApiOperation({ summary: 'The shared directory of organisations, sorted by name (`?q=` searches)' })
  @ApiOkResponse({ type: OrganizationListResponseDto })
  @ApiErrors(400)
  list(
    @Query() query: ListOrganizationsQueryDto,
    @RequestedLanguage() content: ContentLanguage,
  ): Promise<OrganizationListResponseDto> {
    return this.organizations.list(query, content);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One organisation' })
  @ApiOkResponse({ type: OrganizationResponseDto })
  @ApiErrors(400, 404)
  @ApiContentLanguage()
  get(
    @Param() { id }: OrganizationIdParamDto,
    @RequestedLanguage() content: ContentLanguage,
  ): Promise<OrganizationResponseDto> {
    return this.organizations.get(id, content);
  }

  @Post()
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add an organisation (any signed-in user; names are unique ignoring case)' })
  @ApiCreatedResponse({ type: OrganizationResponseDto })
  @ApiErrors(400, 401, 409)
  create(@Body() body: CreateOrganizationDto): Promise<OrganizationResponseDto> {
    return this.organizations.create(body);
  }

  @Patch(':id')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Correct an organisation (users who organize at least one event)' })
  @ApiOkResponse({ type: OrganizationResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @Param() { id }: OrganizationIdParamDto,
    @Body() body: UpdateOrganizationDto,
    @CurrentUser() user: Principal,
  ): Promise<OrganizationResponseDto> {
    return this.organizations.update(id, body, user);
  }
}
