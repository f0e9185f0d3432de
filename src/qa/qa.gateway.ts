import { ConnectedSocket, MessageBody, SubscribeMessage } from '@nestjs/websockets';

import { LiveGateway } from '../realtime/live-gateway.decorator';
import { LiveCommands } from '../realtime/live-commands';
import type { LiveSocket } from '../realtime/live-hub';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { addressOf, authorOf, joinedBy, LIVE_IP_LIMITS } from '../realtime/live-socket';
import type { QuestionResult, VoteResult } from '../realtime/realtime.contract';
import { acceptVote, AskQuestionDto, ModerateQuestionDto, VoteDto } from './dto/qa.dto';
import { QuestionsService } from './questions.service';

@LiveGateway()
export class QaGateway {
  constructor(
    private readonly questions: QuestionsService,
    private readonly limiter: RateLimiter,
    commands: LiveCommands,
  ) {
    commands.register('qa:upvote', VoteDto, acceptVote, (input, socket) => this.upvote(input, socket));
  }

  @SubscribeMessage('qa:ask')
  async ask(
    @MessageBody() input: AskQuestionDto,
    @ConnectedSocket() socket: LiveSocket,
  ): Promise<QuestionResult> {
    await this.limiter.consume(LIVE_IP_LIMITS.ask, addressOf(socket));
    return { question: await this.questions.ask(authorOf(socket), input, joinedBy(socket)) };
  }

  @SubscribeMessage('qa:upvote')
  async upvote(@MessageBody() input: VoteDto, @ConnectedSocket() socket: LiveSocket): Promise<VoteResult> {
    await this.limiter.consume(LIVE_IP_LIMITS.vote, addressOf(socket));
    return this.questions.vote(socket.data.user.id, input.questionId, true, joinedBy(socket));
  }

  @SubscribeMessage('qa:unvote')
  async unvote(@MessageBody() input: VoteDto, @ConnectedSocket() socket: LiveSocket): Promise<VoteResult> {
    await this.limiter.consume(LIVE_IP_LIMITS.vote, addressOf(socket));
    return this.questions.vote(socket.data.user.id, input.questionId, false, joinedBy(socket));
  }

  @SubscribeMessage('qa:moderate')
  async moderate(
    @MessageBody() input: ModerateQuestionDto,
    @ConnectedSocket() socket: LiveSocket,
  ): Promise<QuestionResult> {
    return { question: await this.questions.moderate(socket.data.user.id, input, joinedBy(socket)) };
  }
}
