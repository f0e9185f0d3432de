import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';

import { CurrentUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { EventAccessService } from '../events/event-access.service';
import { toCsv } from '../common/csv/csv';
import { ListQuestionsQueryDto, QuestionListResponseDto } from './dto/qa.dto';
import { SessionPathDto } from './dto/session-path.dto';
import { QuestionsService } from './questions.service';

@ApiTags('live')
@ApiBearerAuth()
@RequireUser()
@Controller('events/:slug/sessions/:id')
export class QuestionsController {
  constructor(
    private readonly questions: QuestionsService,
    private readonly access: EventAccessService,
  ) {}

  @Get('questions')
  @ApiOperation({
    summary: 'Questions of a session: attendees see visible and answered ones plus their own; moderators all',
  })
  @ApiOkResponse({ type: QuestionListResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async list(
    @Param() { slug, id }: SessionPathDto,
    @Query() query: ListQuestionsQueryDto,
    @CurrentUser() user: Principal,
  ): Promise<QuestionListResponseDto> {
    const items = await this.questions.list(user.id, id, slug, {
      sort: query.sort ?? 'top',
      ...(query.status ? { status: query.status } : {}),
    });
    return { items };
  }

  @Get('questions.csv')
  @ApiOperation({ summary: 'Every question of a session as CSV, with authors (moderators and organizers)' })
  @ApiProduces('text/csv')
  @ApiErrors(401, 403, 404)
  async exportCsv(
    @Param() { slug, id }: SessionPathDto,
    @CurrentUser() user: Principal,
  ): Promise<StreamableFile> {
    const { event } = await this.access.requireModerator(slug, user);
    const rows = await this.questions.allForExport(event.id, id);
    const csv = toCsv(
      [
        'createdAt',
        'status',
        'pinned',
        'votes',
        'anonymous',
        'authorId',
        'authorName',
        'text',
        'dismissReason',
      ],
      rows.map((row) => [
        row.createdAt,
        row.status,
        row.pinned ? 'yes' : 'no',
        String(row.votes),
        row.anonymous ? 'yes' : 'no',
        row.authorId ?? '',
        row.authorName,
        row.text,
        row.dismissReason ?? '',
      ]),
    );
    return new StreamableFile(Buffer.from(csv, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="questions-${id}.csv"`,
    });
  }
}
