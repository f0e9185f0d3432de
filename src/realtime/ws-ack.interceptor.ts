import {
  ArgumentsHost,
  CallHandler,
  Catch,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  WsExceptionFilter,
} from '@nestjs/common';
import { Observable, of } from 'rxjs';
import { catchError, finalize, map, tap } from 'rxjs/operators';

import { DomainError } from '../common/errors/domain-error';
import { CommandDrain } from '../common/lifecycle/command-drain';
import { isErrorCode } from '../common/errors/error-codes';
import { logger } from '../common/logging/json-logger';
import { LiveMetrics } from './live-metrics';
import type { Ack } from './realtime.contract';

/** Any thrown value as the error half of an ack; unknown errors are logged and never described. */
export function toAckError(error: unknown, event?: string): Ack<never> {
  if (error instanceof DomainError) {
    return {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      },
    };
  }
  const coded = error as { code?: unknown; message?: unknown } | null;
  if (coded && typeof coded === 'object' && isErrorCode(coded.code) && typeof coded.message === 'string') {
    return { error: { code: coded.code, message: coded.message } };
  }
  logger.error('live command failed', {
    event,
    error:
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : String(error),
  });
  return { error: { code: 'INTERNAL', message: 'Something went wrong on our side' } };
}

/**
 * Every command's answer is `{ data }` or `{ error }`. Pipes run inside interceptors, so validation
 * failures arrive here too.
 */
@Injectable()
export class WsAckInterceptor implements NestInterceptor {
  constructor(
    private readonly metrics: LiveMetrics,
    private readonly drain: CommandDrain,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<Ack<unknown>> {
    const event = context.switchToWs().getPattern();
    // During shutdown: refuse (the client retries on the next node or after the restart); else count the
    // command so the shutdown waits for its ack.
    if (!this.drain.enter()) {
      return of({ error: { code: 'UNAVAILABLE', message: 'The server is restarting; reconnect and retry' } });
    }
    return next.handle().pipe(
      finalize(() => this.drain.leave()),
      map((data: unknown): Ack<unknown> => ({ data: data ?? {} })),
      catchError((error: unknown) => of(toAckError(error, event))),
      tap((ack) => this.metrics.commands.inc({ event, outcome: 'data' in ack ? 'ok' : ack.error.code })),
    );
  }
}

/**
 * Last resort for errors raised outside the interceptor (guards): answer through the ack when there is one,
 * never with Nest's default `exception` event.
 */
@Catch()
export class WsFallbackFilter implements WsExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const args = host.getArgs<unknown[]>();
    const ack = args.find((arg): arg is (response: unknown) => void => typeof arg === 'function');
    if (ack) {
      ack(toAckError(error));
    }
  }
}
