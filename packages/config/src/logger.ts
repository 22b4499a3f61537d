import { pino, type Logger } from 'pino';
import { currentLogContext } from './log-context.ts';

export type { Logger };

/** A URL as logged: its query string replaced, since a caller may put a token or a search there. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : `${url.slice(0, at)}?[redacted]`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  id?: string;
  socket?: { remoteAddress?: string };
}

/** The one pino logger of a process; fastify and the worker share it and add context with child(). */
export function createLogger(options: { level: string; name: string }, destination?: NodeJS.WritableStream): Logger {
  const settings = {
    name: options.name,
    level: options.level,
    // Job id, queue and tenant of the job being run, on every line it leads to (log-context.ts).
    mixin: currentLogContext,
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: req.url === undefined ? undefined : redactUrl(req.url),
        remoteAddress: req.socket?.remoteAddress,
      }),
    },
    // Tokens and MDM credentials must never reach the logs, whatever a caller passes.
    redact: {
      paths: [
        'req.headers.authorization',
        '*.token',
        '*.credentials',
        '*.password',
        '*.client_secret',
        '*.private_key',
        '*.api_key',
        '*.api_token',
        '*.user_token',
        '*.app_token',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(settings, destination) : pino(settings);
}
