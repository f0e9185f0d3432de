import { randomUUID } from 'node:crypto';

import type { NextFunction, Request, Response } from 'express';

import { logger } from '../logging/json-logger';

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export type RequestWithId = Request & { id?: string };

export function requestIdOf(req: Request): string {
  return (req as RequestWithId).id ?? 'unknown';
}

/** The id of a request: a well-formed incoming `X-Request-Id`, else a fresh UUID. */
export function requestIdFor(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

/** Gives every request an id (kept from a well-formed `X-Request-Id`), echoes it, and logs one JSON line. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const id = requestIdFor(req.header('x-request-id'));
  (req as RequestWithId).id = id;
  res.setHeader('X-Request-Id', id);
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    logger.info('request', {
      requestId: id,
      method: req.method,
      path: req.originalUrl.split('?')[0],
      status: res.statusCode,
      durationMs: Number(process.hrtime.bigint() - started) / 1e6,
    });
  });
  next();
}
