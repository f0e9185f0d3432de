import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

import { ErrorCode, httpStatusByCode } from '../errors/error-codes';

/** The documented error body (API.md, "Errors"). */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty({ enum: Object.keys(httpStatusByCode), example: 'SCHEDULE_CONFLICT' }) code!: ErrorCode;
  @ApiProperty({ example: 'The session conflicts with the schedule' }) message!: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'e.g. `fields` for VALIDATION_FAILED, `conflicts` for SCHEDULE_CONFLICT, `retryAfterMs` for RATE_LIMITED',
  })
  details?: Record<string, unknown>;
  @ApiProperty({ example: '8f1c2d3e-…' }) requestId!: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED: the body, query or path is not valid (details.fields)',
  401: 'UNAUTHENTICATED: sign in first, or the token is invalid',
  403: 'FORBIDDEN: the caller lacks the role this needs',
  404: 'Not found (or a draft the caller may not see)',
  409: 'Conflict (ALREADY_EXISTS, SCHEDULE_CONFLICT, IN_USE, …)',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED (details.retryAfterMs)',
};

/** Documents the error responses a route can give, all with the one error body. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorResponseDto }),
    ),
  );
}
