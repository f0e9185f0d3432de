import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { validationFailed } from '../errors/domain-error';
import { BCP47_TAG, isLanguageTag, MAX_TAG_LENGTH, parseAcceptLanguage } from './language-tags';
import type { ContentLanguage } from './localizer';

/** The query parameters of every read that serves translated content. */
export class ContentLanguageQueryDto {
  @ApiPropertyOptional({
    example: 'zh',
    maxLength: MAX_TAG_LENGTH,
    description:
      'BCP 47 tag of the language to serve texts in (else `Accept-Language`); untranslated fields fall back to the original',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TAG_LENGTH)
  @Matches(BCP47_TAG, { message: 'lang must be a BCP 47 tag such as en, zh or ru' })
  lang?: string;

  @ApiPropertyOptional({
    enum: ['all'],
    description: 'Staff only: add the full `translations` object to each resource, for editing',
  })
  @IsOptional()
  @IsIn(['all'])
  translations?: 'all';
}

/** A request whose caller signed in: the auth guard notes the account's saved language (`PATCH /me`). */
export type LocaleAwareRequest = Request & { profileLocale?: string | null };

/**
 * Reads `?lang=`, `Accept-Language` and `?translations=all` from an HTTP request. A signed-in caller's saved
 * language comes last: it decides only when neither `?lang=` nor the header names an event language.
 */
export function contentLanguageOf(req: LocaleAwareRequest): ContentLanguage {
  const { lang, translations } = req.query;
  if (lang !== undefined && !isLanguageTag(lang)) {
    throw validationFailed({ lang: ['lang must be a BCP 47 tag such as en, zh or ru'] });
  }
  const header = parseAcceptLanguage(req.headers['accept-language']);
  const profile = req.profileLocale ? [req.profileLocale] : [];
  return {
    wanted: typeof lang === 'string' ? [lang, ...header, ...profile] : [...header, ...profile],
    all: translations === 'all',
  };
}

/**
 * The reader's language wishes as a handler parameter. Marks the response `Vary: Accept-Language`, since the
 * same URL then returns different texts to different readers.
 */
export const RequestedLanguage = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const http = ctx.switchToHttp();
  http.getResponse<Response>().vary('Accept-Language');
  return contentLanguageOf(http.getRequest<Request>());
});

/** OpenAPI for a read that serves translated content (routes without a query DTO carrying `lang`). */
export const ApiContentLanguage = (): MethodDecorator =>
  applyDecorators(
    ApiQuery({
      name: 'lang',
      required: false,
      example: 'zh',
      description: 'BCP 47 tag of the language to serve texts in (else `Accept-Language`)',
    }),
    ApiQuery({
      name: 'translations',
      required: false,
      enum: ['all'],
      description: 'Staff only: add the full `translations` object to each resource',
    }),
    ApiHeader({ name: 'Accept-Language', required: false, description: 'Used when `lang` is absent' }),
  );
