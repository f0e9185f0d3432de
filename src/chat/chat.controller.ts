import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';

import { CurrentUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { EventAccessService } from '../events/event-access.service';
import { toCsv } from '../common/csv/csv';
import { SessionPathDto } from '../qa/dto/session-path.dto';
import { ChatService } from './chat.service';
import { ListMessagesQueryDto, MessageListResponseDto } from './dto/chat.dto';

@ApiTags('live')
@ApiBearerAuth()
@RequireUser()
@Controller('events/:slug/sessions/:id')
export class ChatController {
  constructor(
    private readonly chat: ChatService,
    private readonly access: EventAccessService,
  ) {}

  @Get('messages')
  @ApiOperation({ summary: 'Chat history of a session, oldest first (deleted messages as tombstones)' })
  @ApiOkResponse({ type: MessageListResponseDto })
  @ApiErrors(400, 401, 403, 404)
  list(
    @Param() { slug, id }: SessionPathDto,
    @Query() query: ListMessagesQueryDto,
    @CurrentUser() user: Principal,
  ): Promise<MessageListResponseDto> {
    return this.chat.history(user.id, id, slug, {
      after: query.after ?? query.cursor ?? 0,
      limit: query.limit ?? 50,
    });
  }

  @Get('messages.csv')
  @ApiOperation({ summary: 'The whole chat of a session as CSV (moderators and organizers)' })
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiErrors(401, 403, 404)
  async exportCsv(
    @Param() { slug, id }: SessionPathDto,
    @CurrentUser() user: Principal,
  ): Promise<StreamableFile> {
    const { event } = await this.access.requireModerator(slug, user);
    const rows = await this.chat.allForExport(event.id, id);
    const csv = toCsv(
      ['seq', 'createdAt', 'authorId', 'authorName', 'text', 'deleted', 'deletedAt'],
      rows.map((row) => [
        String(row.seq),
        row.createdAt,
        row.authorId ?? '',
        row.authorName,
        row.text ?? '',
        row.deletedAt ? 'yes' : 'no',
        row.deletedAt ?? '',
      ]),
    );
    return new StreamableFile(Buffer.from(csv, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="chat-${id}.csv"`,
    });
  }
}
