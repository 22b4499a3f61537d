import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';

export interface RecomputeRun {
  id: string;
  reason: string;
  /** 'days': rolled-up days marked to be redone; 'obsolescence': one evaluation of the fleet's obsolescence. */
  target: 'days' | 'obsolescence';
  establishment_ids: string[] | null;
  from_day: string;
  to_day: string;
  days_total: number;
  requested_at: string;
  finished_at: string | null;
}

// Raw: times are returned in PostgreSQL's own text, as stored, and uuid[] as text[] (pg has no uuid[] parser).
// The casts are STABLE, which Citus refuses in a RETURNING clause: a write returns its row to an outer
// SELECT that casts (`WITH run AS (... RETURNING *) SELECT ${COLUMNS} FROM run`).
const COLUMNS = sql.raw(
  'id, reason, target, establishment_ids::text[] AS establishment_ids, from_day::text, to_day::text, days_total, requested_at::text, finished_at::text',
);

/**
 * Marks every rolled-up day of the establishments (null: all) from `from` to `to` dirty, in bulk
 * and in key order, and records the run. Only days already rolled up are marked: a day never rolled
 * up has no figure to correct. A run with nothing to redo is finished at once.
 */
export async function request(
  db: Db | Trx,
  tenantId: string,
  r: { reason: string; establishmentIds: string[] | null; from: string; to: string },
): Promise<RecomputeRun> {
  const result = await sql<RecomputeRun>`
    WITH marked AS (
      INSERT INTO rollup_dirty AS m (tenant_id, establishment_id, day)
      SELECT tenant_id, establishment_id, day FROM establishment_days
      WHERE tenant_id = ${tenantId} AND dimension = 'all' AND value = 'all' AND day BETWEEN ${r.from}::date AND ${r.to}::date
        AND (${r.establishmentIds}::uuid[] IS NULL OR establishment_id = ANY(${r.establishmentIds}::uuid[]))
      ORDER BY establishment_id, day
      ON CONFLICT (tenant_id, establishment_id, day) DO UPDATE SET marked_at = EXCLUDED.marked_at, device_ids = NULL
      RETURNING 1
    ), counted AS (SELECT count(*)::int AS n, clock_timestamp() AS at FROM marked
    ), run AS (
      INSERT INTO recompute_runs (tenant_id, reason, establishment_ids, from_day, to_day, days_total, requested_at, finished_at)
      SELECT ${tenantId}, ${r.reason}, ${r.establishmentIds}::uuid[], ${r.from}::date, ${r.to}::date, n, at, CASE WHEN n = 0 THEN at END FROM counted
      RETURNING *
    )
    SELECT ${COLUMNS} FROM run`.execute(db);
  return result.rows[0]!;
}

/**
 * Records a run that re-evaluates the tenant's obsolescence flags as of `day`: one step, done by
 * the evaluation that starts after it (finishEvaluations).
 */
export async function requestEvaluation(db: Db | Trx, tenantId: string, reason: string, day: string): Promise<RecomputeRun> {
  const result = await sql<RecomputeRun>`
    WITH run AS (
      INSERT INTO recompute_runs (tenant_id, reason, target, establishment_ids, from_day, to_day, days_total, requested_at)
      VALUES (${tenantId}, ${reason}, 'obsolescence', NULL, ${day}::date, ${day}::date, 1, clock_timestamp())
      RETURNING *
    )
    SELECT ${COLUMNS} FROM run`.execute(db);
  return result.rows[0]!;
}

/** The tenant's obsolescence runs waiting for an evaluation: read before it starts, finished once it is over. */
export async function unfinishedEvaluations(db: Db | Trx, tenantId: string): Promise<RecomputeRun[]> {
  const r = await sql<RecomputeRun>`
    SELECT ${COLUMNS} FROM recompute_runs WHERE tenant_id = ${tenantId} AND finished_at IS NULL AND target = 'obsolescence'
    ORDER BY requested_at`.execute(db);
  return r.rows;
}

