export { loadConfig, ConfigError, Env, isLoopbackHttp, type Config } from './env.ts';
export { createLogger, type Logger } from './logger.ts';
export * as commandLine from './command-line.ts';
export { withLogContext } from './log-context.ts';
