import { randomUUID } from 'node:crypto';

import type { NextFunction, Request, Response } from 'express';

import { logger } from '../logging/json-logger';

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export type RequestWithId = Request & { id?: string };

export function requestIdOf(req: Request): string {
  return (req as RequestWithId).id ?? 'unknown';
}

/** Gives every request an id (kept from a well-formed `X-Request-Id`), echoes it, and logs one JSON line. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
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