const inRun = (tenantId: string, run: RecomputeRun) => sql`
  r.tenant_id = ${tenantId} AND r.day BETWEEN ${run.from_day}::date AND ${run.to_day}::date
  AND (${run.establishment_ids}::uuid[] IS NULL OR r.establishment_id = ANY(${run.establishment_ids}::uuid[]))
  -- Marks made by the run or waiting before it; a mark renewed later keeps its first time until cleared.
  AND r.first_marked_at <= ${run.requested_at}::timestamptz`;

/** The run's days not rolled up yet. */
export async function remaining(db: Db | Trx, tenantId: string, run: RecomputeRun): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM rollup_dirty r WHERE ${inRun(tenantId, run)}`.execute(db);
  return r.rows[0]!.n;
}

/** One page of the run's days still marked, in key order after `after`. */
export async function pendingDays(
  db: Db | Trx,
  tenantId: string,
  run: RecomputeRun,
  after: { establishmentId: string; day: string } | null,
  limit: number,
) {
  const r = await sql<{ establishment_id: string; day: string }>`
    SELECT r.establishment_id, r.day::text AS day FROM rollup_dirty r WHERE ${inRun(tenantId, run)}
      ${after ? sql`AND (r.establishment_id, r.day) > (${after.establishmentId}::uuid, ${after.day}::date)` : sql``}
    ORDER BY r.establishment_id, r.day LIMIT ${limit}`.execute(db);
  return r.rows;
}

export async function find(db: Db | Trx, tenantId: string, id: string): Promise<RecomputeRun | undefined> {
  const r = await sql<RecomputeRun>`SELECT ${COLUMNS} FROM recompute_runs WHERE tenant_id = ${tenantId} AND id = ${id}`.execute(db);
  return r.rows[0];
}

/**
 * Marks the run done. now(), not clock_timestamp(): Citus refuses a VOLATILE function in an UPDATE
 * of a distributed table, and every run stayed unfinished on a cluster (docs/scale-out.md). Callers
 * pass `db`, so the statement's own transaction starts when it does.
 */
export async function finish(db: Db | Trx, tenantId: string, id: string) {
  await sql`UPDATE recompute_runs SET finished_at = now() WHERE tenant_id = ${tenantId} AND id = ${id} AND finished_at IS NULL`.execute(db);
}

/** The tenant's latest runs, newest first. */
export async function list(db: Db | Trx, tenantId: string, limit: number): Promise<RecomputeRun[]> {
  const r =
    await sql<RecomputeRun>`SELECT ${COLUMNS} FROM recompute_runs WHERE tenant_id = ${tenantId} ORDER BY requested_at DESC, id LIMIT ${limit}`.execute(
      db,
    );
  return r.rows;
}

/** Unfinished runs across tenants (the sweeper follows them again if their job was lost). */
export async function listUnfinished(db: Db, limit: number) {
  const r = await sql<{
    tenant_id: string;
    id: string;
  }>`SELECT tenant_id, id FROM recompute_runs WHERE finished_at IS NULL ORDER BY requested_at LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** Whether an unfinished run covers some of these days (of these establishments; null: any). */
export async function pendingOver(
  db: Db | Trx,
  tenantId: string,
  from: string,
  to: string,
  establishmentIds: string[] | null,
): Promise<boolean> {
  const r = await sql<{ pending: boolean }>`
    SELECT EXISTS (SELECT 1 FROM recompute_runs WHERE tenant_id = ${tenantId} AND finished_at IS NULL AND target = 'days'
      AND from_day <= ${to}::date AND to_day >= ${from}::date
      AND (establishment_ids IS NULL OR ${establishmentIds}::uuid[] IS NULL OR establishment_ids && ${establishmentIds}::uuid[])) AS pending`.execute(
    db,
  );
  return r.rows[0]!.pending;
}
