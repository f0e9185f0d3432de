import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';

import { projectRoot } from '../common/project-root';

/** Paths the API and the realtime endpoint own; everything else is the browser client's. */
const SERVER_PATHS = /^\/(api|socket\.io|health|metrics)(\/|$|\?)/;

export function clientDistDir(): string {
  return join(projectRoot(), 'client', 'dist');
}

/**
 * Serves the built browser client from the same process. Unknown non-API GETs get index.html so the
 * client's own routes (e.g. /events/silks-2020) survive a reload. Registered as plain Express middleware:
 * Nest's middleware routes would inherit the /api prefix.
 */
export function serveClient(app: NestExpressApplication): void {
  const dir = clientDistDir();
  const staticFiles = express.static(dir, { index: false, maxAge: '1h' });
  const indexFile = join(dir, 'index.html');
  let indexHtml: string | undefined;
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (SERVER_PATHS.test(req.originalUrl)) {
      next();
      return;
    }
    staticFiles(req, res, () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        next();
        return;
      }
      if (indexHtml === undefined && existsSync(indexFile)) {
        indexHtml = readFileSync(indexFile, 'utf8');
      }
      if (indexHtml === undefined) {
        res.status(503).type('text/plain').send('The browser client is not built yet: run `npm run build`.');
        return;
      }
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(indexHtml);
    });
  });
}
