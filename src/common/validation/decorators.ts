import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidationOptions,
} from 'class-validator';

import { isValidTimeZone } from '../time/zoned-time';

interface TrimmedStringOptions {
  min?: number;
  max: number;
  optional?: boolean;
  description?: string;
  example?: string;
}

/** A string trimmed on the way in, with bounds; optional ones accept absence but not null. */
export function TrimmedString({
  min = 1,
  max,
  optional = false,
  description,
  example,
}: TrimmedStringOptions) {
  const doc = { type: String, minLength: min, maxLength: max, description, example };
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    ...(optional ? [IsOptional(), ApiPropertyOptional(doc)] : [ApiProperty(doc)]),
    IsString(),
    MinLength(min),
    MaxLength(max),
  );
}

/** The optional `limit` of a paged list query: an integer from 1 to `max`, from a query-string number. */
export function PageLimit({ max = 200, fallback = 50 }: { max?: number; fallback?: number } = {}) {
  return applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: max, default: fallback }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );
}

/** Optional and may be cleared with null (PATCH semantics): absent leaves unchanged, null clears. */
export function OptionalNullable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== null && value !== undefined);
}

export function IsEntityId(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(IsUUID('all', options));
}

export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be an IANA time zone such as Asia/Shanghai`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidTimeZone(value) },
    });
  };
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !LOCAL_DATE.test(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a date as YYYY-MM-DD`, ...options },
      validator: { validate: isLocalDate },
    });
  };
}

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** ISO 8601 with an explicit offset: a time without one is ambiguous across the audience's zones. */
export function IsOffsetDateTime(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isOffsetDateTime',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be an ISO 8601 date-time with offset, e.g. 2020-11-20T09:00:00+08:00`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && OFFSET_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
      },
    });
  };
}

export const HEX_COLOR = /^#[0-9A-Fa-f]{6}$/;
export const IsHexColor = (): PropertyDecorator =>
  Matches(HEX_COLOR, { message: 'color must be a colour as #RRGGBB' });

export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
