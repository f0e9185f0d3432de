import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';

import { IsEntityId, TrimmedString } from '../../common/validation/decorators';
import { FastAccept, isId, plainWithKeys } from '../../common/validation/fast-accept';
import { SafeText } from '../../realtime/dto/safe-text';
import type { ModerateAction, QuestionStatus } from '../../realtime/realtime.contract';

export const QUESTION_MAX_LENGTH = 500;
export const MODERATE_ACTIONS: readonly ModerateAction[] = [
  'approve',
  'dismiss',
  'answer',
  'pin',
  'unpin',
  'reopen',
];
export const QUESTION_STATUSES: readonly QuestionStatus[] = ['pending', 'visible', 'answered', 'dismissed'];

export class AskQuestionDto {
  @ApiProperty() @IsEntityId() sessionId!: string;
  @TrimmedString({ max: QUESTION_MAX_LENGTH })
  @SafeText()
  text!: string;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() anonymous?: boolean;
  @ApiProperty({ description: 'A UUID chosen by the client; a resend returns the original question' })
  @IsUUID('all')
  clientId!: string;
}

export class VoteDto {
  @ApiProperty() @IsEntityId() questionId!: string;
}

/** `qa:upvote` without the pipe when surely valid (see FastAccept). */
export const acceptVote: FastAccept<VoteDto> = (payload) =>
  plainWithKeys(payload, ['questionId']) && isId(payload.questionId)
    ? Object.assign(new VoteDto(), { questionId: payload.questionId })
    : undefined;

export class ModerateQuestionDto {
  @ApiProperty() @IsEntityId() questionId!: string;
  @ApiProperty({ enum: MODERATE_ACTIONS }) @IsIn(MODERATE_ACTIONS) action!: ModerateAction;
  @TrimmedString({ max: 500, optional: true, description: 'Only with dismiss: shown to the asker' })
  @SafeText()
  reason?: string;
}

export class ListQuestionsQueryDto {
  @ApiPropertyOptional({ enum: ['top', 'recent'], default: 'top' })
  @IsOptional()
  @IsIn(['top', 'recent'])
  sort?: 'top' | 'recent';

  @ApiPropertyOptional({ enum: QUESTION_STATUSES })
  @IsOptional()
  @IsIn(QUESTION_STATUSES)
  status?: QuestionStatus;
}

export class QuestionAuthorDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class QuestionDto {
  @ApiProperty() id!: string;
  @ApiProperty() sessionId!: string;
  @ApiProperty({ description: 'seq of the latest change of this question' }) seq!: number;
  @ApiProperty() text!: string;
  @ApiProperty({
    type: QuestionAuthorDto,
    nullable: true,
    description: 'null for anonymous questions, except to moderators, organizers and the asker',
  })
  author!: QuestionAuthorDto | null;
  @ApiProperty() anonymous!: boolean;
  @ApiProperty({ enum: QUESTION_STATUSES }) status!: QuestionStatus;
  @ApiProperty() pinned!: boolean;
  @ApiProperty() votes!: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Moderators and the asker only' })
  dismissReason?: string | null;
  @ApiPropertyOptional({ description: 'Whether the caller upvoted it' }) voted?: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class QuestionListResponseDto {
  @ApiProperty({ type: [QuestionDto] }) items!: QuestionDto[];
}
