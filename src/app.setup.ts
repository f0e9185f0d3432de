import { INestApplication } from '@nestjs/common';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import helmet from 'helmet';

import { installAgendaFastPath } from './agenda/agenda-fast-path';
import { serveClient } from './client/serve-client';
import { toErrorBody } from './common/errors/http-exception.filter';
import { isAllowedOrigin } from './common/http/origin-policy';
import { requestIdMiddleware, requestIdOf } from './common/http/request-id';
import { AppConfig } from './config/app-config';
import { liveAdapterFactory } from './realtime/live-adapter-factory';
import { LiveIoAdapter } from './realtime/live-io.adapter';
import { streamCspDirectives, streamOriginsMiddleware } from './stage/stream-csp';
import { StreamOriginsService } from './stage/stream-origins';

export const MAX_JSON_BODY = '256kb';

/** Content-Security-Policy for the client: no inline script anywhere; streams may be embedded. */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'https:'],
  connectSrc: ["'self'", 'ws:', 'wss:'],
  frameSrc: ['https:'],
  mediaSrc: ["'self'", 'https:'],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function buildOpenApiDocument(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('Plenary API')
    .setDescription(
      'Agenda, registration and live Q&A for annual online meetings. Errors share one body ' +
        '(statusCode, code, message, details, requestId). Live traffic is Socket.IO on namespace /live: see docs/realtime.md.',
    )
    .setVersion('1.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Everything main.ts and the e2e tests share: the app a test drives is the app users run. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  // Built once (helmet parses its CSP directives when created). Swagger UI ships inline bootstrap code;
  // only its pages get a looser policy.
  // The client's pages may play and frame exactly the stream origins organizers configured.
  app.use(streamOriginsMiddleware(app.get(StreamOriginsService)));
  const appHelmet = helmet({
    contentSecurityPolicy: { directives: { ...CSP_DIRECTIVES, ...streamCspDirectives } },
    crossOriginEmbedderPolicy: false,
  });
  const docsHelmet = helmet({
    contentSecurityPolicy: {
      directives: {
        ...CSP_DIRECTIVES,
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    (req.path.startsWith('/api/docs') ? docsHelmet : appHelmet)(req, res, next);
  });
  app.use(express.json({ limit: MAX_JSON_BODY }));
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  // Body-parser failures happen before Nest's filters; give them the same error body.
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const body = toErrorBody(error, requestIdOf(req), req.path);
    res.status(body.statusCode).json(body);
  });
  app.enableCors((req: Request, callback: (error: Error | null, options: CorsOptions) => void) => {
    const origin = req.header('origin');
    const allowed = isAllowedOrigin(
      origin,
      { host: req.header('host'), secure: req.secure },
      config.corsOrigins,
    );
    callback(null, {
      origin: allowed && origin !== undefined ? origin : false,
      credentials: false,
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
  });
  serveClient(app);
  app.setGlobalPrefix('api', { exclude: ['health', 'metrics'] });
  app.useWebSocketAdapter(new LiveIoAdapter(app, config, liveAdapterFactory(app)));
  // Anonymous agenda reads from pre-serialised bytes, before Express (SQLite only; see AgendaFastPath).
  installAgendaFastPath(app);
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}
