import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, registerDecorator } from 'class-validator';

import { IsEntityId, IsOffsetDateTime, TrimmedString } from '../../common/validation/decorators';
import { OptionalNotNull, PatchString } from '../../events/dto/dto-helpers';
import type { Declaration, DeclarationStatus } from '../declaration.entity';

export const MAX_TEXT_LENGTH = 20_000;
const MAX_LANGUAGES = 12;
/** A BCP 47-like language code as events use them (`en`, `zh`, `zh-Hans`). */
const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/;
/**
 * Line breaks and tabs are text; other control characters (and DEL) are refused, so the canonical JSON of
 * the texts is the same whichever JSON tool recomputes it (jq escapes DEL, JSON.stringify does not).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `value` is not a valid texts object, or null. Keys are checked against the event's languages later. */
export function textsProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'texts must be an object of language code → text';
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 || entries.length > MAX_LANGUAGES) {
    return `texts must hold 1 to ${MAX_LANGUAGES} languages`;
  }
  for (const [lang, text] of entries) {
    if (!LANGUAGE_CODE.test(lang)) {
      return `texts keys must be language codes such as en or zh (got "${lang.slice(0, 20)}")`;
    }
    if (typeof text !== 'string' || text.trim().length === 0 || text.length > MAX_TEXT_LENGTH) {
      return `texts.${lang} must be a text of 1 to ${MAX_TEXT_LENGTH} characters`;
    }
    if (LONE_SURROGATE.test(text) || FORBIDDEN_CHARACTERS.test(text)) {
      return `texts.${lang} must not contain control characters or unpaired surrogates`;
    }
  }
  return null;
}

function IsDeclarationTexts(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isDeclarationTexts',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args) => textsProblem(args.value) ?? 'texts is not valid' },
      validator: { validate: (value: unknown) => textsProblem(value) === null },
    });
  };
}

/** Texts are stored trimmed and in NFC, so the public texts are exactly what the digest covers. */
const normalizeTexts = ({ value }: { value: unknown }): unknown =>
  textsProblem(value) === null
    ? Object.fromEntries(
        Object.entries(value as Record<string, string>).map(([lang, text]) => [
          lang,
          text.trim().normalize('NFC'),
        ]),
      )
    : value;

const TEXTS_DOC = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: MAX_TEXT_LENGTH },
  description: "Language code (one of the event's languages) → the full text in that language",
  example: { en: 'We, the undersigned…', zh: '我们，签署方……' },
} as const;

export class CreateDeclarationDto {
  @TrimmedString({ max: 300, example: 'Joint Initiative' })
  title!: string;

  @ApiProperty(TEXTS_DOC)
  @Transform(normalizeTexts)
  @IsDeclarationTexts()
  texts!: Record<string, string>;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2020-11-30T23:59:00+08:00' })
  @IsOptional()
  @IsOffsetDateTime()
  closesAt?: string | null;
}

/** Title and texts only while a draft; `closesAt` also later (null removes the deadline). */
export class UpdateDeclarationDto {
  @PatchString({ max: 300 })
  title?: string;

  @ApiPropertyOptional(TEXTS_DOC)
  @OptionalNotNull()
  @Transform(normalizeTexts)
  @IsDeclarationTexts()
  texts?: Record<string, string>;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsOffsetDateTime()
  closesAt?: string | null;
}

export class DeclarationParamsDto {
  @ApiProperty({ example: 'silks-2020', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  slug!: string;

  @ApiProperty({ format: 'uuid' })
  @IsEntityId({ message: 'id must be a UUID' })
  id!: string;
}

export class DeclarationResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty(TEXTS_DOC) texts!: Record<string, string>;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'SHA-256 (lowercase hex) of the canonical texts; null while a draft (docs/declarations.md)',
  })
  digest!: string | null;
  @ApiProperty({ enum: ['draft', 'open', 'closed'], description: 'closed once `closesAt` has passed' })
  status!: DeclarationStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closesAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt!: string | null;
  @ApiProperty({ description: 'Verified endorsements not withdrawn' }) endorsements!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class DeclarationListResponseDto {
  @ApiProperty({ type: [DeclarationResponseDto] }) items!: DeclarationResponseDto[];
}

/** The status as readers see it: an open declaration whose deadline passed is closed. */
export function effectiveStatus(declaration: Declaration, now = Date.now()): DeclarationStatus {
  if (
    declaration.status === 'open' &&
    declaration.closesAt !== null &&
    Date.parse(declaration.closesAt) <= now
  ) {
    return 'closed';
  }
  return declaration.status;
}

export function toDeclarationResponse(
  declaration: Declaration,
  endorsements: number,
): DeclarationResponseDto {
  return {
    id: declaration.id,
    title: declaration.title,
    texts: declaration.texts,
    digest: declaration.digest,
    status: effectiveStatus(declaration),
    closesAt: declaration.closesAt,
    publishedAt: declaration.publishedAt,
    endorsements,
    createdAt: declaration.createdAt,
    updatedAt: declaration.updatedAt,
  };
}

export const DECLARATION_LIST_STATUSES = ['draft', 'open', 'closed'] as const;
export class ListDeclarationsQueryDto {
  @ApiPropertyOptional({ enum: DECLARATION_LIST_STATUSES })
  @IsOptional()
  @IsIn(DECLARATION_LIST_STATUSES)
  status?: DeclarationStatus;
}
