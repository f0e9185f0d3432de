import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';

import { logger } from '../logging/json-logger';
import { requestIdOf } from '../http/request-id';
import { DomainError, ErrorDetails } from './domain-error';
import { ErrorCode, httpStatusByCode } from './error-codes';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
  requestId: string;
}

const codeByStatus: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION_FAILED',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
  [HttpStatus.NOT_ACCEPTABLE]: 'NOT_ACCEPTABLE',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'UNAVAILABLE',
};

/** Errors raised by body parsing before any Nest code runs (express's http-errors). */
interface ParserError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/**
 * Turns anything thrown into the one documented body. Messages of unknown errors are never sent: they are
 * logged with the request id instead.
 */
export function toErrorBody(error: unknown, requestId: string, path?: string): ErrorBody {
  if (error instanceof DomainError) {
    return {
      statusCode: httpStatusByCode[error.code],
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      requestId,
    };
  }
  if (error instanceof HttpException) {
    const status: number = error.getStatus();
    const code = codeByStatus[status];
    if (code) {
      const message = status === 404 && path ? `No route matches ${path}` : httpExceptionMessage(error);
      return { statusCode: status, code, message, requestId };
    }
  }
  const parser = error as ParserError | null;
  if (parser && typeof parser === 'object' && parser.expose === true && typeof parser.type === 'string') {
    const status: number = parser.status ?? parser.statusCode ?? 400;
    if (parser.type === 'entity.too.large') {
      return {
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The request body is too large',
        requestId,
      };
    }
    if (parser.type === 'entity.parse.failed') {
      return {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'The request body is not valid JSON',
        requestId,
      };
    }
    const code = codeByStatus[status];
    if (code) {
      return { statusCode: status, code, message: 'The request body could not be read', requestId };
    }
  }
  logger.error('unhandled error', {
    requestId,
    error:
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : String(error),
  });
  return { statusCode: 500, code: 'INTERNAL', message: 'Something went wrong on our side', requestId };
}

function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') {
    return response;
  }
  const message = (response as { message?: unknown }).message;
  return typeof message === 'string' ? message : error.message;
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      return;
    }
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const body = toErrorBody(error, requestIdOf(req), req.originalUrl?.split('?')[0]);
    if (res.headersSent) {
      res.end();
      return;
    }
    if (body.code === 'RATE_LIMITED' && typeof body.details?.retryAfterMs === 'number') {
      res.setHeader('Retry-After', String(Math.ceil(body.details.retryAfterMs / 1000)));
    }
    res.status(body.statusCode).type('application/json').send(JSON.stringify(body));
  }
}
