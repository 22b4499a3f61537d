import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Config, Logger } from '@vigie/config';
import type { Queues } from '@vigie/queue';
import type { Db } from '@vigie/store';
import { createAuthenticator } from './auth.ts';
import { AppError, handleError } from './errors.ts';
import { activityRoutes } from './routes/activity.ts';
import { appUsageRoutes } from './routes/app-usage.ts';
import { biExportRoutes } from './routes/bi-export.ts';
import { comparisonRoutes } from './routes/comparisons.ts';
import { deviceReviewRoutes } from './routes/device-review.ts';
import { deviceRoutes } from './routes/devices.ts';
import { establishmentRoutes } from './routes/establishments.ts';
import { fleetRoutes } from './routes/fleet.ts';
import { healthRoutes } from './routes/health.ts';
import { obsolescenceRoutes } from './routes/obsolescence.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { sourceRoutes } from './routes/sources.ts';
import { tenantRoutes } from './routes/tenants.ts';

export interface AppDeps {
  db: Db;
  redis: Redis;
  queues: Queues;
  config: Readonly<Config>;
  log: Logger;
}

/** Builds the API (plugins, auth, error handler, every route); server.ts starts it, tests inject(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger type is wider than fastify's base logger; the instance is the same.
    loggerInstance: deps.log as FastifyBaseLogger,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    connectionTimeout: 30_000,
    requestTimeout: 60_000,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}`, field: null } }),
  );
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Vigie API', version: '1.0.0', description: 'Fleet and usage telemetry of school digital equipment. Every route but /healthz, /readyz and the docs needs `Authorization: Bearer <token>`.' },
      servers: [{ url: deps.config.api.publicUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(rateLimit, {
    global: false,
    redis: deps.redis,
    nameSpace: `${deps.config.redis.prefix}-rate-`,
    // Runs after authentication, so the limit is per token rather than per IP.
    hook: 'preHandler',
    keyGenerator: (request) => request.principal?.tokenId ?? request.ip,
    errorResponseBuilder: (_request, context) => new AppError(429, 'rate_limited', `at most ${context.max} requests per ${context.after}; retry later`),
  });

  const authenticate = createAuthenticator(deps.db);
  await app.register(async (scope) => {
    scope.addHook('onRequest', authenticate);
    await scope.register(async (ingest) => ingestRoutes(ingest, deps));
    await deviceRoutes(scope, deps);
    await establishmentRoutes(scope, deps);
    await fleetRoutes(scope, deps);
    await tenantRoutes(scope, deps);
    await activityRoutes(scope, deps);
    await obsolescenceRoutes(scope, deps);
    await biExportRoutes(scope, deps);
    await comparisonRoutes(scope, deps);
    await appUsageRoutes(scope, deps);
    await sourceRoutes(scope, deps);
    await scope.register(async (review) => deviceReviewRoutes(review, deps));
  });
  await healthRoutes(app, deps);
  return app;
}
