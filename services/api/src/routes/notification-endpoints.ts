import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  NotificationDeliveryList,
  NotificationEndpoint,
  NotificationEndpointCreated,
  NotificationEndpointInput,
  NotificationEndpointList,
  NotificationEndpointPatch,
  NotificationTestResult,
  type WebhookPayload,
} from '@vigie/contracts';
import { enqueue } from '@vigie/queue';
import { notificationDeliveries, notificationEndpoints, secretBox } from '@vigie/store';
import { MANAGERS, tenantCaller } from '../auth.ts';
import type { AppDeps, RouteDeps } from '../app-deps.ts';
import { recordEvent } from '../audit/record-event.ts';
import { AppError, notFound } from '../errors.ts';
import { withRedis } from '../needs-redis.ts';
import { refuseInternal } from '../outbound/refuse-internal.ts';
import { testWebhook } from '../outbound/test-webhook.ts';
import { deleteSchema, IdParams } from '../openapi/resource-schemas.ts';

type EndpointRow = NonNullable<Awaited<ReturnType<typeof notificationEndpoints.find>>>;
const toEndpoint = (r: EndpointRow) => ({
  ...r,
  kind: r.kind as 'webhook',
  min_severity: r.min_severity as 'info',
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});
// A test posts to an address the caller chose: per token, few enough that the route cannot serve
// as a scanner of hosts and ports, enough to fix a receiver by trial and error.
const TEST_RATE_LIMIT = { max: 5, timeWindow: 60_000 };

function secretKey(deps: AppDeps): secretBox.Keyring {
  try {
    return secretBox.keyring(deps.config.secrets);
  } catch (error) {
    throw new AppError(503, 'unavailable', `cannot store a webhook secret: ${(error as Error).message}`);
  }
}

