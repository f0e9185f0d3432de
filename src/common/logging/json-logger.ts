import type { LoggerService } from '@nestjs/common';

type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Nest's start-up messages: one line per module (and "starting", "started") at debug. The line per route and
// per gateway subscription is left out: /api/docs lists every route, docs/realtime.md every socket event.
const NEST_STARTUP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'NestApplication']);
const NEST_ROUTE_CONTEXTS = new Set(['RoutesResolver', 'RouterExplorer', 'WebSocketsController']);

/**
 * One JSON object per line on stdout, so operators can ship logs without parsing. Quiet during Jest runs
 * unless LOG_LEVEL asks for more.
 */
class JsonLogger implements LoggerService {
  private threshold: number = LEVELS.info;

  setLevel(level: string | undefined): void {
    if (level === 'silent') {
      this.threshold = Infinity;
    } else if (level && level in LEVELS) {
      this.threshold = LEVELS[level as Level];
    }
  }

  write(level: Level, msg: string, fields?: unknown, ...rest: unknown[]): void {
    if (LEVELS[level] < this.threshold) {
      return;
    }
    // Nest's own calls pass (message, stack?, context?) rather than a fields object.
    const extra =
      fields !== null && typeof fields === 'object'
        ? (fields as Record<string, unknown>)
        : fields === undefined
          ? contextOf(rest)
          : { detail: typeof fields === 'string' ? fields : JSON.stringify(fields), ...contextOf(rest) };
    const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...extra });
    process.stdout.write(`${line}\n`);
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: unknown, ...rest: unknown[]): void {
    this.write('warn', msg, fields, ...rest);
  }
  error(msg: string, fields?: unknown, ...rest: unknown[]): void {
    this.write('error', msg, fields, ...rest);
  }

  // LoggerService (Nest's own messages): the optional trailing param is the context.
  log(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    if (context && NEST_ROUTE_CONTEXTS.has(context.context)) {
      return;
    }
    this.write(
      context && NEST_STARTUP_CONTEXTS.has(context.context) ? 'debug' : 'info',
      String(message),
      context,
    );
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('debug', String(message), contextOf(params));
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('error', String(message), contextOf(params));
  }
}

function contextOf(params: unknown[]): { context: string } | undefined {
  const last = params[params.length - 1];
  return typeof last === 'string' ? { context: last } : undefined;
}

export const logger = new JsonLogger();
