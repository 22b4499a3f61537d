import { AsyncLocalStorage } from 'node:async_hooks';

const context = new AsyncLocalStorage<Record<string, unknown>>();

/**
 * Runs `work` with fields every log line written during it carries (the worker's job id, queue and
 * tenant), however deep the call that logs: no logger has to be passed down for it.
 */
export function withLogContext<T>(fields: Record<string, unknown>, work: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, work);
}

/** The fields of the current context (pino's mixin). */
export const currentLogContext = (): Record<string, unknown> => context.getStore() ?? {};
