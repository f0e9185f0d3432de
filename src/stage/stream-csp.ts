import type { IncomingMessage, ServerResponse } from 'node:http';

import type { NextFunction, Request, Response } from 'express';

import type { StreamOrigins, StreamOriginsService } from './stream-origins';

/** Paths the API and the realtime endpoint own: their responses are never pages that play anything. */
const SERVER_PATHS = /^\/(api|socket\.io|health|metrics)(\/|$|\?)/;

/** Reads the configured stream origins (cached) before a page of the client is answered. */
export function streamOriginsMiddleware(origins: StreamOriginsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SERVER_PATHS.test(req.originalUrl)) {
      next();
      return;
    }
    origins.origins().then((found) => {
      res.locals.streamOrigins = found;
      next();
    }, next);
  };
}

const originsFor = (res: ServerResponse): StreamOrigins =>
  ((res as Response).locals?.streamOrigins as StreamOrigins | undefined) ?? { media: [], frames: [] };

/** Each directive's sources: the fixed ones, then the configured origins of that kind. */
const withOrigins =
  (fixed: string[], pick: (origins: StreamOrigins) => string[]) =>
  (_req: IncomingMessage, res: ServerResponse): string =>
    [...fixed, ...pick(originsFor(res))].join(' ');

/**
 * hls.js fetches playlists, segments and captions (connect-src) and plays them through MediaSource `blob:`
 * URLs (media-src), from a `blob:` worker (worker-src); `<track>` caption files are media too. Embeds are
 * frames. No stream configured: no frame source at all. Nothing wider (`https:`, `*`) is ever allowed.
 */
export const streamCspDirectives = {
  connectSrc: [withOrigins(["'self'", 'ws:', 'wss:'], (o) => o.media)],
  // data: only because hls.js gives its caption <track> elements an empty `data:,WEBVTT` source.
  mediaSrc: [withOrigins(["'self'", 'blob:', 'data:'], (o) => o.media)],
  workerSrc: ["'self'", 'blob:'],
  frameSrc: [withOrigins([], (o) => (o.frames.length > 0 ? o.frames : ["'none'"]))],
};
