import { sql } from 'kysely';
import { lockUntilCommit, type Db, type Trx } from './db.ts';

// Counts of obsolete devices per establishment, kind and date, left by each fleet evaluation
// (migrations/0041_obsolescence_counts.sql): what /v1/obsolescence and /v1/renewal-forecast read
// instead of joining every flag of the tenant to its devices at each request.

const IN_SERVICE = sql`d.status = 'in_service' AND d.assignment IS DISTINCT FROM 'stock'`;

/**
 * Rewrites the tenant's counts from its flags and devices as they are now: at the end of each
 * evaluation, so the counts and the flags they sum change together. Dates before `pastBefore` (the
 * day before the evaluation's) are past for every reader, which only asks "by a date from today on"
 * and buckets past years together: they are folded into one row per group, dated by the latest of
 * them. Two evaluations of one tenant take turns (an advisory lock), or both would insert.
 */
export async function rewrite(trx: Trx, tenantId: string, pastBefore: string) {
  await lockUntilCommit(trx, `obsolescence-counts:${tenantId}`);
  await trx.deleteFrom('obsolescence_counts').where('tenant_id', '=', tenantId).execute();
  const past = (date: ReturnType<typeof sql.ref>) => sql`CASE WHEN ${date} < ${pastBefore}::date THEN NULL ELSE ${date} END`;
  await sql`
    INSERT INTO obsolescence_counts (tenant_id, establishment_id, kind, reason, applies_from, in_service, devices)
    SELECT ${tenantId}::uuid, d.establishment_id, d.kind, o.reason, max(o.applies_from), ${IN_SERVICE}, count(*)
    FROM device_obsolescence o JOIN devices d ON d.tenant_id = o.tenant_id AND d.id = o.device_id
    WHERE o.tenant_id = ${tenantId} AND d.status NOT IN ('retired', 'lost')
    GROUP BY d.establishment_id, d.kind, o.reason, ${past(sql.ref('o.applies_from'))}, ${IN_SERVICE}
    UNION ALL
    SELECT ${tenantId}::uuid, f.establishment_id, f.kind, NULL, max(f.first_date), f.in_service, count(*)
    FROM (SELECT d.establishment_id, d.kind, min(o.applies_from) AS first_date, ${IN_SERVICE} AS in_service
          FROM device_obsolescence o JOIN devices d ON d.tenant_id = o.tenant_id AND d.id = o.device_id
          WHERE o.tenant_id = ${tenantId} AND d.status NOT IN ('retired', 'lost')
          GROUP BY o.device_id, d.establishment_id, d.kind, d.status, d.assignment) f
    GROUP BY f.establishment_id, f.kind, ${past(sql.ref('f.first_date'))}, f.in_service`.execute(trx);
}

const scoped = (establishmentIds: string[] | null) =>
  establishmentIds ? sql`AND c.establishment_id = ANY(${establishmentIds}::uuid[])` : sql``;

/**
 * Devices flagged by `until`, per establishment and reason, and (reason null) per establishment,
 * counting each device once whatever its reasons.
 */
export async function byEstablishment(db: Db, tenantId: string, until: string, establishmentIds: string[] | null) {
  const r = await sql<{ uai: string | null; name: string | null; reason: string | null; devices: number }>`
    SELECT e.uai, e.name, c.reason, sum(c.devices)::int AS devices
    FROM obsolescence_counts c
    LEFT JOIN establishments e ON e.tenant_id = c.tenant_id AND e.id = c.establishment_id
    WHERE c.tenant_id = ${tenantId} AND c.applies_from <= ${until}::date ${scoped(establishmentIds)}
    GROUP BY e.uai, e.name, c.reason
    ORDER BY e.uai NULLS LAST, c.reason NULLS FIRST`.execute(db);
  return r.rows;
}

/** Devices per kind, establishment and year of their first obsolescence date. */
export async function firstYears(db: Db, tenantId: string, establishmentIds: string[] | null) {
  const r = await sql<{ kind: string; uai: string | null; year: number; devices: number }>`
    SELECT c.kind, e.uai, extract(year FROM c.applies_from)::int AS year, sum(c.devices)::int AS devices
    FROM obsolescence_counts c
    LEFT JOIN establishments e ON e.tenant_id = c.tenant_id AND e.id = c.establishment_id
    WHERE c.tenant_id = ${tenantId} AND c.reason IS NULL ${scoped(establishmentIds)}
    GROUP BY 1, 2, 3`.execute(db);
  return r.rows;
}

/** Devices in service (not in stock) flagged obsolete by `until`. */
export async function inService(db: Db, tenantId: string, until: string, establishmentIds: string[] | null): Promise<number> {
  const r = await sql<{ devices: number }>`
    SELECT COALESCE(sum(c.devices), 0)::int AS devices FROM obsolescence_counts c
    WHERE c.tenant_id = ${tenantId} AND c.reason IS NULL AND c.in_service AND c.applies_from <= ${until}::date ${scoped(establishmentIds)}`.execute(
    db,
  );
  return r.rows[0]!.devices;
}
