import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { Transform } from 'class-transformer';

import { IsEntityId, SLUG, TrimmedString } from '../../common/validation/decorators';
import { FastAccept, isId, plainWithKeys } from '../../common/validation/fast-accept';
import { PatchString } from '../../events/dto/dto-helpers';
import { SafeText } from '../../realtime/dto/safe-text';
import type { PollKind, PollResultsVisibility, PollStatus } from '../../realtime/realtime.contract';
import { POLL_KINDS, POLL_STATUSES, POLL_VISIBILITIES } from '../poll.view';

export const MAX_OPTIONS = 10;
export const TEXT_ANSWER_MAX = 200;

/** May be absent, but not null (null would mean "clear", which no poll field allows). */
const OptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

const trimAll = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? (value as unknown[]).map((item) => (typeof item === 'string' ? item.trim() : item))
    : value;

/** `POST /events/:slug/sessions/:id/polls`; the rules between fields (options per kind) are the service's. */
export class CreatePollDto {
  @TrimmedString({ max: 300 })
  @SafeText()
  question!: string;

  @ApiProperty({ enum: POLL_KINDS }) @IsIn(POLL_KINDS) kind!: PollKind;

  @ApiPropertyOptional({
    type: [String],
    minItems: 2,
    maxItems: MAX_OPTIONS,
    description: 'single and multiple only: 2–10 option texts (1–120 characters each)',
  })
  @OptionalNotNull()
  @Transform(trimAll)
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(MAX_OPTIONS)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(120, { each: true })
  @SafeText({ each: true })
  options?: string[];

