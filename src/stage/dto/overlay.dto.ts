import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

import { POLL_KINDS, POLL_STATUSES, POLL_VISIBILITIES } from '../../polls/poll.view';
import type { PollKind, PollResultsVisibility, PollStatus } from '../../realtime/realtime.contract';

export class OverlayQueryDto {
  @ApiProperty({ description: "The room's overlay key (organizers read it with the room)", maxLength: 64 })
  @IsString()
  @MaxLength(64)
  key!: string;
}

export class OverlaySessionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
}

export class OverlayQuestionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when the asker asked anonymously' })
  authorName!: string | null;
}

class OverlayOptionResultDto {
  @ApiProperty() index!: number;
  @ApiProperty() text!: string;
  @ApiProperty() votes!: number;
}
class OverlayRatingDto {
  @ApiProperty({ type: Number, nullable: true }) average!: number | null;
  @ApiProperty({ type: [Number], description: 'votes for 1..scale' }) histogram!: number[];
}
class OverlayWordDto {
  @ApiProperty() word!: string;
  @ApiProperty() count!: number;
}

/** Counts only: never text answers or voters' names, whatever the poll's `anonymous`. */
export class OverlayPollResultsDto {
  @ApiProperty() voters!: number;
  @ApiPropertyOptional({ type: [OverlayOptionResultDto], description: 'single and multiple choice' })
  options?: OverlayOptionResultDto[];
  @ApiPropertyOptional({ type: OverlayRatingDto, description: 'rating polls' })
  rating?: OverlayRatingDto;
  @ApiPropertyOptional({ type: [OverlayWordDto], description: 'text polls: the word cloud (≤ 60 words)' })
  words?: OverlayWordDto[];
}

export class OverlayPollDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() question!: string;
  @ApiProperty({ enum: POLL_KINDS }) kind!: PollKind;
  @ApiProperty({ enum: POLL_STATUSES }) status!: PollStatus;
  @ApiProperty({ enum: POLL_VISIBILITIES }) showResults!: PollResultsVisibility;
  @ApiPropertyOptional({ type: [String], description: 'single and multiple choice' }) options?: string[];
  @ApiPropertyOptional({ description: 'rating polls: votes are 1..scale' }) scale?: number;
  @ApiProperty({
    type: OverlayPollResultsDto,
    nullable: true,
    description:
      'The results as the audience at large may see them now (the overlay is shown to everyone, voters or ' +
      'not): `live` polls while open and once closed; `after-vote` and `after-close` polls only once closed; ' +
      '`moderators` polls never. null while hidden.',
  })
  results!: OverlayPollResultsDto | null;
}

export class OverlayDeclarationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'verified endorsements' }) endorsements!: number;
}

export class OverlayResponseDto {
  @ApiProperty({ format: 'uuid' }) roomId!: string;
  @ApiProperty() roomName!: string;
  @ApiProperty({
    type: OverlaySessionDto,
    nullable: true,
    description: 'The session live in the room (else the one scheduled now); null between sessions',
  })
  session!: OverlaySessionDto | null;
  @ApiProperty({ type: OverlayQuestionDto, nullable: true, description: 'The pinned question' })
  pinnedQuestion!: OverlayQuestionDto | null;
  @ApiProperty({
    type: OverlayPollDto,
    nullable: true,
    description:
      "The live session's open poll, else its most recently closed poll whose results are public; null " +
      'between sessions or when there is none',
  })
  poll!: OverlayPollDto | null;
  @ApiProperty({
    type: [OverlayDeclarationDto],
    description: "The event's declarations open for endorsement now, with their verified endorsement counts",
  })
  declarations!: OverlayDeclarationDto[];
}
