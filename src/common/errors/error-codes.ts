import { HttpStatus } from '@nestjs/common';

/** Every error code the API can answer with (REST bodies and Socket.IO acks share them). */
export const httpStatusByCode = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  INVALID_CREDENTIALS: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_REGISTERED: HttpStatus.FORBIDDEN,
  BANNED: HttpStatus.FORBIDDEN,
  MUTED: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  EVENT_NOT_FOUND: HttpStatus.NOT_FOUND,
  SESSION_NOT_FOUND: HttpStatus.NOT_FOUND,
  ROOM_NOT_FOUND: HttpStatus.NOT_FOUND,
  TRACK_NOT_FOUND: HttpStatus.NOT_FOUND,
  SPEAKER_NOT_FOUND: HttpStatus.NOT_FOUND,
  ORGANIZATION_NOT_FOUND: HttpStatus.NOT_FOUND,
  USER_NOT_FOUND: HttpStatus.NOT_FOUND,
  REGISTRATION_NOT_FOUND: HttpStatus.NOT_FOUND,
  QUESTION_NOT_FOUND: HttpStatus.NOT_FOUND,
  MESSAGE_NOT_FOUND: HttpStatus.NOT_FOUND,
  // declarations
  DECLARATION_NOT_FOUND: HttpStatus.NOT_FOUND,
  ENDORSEMENT_NOT_FOUND: HttpStatus.NOT_FOUND,
  DECLARATION_CLOSED: HttpStatus.CONFLICT,
  DECLARATION_FROZEN: HttpStatus.CONFLICT,
  POLL_NOT_FOUND: HttpStatus.NOT_FOUND,
  POLL_NOT_DRAFT: HttpStatus.CONFLICT,
  POLL_CLOSED: HttpStatus.CONFLICT,
  RESULTS_HIDDEN: HttpStatus.FORBIDDEN,
  METHOD_NOT_ALLOWED: HttpStatus.METHOD_NOT_ALLOWED,
  NOT_ACCEPTABLE: HttpStatus.NOT_ACCEPTABLE,
  CONFLICT: HttpStatus.CONFLICT,
  ALREADY_EXISTS: HttpStatus.CONFLICT,
  SCHEDULE_CONFLICT: HttpStatus.CONFLICT,
  IN_USE: HttpStatus.CONFLICT,
  REGISTRATION_CLOSED: HttpStatus.CONFLICT,
  INVALID_STATE: HttpStatus.CONFLICT,
  QA_CLOSED: HttpStatus.CONFLICT,
  CHAT_CLOSED: HttpStatus.CONFLICT,
  SESSION_NOT_JOINED: HttpStatus.CONFLICT,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  // Certificates of attendance (issue 16)
  NOT_ELIGIBLE: HttpStatus.FORBIDDEN,
  CERTIFICATE_NOT_FOUND: HttpStatus.NOT_FOUND,
  INTERNAL: HttpStatus.INTERNAL_SERVER_ERROR,
  UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  // Accounts and mail (issue 15)
  WRONG_PASSWORD: HttpStatus.FORBIDDEN,
  RESET_LINK_INVALID: HttpStatus.BAD_REQUEST,
  LAST_ORGANIZER: HttpStatus.CONFLICT,
} as const satisfies Record<string, HttpStatus>;

export type ErrorCode = keyof typeof httpStatusByCode;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(httpStatusByCode, value);
}
