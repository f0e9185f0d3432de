import { ApiProperty } from '@nestjs/swagger';

export class SessionAnalyticsDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ description: 'Distinct users who joined the live session' }) uniqueViewers!: number;
  @ApiProperty({ description: 'Visits after merging reconnects within 2 minutes and several nodes' })
  visits!: number;
  @ApiProperty({ description: 'Most distinct users present in one minute' }) peakConcurrent!: number;
  @ApiProperty({ description: 'Minutes attended per unique viewer, one decimal' }) averageMinutes!: number;
  @ApiProperty({ description: 'Chat messages posted (later deletions included)' }) messages!: number;
  @ApiProperty({ description: 'Questions asked, any status' }) questions!: number;
  @ApiProperty() pollVotes!: number;
  @ApiProperty() reactions!: number;
}

export class ConcurrencyPointDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the minute (UTC)' }) minute!: string;
  @ApiProperty({ description: 'Distinct users present during that minute' }) count!: number;
}

export class SessionAnalyticsDetailDto extends SessionAnalyticsDto {
  @ApiProperty({
    type: [ConcurrencyPointDto],
    description: 'Every minute from the first viewer to the last, zero minutes included',
  })
  concurrency!: ConcurrencyPointDto[];
}

export class RegistrationFiguresDto {
  @ApiProperty({ description: 'Every registration, whatever its status' }) total!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { confirmed: 120, pending: 4, waitlisted: 10, rejected: 1, cancelled: 6 },
  })
  byStatus!: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
    description:
      'Confirmed registrations per answer of each registration question (multi: each option chosen; checkbox: ' +
      '"true"/"false"), keyed by the question key',
    example: { country: { China: 40, Russia: 12 } },
  })
  byAnswer!: Record<string, Record<string, number>>;
}

export class EventAnalyticsDto {
  @ApiProperty({ type: RegistrationFiguresDto }) registrations!: RegistrationFiguresDto;
  @ApiProperty({ type: [SessionAnalyticsDto] }) sessions!: SessionAnalyticsDto[];
}
