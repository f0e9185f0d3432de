import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

import { IsEntityId } from '../../common/validation/decorators';
import { FastAccept, isId, plainWithKeys } from '../../common/validation/fast-accept';
import type { ReactionEmoji } from '../../realtime/realtime.contract';

export const REACTION_EMOJIS: readonly ReactionEmoji[] = ['👏', '❤️', '😂', '😮', '👍', '🎉'];

export class ReactionDto {
  @ApiProperty() @IsEntityId() sessionId!: string;
  @ApiProperty({ enum: REACTION_EMOJIS }) @IsIn(REACTION_EMOJIS) emoji!: ReactionEmoji;
}

/** `reaction:send` without the pipe when surely valid. */
export const acceptReaction: FastAccept<ReactionDto> = (payload) =>
  plainWithKeys(payload, ['sessionId', 'emoji']) &&
  isId(payload.sessionId) &&
  REACTION_EMOJIS.includes(payload.emoji as ReactionEmoji)
    ? Object.assign(new ReactionDto(), { sessionId: payload.sessionId, emoji: payload.emoji })
    : undefined;
