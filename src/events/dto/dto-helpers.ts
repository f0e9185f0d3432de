import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, IsUrl, MaxLength, MinLength, ValidateIf } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/**
 * May be absent, but not null: for fields whose column is not nullable (PATCH of `title`, `color`, …).
 * class-validator's `IsOptional` would let `null` through and the database would then refuse it.
 */
export const OptionalNotNull = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

/** A trimmed string that may be left out of a PATCH body but never set to null. */
export function PatchString({
  min = 1,
  max,
  description,
}: {
  min?: number;
  max: number;
  description?: string;
}) {
  return applyDecorators(
    Transform(trim),
    OptionalNotNull(),
    ApiPropertyOptional({ type: String, minLength: min, maxLength: max, description }),
    IsString(),
    MinLength(min),
    MaxLength(max),
  );
}

/**
 * An absolute http(s) URL. Other schemes (`javascript:`, `data:`) are refused: these URLs end up in links
 * and players in the browser.
 */
export function HttpUrl(property: string) {
  return applyDecorators(
    Transform(trim),
    IsString(),
    MaxLength(500),
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
      { message: `${property} must be an http or https URL` },
    ),
  );
}