export async function notificationEndpointRoutes(app: FastifyInstance, deps: RouteDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 503: ApiError };

  typed.get(
    '/v1/notification-endpoints',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Webhook and e-mail endpoints (secrets are never returned)',
        response: { 200: NotificationEndpointList, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      return { items: (await notificationEndpoints.list(deps.db, caller.tenantId)).map(toEndpoint) };
    },
  );

  typed.post(
    '/v1/notification-endpoints',
    {
      schema: {
        tags: ['alerts'],
        summary: "Create an endpoint; a webhook's signing secret is in this answer only",
        body: NotificationEndpointInput,
        response: { 201: NotificationEndpointCreated, ...errors },
      },
    },
    async (request, reply) => {
      const caller = tenantCaller(request, MANAGERS);
      const b = request.body;
      if (b.kind === 'webhook' && !b.url) throw new AppError(400, 'invalid_field', 'a webhook needs a url', 'url');
      if (b.kind === 'email' && !b.email) throw new AppError(400, 'invalid_field', 'an e-mail endpoint needs an email', 'email');
      if (b.kind === 'webhook') await refuseInternal(deps, caller.tenantId, { url: b.url });
      if (await notificationEndpoints.findByName(deps.db, caller.tenantId, b.name))
        throw new AppError(409, 'conflict', `an endpoint named ${b.name} exists`, 'name');
      const secret = b.kind === 'webhook' ? `whsec_${randomBytes(24).toString('base64url')}` : null;
      const row = await notificationEndpoints.create(deps.db, caller.tenantId, {
        kind: b.kind,
        name: b.name,
        url: b.kind === 'webhook' ? b.url! : null,
        email: b.kind === 'email' ? b.email! : null,
        secret: secret ? secretBox.seal(secretKey(deps), secret) : null,
        digest: b.digest,
        minSeverity: b.min_severity,
      });
      // Kind and name only: an e-mail address may be a person's, and the secret is never recorded.
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'notification_endpoint.created',
        target: { kind: 'notification_endpoint', id: row.id },
        details: { kind: b.kind, name: b.name },
      });
      return reply.status(201).send({ ...toEndpoint(row), secret });
    },
  );

  typed.patch(
    '/v1/notification-endpoints/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Change an endpoint; `enabled: true` re-enables one disabled after failures',
        params: IdParams,
        body: NotificationEndpointPatch,
        response: { 200: NotificationEndpoint, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const b = request.body;
      await refuseInternal(deps, caller.tenantId, { url: b.url });
      const row = await notificationEndpoints.update(deps.db, caller.tenantId, request.params.id, { ...b, minSeverity: b.min_severity });
      if (!row) throw notFound('notification endpoint');
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'notification_endpoint.updated',
        target: { kind: 'notification_endpoint', id: row.id },
        details: { changed: Object.keys(b).filter((k) => b[k as keyof typeof b] !== undefined) },
      });
      return toEndpoint(row);
    },
  );

  typed.delete(
    '/v1/notification-endpoints/:id',
    {
      schema: deleteSchema('alerts', 'Delete an endpoint and its delivery log', IdParams, errors),
    },
    async (request, reply) => {
      const caller = tenantCaller(request, MANAGERS);
      if (!(await notificationEndpoints.remove(deps.db, caller.tenantId, request.params.id))) throw notFound('notification endpoint');
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'notification_endpoint.deleted',
        target: { kind: 'notification_endpoint', id: request.params.id },
      });
      return reply.status(204).send(null);
    },
  );

  typed.get(
    '/v1/notification-endpoints/:id/deliveries',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Delivery log of an endpoint: status, attempts, last error',
        params: IdParams,
        response: { 200: NotificationDeliveryList, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      if (!(await notificationEndpoints.find(deps.db, caller.tenantId, request.params.id))) throw notFound('notification endpoint');
      const rows = await notificationDeliveries.listByEndpoint(deps.db, caller.tenantId, request.params.id, 200);
      return { items: rows.map(toDelivery) };
    },
  );

  typed.post(
    '/v1/notification-endpoints/:id/test',
    {
      schema: {
        tags: ['alerts'],
        params: IdParams,
        response: { 200: NotificationTestResult, 429: ApiError, ...errors },
        summary:
          'Send a test notification: a webhook is posted now (delivered, http_error or unreachable, whatever the reason); an e-mail is queued (see the delivery log). At most 5 a minute per token',
      },
      config: { rateLimit: TEST_RATE_LIMIT },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const endpoint = await notificationEndpoints.findForDelivery(deps.db, caller.tenantId, request.params.id);
      if (!endpoint) throw notFound('notification endpoint');
      const key = `test-${crypto.randomUUID()}`;
      const payload: WebhookPayload = {
        version: 1,
        id: key,
        type: 'test',
        created_at: new Date().toISOString(),
        tenant_id: caller.tenantId,
      };
      const delivery = await notificationDeliveries.create(deps.db, caller.tenantId, {
        endpointId: endpoint.id,
        idempotencyKey: key,
        kind: 'test',
        alertId: null,
        payload,
      });
      // SMTP is the worker's: an e-mail test goes through the delivery queue and answers it pending.
      if (endpoint.kind === 'email') {
        await withRedis(deps.redis, () =>
          enqueue.deliverWebhook(
            deps.queues,
            { tenantId: caller.tenantId, deliveryId: delivery.id },
            { attempts: 1, backoffMs: deps.config.webhooks.backoffMs },
          ),
        );
        return { ...toDelivery(delivery), delivered: false, outcome: 'queued' as const };
      }
      if (!endpoint.url || !endpoint.secret) throw new AppError(503, 'unavailable', 'this webhook has no url or secret');
      const secret = secretBox.open(secretKey(deps), endpoint.secret);
      const result = await testWebhook(
        deps,
        caller.tenantId,
        { url: endpoint.url, secret, deliveryId: key, body: JSON.stringify(payload) },
        request.log,
      );
      const recorded = await notificationDeliveries.recordAttempt(deps.db, caller.tenantId, delivery.id, {
        delivered: result.outcome === 'delivered',
        final: true,
        status: result.status,
        error: result.outcome === 'delivered' ? null : result.outcome === 'http_error' ? `HTTP ${result.status}` : 'unreachable',
      });
      return { ...toDelivery(recorded ?? delivery), delivered: result.outcome === 'delivered', outcome: result.outcome };
    },
  );
}

type DeliveryRow = Awaited<ReturnType<typeof notificationDeliveries.listByEndpoint>>[number];
function toDelivery(r: DeliveryRow) {
  return {
    ...r,
    kind: r.kind as 'test',
    status: r.status as 'pending',
    created_at: r.created_at.toISOString(),
    delivered_at: r.delivered_at ? r.delivered_at.toISOString() : null,
  };
}
