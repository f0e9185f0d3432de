import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { EventAccessService } from '../events/event-access.service';
import { SessionPathDto } from '../qa/dto/session-path.dto';
import { toCsv } from '../common/csv/csv';
import type { Poll, PollResults } from '../realtime/realtime.contract';
import {
  CreatePollDto,
  PollDto,
  PollListResponseDto,
  PollPathDto,
  PollResultsDto,
  UpdatePollDto,
} from './dto/poll.dto';
import { asBool } from '../realtime/live-db';
import { choicesOf, optionsOf } from './poll.view';
import { PollsService } from './polls.service';

@ApiTags('live')
@ApiBearerAuth()
@RequireUser()
@Controller('events/:slug/sessions/:id')
export class PollsController {
  constructor(
    private readonly polls: PollsService,
    private readonly access: EventAccessService,
  ) {}

  @Get('polls')
  @ApiOperation({ summary: 'Polls of a session: moderators see all, others the open and closed ones' })
  @ApiOkResponse({ type: PollListResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async list(
    @Param() { slug, id }: SessionPathDto,
    @CurrentUser() user: Principal,
  ): Promise<{ items: Poll[] }> {
    return { items: await this.polls.list(user.id, slug, id) };
  }

  @Post('polls')
  @ApiOperation({ summary: 'Prepare a poll (a draft, opened live with poll:open; moderators)' })
  @ApiCreatedResponse({ type: PollDto })
  @ApiErrors(400, 401, 403, 404)
  create(
    @Param() { slug, id }: SessionPathDto,
    @Body() body: CreatePollDto,
    @CurrentUser() user: Principal,
  ): Promise<Poll> {
    return this.polls.create(user.id, slug, id, body);
  }

  @Patch('polls/:pollId')
  @ApiOperation({ summary: 'Change a draft poll (moderators; 409 POLL_NOT_DRAFT once opened)' })
  @ApiOkResponse({ type: PollDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @Param() { slug, id, pollId }: PollPathDto,
    @Body() body: UpdatePollDto,
    @CurrentUser() user: Principal,
  ) {
    return this.polls.update(user.id, { slug, sessionId: id, pollId }, body);
  }

  @Delete('polls/:pollId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a draft poll (moderators; 409 POLL_NOT_DRAFT once opened)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409)
  async remove(@Param() { slug, id, pollId }: PollPathDto, @CurrentUser() user: Principal): Promise<void> {
    await this.polls.remove(user.id, { slug, sessionId: id, pollId });
  }

  @Get('polls/:pollId/results')
  @ApiOperation({
    summary: 'Results the caller may see now (403 RESULTS_HIDDEN otherwise); text polls give a word cloud',
  })
  @ApiOkResponse({ type: PollResultsDto })
  @ApiErrors(400, 401, 403, 404)
  results(@Param() { slug, id, pollId }: PollPathDto, @CurrentUser() user: Principal): Promise<PollResults> {
    return this.polls.results(user.id, { slug, sessionId: id, pollId });
  }

  @Get('polls.csv')
  @ApiOperation({
    summary: 'Every vote of the session’s polls as CSV, one row per vote (moderators, organizers)',
  })
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiErrors(401, 403, 404)
  async exportCsv(
    @Param() { slug, id }: SessionPathDto,
    @CurrentUser() user: Principal,
  ): Promise<StreamableFile> {
    const { event } = await this.access.requireModerator(slug, user);
    const { polls, votes } = await this.polls.forExport(event.id, id);
    const byId = new Map(polls.map((poll) => [poll.id, poll]));
    const rows = votes.flatMap((vote) => {
      const poll = byId.get(vote.pollId);
      if (!poll) {
        return [];
      }
      const named = !asBool(poll.anonymous);
      const options = optionsOf(poll);
      const answer =
        vote.choiceMask !== null
          ? choicesOf(Number(vote.choiceMask))
              .map((index) => options[index])
              .join('; ')
          : vote.rating !== null
            ? String(vote.rating)
            : (vote.text ?? '');
      return [
        [
          poll.id,
          poll.question,
          poll.kind,
          answer,
          named ? vote.userId : '',
          named ? (vote.userName ?? '') : '',
          vote.createdAt,
          vote.updatedAt,
        ],
      ];
    });
    const csv = toCsv(
      ['pollId', 'question', 'kind', 'answer', 'voterId', 'voterName', 'createdAt', 'updatedAt'],
      rows,
    );
    return new StreamableFile(Buffer.from(csv, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="polls-${id}.csv"`,
    });
  }
}
