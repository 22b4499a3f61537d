import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '@vigie/config';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on routes that export whole tables (BI views): they count against EXPORT_RATE_PER_MINUTE instead. */
    export?: boolean;
  }
}

const MINUTE_MS = 60_000;

/**
 * preHandler of the authenticated routes: each GET counts against its caller's read budget, or its
 * export budget on export routes (429 `rate_limited` with Retry-After beyond). Counted in Redis, so
 * the budget is shared by every API process; `app` must have @fastify/rate-limit registered.
 */
export function readLimits(app: FastifyInstance, reads: Readonly<Config['reads']>) {
  const caller = (request: FastifyRequest) => request.principal?.tokenId ?? request.ip;
  const read = app.rateLimit({ max: reads.ratePerMinute, timeWindow: MINUTE_MS, keyGenerator: (r) => `read:${caller(r)}` });
  const exported = app.rateLimit({ max: reads.exportRatePerMinute, timeWindow: MINUTE_MS, keyGenerator: (r) => `export:${caller(r)}` });
  return async function limitReads(request: FastifyRequest, reply: FastifyReply) {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    await (request.routeOptions.config.export ? exported : read).call(app, request, reply);
  };
}
