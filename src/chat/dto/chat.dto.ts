import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';

import { IsEntityId, PageLimit, TrimmedString } from '../../common/validation/decorators';
import { FastAccept, isId, plainWithKeys, trimmedText } from '../../common/validation/fast-accept';
import { isSafeText, SafeText } from '../../realtime/dto/safe-text';

export const CHAT_MAX_LENGTH = 1000;

export class SendChatDto {
  @ApiProperty() @IsEntityId() sessionId!: string;
  @TrimmedString({ max: CHAT_MAX_LENGTH })
  @SafeText()
  text!: string;
  @ApiProperty({ description: 'A UUID chosen by the client; a resend returns the original message' })
  @IsUUID('all')
  clientId!: string;
}

/** `chat:send` without the pipe when surely valid (see FastAccept). */
export const acceptSendChat: FastAccept<SendChatDto> = (payload) => {
  if (
    !plainWithKeys(payload, ['sessionId', 'text', 'clientId']) ||
    !isId(payload.sessionId) ||
    !isId(payload.clientId)
  ) {
    return undefined;
  }
  const text = trimmedText(payload.text, CHAT_MAX_LENGTH, isSafeText);
  return text === undefined
    ? undefined
    : Object.assign(new SendChatDto(), { sessionId: payload.sessionId, text, clientId: payload.clientId });
};

export class DeleteChatDto {
  @ApiProperty() @IsEntityId() messageId!: string;
}

export class ListMessagesQueryDto {
  @ApiPropertyOptional({ description: 'Only messages with a greater seq', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ description: 'Same as after (the nextCursor of the previous page)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  cursor?: number;

  @PageLimit()
  limit?: number;
}

export class ChatAuthorDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class ChatMessageDto {
  @ApiProperty() id!: string;
  @ApiProperty() sessionId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ type: ChatAuthorDto, nullable: true, description: 'null once deleted' })
  author!: ChatAuthorDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'null once deleted' }) text!: string | null;
  @ApiProperty() deleted!: boolean;
  @ApiProperty() createdAt!: string;
}

export class MessageListResponseDto {
  @ApiProperty({ type: [ChatMessageDto] }) items!: ChatMessageDto[];
  @ApiPropertyOptional({ description: 'Pass back as ?cursor= (or ?after=) for the next page' })
  nextCursor?: string;
}
