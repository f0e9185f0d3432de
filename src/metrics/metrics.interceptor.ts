import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';

import { MetricsService } from './metrics.service';

/** Counts HTTP requests by route pattern (never by raw path, which would explode label cardinality). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') {
      return next.handle();
    }
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
    const stop = this.metrics.httpDuration.startTimer({ method: request.method, route });
    response.once('finish', () => {
      stop();
      this.metrics.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
    });
    return next.handle();
  }
}
