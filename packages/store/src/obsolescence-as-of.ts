import { sql } from 'kysely';
import type { Db } from './db.ts';
import { attributes, firstSeenBy, historyChangedAfter, inService as inServiceOf } from './device-as-of.ts';

// The answers of obsolescence-counts.ts as of the end of a past local day (`as_of`): the flags
// joined to each device's status, kind, assignment and establishment of that day (device_history),
// counted at each request. obsolescence_counts hold the devices as they are now, so a device
// retired, moved or re-kinded since would change the past day's answer. The flags are those held at
// the end of that day (flagsHeld): a battery replaced since leaves the day's answer as it was.

/**
 * A derived table (device_id, reason, applies_from) of the flags the tenant held at the end of local
 * day `asOf`: the current ones and those that ended after it (device_obsolescence_ended, migration
 * 0076); a device and reason may have a row in both. A current flag counts whenever it was raised:
 * a rule change that dates a flag earlier recomputes the past (docs/api.md, "as_of").
 */
export function flagRowsHeld(tenantId: string, asOf: string) {
  return sql`(SELECT device_id, reason, applies_from FROM device_obsolescence WHERE tenant_id = ${tenantId}
    UNION ALL
    SELECT device_id, reason, applies_from FROM device_obsolescence_ended WHERE tenant_id = ${tenantId} AND ended_on > ${asOf}::date)`;
}

/** flagRowsHeld, one row per device and reason, from its earliest date. */
function flagsHeld(tenantId: string, asOf: string) {
  return sql`(SELECT x.device_id, x.reason, min(x.applies_from) AS applies_from FROM ${flagRowsHeld(tenantId, asOf)} x
    GROUP BY x.device_id, x.reason)`;
}

/** Each flag of a device not retired nor lost at the end of `asOf`, with where and what the device was then. */
function flagsAsOf(tenantId: string, asOf: string, establishmentIds: string[] | null) {
  const a = attributes(asOf);
  const scope = establishmentIds ? sql`AND ${a.establishmentId} = ANY(${establishmentIds}::uuid[])` : sql``;
  return sql`
    SELECT o.device_id, o.reason, o.applies_from, ${a.establishmentId} AS establishment_id, ${a.kind} AS kind, ${inServiceOf(a)} AS in_service
    FROM ${flagsHeld(tenantId, asOf)} o
    JOIN devices d ON d.tenant_id = ${tenantId} AND d.id = o.device_id
    LEFT JOIN ${historyChangedAfter(tenantId, asOf)} h ON h.device_id = d.id
    LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = ${a.establishmentId}
    WHERE ${a.status} NOT IN ('retired', 'lost') AND ${firstSeenBy(asOf)} ${scope}`;
}

/** obsolescenceCounts.byEstablishment as of the end of `asOf`. */
export async function byEstablishment(db: Db, tenantId: string, asOf: string, until: string, establishmentIds: string[] | null) {
  const r = await sql<{ uai: string | null; name: string | null; reason: string | null; devices: number }>`
    WITH f AS (${flagsAsOf(tenantId, asOf, establishmentIds)})
    SELECT e.uai, e.name, x.reason, count(*)::int AS devices
    FROM (SELECT establishment_id, reason FROM f WHERE applies_from <= ${until}::date
          UNION ALL
          SELECT establishment_id, NULL FROM f GROUP BY establishment_id, device_id HAVING min(applies_from) <= ${until}::date) x
    LEFT JOIN establishments e ON e.tenant_id = ${tenantId} AND e.id = x.establishment_id
    GROUP BY e.uai, e.name, x.reason
    ORDER BY e.uai NULLS LAST, x.reason NULLS FIRST`.execute(db);
  return r.rows;
}

/** obsolescenceCounts.firstYears as of the end of `asOf`. */
export async function firstYears(db: Db, tenantId: string, asOf: string, establishmentIds: string[] | null) {
  const r = await sql<{ kind: string; uai: string | null; year: number; devices: number }>`
    WITH f AS (${flagsAsOf(tenantId, asOf, establishmentIds)})
    SELECT x.kind, e.uai, extract(year FROM x.first_date)::int AS year, count(*)::int AS devices
    FROM (SELECT kind, establishment_id, min(applies_from) AS first_date FROM f GROUP BY device_id, kind, establishment_id) x
    LEFT JOIN establishments e ON e.tenant_id = ${tenantId} AND e.id = x.establishment_id
    GROUP BY 1, 2, 3`.execute(db);
  return r.rows;
}

/** obsolescenceCounts.inService as of the end of `asOf`: devices in service then, flagged by `until`. */
export async function inService(db: Db, tenantId: string, asOf: string, until: string, establishmentIds: string[] | null): Promise<number> {
  const r = await sql<{ devices: number }>`
    WITH f AS (${flagsAsOf(tenantId, asOf, establishmentIds)})
    SELECT count(*)::int AS devices FROM (
      SELECT device_id FROM f WHERE in_service GROUP BY device_id HAVING min(applies_from) <= ${until}::date) x`.execute(db);
  return r.rows[0]!.devices;
}
