import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  checkSourceConfig,
  Source,
  SourceCredentials,
  SourceInput,
  SourceList,
  SourcePatch,
  SyncQueued,
  SyncRunDetail,
  SyncRunList,
  type SourceConfig,
  type SourceKind,
} from '@vigie/contracts';
import { enqueue } from '@vigie/queue';
import { deviceAttributes, secretBox, sources, syncRunItems, syncRuns } from '@vigie/store';
import { MANAGERS, tenantCaller } from '../auth.ts';
import type { AppDeps, RouteDeps } from '../app-deps.ts';
import { AppError, notFound } from '../errors.ts';
import { requireRedis, withRedis } from '../needs-redis.ts';
import { refuseInternal } from '../outbound/refuse-internal.ts';
import { resolveAttributes } from '../devices/resolve-attributes.ts';
import { recordEvent } from '../audit/record-event.ts';
import { deleteSchema, IdParams } from '../openapi/resource-schemas.ts';

type SourceRow = NonNullable<Awaited<ReturnType<typeof sources.findPulled>>>;
const toSource = (r: SourceRow) => ({
  ...r,
  base_url: r.base_url ?? '',
  kind: r.kind as SourceKind,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

type RunRow = NonNullable<Awaited<ReturnType<typeof syncRuns.find>>>;
const toRun = (r: RunRow) => ({
  id: r.id,
  trigger: r.trigger as 'manual',
  status: r.status as 'running',
  started_at: r.started_at.toISOString(),
  finished_at: r.finished_at?.toISOString() ?? null,
  duration_ms: r.duration_ms,
  pages: r.pages,
  records_seen: r.records_seen,
  duplicates: r.duplicates,
  devices_created: r.devices_created,
  devices_updated: r.devices_updated,
  devices_unchanged: r.devices_unchanged,
  events_accepted: r.events_accepted,
  batches: r.batches,
  rejected: r.rejected,
  rejections: r.rejections,
  error_code: r.error_code,
  error: r.error,
});

/** Checks credentials against the kind's shape and seals them; the clear text never leaves this call. */
function seal(deps: AppDeps, kind: SourceKind, credentials: Record<string, string>): Buffer {
  const parsed = SourceCredentials[kind].safeParse(credentials);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(
      400,
      'invalid_field',
      `credentials.${issue.path.join('.')}: ${issue.message}`,
      `credentials.${issue.path.join('.')}`,
    );
  }
  let key: secretBox.Keyring;
  try {
    key = secretBox.keyring(deps.config.secrets);
  } catch (error) {
    throw new AppError(503, 'unavailable', `cannot store credentials: ${(error as Error).message}`);
  }
  return secretBox.seal(key, JSON.stringify(parsed.data));
}

/** The kind's own rules (URL shape, options, key formats), as a 400 naming the field. */
function checkConfig(kind: SourceKind, config: SourceConfig) {
  const problem = checkSourceConfig(kind, config);
  if (problem) throw new AppError(400, 'invalid_field', `${problem.field}: ${problem.message}`, problem.field);
}

async function syncSchedule(deps: AppDeps, tenantId: string, row: SourceRow) {
  if (row.enabled && row.schedule)
    await withRedis(deps.redis, () => enqueue.scheduleSource(deps.queues, tenantId, row.id, row.schedule!, row.time_zone));
  else await withRedis(deps.redis, () => enqueue.unscheduleSource(deps.queues, row.id));
}

export async function sourceRoutes(app: FastifyInstance, deps: RouteDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 503: ApiError };

  typed.get(
    '/v1/sources',
    {
      schema: {
        tags: ['sources'],
        summary: 'Pulled MDM sources (credentials are never returned)',
        response: { 200: SourceList, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const [rows, health] = await Promise.all([
        sources.listPulled(deps.db, caller.tenantId),
        syncRuns.healthBySource(deps.db, caller.tenantId),
      ]);
      const next = await Promise.all(rows.map((r) => (r.enabled && r.schedule ? enqueue.nextScheduledSync(deps.queues, r.id) : null)));
      return {
        items: rows.map((r, i) => {
          const h = health.get(r.id);
          return {
            ...toSource(r),
            last_run:
              h?.last_status && h.last_started_at
                ? {
                    status: h.last_status as 'running',
                    started_at: h.last_started_at.toISOString(),
                    finished_at: h.last_finished_at?.toISOString() ?? null,
                    error_code: h.last_error_code,
                  }
                : null,
            last_success_at: h?.last_success_at?.toISOString() ?? null,
            credentials_set: h?.credentials_set ?? false,
            next_run_at: next[i] ? new Date(next[i]!).toISOString() : null,
            devices: h?.devices ?? 0,
          };
        }),
      };
    },
  );

  typed.post(
    '/v1/sources',
    {
      schema: { tags: ['sources'], summary: 'Configure a pulled MDM source', body: SourceInput, response: { 201: Source, ...errors } },
    },
    async (request, reply) => {
      const caller = tenantCaller(request, MANAGERS);
      const b = request.body;
      checkConfig(b.kind, { base_url: b.base_url, token_url: b.token_url, options: b.options, credentials: b.credentials });
      await refuseInternal(deps, caller.tenantId, { base_url: b.base_url, token_url: b.token_url });
      if (await sources.findByName(deps.db, caller.tenantId, b.name))
        throw new AppError(409, 'conflict', `a source named ${b.name} exists`, 'name');
      const row = await sources.create(deps.db, caller.tenantId, {
        name: b.name,
        kind: b.kind,
        baseUrl: b.base_url,
        tokenUrl: b.token_url,
        pageSize: b.page_size,
        schedule: b.schedule,
        timeZone: b.time_zone,
        options: b.options,
        mapping: b.mapping,
        credentials: seal(deps, b.kind, b.credentials),
        enabled: b.enabled,
        priority: b.priority,
      });
      await syncSchedule(deps, caller.tenantId, row);
      await recordEvent(deps.db, request, caller.tenantId, {
        action: 'source.created',
        target: { kind: 'source', id: row.id },
        details: { name: row.name, kind: row.kind, enabled: row.enabled },
      });
      return reply.status(201).send(toSource(row));
    },
  );

  typed.get(
    '/v1/sources/:id',
    {
      schema: { tags: ['sources'], summary: 'One pulled source', params: IdParams, response: { 200: Source, ...errors } },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const row = await sources.findPulled(deps.db, caller.tenantId, request.params.id);
      if (!row) throw notFound('source');
      return toSource(row);
    },
  );

  typed.patch(
    '/v1/sources/:id',
    {
      schema: {
        tags: ['sources'],
        summary: 'Change, enable or disable a source; credentials are replaced whole',
        params: IdParams,
        body: SourcePatch,
        response: { 200: Source, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const current = await sources.findPulled(deps.db, caller.tenantId, request.params.id);
      if (!current) throw notFound('source');
      const b = request.body;
      checkConfig(current.kind as SourceKind, {
        base_url: b.base_url ?? current.base_url ?? '',
        token_url: b.token_url === undefined ? current.token_url : b.token_url,
        options: b.options ?? current.options ?? {},
        ...(b.credentials ? { credentials: b.credentials } : {}),
      });
      await refuseInternal(deps, caller.tenantId, { base_url: b.base_url, token_url: b.token_url });
      if (b.name && b.name !== current.name && (await sources.findByName(deps.db, caller.tenantId, b.name))) {
        throw new AppError(409, 'conflict', `a source named ${b.name} exists`, 'name');
      }
      const row = await sources.update(deps.db, caller.tenantId, current.id, {
        name: b.name,
        baseUrl: b.base_url,
        tokenUrl: b.token_url,
        pageSize: b.page_size,
        schedule: b.schedule,
        timeZone: b.time_zone,
        options: b.options,
        mapping: b.mapping,
        enabled: b.enabled,
        priority: b.priority,
        ...(b.credentials ? { credentials: seal(deps, current.kind as SourceKind, b.credentials) } : {}),
      });
      if (!row) throw notFound('source');
      if (b.priority !== undefined && b.priority !== current.priority) {
        // A new priority can change which source's value a device shows: apply it now, not at the next inventory.
        await resolveAttributes(deps.db, deps.queues, deps.config.rollup.delayMs, caller.tenantId, (trx) =>
          deviceAttributes.devicesClaimedBy(trx, caller.tenantId, row.id),
        );
      }
      await syncSchedule(deps, caller.tenantId, row);
      // The fields changed are named, never the credentials' values.
      const changed = Object.keys(b).filter((k) => k !== 'credentials' && b[k as keyof typeof b] !== undefined);
      if (changed.length)
        await recordEvent(deps.db, request, caller.tenantId, {
          action: 'source.updated',
          target: { kind: 'source', id: row.id },
          details: { name: row.name, changed },
        });
      if (b.credentials)
        await recordEvent(deps.db, request, caller.tenantId, {
          action: 'source.credentials_changed',
          target: { kind: 'source', id: row.id },
          details: { name: row.name },
        });
      return toSource(row);
    },
  );

  typed.delete(
    '/v1/sources/:id',
    {
      schema: deleteSchema('sources', 'Delete a source, its device links and its runs', IdParams, errors),
    },
    async (request, reply) => {
      const caller = tenantCaller(request, MANAGERS);
      await requireRedis(deps.redis);
      const result = await sources.remove(deps.db, caller.tenantId, request.params.id);
      if (result === 'not_found') throw notFound('source');
      if (result === 'in_flight') throw new AppError(409, 'conflict', 'batches of this source are still being stored; retry in a minute');
      await withRedis(deps.redis, () => enqueue.unscheduleSource(deps.queues, request.params.id));
      await recordEvent(deps.db, request, caller.tenantId, { action: 'source.deleted', target: { kind: 'source', id: request.params.id } });
      return reply.status(204).send(null);
    },
  );

  typed.post(
    '/v1/sources/:id/sync',
    {
      schema: {
        tags: ['sources'],
        summary: 'Sync now (a sync already running for the source makes this one a skipped run)',
        params: IdParams,
        response: { 202: SyncQueued, ...errors },
      },
    },
    async (request, reply) => {
      const caller = tenantCaller(request, MANAGERS);
      const row = await sources.findPulled(deps.db, caller.tenantId, request.params.id);
      if (!row) throw notFound('source');
      const jobId = await withRedis(deps.redis, () =>
        enqueue.syncSource(deps.queues, { tenantId: caller.tenantId, sourceId: row.id, trigger: 'manual' }),
      );
      return reply.status(202).send({ source_id: row.id, job_id: jobId });
    },
  );

  typed.get(
    '/v1/sources/:id/runs',
    {
      schema: {
        tags: ['sources'],
        summary: 'Sync runs of a source, newest first',
        params: IdParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: SyncRunList, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      if (!(await sources.findPulled(deps.db, caller.tenantId, request.params.id))) throw notFound('source');
      const runs = await syncRuns.list(deps.db, caller.tenantId, request.params.id, request.query.limit);
      return { items: runs.map(toRun) };
    },
  );

  typed.get(
    '/v1/sources/:id/runs/:run',
    {
      schema: {
        tags: ['sources'],
        summary: 'One sync run, with each record it refused or accepted without a field (paged)',
        params: z.object({ id: z.uuid(), run: z.uuid() }),
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1_000).default(200),
          after: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: SyncRunDetail, ...errors },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const run = await syncRuns.find(deps.db, caller.tenantId, request.params.id, request.params.run);
      if (!run) throw notFound('sync run');
      const { limit, after } = request.query;
      const items = await syncRunItems.page(deps.db, caller.tenantId, run.id, after, limit + 1);
      const more = items.length > limit;
      const shown = items.slice(0, limit).map((i) => ({ ...i, status: i.status as 'rejected' }));
      return { ...toRun(run), items: shown, next_after: more ? shown.at(-1)!.seq : null };
    },
  );
}
