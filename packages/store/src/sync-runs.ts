import { sql } from 'kysely';
import type { Db } from './db.ts';

export async function start(db: Db, tenantId: string, sourceId: string, trigger: 'schedule' | 'manual') {
  const row = await db
    .insertInto('sync_runs')
    .values({ tenant_id: tenantId, source_id: sourceId, trigger })
    .returning(['id', 'started_at'])
    .executeTakeFirstOrThrow();
  return row;
}

export interface RunOutcome {
  status: 'succeeded' | 'failed' | 'skipped';
  pages: number;
  recordsSeen: number;
  duplicates: number;
  devicesCreated: number;
  devicesUpdated: number;
  devicesUnchanged: number;
  eventsAccepted: number;
  batches: number;
  rejected: number;
  rejections: Record<string, number>;
  errorCode: string | null;
  error: string | null;
}

export async function finish(db: Db, tenantId: string, id: string, outcome: RunOutcome) {
  // Raw: the duration is measured by the database, from the start it recorded.
  await sql`
    UPDATE sync_runs SET status = ${outcome.status}, finished_at = now(),
      duration_ms = (extract(epoch FROM now() - started_at) * 1000)::int,
      pages = ${outcome.pages}, records_seen = ${outcome.recordsSeen}, duplicates = ${outcome.duplicates},
      devices_created = ${outcome.devicesCreated}, devices_updated = ${outcome.devicesUpdated},
      devices_unchanged = ${outcome.devicesUnchanged}, events_accepted = ${outcome.eventsAccepted},
      batches = ${outcome.batches}, rejected = ${outcome.rejected}, rejections = ${JSON.stringify(outcome.rejections)}::jsonb,
      error_code = ${outcome.errorCode}, error = ${outcome.error?.slice(0, 2000) ?? null}
    WHERE tenant_id = ${tenantId} AND id = ${id}`.execute(db);
}

/** Progress of a long sync, so GET .../runs shows a running sync moving. */
export async function progress(db: Db, tenantId: string, id: string, pages: number, recordsSeen: number) {
  await db
    .updateTable('sync_runs')
    .set({ pages, records_seen: recordsSeen })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function list(db: Db, tenantId: string, sourceId: string, limit: number) {
  return db
    .selectFrom('sync_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('source_id', '=', sourceId)
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
}

/** Runs left 'running' by a worker that died; marked failed so the history stays true. */
export async function failAbandoned(db: Db, tenantId: string, sourceId: string) {
  await db
    .updateTable('sync_runs')
    .set({ status: 'failed', finished_at: new Date(), error_code: 'abandoned', error: 'the worker running this sync stopped' })
    .where('tenant_id', '=', tenantId)
    .where('source_id', '=', sourceId)
    .where('status', '=', 'running')
    .execute();
}

/** The last `perSource` finished (not skipped) runs of each source of the tenant, newest first (tenant constant in the LATERAL: see healthBySource). */
export async function recentFinished(db: Db, tenantId: string, perSource: number) {
  const { rows } = await sql<{ source_id: string; name: string; status: string; error_code: string | null; started_at: Date }>`
    SELECT s.id AS source_id, s.name, r.status, r.error_code, r.started_at
    FROM sources s
    CROSS JOIN LATERAL (
      SELECT status, error_code, started_at FROM sync_runs
      WHERE tenant_id = ${tenantId} AND source_id = s.id AND status IN ('succeeded', 'failed')
      ORDER BY started_at DESC LIMIT ${perSource}
    ) r
    WHERE s.tenant_id = ${tenantId} AND s.enabled
    ORDER BY s.id, r.started_at DESC`.execute(db);
  return rows;
}

/** One run of one source of the tenant. */
export async function find(db: Db, tenantId: string, sourceId: string, id: string) {
  return db
    .selectFrom('sync_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('source_id', '=', sourceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface SourceHealth {
  source_id: string;
  last_status: string | null;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_error_code: string | null;
  last_success_at: Date | null;
  credentials_set: boolean;
  devices: number;
}

/**
 * Per pulled source of the tenant: its last run, last success, whether credentials are stored, devices
 * it holds. The subqueries name the tenant as a constant: Citus does not carry `s.tenant_id` into
 * them and ran this on every shard (docs/scale-out.md).
 */
export async function healthBySource(db: Db, tenantId: string): Promise<Map<string, SourceHealth>> {
  const { rows } = await sql<SourceHealth>`
    SELECT s.id AS source_id, l.status AS last_status, l.started_at AS last_started_at, l.finished_at AS last_finished_at,
      l.error_code AS last_error_code, ok.finished_at AS last_success_at, s.credentials IS NOT NULL AS credentials_set,
      (SELECT count(DISTINCT device_id)::int FROM device_sources WHERE tenant_id = ${tenantId} AND source_id = s.id) AS devices
    FROM sources s
    LEFT JOIN LATERAL (
      SELECT status, started_at, finished_at, error_code FROM sync_runs
      WHERE tenant_id = ${tenantId} AND source_id = s.id ORDER BY started_at DESC LIMIT 1
    ) l ON true
    LEFT JOIN LATERAL (
      SELECT finished_at FROM sync_runs
      WHERE tenant_id = ${tenantId} AND source_id = s.id AND status = 'succeeded' ORDER BY started_at DESC LIMIT 1
    ) ok ON true
    WHERE s.tenant_id = ${tenantId}`.execute(db);
  return new Map(rows.map((r) => [r.source_id, r]));
}
