import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeader, ServerResponse } from 'node:http';

import { Injectable } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';

import { requestIdFor } from '../common/http/request-id';
import { logger } from '../common/logging/json-logger';
import { MetricsService } from '../metrics/metrics.service';
import { AgendaCache } from './agenda-cache';

/** The URLs an entry may be stored for: the agenda route, with at most a `tz` and a `lang` query (bounded). */
const FAST_URL =
  /^\/api\/events\/[a-z0-9-]{1,64}\/agenda(?:\?(?:tz|lang)=[^&#]{1,100}(?:&(?:tz|lang)=[^&#]{1,100})?)?$/;
/** Longer `Accept-Language` headers take the normal path, which bounds the size of a key. */
const MAX_ACCEPT_LANGUAGE = 200;

/**
 * One entry per URL and `Accept-Language` header: the same URL serves other texts to readers of other
 * languages (the responses say `Vary: Accept-Language`). Undefined when the request cannot be served here.
 */
function entryKey(url: string, acceptLanguage: string | undefined): string | undefined {
  const languages = acceptLanguage ?? '';
  return languages.length <= MAX_ACCEPT_LANGUAGE ? `${url}\n${languages}` : undefined;
}
const MAX_ENTRIES = 200;
/** Set per response by the fast path itself, never copied from the captured normal response. */
const PER_RESPONSE = new Set([
  'x-request-id',
  'content-length',
  'etag',
  'content-type',
  'date',
  'connection',
]);

interface FastAnswer {
  status: 200 | 304;
  /**
   * Flat `[name, value, …]` for writeHead; the last value is the request id's slot, filled right before
   * the (synchronous) writeHead of each response.
   */
  headers: OutgoingHttpHeader[];
  requests: ReturnType<MetricsService['httpRequests']['labels']>;
}

interface FastEntry {
  generation: number;
  body: Buffer;
  etag: string;
  /** The normal response's headers (helmet's, …) plus content type, length and ETag. */
  ok: FastAnswer;
  /** The same headers for a 304: without content type and length, as Express answers it. */
  notModified: FastAnswer;
  duration: ReturnType<MetricsService['httpDuration']['labels']>;
}

/** Express's weak ETag (the `etag` package): length in hex and the first 27 base64 characters of SHA-1. */
export function weakEtag(body: Buffer): string {
  const hash = createHash('sha1').update(body).digest('base64').substring(0, 27);
  return `W/"${body.length.toString(16)}-${hash}"`;
}

function isFresh(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header || /(?:^|,)\s*no-cache\s*(?:,|$)/.test(req.headers['cache-control'] ?? '')) {
    return false;
  }
  if (header.trim() === '*') {
    return true;
  }
  const strong = etag.slice(2);
  return header.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === etag || candidate === strong;
  });
}

/**
 * Anonymous agenda reads answered before Express: the bytes and headers of the last normal anonymous
 * response for the same URL, while the agenda cache's generation is unchanged (any write to the tables an
 * agenda is built from, events included, moves it on, so an unpublished or changed event is never served
 * from here). Requests with an `Authorization` or `Origin` header (CORS headers depend on it) take the
 * normal path, as does anything not stored yet. Only with the agenda cache (SQLite; off on PostgreSQL).
 * Each fast response still gets its own `X-Request-Id`, its log line and its HTTP metrics.
 */
@Injectable()
export class AgendaFastPath {
  private readonly entries = new Map<string, FastEntry>();

  constructor(
    private readonly cache: AgendaCache,
    private readonly metrics: MetricsService,
  ) {}

  get enabled(): boolean {
    return this.cache.enabled;
  }

  /**
   * Called by the controller with an anonymous agenda it is about to send through the normal path;
   * `generation` is the cache generation read before the agenda was built.
   */
  remember(req: Request, res: Response, generation: number, agenda: unknown): void {
    const url = req.originalUrl;
    const key = entryKey(url, req.headers['accept-language']);
    if (
      key === undefined ||
      !this.cache.enabled ||
      req.headers.authorization !== undefined ||
      req.headers.origin !== undefined ||
      generation !== this.cache.currentGeneration() ||
      !FAST_URL.test(url)
    ) {
      return;
    }
    const body = Buffer.from(JSON.stringify(agenda));
    const etag = weakEtag(body);
    const captured: OutgoingHttpHeader[] = [];
    for (const [name, value] of Object.entries(res.getHeaders())) {
      if (!PER_RESPONSE.has(name) && value !== undefined) {
        captured.push(name, value);
      }
    }
    captured.push('etag', etag);
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
    const answer = (status: 200 | 304, headers: OutgoingHttpHeader[]): FastAnswer => ({
      status,
      headers: [...headers, 'x-request-id', ''],
      requests: this.metrics.httpRequests.labels({ method: 'GET', route, status: String(status) }),
    });
    if (this.entries.size >= MAX_ENTRIES) {
      this.entries.clear();
    }
    this.entries.set(key, {
      generation,
      body,
      etag,
      ok: answer(200, [
        ...captured,
        'content-type',
        'application/json; charset=utf-8',
        'content-length',
        body.length,
      ]),
      notModified: answer(304, captured),
      duration: this.metrics.httpDuration.labels({ method: 'GET', route }),
    });
  }

  /** Answers the request and returns true, or returns false (untouched) for the normal path. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (
      req.method !== 'GET' ||
      req.url === undefined ||
      req.headers.authorization !== undefined ||
      req.headers.origin !== undefined
    ) {
      return false;
    }
    const key = entryKey(req.url, req.headers['accept-language']);
    const entry = key === undefined ? undefined : this.entries.get(key);
    if (!entry || entry.generation !== this.cache.currentGeneration()) {
      return false;
    }
    const started = process.hrtime.bigint();
    const requestId = requestIdFor(req.headers['x-request-id']);
    const answer = isFresh(req, entry.etag) ? entry.notModified : entry.ok;
    answer.headers[answer.headers.length - 1] = requestId;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.status === 304 ? undefined : entry.body);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    entry.duration.observe(seconds);
    answer.requests.inc();
    logger.info('request', {
      requestId,
      method: 'GET',
      path: req.url.split('?')[0],
      status: answer.status,
      durationMs: seconds * 1e3,
    });
    return true;
  }
}

/**
 * Puts the fast path in front of the HTTP server's request listeners (Express; Socket.IO wraps this later
 * for its own path). Called by configureApp, so the e2e tests run it too. Nothing is installed when the
 * agenda cache is off.
 */
export function installAgendaFastPath(app: NestExpressApplication): void {
  const fastPath = app.get(AgendaFastPath);
  if (!fastPath.enabled) {
    return;
  }
  const server = app.getHttpServer();
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (fastPath.serve(req, res)) {
      return;
    }
    for (const listener of listeners) {
      listener.call(server, req, res);
    }
  });
}
