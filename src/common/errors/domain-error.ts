import type { ErrorCode } from './error-codes';

export type ErrorDetails = Record<string, unknown>;

/**
 * The one error services throw. Transports decide how it travels: the HTTP filter maps the code to a status,
 * the Socket.IO ack interceptor puts it in `{ error }`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export type FieldErrors = Record<string, string[]>;

export function validationFailed(fields: FieldErrors, message = 'The request is not valid'): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { fields });
}

export const notFound = (code: ErrorCode, what: string): DomainError =>
  new DomainError(code, `${what} was not found`);
