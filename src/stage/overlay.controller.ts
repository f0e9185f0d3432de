import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiErrors } from '../common/http/api-errors.decorator';
import { EventItemParamDto } from '../events/dto/event-params.dto';
import { OverlayQueryDto, OverlayResponseDto } from './dto/overlay.dto';
import { OverlayService } from './overlay.service';

@ApiTags('stage')
@Controller('events/:slug/rooms/:id/overlay')
export class OverlayController {
  constructor(private readonly overlay: OverlayService) {}

  @Get()
  @ApiOperation({
    summary:
      "What the room's production overlay shows: the pinned question and the poll of the session live in the " +
      "room, and the event's open declarations' endorsement counts",
    description:
      'For the page /events/:slug/rooms/:id/overlay?key=… used as a browser source. No login: the key is ' +
      'the permission. A wrong or replaced key → 403 FORBIDDEN.',
  })
  @ApiOkResponse({ type: OverlayResponseDto })
  @ApiErrors(400, 403)
  show(
    @Param() { slug, id }: EventItemParamDto,
    @Query() { key }: OverlayQueryDto,
  ): Promise<OverlayResponseDto> {
    return this.overlay.show(slug, id, key);
  }
}
