import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Config, Logger } from '@vigie/config';
import type { Queues } from '@vigie/queue';
import type { Db } from '@vigie/store';
import { createAuthenticator, createTokenResolver } from './auth.ts';
import { AppError, handleError } from './errors.ts';
import { refuseTokenInQuery, refuseUnstorableText, strictValidatorCompiler } from './strict-input.ts';
import { activityRoutes } from './routes/activity.ts';
import { appUsageRoutes } from './routes/app-usage.ts';
import { biExportRoutes } from './routes/bi-export.ts';
import { comparisonRoutes } from './routes/comparisons.ts';
import { createLiveHub } from './live/live-hub.ts';
import { streamRoutes } from './live/stream-route.ts';
import { alertRuleRoutes } from './routes/alert-rules.ts';
import { alertRoutes } from './routes/alerts.ts';
import { deviceReviewRoutes } from './routes/device-review.ts';
import { deviceRoutes } from './routes/devices.ts';
import { establishmentRoutes } from './routes/establishments.ts';
import { fleetRoutes } from './routes/fleet.ts';
import { healthRoutes } from './routes/health.ts';
import { obsolescenceRoutes } from './routes/obsolescence.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { notificationEndpointRoutes } from './routes/notification-endpoints.ts';
import { sourceRoutes } from './routes/sources.ts';
import { tenantRoutes } from './routes/tenants.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

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
    // A caller's x-request-id is kept only if short and plain (it is echoed and logged); else ours.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    },
    bodyLimit: 1024 * 1024,
    connectionTimeout: 30_000,
    requestTimeout: 60_000,
  });
  app.setValidatorCompiler(strictValidatorCompiler);
  app.addHook('preValidation', refuseUnstorableText);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}`, field: null } }),
  );
  app.addHook('onRequest', refuseTokenInQuery);
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

  // Its own connection, failing fast: with Redis down, limits are skipped rather than requests held
  // (ingestion keeps accepting into the PostgreSQL outbox).
  const limiterRedis = deps.redis.duplicate({ enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 500 });
  limiterRedis.on('error', () => undefined);
  app.addHook('onClose', async () => limiterRedis.disconnect());
  await app.register(rateLimit, {
    global: false,
    redis: limiterRedis,
    skipOnError: true,
    nameSpace: `${deps.config.redis.prefix}-rate-`,
    // Runs after authentication, so the limit is per token rather than per IP.
    hook: 'preHandler',
    keyGenerator: (request) => request.principal?.tokenId ?? request.ip,
    errorResponseBuilder: (_request, context) => new AppError(429, 'rate_limited', `at most ${context.max} requests per ${context.after}; retry later`),
  });

  const resolveToken = createTokenResolver(deps.db);
  const authenticate = createAuthenticator(resolveToken);
  // A connection in subscriber mode can run nothing else, hence a dedicated one per API process.
  const hub = createLiveHub(deps.redis.duplicate(), deps.config.live, deps.config.redis.prefix, deps.log.child({ component: 'live' }));
  app.addHook('preClose', () => hub.close());
  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  await app.register(async (scope) => streamRoutes(scope, deps, hub, resolveToken));
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
    await alertRoutes(scope, deps);
    await alertRuleRoutes(scope, deps);
    await notificationEndpointRoutes(scope, deps);
  });
  await healthRoutes(app, deps);
  return app;
}
