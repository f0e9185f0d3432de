import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { AuditListResponseDto, ListAuditQueryDto } from '../audit/dto/audit.dto';
import { AuditLogService } from './audit-log.service';
import { EventSlugParamDto } from './dto/event-params.dto';

@ApiTags('events')
@Controller('events/:slug/audit')
export class AuditLogController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get()
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The moderation and administration log (organizers), newest first' })
  @ApiOkResponse({ type: AuditListResponseDto })
  @ApiErrors(400, 401, 403, 404)
  list(
    @Param() { slug }: EventSlugParamDto,
    @Query() query: ListAuditQueryDto,
    @CurrentUser() user: Principal,
  ): Promise<AuditListResponseDto> {
    return this.auditLog.list(slug, query, user);
  }
}