  @ApiPropertyOptional({ description: 'multiple only: at most this many choices (default: all options)' })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_OPTIONS)
  maxChoices?: number;

  @ApiPropertyOptional({
    minimum: 2,
    maximum: 10,
    default: 5,
    description: 'rating only: votes are 1..scale',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(2)
  @Max(10)
  scale?: number;

  @ApiPropertyOptional({
    default: true,
    description: 'when false, moderators’ results and the CSV name each voter',
  })
  @OptionalNotNull()
  @IsBoolean()
  anonymous?: boolean;

  @ApiPropertyOptional({ enum: POLL_VISIBILITIES, default: 'after-vote' })
  @OptionalNotNull()
  @IsIn(POLL_VISIBILITIES)
  showResults?: PollResultsVisibility;
}

/** `PATCH …/polls/:pollId` (drafts only): any field of a new poll; the result must again be a valid poll. */
export class UpdatePollDto {
  @PatchString({ max: 300 })
  @SafeText()
  question?: string;

  @ApiPropertyOptional({ enum: POLL_KINDS }) @OptionalNotNull() @IsIn(POLL_KINDS) kind?: PollKind;

  @ApiPropertyOptional({ type: [String], minItems: 2, maxItems: MAX_OPTIONS })
  @OptionalNotNull()
  @Transform(trimAll)
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(MAX_OPTIONS)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(120, { each: true })
  @SafeText({ each: true })
  options?: string[];

  @ApiPropertyOptional() @OptionalNotNull() @IsInt() @Min(1) @Max(MAX_OPTIONS) maxChoices?: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsInt() @Min(2) @Max(10) scale?: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() anonymous?: boolean;
  @ApiPropertyOptional({ enum: POLL_VISIBILITIES })
  @OptionalNotNull()
  @IsIn(POLL_VISIBILITIES)
  showResults?: PollResultsVisibility;
}

/** `/events/:slug/sessions/:id/polls/:pollId` */
export class PollPathDto {
  @ApiProperty() @IsString() @Matches(SLUG) slug!: string;
  @ApiProperty({ format: 'uuid' }) @IsEntityId() id!: string;
  @ApiProperty({ format: 'uuid' }) @IsEntityId() pollId!: string;
}

export class PollRefDto {
  @ApiProperty() @IsEntityId() pollId!: string;
}

export class PollVoteDto {
  @ApiProperty() @IsEntityId() pollId!: string;

  @ApiPropertyOptional({ type: [Number] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_OPTIONS)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(MAX_OPTIONS - 1, { each: true })
  choices?: number[];

  @ApiPropertyOptional() @OptionalNotNull() @IsInt() @Min(1) @Max(10) rating?: number;

  @PatchString({ max: TEXT_ANSWER_MAX, description: 'text polls: the answer' })
  @SafeText()
  text?: string;

  @ApiProperty() @IsUUID('all') clientId!: string;
}

const isSmallIndex = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < MAX_OPTIONS;

/** `poll:vote` without the pipe when surely valid: choice and rating votes (text goes through the pipe). */
export const acceptPollVote: FastAccept<PollVoteDto> = (payload) => {
  if (!plainWithKeys(payload, ['pollId', 'clientId'], ['choices', 'rating'])) {
    return undefined;
  }
  if (!isId(payload.pollId) || !isId(payload.clientId)) {
    return undefined;
  }
  const { choices, rating } = payload;
  if (choices !== undefined) {
    if (
      !Array.isArray(choices) ||
      choices.length < 1 ||
      choices.length > MAX_OPTIONS ||
      !choices.every(isSmallIndex)
    ) {
      return undefined;
    }
  }
  if (
    rating !== undefined &&
    !(typeof rating === 'number' && Number.isInteger(rating) && rating >= 1 && rating <= 10)
  ) {
    return undefined;
  }
  return Object.assign(new PollVoteDto(), {
    pollId: payload.pollId,
    clientId: payload.clientId,
    ...(choices !== undefined ? { choices: [...choices] } : {}),
    ...(rating !== undefined ? { rating } : {}),
  });
};

// ---- responses (OpenAPI) ----

export class PollDto {
  @ApiProperty() id!: string;
  @ApiProperty() sessionId!: string;
  @ApiProperty() question!: string;
  @ApiProperty({ enum: POLL_KINDS }) kind!: PollKind;
  @ApiPropertyOptional({ type: [String] }) options?: string[];
  @ApiPropertyOptional() maxChoices?: number;
  @ApiPropertyOptional() scale?: number;
  @ApiProperty() anonymous!: boolean;
  @ApiProperty({ enum: POLL_VISIBILITIES }) showResults!: PollResultsVisibility;
  @ApiProperty({ enum: POLL_STATUSES }) status!: PollStatus;
  @ApiProperty({ nullable: true, type: String }) openedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class PollListResponseDto {
  @ApiProperty({ type: [PollDto] }) items!: PollDto[];
}

class PollOptionResultDto {
  @ApiProperty() index!: number;
  @ApiProperty() text!: string;
  @ApiProperty() votes!: number;
}
class RatingResultDto {
  @ApiProperty({ nullable: true, type: Number }) average!: number | null;
  @ApiProperty({ type: [Number], description: 'votes for 1..scale' }) histogram!: number[];
}
class WordCountDto {
  @ApiProperty() word!: string;
  @ApiProperty() count!: number;
}
class VoterDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}
class TextAnswerDto {
  @ApiProperty() text!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ type: VoterDto, description: 'polls that are not anonymous' }) voter?: VoterDto;
}

export class PollResultsDto {
  @ApiProperty() pollId!: string;
  @ApiProperty() sessionId!: string;
  @ApiProperty({ enum: POLL_STATUSES }) status!: PollStatus;
  @ApiProperty() voters!: number;
  @ApiPropertyOptional({ type: [PollOptionResultDto] }) options?: PollOptionResultDto[];
  @ApiPropertyOptional({ type: RatingResultDto }) rating?: RatingResultDto;
  @ApiPropertyOptional({ type: [WordCountDto], description: 'text polls: the word cloud (≤ 60 words)' })
  words?: WordCountDto[];
  @ApiPropertyOptional({ type: [TextAnswerDto], description: 'text polls, moderators only: newest 200' })
  answers?: TextAnswerDto[];
}
