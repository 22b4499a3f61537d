import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, checkEvent, timeWindow, IngestAccepted, IngestEnvelope, IngestFailureList, type IngestEvent, type ItemResult } from '@vigie/contracts';
import { enqueue } from '@vigie/queue';
import { carts, establishments, ingestBatches, sources } from '@vigie/store';
import { INGESTERS, MANAGERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app.ts';
import { AppError, notFound } from '../errors.ts';
import { batchAcceptor } from '../ingest/accept-batches.ts';
import { inflate, readEnvelope } from '../ingest/read-body.ts';

const MINUTE_MS = 60_000;

export async function ingestRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, queues, config } = deps;
  const acceptor = batchAcceptor(db, queues, deps.log);
  const sourceIds = new Map<string, string>();
  const sourceId = async (tenantId: string, name: string) => {
    const key = `${tenantId}/${name}`;
    let id = sourceIds.get(key);
    if (!id) {
      id = await sources.ensure(db, tenantId, name);
      sourceIds.set(key, id);
    }
    return id;
  };

  // Bodies are read as text and parsed here, so a malformed line or item gets a precise answer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/x-ndjson'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post('/v1/ingest/events', {
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
      response: { 202: IngestAccepted, 207: IngestAccepted, 400: ApiError, 401: ApiError, 403: ApiError, 413: ApiError, 415: ApiError, 429: ApiError },
    },
  }, async (request, reply) => {
    const caller = tenantCaller(request, INGESTERS);
    const envelope = readEnvelope(request);
    if (envelope.events.length > config.ingest.maxEvents) {
      throw new AppError(413, 'too_many_events', `at most ${config.ingest.maxEvents} events per request, got ${envelope.events.length}`, 'events');
    }
    const window = timeWindow(Date.now(), config.retention.observationDays, config.ingest.maxFutureMinutes);
    const rejected: ItemResult[] = [];
    const valid: { index: number; event: IngestEvent }[] = [];
    envelope.events.forEach((raw, index) => {
      const check = checkEvent(raw, index, window);
      if (check.ok) valid.push({ index, event: check.event });
      else rejected.push(check.result);
    });
    const placed = await rejectUnknownPlaces(deps, caller.tenantId, valid, rejected);

    let batchId: string | null = null;
    if (placed.length > 0) {
      const source = await sourceId(caller.tenantId, envelope.source);
      batchId = await acceptor.accept({ tenantId: caller.tenantId, sourceId: source, eventsJson: JSON.stringify(placed.map((v) => v.event)), eventCount: placed.length });
    }
    rejected.sort((a, b) => a.index - b.index);
    request.log.info({ tenantId: caller.tenantId, batchId, accepted: placed.length, rejected: rejected.length }, 'ingest batch');
    deps.metrics?.ingestAnswered(placed.length, rejected);
    return reply.status(rejected.length ? 207 : 202).send({ batch_id: batchId, accepted: placed.length, rejected: rejected.length, results: rejected });
  });

  typed.get('/v1/ingest/failures', {
    schema: {
      tags: ['ingest'],
      summary: 'Batches the worker could not store, with the reason',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), before: z.iso.datetime({ offset: true }).optional() }),
      response: { 200: IngestFailureList, 401: ApiError, 403: ApiError },
    },
  }, async (request) => {
    const caller = tenantCaller(request, MANAGERS);
    const rows = await ingestBatches.listFailed(db, caller.tenantId, {
      limit: request.query.limit,
      ...(request.query.before ? { before: new Date(request.query.before) } : {}),
    });
    return {
      items: rows.map((r) => ({ ...r, accepted_at: r.accepted_at.toISOString(), failed_at: r.failed_at?.toISOString() ?? null })),
    };
  });

  typed.post('/v1/ingest/failures/:id/replay', {
    schema: {
      tags: ['ingest'],
      summary: 'Queue a failed batch again',
      params: z.object({ id: z.uuid() }),
      response: { 202: z.object({ batch_id: z.uuid(), replay: z.number().int() }), 401: ApiError, 403: ApiError, 404: ApiError },
    },
  }, async (request, reply) => {
    const caller = tenantCaller(request, MANAGERS);
    const reopened = await ingestBatches.reopen(db, caller.tenantId, request.params.id);
    if (!reopened) throw notFound('failed batch');
    await enqueue.ingestBatch(queues, { tenantId: caller.tenantId, sourceId: reopened.source_id, batches: [{ id: request.params.id, events: reopened.event_count }] }, reopened.replays);
    return reply.status(202).send({ batch_id: request.params.id, replay: reopened.replays });
  });
}

/** Rejects inventory items naming an establishment or cart the tenant does not have. */
async function rejectUnknownPlaces(deps: AppDeps, tenantId: string, valid: { index: number; event: IngestEvent }[], rejected: ItemResult[]) {
  const inventories = valid.flatMap((v) => (v.event.type === 'inventory' && v.event.establishment_uai ? [v.event] : []));
  if (inventories.length === 0) return valid;
  const uaiIds = await establishments.idsByUai(deps.db, tenantId, [...new Set(inventories.map((e) => e.establishment_uai!))]);
  const cartIds = await carts.idsByName(deps.db, tenantId, inventories.flatMap((e) => {
    const establishmentId = uaiIds.get(e.establishment_uai!);
    return e.cart && establishmentId ? [{ establishmentId, name: e.cart }] : [];
  }));
  return valid.filter(({ index, event }) => {
    if (event.type !== 'inventory' || !event.establishment_uai) return true;
    const establishmentId = uaiIds.get(event.establishment_uai);
    if (!establishmentId) {
      rejected.push({ index, status: 'rejected', code: 'unknown_establishment', field: 'establishment_uai', message: `no establishment ${event.establishment_uai} in this tenant; create it first` });
      return false;
    }
    if (event.cart && !cartIds.has(`${establishmentId}/${event.cart}`)) {
      rejected.push({ index, status: 'rejected', code: 'unknown_cart', field: 'cart', message: `no cart "${event.cart}" in ${event.establishment_uai}; create it first` });
      return false;
    }
    return true;
  });
}
