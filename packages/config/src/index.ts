export { loadConfig, ConfigError, Env, isLoopbackHttp, type Config } from './env.ts';
export { createLogger, type Logger } from './logger.ts';
