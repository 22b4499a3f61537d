import { sql } from 'kysely';
import type { Db } from './db.ts';

// These read across tenants on purpose: they feed the operators' metrics (counts per state and
// system, never a tenant's rows), and each is served by a partial or leading index.

/** Batches accepted and not stored yet (the outbox), failed ones, and the age of the oldest waiting. */
export async function outbox(db: Db) {
  const r = await sql<{ accepted: number; failed: number; oldest_s: number | null }>`
    SELECT (SELECT count(*) FROM ingest_batches WHERE status = 'accepted')::int AS accepted,
           (SELECT count(*) FROM ingest_batches WHERE status = 'failed')::int AS failed,
           (SELECT extract(epoch FROM clock_timestamp() - min(accepted_at)) FROM ingest_batches WHERE status = 'accepted')::float8 AS oldest_s`.execute(
    db,
  );
  return r.rows[0]!;
}

/** Establishment-days waiting for a rollup, and how long the oldest has waited (the rollup lag). */
export async function rollupBacklog(db: Db) {
  const r = await sql<{ days: number; oldest_s: number | null }>`
    SELECT count(*)::int AS days, extract(epoch FROM clock_timestamp() - min(first_marked_at))::float8 AS oldest_s FROM rollup_dirty`.execute(
    db,
  );
  return r.rows[0]!;
}

/** Finished sync runs of the last 24 hours per MDM system and outcome. */
export async function recentSyncRuns(db: Db) {
  const r = await sql<{ system: string; status: string; runs: number; seconds: number }>`
    SELECT s.kind AS system, r.status, count(*)::int AS runs, coalesce(sum(r.duration_ms), 0)::float8 / 1000 AS seconds
      FROM sync_runs r JOIN sources s ON s.tenant_id = r.tenant_id AND s.id = r.source_id
     WHERE r.started_at > now() - interval '24 hours' AND r.status <> 'running'
     GROUP BY 1, 2`.execute(db);
  return r.rows;
}

/** Enabled sources per MDM system whose last `runs` finished syncs all failed. */
export async function failingSources(db: Db, runs: number) {
  const r = await sql<{ system: string; sources: number }>`
    SELECT s.kind AS system, count(*)::int AS sources
      FROM sources s
     WHERE s.enabled AND s.kind <> 'push'
       AND (SELECT count(*) FILTER (WHERE last.status = 'failed') FROM (
              SELECT status FROM sync_runs r WHERE r.tenant_id = s.tenant_id AND r.source_id = s.id AND r.status IN ('succeeded', 'failed')
               ORDER BY r.started_at DESC LIMIT ${runs}) last) = ${runs}
     GROUP BY 1`.execute(db);
  return r.rows;
}

/** Notification deliveries of the last 24 hours per channel and status, and endpoints disabled per channel. */
export async function notifications(db: Db) {
  const deliveries = await sql<{ channel: string; status: string; deliveries: number }>`
    SELECT e.kind AS channel, d.status, count(*)::int AS deliveries
      FROM notification_deliveries d JOIN notification_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id
     WHERE d.created_at > now() - interval '24 hours'
     GROUP BY 1, 2`.execute(db);
  const disabled = await sql<{ channel: string; endpoints: number }>`
    SELECT kind AS channel, count(*)::int AS endpoints FROM notification_endpoints WHERE NOT enabled GROUP BY 1`.execute(db);
  return { deliveries: deliveries.rows, disabled: disabled.rows };
}

/**
 * Recompute runs not finished yet, the days they asked for and the days still to roll up (the same
 * test as `recomputeRuns.remaining`, over every running run). rollup_dirty holds only the backlog,
 * so the scan stays small even while a recompute of two school years runs.
 */
export async function recomputes(db: Db) {
  const r = await sql<{ runs: number; days_asked: number; days_left: number }>`
    SELECT count(*)::int AS runs, coalesce(sum(days_total), 0)::int AS days_asked,
           (SELECT count(*) FROM rollup_dirty r WHERE EXISTS (
              SELECT 1 FROM recompute_runs u WHERE u.finished_at IS NULL AND u.tenant_id = r.tenant_id
                 AND r.day BETWEEN u.from_day AND u.to_day AND r.first_marked_at <= u.requested_at
                 AND (u.establishment_ids IS NULL OR r.establishment_id = ANY(u.establishment_ids))))::int AS days_left
      FROM recompute_runs WHERE finished_at IS NULL`.execute(db);
  return r.rows[0]!;
}
