import { pino, type Logger } from 'pino';

export type { Logger };

/** The one pino logger of a process; fastify and the worker share it and add context with child(). */
export function createLogger(options: { level: string; name: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    // Tokens and MDM credentials must never reach the logs, whatever a caller passes.
    redact: { paths: ['req.headers.authorization', '*.token', '*.credentials', '*.password', '*.client_secret', '*.private_key', '*.api_key', '*.api_token', '*.user_token', '*.app_token'], censor: '[redacted]' },
  });
}
