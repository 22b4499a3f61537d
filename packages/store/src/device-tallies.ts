import { sql } from 'kysely';
import { lockUntilCommit, type Db } from './db.ts';
import { bucketEdges, type HourCount } from './last-seen-buckets.ts';

// Devices per kind, status and unmanaged (group rows, seen_hour 'infinity'), and per hour of last
// contact (hour rows, kind and status '*'), each device counted once in each (migrations 0067,
// 0068): what the tenant's fleet summary reads instead of every device. Triggers on devices
// insert the changes; fold() adds them to the counts. A read adds the changes not yet folded, so
// it is exact.

/**
 * Where fold() keeps every hour more than 31 days old: in the oldest bucket for good, for any read at
 * a time no earlier than one day before the fold's (the day of margin covers clocks that disagree).
 */
const OLD_HOURS = '1970-01-01T00:00:00Z';
const KEEP_HOURS = sql`interval '31 days'`;

/**
 * Adds the tenant's pending changes to its counts, folds hours older than 31 days into one and
 * drops emptied groups. Returns how many groups it wrote. Two folds of one tenant take turns.
 */
export async function fold(db: Db, tenantId: string, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockUntilCommit(trx, `device-tallies:${tenantId}`);
    const old = sql`${now}::timestamptz - ${KEEP_HOURS}`;
    // The two deletes and the insert touch different rows: aged rows are all before `old` and
    // above OLD_HOURS, and every one of them (or any change of such an hour) is written to OLD_HOURS.
    const r = await sql`
      WITH moved AS (DELETE FROM device_tally_changes WHERE tenant_id = ${tenantId}
                     RETURNING kind, status, unmanaged, seen_hour, devices),
           aged AS (DELETE FROM device_tallies WHERE tenant_id = ${tenantId} AND seen_hour > ${OLD_HOURS}::timestamptz AND seen_hour < ${old}
                    RETURNING kind, status, unmanaged, seen_hour, devices)
      INSERT INTO device_tallies AS t (tenant_id, kind, status, unmanaged, seen_hour, devices)
      SELECT ${tenantId}::uuid, kind, status, unmanaged,
             CASE WHEN seen_hour > '-infinity' AND seen_hour < ${old} THEN ${OLD_HOURS}::timestamptz ELSE seen_hour END AS hour, sum(devices)
      FROM (SELECT * FROM moved UNION ALL SELECT * FROM aged) c
      GROUP BY kind, status, unmanaged, hour
      ORDER BY kind, status, unmanaged, hour
      ON CONFLICT (tenant_id, kind, status, unmanaged, seen_hour) DO UPDATE SET devices = t.devices + EXCLUDED.devices`.execute(trx);
    await trx.deleteFrom('device_tallies').where('tenant_id', '=', tenantId).where('devices', '=', 0).execute();
    return Number(r.numAffectedRows ?? 0);
  });
}

/**
 * Reclaims the rows fold() deleted and rewrote: the change table is emptied every minute, and
 * without a vacuum a read scans its dead rows (13 ms for 20,000 at load 10). Not in a transaction.
 */
export async function vacuum(db: Db) {
  await sql`VACUUM (ANALYZE) device_tally_changes, device_tallies`.execute(db);
}

type Row =
  | { part: 'group'; kind: string; status: string; unmanaged: boolean; at: null; devices: number }
  | { part: 'hour'; kind: null; status: null; unmanaged: null; at: Date | null; devices: number }
  | { part: 'edge'; kind: null; status: null; unmanaged: null; at: Date; devices: number };

export interface Tally {
  groups: { kind: string; status: string; unmanaged: boolean; devices: number }[];
  hours: HourCount[];
  /** Per edge of bucketEdges(now) (its time in ms): devices of the edge's hour last seen before it. */
  beforeEdge: Map<number, number>;
}

/**
 * The tenant's devices per kind, status and unmanaged, and per hour of last contact, with the
 * devices of each bucket edge's hour before the edge (from device_last_seen's index): one statement,
 * so the three parts are read in one snapshot.
 */
export async function read(db: Db, tenantId: string, now: Date): Promise<Tally> {
  const edges = bucketEdges(now).map((d) => d.toISOString());
  const r = await sql<Row>`
    WITH parts AS MATERIALIZED (
      SELECT kind, status, unmanaged, seen_hour, devices FROM device_tallies WHERE tenant_id = ${tenantId}
      UNION ALL
      SELECT kind, status, unmanaged, seen_hour, devices FROM device_tally_changes WHERE tenant_id = ${tenantId})
    SELECT 'group' AS part, kind, status, unmanaged, NULL::timestamptz AS at, sum(devices)::int AS devices
    FROM parts WHERE seen_hour = 'infinity' GROUP BY kind, status, unmanaged
    UNION ALL
    SELECT 'hour', NULL, NULL, NULL, NULLIF(seen_hour, '-infinity'), sum(devices)::int FROM parts WHERE kind = '*' GROUP BY seen_hour
    UNION ALL
    SELECT 'edge', NULL, NULL, NULL, e.at,
           (SELECT count(*)::int FROM device_last_seen r
            WHERE r.tenant_id = ${tenantId} AND r.last_seen >= device_tally_hour(e.at) AND r.last_seen < e.at)
    FROM unnest(${edges}::timestamptz[]) AS e(at)`.execute(db);
  const tally: Tally = { groups: [], hours: [], beforeEdge: new Map() };
  for (const row of r.rows) {
    if (row.devices === 0) continue;
    if (row.part === 'group') tally.groups.push({ kind: row.kind, status: row.status, unmanaged: row.unmanaged, devices: row.devices });
    else if (row.part === 'hour') tally.hours.push({ hour: row.at, devices: row.devices });
    else tally.beforeEdge.set(row.at.getTime(), row.devices);
  }
  return tally;
}
