import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventAcceptor } from '@vigie/accept';
import { ApiError, IngestAccepted, IngestEnvelope, IngestFailureList } from '@vigie/contracts';
import { enqueue } from '@vigie/queue';
import { ingestBatches, sources } from '@vigie/store';
import { INGESTERS, MANAGERS, tenantCaller, type TenantPrincipal } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordEvent } from '../audit/record-event.ts';
import { AppError, notFound } from '../errors.ts';
import { inflate, readEnvelope } from '../ingest/read-body.ts';
import { IdParams } from '../openapi/resource-schemas.ts';

const MINUTE_MS = 60_000;

export async function ingestRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, queues, config } = deps;
  const acceptor = eventAcceptor({ db, queues, config, log: deps.log });
  const sourceIds = new Map<string, string>();
  // A push under a new source name creates the source; a connector token creates at most
  // CONNECTOR_MAX_PUSH_SOURCES of them, so a leaked or looping one cannot fill the tenant with sources.
  const sourceId = async (caller: TenantPrincipal, name: string) => {
    const key = `${caller.tenantId}/${name}`;
    let id = sourceIds.get(key);
    if (!id) {
      const found =
        caller.role === 'connector'
          ? await sources.ensureCreatedBy(db, caller.tenantId, name, caller.tokenId, config.ingest.connectorMaxPushSources)
          : await sources.ensure(db, caller.tenantId, name);
      if (!found)
        throw new AppError(
          403,
          'source_limit',
          `this connector token has created ${config.ingest.connectorMaxPushSources} sources already; push under one of them or ask an admin`,
          'source',
        );
      id = found;
      sourceIds.set(key, id);
    }
    return id;
  };

  // Bodies are read as text and parsed here, so a malformed line or item gets a precise answer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/x-ndjson'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post(
    '/v1/ingest/events',
    {
      bodyLimit: config.ingest.maxBytes,
      preParsing: inflate,
      config: { rateLimit: { max: config.ingest.ratePerMinute, timeWindow: MINUTE_MS } },
      // The body is validated item by item in the handler; the schema is here for the OpenAPI document.
      validatorCompiler: () => (data) => ({ value: data }),
      schema: {
        tags: ['ingest'],
        summary: 'Push device events (JSON or NDJSON, optionally gzip)',
        description: `At most ${config.ingest.maxEvents} events and ${config.ingest.maxBytes} bytes (after gzip inflation) per request, ${config.ingest.ratePerMinute} requests a minute per token. NDJSON: one event per line, source in ?source=.`,
        querystring: z.object({ source: z.string().optional() }),
        body: IngestEnvelope.extend({ events: z.array(z.record(z.string(), z.unknown())) }),
        response: {
          202: IngestAccepted,
          207: IngestAccepted,
          400: ApiError,
          401: ApiError,
          403: ApiError,
          413: ApiError,
          415: ApiError,
          429: ApiError,
        },
      },
    },
    async (request, reply) => {
      const caller = tenantCaller(request, INGESTERS);
      const envelope = readEnvelope(request);
      if (envelope.events.length > config.ingest.maxEvents) {
        throw new AppError(
          413,
          'too_many_events',
          `at most ${config.ingest.maxEvents} events per request, got ${envelope.events.length}`,
          'events',
        );
      }
      const source = await sourceId(caller, envelope.source);
      const outcome = await acceptor.accept({
        tenantId: caller.tenantId,
        sourceId: source,
        events: envelope.events,
        unknownPlace: 'reject',
        batchEvents: config.ingest.maxEvents,
      });
      const batchId = outcome.batchIds[0] ?? null;
      request.log.info(
        {
          tenantId: caller.tenantId,
          batchId,
          accepted: outcome.accepted,
          rejected: outcome.rejected,
          warnings: outcome.results.length - outcome.rejected,
        },
        'ingest batch',
      );
      deps.metrics?.ingestAnswered(
        outcome.accepted,
        outcome.results.filter((r) => r.status === 'rejected'),
      );
      return reply
        .status(outcome.results.length ? 207 : 202)
        .send({ batch_id: batchId, accepted: outcome.accepted, rejected: outcome.rejected, results: outcome.results });
    },
  );

  typed.get(
    '/v1/ingest/failures',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Batches the worker could not store, with the reason',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: z.iso.datetime({ offset: true }).optional(),
        }),
        response: { 200: IngestFailureList, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const rows = await ingestBatches.listFailed(db, caller.tenantId, {
        limit: request.query.limit,
        ...(request.query.before ? { before: new Date(request.query.before) } : {}),
      });
      return {
        items: rows.map((r) => ({ ...r, accepted_at: r.accepted_at.toISOString(), failed_at: r.failed_at?.toISOString() ?? null })),
      };
    },
  );

  typed.post(
    '/v1/ingest/failures/:id/replay',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Queue a failed batch again',
        params: IdParams,
        response: { 202: z.object({ batch_id: z.uuid(), replay: z.number().int() }), 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request, reply) => {
      const caller = tenantCaller(request, MANAGERS);
      const reopened = await ingestBatches.reopen(db, caller.tenantId, request.params.id);
      if (!reopened) throw notFound('failed batch');
      // Like an accept: the reopened batch is owed to the store from its commit on; if Redis is down
      // the sweeper queues it once Redis is back.
      enqueue
        .ingestBatch(
          queues,
          { tenantId: caller.tenantId, sourceId: reopened.source_id, batches: [{ id: request.params.id, events: reopened.event_count }] },
          reopened.replays,
        )
        .catch((err: unknown) =>
          request.log.warn({ err, batchId: request.params.id }, 'replayed batch not queued; the sweeper will queue it'),
        );
      await recordEvent(db, request, caller.tenantId, {
        action: 'ingest_batch.replayed',
        target: { kind: 'ingest_batch', id: request.params.id },
        details: { replay: reopened.replays, events: reopened.event_count },
      });
      return reply.status(202).send({ batch_id: request.params.id, replay: reopened.replays });
    },
  );
}
