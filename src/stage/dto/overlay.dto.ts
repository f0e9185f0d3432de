import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

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
  // Polls (the open poll's results) and declarations (the endorsement counter) add their fields here.
}
