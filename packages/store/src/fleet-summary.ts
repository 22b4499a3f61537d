import { sql } from 'kysely';
import type { FleetSummary } from '@vigie/contracts';
import type { Db } from './db.ts';
import { attributes, connectedBy, endOfDay, firstSeenBy, historyChangedAfter } from './device-as-of.ts';
import * as deviceTallies from './device-tallies.ts';
import { lastSeenBuckets } from './last-seen-buckets.ts';

// The fleet summary: devices by kind, status and last-seen age. The whole tenant, now, is read from
// the counts device-tallies.ts keeps (a few hundred rows however large the fleet); a subset of
// establishments and a past day (`asOf`) are counted from their devices.

/** Fleet counts by kind, by status and by how long ago devices were last seen (up to the end of `asOf`, when given). */
export async function read(db: Db, tenantId: string, now: Date, establishmentIds?: string[], asOf?: string): Promise<FleetSummary> {
  if (!asOf && !establishmentIds) return fromTallies(db, tenantId, now);
  const summary = emptySummary();
  const rows = asOf
    ? await summaryCountsAsOf(db, tenantId, asOf, establishmentIds)
    : await summaryCounts(db, tenantId, now, establishmentIds, false);
  for (const row of rows) add(summary, row);
  return summary;
}

/** The same counts for each of these establishments, from one scan of their devices (live updates). */
export async function readByEstablishment(db: Db, tenantId: string, now: Date, establishmentIds: string[]) {
  const summaries = new Map(establishmentIds.map((id) => [id, emptySummary()]));
  for (const row of await summaryCounts(db, tenantId, now, establishmentIds, true)) {
    const summary = row.establishment_id ? summaries.get(row.establishment_id) : undefined;
    if (summary) add(summary, row);
  }
  return summaries;
}

/** The same answer as summaryCounts for the whole tenant, from its tallies. */
async function fromTallies(db: Db, tenantId: string, now: Date): Promise<FleetSummary> {
  const tally = await deviceTallies.read(db, tenantId, now);
  const summary = emptySummary();
  for (const g of tally.groups) {
    summary.total += g.devices;
    if (g.unmanaged) summary.unmanaged += g.devices;
    summary.by_kind[g.kind] = (summary.by_kind[g.kind] ?? 0) + g.devices;
    summary.by_status[g.status] = (summary.by_status[g.status] ?? 0) + g.devices;
  }
  summary.last_seen = lastSeenBuckets(now, tally.hours, tally.beforeEdge);
  return summary;
}

type SummaryRow = { establishment_id: string | null; kind: string; status: string; bucket: string; unmanaged: boolean; n: number };

const emptySummary = (): FleetSummary => ({
  total: 0,
  by_kind: {},
  by_status: {},
  last_seen: { lt_1d: 0, '1d_7d': 0, '7d_30d': 0, gt_30d: 0, never: 0 },
  unmanaged: 0,
});

function add(summary: FleetSummary, row: SummaryRow) {
  summary.total += row.n;
  if (row.unmanaged) summary.unmanaged += row.n;
  summary.by_kind[row.kind] = (summary.by_kind[row.kind] ?? 0) + row.n;
  summary.by_status[row.status] = (summary.by_status[row.status] ?? 0) + row.n;
  summary.last_seen[row.bucket] = (summary.last_seen[row.bucket] ?? 0) + row.n;
}

/**
 * Device counts per kind, status and last-seen bucket (and establishment): every summary folds these.
 * A device no source ever reported a contact for is 'never', not aged by when Vigie first heard of it
 * (that is a sync's time, not the device's).
 */
async function summaryCounts(db: Db, tenantId: string, now: Date, establishmentIds: string[] | undefined, byEstablishment: boolean) {
  const scope = establishmentIds ? sql`AND establishment_id = ANY(${establishmentIds}::uuid[])` : sql``;
  const r = await sql<SummaryRow>`
    SELECT ${byEstablishment ? sql`establishment_id` : sql`NULL::uuid AS establishment_id`}, kind, status,
           CASE WHEN last_contact IS NULL THEN 'never'
                WHEN last_contact >= ${now}::timestamptz - interval '1 day' THEN 'lt_1d'
                WHEN last_contact >= ${now}::timestamptz - interval '7 days' THEN '1d_7d'
                WHEN last_contact >= ${now}::timestamptz - interval '30 days' THEN '7d_30d'
                ELSE 'gt_30d' END AS bucket,
           unmanaged_since IS NOT NULL AS unmanaged,
           count(*)::int AS n
    FROM devices WHERE tenant_id = ${tenantId} ${scope}
    GROUP BY 1, 2, 3, 4, 5`.execute(db);
  return r.rows;
}

/**
 * The same counts as they stood at the end of local day `asOf`: devices first seen by then, with
 * their kind, status and establishment of then (device_history), never connected if no source had
 * reported a contact by then, their last-seen age from the days they were seen on up to that day
 * (device-days and contacts reported in inventories), unmanaged if no source listed them any more
 * by then (later data moves none of these).
 */
async function summaryCountsAsOf(db: Db, tenantId: string, asOf: string, establishmentIds: string[] | undefined) {
  const a = attributes(asOf);
  const scope = establishmentIds ? sql`AND ${a.establishmentId} = ANY(${establishmentIds}::uuid[])` : sql``;
  const r = await sql<SummaryRow>`
    SELECT NULL::uuid AS establishment_id, ${a.kind} AS kind, ${a.status} AS status,
           CASE WHEN NOT (${connectedBy(tenantId, asOf)}) THEN 'never'
                WHEN l.last_day >= ${asOf}::date THEN 'lt_1d' WHEN l.last_day > ${asOf}::date - 7 THEN '1d_7d'
                WHEN l.last_day > ${asOf}::date - 30 THEN '7d_30d' ELSE 'gt_30d' END AS bucket,
           COALESCE(d.unmanaged_since < ${endOfDay(asOf, sql`COALESCE(e.time_zone, 'Europe/Paris')`)}, false) AS unmanaged,
           count(*)::int AS n
    FROM devices d
    LEFT JOIN ${historyChangedAfter(tenantId, asOf)} h ON h.device_id = d.id
    LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = ${a.establishmentId}
    LEFT JOIN (SELECT s.device_id, max(s.day) AS last_day
               FROM (SELECT device_id, day FROM device_days WHERE tenant_id = ${tenantId} AND day > ${asOf}::date - 30 AND day <= ${asOf}::date
                     UNION ALL
                     SELECT device_id, day FROM device_contact_days WHERE tenant_id = ${tenantId} AND day > ${asOf}::date - 30 AND day <= ${asOf}::date) s
               GROUP BY s.device_id) l ON l.device_id = d.id
    WHERE d.tenant_id = ${tenantId} ${scope} AND ${firstSeenBy(asOf)}
    GROUP BY 1, 2, 3, 4, 5`.execute(db);
  return r.rows;
}
