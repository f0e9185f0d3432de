import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { EventSlugParamDto } from '../events/dto/event-params.dto';
import { CloneEventDto } from '../events/dto/event.dto';
import { EventResponseDto } from '../events/dto/event-response.dto';
import { EditionCloneService } from './edition-clone.service';

@ApiTags('events')
@Controller('events')
export class EditionsController {
  constructor(private readonly cloner: EditionCloneService) {}

  @Post(':slug/clone')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Clone into the next edition (organizers)',
    description:
      'A new draft with the same settings, staff, rooms, tracks and speakers; sessions (not cancelled ones) ' +
      'move by the difference between the start dates and keep their local wall-clock times.',
  })
  @ApiCreatedResponse({ type: EventResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  clone(
    @Param() { slug }: EventSlugParamDto,
    @Body() body: CloneEventDto,
    @CurrentUser() user: Principal,
  ): Promise<EventResponseDto> {
    return this.cloner.clone(slug, body, user);
  }
}
