import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Min } from 'class-validator';

import { IsEntityId } from '../../common/validation/decorators';
import { FastAccept, isId, isSeq, plainWithKeys } from '../../common/validation/fast-accept';

export class JoinSessionDto {
  @ApiProperty() @IsEntityId() sessionId!: string;
  @ApiPropertyOptional({ description: 'The last seq the client saw', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  after?: number;
}

/** `session:join` without the pipe when surely valid (see FastAccept); `after: null` goes to the pipe. */
export const acceptJoinSession: FastAccept<JoinSessionDto> = (payload) => {
  if (!plainWithKeys(payload, ['sessionId'], ['after']) || !isId(payload.sessionId)) {
    return undefined;
  }
  if (!('after' in payload)) {
    return Object.assign(new JoinSessionDto(), { sessionId: payload.sessionId });
  }
  return isSeq(payload.after)
    ? Object.assign(new JoinSessionDto(), { sessionId: payload.sessionId, after: payload.after })
    : undefined;
};

export class SessionRefDto {
  @ApiProperty() @IsEntityId() sessionId!: string;
}

export class SetSessionStatusDto {
  @ApiProperty() @IsEntityId() sessionId!: string;
  @ApiProperty({ enum: ['live', 'ended'] }) @IsIn(['live', 'ended']) status!: 'live' | 'ended';
  @ApiPropertyOptional() @IsOptional() @IsBoolean() qaOpen?: boolean;
}
