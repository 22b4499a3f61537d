import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import { createOutbound, parseAllowList } from '@vigie/outbound';
import type { AppDeps, RouteDeps } from './app-deps.ts';
import { createAuthenticator, createTokenResolver } from './auth.ts';
import { AppError, handleError } from './errors.ts';
import { refuseTokenInQuery, refuseUnstorableText, strictValidatorCompiler } from './strict-input.ts';
import { activityRoutes } from './routes/activity.ts';
import { appUsageRoutes } from './routes/app-usage.ts';
import { biExportRoutes } from './routes/bi-export.ts';
import { comparisonRoutes } from './routes/comparisons.ts';
import { createLiveHub } from './live/live-hub.ts';
import { nameOperation } from './openapi/operation-ids.ts';
import { streamRoutes } from './live/stream-route.ts';
import { createSocketCaps } from './live/socket-caps.ts';
import { readLimits } from './read-limits.ts';
import { listenForTokenEnds } from './token-ends-listener.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { alertRuleRoutes } from './routes/alert-rules.ts';
import { auditRoutes } from './routes/audit.ts';
import { alertRoutes } from './routes/alerts.ts';
import { deviceReviewRoutes } from './routes/device-review.ts';
import { deviceRoutes } from './routes/devices.ts';
import { establishmentRoutes } from './routes/establishments.ts';
import { fleetRoutes } from './routes/fleet.ts';
import { healthRoutes } from './routes/health.ts';
import { obsolescenceRoutes } from './routes/obsolescence.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { notificationEndpointRoutes } from './routes/notification-endpoints.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { recomputeRoutes } from './routes/recompute.ts';
import { settingsRoutes } from './routes/settings.ts';
import { pendingRecompute } from './recompute/pending-header.ts';
import { sourceRoutes } from './routes/sources.ts';
import { tenantRoutes } from './routes/tenants.ts';
import { outboundAllowListRoutes } from './routes/outbound-allowlist.ts';
import { sessionRoutes } from './routes/session.ts';
import { signInLinkRoutes } from './routes/sign-in-link.ts';
import { signInOidcRoutes } from './routes/sign-in-oidc.ts';
import { oidcSettingsRoutes } from './routes/oidc-settings.ts';
import { createSessionResolver } from './sign-in/session-resolver.ts';
import { sendIndex, serveDashboard, wantsDashboard } from './web/serve-dashboard.ts';
import { versionRoutes } from './routes/version.ts';
import { API_VERSION } from './release.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the API (plugins, auth, error handler, every route); server.ts starts it, tests inject(). */
export async function buildApp(appDeps: AppDeps): Promise<FastifyInstance> {
  const deps: RouteDeps = {
    ...appDeps,
    outbound: appDeps.outbound ?? createOutbound({ allow: parseAllowList(appDeps.config.outbound.allow) }),
  };
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
  // A browser navigating to one of the dashboard's own routes (/etablissements/...) gets the app.
  app.setNotFoundHandler((request, reply) =>
    wantsDashboard(request)
      ? sendIndex(reply, deps.config.web.distDir)
      : reply
          .status(404)
          .send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}`, field: null } }),
  );
  app.addHook('onRequest', refuseTokenInQuery);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  if (deps.metrics) app.addHook('onResponse', deps.metrics.observeRequest);

  app.addHook('onRoute', nameOperation);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Vigie API',
        version: API_VERSION,
        license: { name: 'AGPL-3.0-or-later', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
        description:
          'Fleet and usage telemetry of school digital equipment. Every route but /healthz, /readyz, /auth/* and the docs needs `Authorization: Bearer <token>` (programs) or the `vigie_session` cookie of a signed-in person (writes then need the `x-csrf-token` header from GET /v1/session).',
      },
      servers: [{ url: deps.config.api.publicUrl }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'vigie_session' } },
      },
      security: [{ bearer: [] }, { session: [] }],
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
  if (!appDeps.outbound) app.addHook('onClose', async () => deps.outbound.close());
  await app.register(rateLimit, {
    global: false,
    redis: limiterRedis,
    skipOnError: true,
    nameSpace: `${deps.config.redis.prefix}-rate-`,
    // Runs after authentication, so the limit is per token rather than per IP.
    hook: 'preHandler',
    keyGenerator: (request) => request.principal?.tokenId ?? request.ip,
    errorResponseBuilder: (_request, context) =>
      new AppError(429, 'rate_limited', `at most ${context.max} requests per ${context.after}; retry later`),
  });

  await app.register(cookie);
  const resolveToken = createTokenResolver(deps.db, deps.log);
  const resolveSession = createSessionResolver(deps.db, deps.config);
  const authenticate = createAuthenticator(resolveToken, resolveSession);
  // A connection in subscriber mode can run nothing else, hence a dedicated one per API process,
  // shared by the live hub and the token ends.
  const subscriber = deps.redis.duplicate();
  // ioredis reconnects by itself; /readyz and the metrics report Redis down, so one line per retry is noise.
  subscriber.on('error', (err: unknown) => deps.log.debug({ err }, 'redis subscriber error'));
  const hub = createLiveHub(subscriber, deps.config.live, deps.config.redis.prefix, deps.log.child({ component: 'live' }));
  app.addHook('preClose', () => hub.close());
  deps.metrics?.observeLive(() => hub.stats());
  listenForTokenEnds(subscriber, deps.db, deps.config.redis.prefix, resolveToken, hub, deps.log);
  const socketCaps = createSocketCaps(deps.config.live);
  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  await app.register(async (scope) => streamRoutes(scope, deps, hub, socketCaps, resolveToken, resolveSession));
  await app.register(async (scope) => {
    scope.addHook('onRequest', authenticate);
    scope.addHook('preHandler', readLimits(app, deps.config.reads));
    scope.addHook('preHandler', pendingRecompute(deps));
    await scope.register(async (ingest) => ingestRoutes(ingest, deps));
    await deviceRoutes(scope, deps);
    await establishmentRoutes(scope, deps);
    await fleetRoutes(scope, deps);
    await tenantRoutes(scope, deps);
    await tokenRoutes(scope, deps);
    await outboundAllowListRoutes(scope, deps);
    await activityRoutes(scope, deps);
    await obsolescenceRoutes(scope, deps);
    await biExportRoutes(scope, deps);
    await comparisonRoutes(scope, deps);
    await appUsageRoutes(scope, deps);
    await sourceRoutes(scope, deps);
    await scope.register(async (review) => deviceReviewRoutes(review, deps));
    await alertRoutes(scope, deps);
    await alertRuleRoutes(scope, deps);
    await settingsRoutes(scope, deps);
    await recomputeRoutes(scope, deps);
    await scope.register(async (calendar) => calendarRoutes(calendar, deps));
    await notificationEndpointRoutes(scope, deps);
    await versionRoutes(scope, deps);
    await sessionRoutes(scope, deps);
    await oidcSettingsRoutes(scope, deps);
    await auditRoutes(scope, deps);
  });
  await signInLinkRoutes(app, deps);
  await signInOidcRoutes(app, deps);
  await serveDashboard(app, deps);
  await healthRoutes(app, deps);
  return app;
}
