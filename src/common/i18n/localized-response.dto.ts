import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { Translations } from './translations';

/** What every resource with translatable texts adds to its response. */
export class LocalizedResponseDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'zh',
    description:
      'The language its texts are served in: the requested one where translated, else the original (null: not recorded)',
  })
  lang!: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: true },
    example: { zh: { name: '主会场' } },
    description: 'Every translation by language: staff reads with `?translations=all`, and write responses',
  })
  translations?: Translations;
}
