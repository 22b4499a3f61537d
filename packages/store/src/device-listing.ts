import { sql } from 'kysely';
import type { FleetSummary } from '@vigie/contracts';
import type { Db } from './db.ts';

// Read side of the devices table for the API: filtered keyset pages, one device, fleet counts.

export const DeviceSorts = ['last_seen', '-last_seen', 'first_seen', '-first_seen', 'serial', '-serial'] as const;
export type DeviceSort = (typeof DeviceSorts)[number];

export interface DeviceFilter {
  /** Restrict to these establishments (establishment-scoped tokens, or the `establishment` filter). */
  establishmentIds?: string[];
  cartId?: string;
  kind?: string;
  status?: string;
  /** Listed in service and not in stock: the devices idle, offline and busy are judged among. */
  inService?: boolean;
  lastSeenBefore?: Date;
  lastSeenAfter?: Date;
  q?: string;
  /** In service, judged in service and not active by the rollup on each of the last `schoolDays` rolled-up school days of its establishment before today, outage days skipped. */
  idle?: { schoolDays: number };
  /** In service, last seen before this instant. */
  offlineBefore?: Date;
  /** Flagged obsolete for this reason (or any) from a date up to `until`. */
  obsolete?: { reason: string; until: string };
}

const IN_SERVICE = sql`d.status = 'in_service' AND d.assignment IS DISTINCT FROM 'stock'`;

// The last N school days of each establishment are read from establishment_days (the worker's
// calendar decisions), so the API needs no calendar; an establishment with fewer rolled-up school
// days has no idle devices yet. Today is left out (it is not over) and a device is idle only if the
// rollup judged it in service and not active on every day of the window, as the device_idle alert
// (services/worker/src/alerts/idle-devices.ts), which looks back 220 days at most.
function idleCondition(tenantId: string, schoolDays: number) {
  return sql<boolean>`${IN_SERVICE} AND (d.id, d.establishment_id) IN (
    -- Per establishment, its key read backwards until N school days are found: no date floor, so
    -- a school back from a long closure still has its window.
    WITH recent AS (
      SELECT e.id AS establishment_id, x.day FROM establishments e
      CROSS JOIN LATERAL (
        SELECT day FROM establishment_days x
        WHERE x.tenant_id = e.tenant_id AND x.establishment_id = e.id AND x.dimension = 'all' AND x.value = 'all'
          AND x.school_day AND NOT x.outage AND x.day < (now() AT TIME ZONE e.time_zone)::date
        ORDER BY x.day DESC LIMIT ${schoolDays}
      ) x
      WHERE e.tenant_id = ${tenantId}
    ), windows AS (SELECT establishment_id FROM recent GROUP BY establishment_id HAVING count(*) >= ${schoolDays})
    SELECT a.device_id, a.establishment_id FROM device_activity a
    JOIN recent r ON r.establishment_id = a.establishment_id AND r.day = a.day
    JOIN windows w ON w.establishment_id = a.establishment_id
    WHERE a.tenant_id = ${tenantId} AND a.in_service AND NOT a.active
    GROUP BY a.device_id, a.establishment_id HAVING count(*) = ${schoolDays})`;
}

export interface DevicePage {
  sort: DeviceSort;
  limit: number;
  /** The sort value and id of the last row of the previous page. */
  after?: { value: string; id: string };
}

const COLUMNS = [
  'd.id', 'd.kind', 'd.serial', 'd.manufacturer', 'd.model', 'd.os_name', 'd.os_version', 'd.os_version_raw', 'd.asset_tag', 'd.name', 'd.assignment', 'd.status',
  'd.acquired_on', 'd.warranty_end', 'd.support_end', 'd.battery_health_pct', 'd.storage_total_mb', 'd.provisional',
  'd.first_seen', 'd.last_seen', 'd.cart_id', 'e.uai as establishment_uai', 'c.name as cart',
] as const;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function baseQuery(db: Db, tenantId: string) {
  return db
    .selectFrom('devices as d')
    .leftJoin('establishments as e', (j) => j.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.establishment_id'))
    .leftJoin('carts as c', (j) => j.onRef('c.tenant_id', '=', 'd.tenant_id').onRef('c.id', '=', 'd.cart_id'))
    .where('d.tenant_id', '=', tenantId);
}

type Query = ReturnType<typeof baseQuery>;

function filtered(query: Query, tenantId: string, filter: DeviceFilter): Query {
  if (filter.establishmentIds) query = query.where('d.establishment_id', 'in', filter.establishmentIds.length ? filter.establishmentIds : [null as unknown as string]);
  if (filter.cartId) query = query.where('d.cart_id', '=', filter.cartId);
  if (filter.kind) query = query.where('d.kind', '=', filter.kind);
  if (filter.status) query = query.where('d.status', '=', filter.status);
  if (filter.inService) query = query.where(sql<boolean>`${IN_SERVICE}`);
  if (filter.lastSeenBefore) query = query.where('d.last_seen', '<', filter.lastSeenBefore);
  if (filter.lastSeenAfter) query = query.where('d.last_seen', '>=', filter.lastSeenAfter);
  if (filter.idle) query = query.where(idleCondition(tenantId, filter.idle.schoolDays));
  if (filter.offlineBefore) query = query.where(sql<boolean>`${IN_SERVICE} AND d.last_seen < ${filter.offlineBefore}`);
  if (filter.obsolete) {
    const { reason, until } = filter.obsolete;
    query = query.where(sql<boolean>`d.id IN (SELECT device_id FROM device_obsolescence WHERE tenant_id = ${tenantId}
      AND applies_from <= ${until}::date AND (${reason} = 'any' OR reason = ${reason}))`);
  }
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('d.serial', 'ilike', pattern), eb('d.asset_tag', 'ilike', pattern), eb('d.name', 'ilike', pattern),
        eb('d.model', 'ilike', pattern), eb('d.manufacturer', 'ilike', pattern), eb('d.os_version_raw', 'ilike', pattern),
      ]),
    );
  }
  return query;
}

/** One page of a tenant's devices; the caller turns the last row into the next cursor. */
export async function list(db: Db, tenantId: string, filter: DeviceFilter, page: DevicePage) {
  let query = filtered(baseQuery(db, tenantId), tenantId, filter).select(COLUMNS);
  const desc = page.sort.startsWith('-');
  const key = page.sort.replace('-', '') as 'last_seen' | 'first_seen' | 'serial';
  const sortExpr = key === 'serial' ? sql<string>`COALESCE(d.serial, '')` : sql<string>`d.${sql.ref(key)}`;
  if (page.after) {
    const value = key === 'serial' ? page.after.value : new Date(page.after.value);
    query = desc
      ? query.where(sql<boolean>`(${sortExpr}, d.id) < (${value}, ${page.after.id}::uuid)`)
      : query.where(sql<boolean>`(${sortExpr}, d.id) > (${value}, ${page.after.id}::uuid)`);
  }
  const direction = desc ? 'desc' : 'asc';
  return query.orderBy(sortExpr, direction).orderBy('d.id', direction).limit(page.limit).execute();
}

/** How many devices match a filter. */
export async function count(db: Db, tenantId: string, filter: DeviceFilter): Promise<number> {
  const row = await filtered(baseQuery(db, tenantId), tenantId, filter).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

/** One device of the tenant, or undefined (also when it exists in another tenant). */
export async function get(db: Db, tenantId: string, id: string, establishmentIds?: string[]) {
  let query = baseQuery(db, tenantId).select(COLUMNS).where('d.id', '=', id);
  if (establishmentIds) query = query.where('d.establishment_id', 'in', establishmentIds.length ? establishmentIds : [null as unknown as string]);
  return query.executeTakeFirst();
}

/** Fleet counts by kind, by status and by how long ago devices were last seen. */
export async function summary(db: Db, tenantId: string, now: Date, establishmentIds?: string[]) {
  const summary = emptySummary();
  for (const row of await summaryCounts(db, tenantId, now, establishmentIds, false)) add(summary, row);
  return summary;
}

/** The same counts for each of these establishments, from one scan of their devices (live updates). */
export async function summariesByEstablishment(db: Db, tenantId: string, now: Date, establishmentIds: string[]) {
  const summaries = new Map(establishmentIds.map((id) => [id, emptySummary()]));
  for (const row of await summaryCounts(db, tenantId, now, establishmentIds, true)) {
    const summary = row.establishment_id ? summaries.get(row.establishment_id) : undefined;
    if (summary) add(summary, row);
  }
  return summaries;
}

type SummaryRow = { establishment_id: string | null; kind: string; status: string; bucket: string; unmanaged: boolean; n: number };

const emptySummary = (): FleetSummary => ({ total: 0, by_kind: {}, by_status: {}, last_seen: { lt_1d: 0, '1d_7d': 0, '7d_30d': 0, gt_30d: 0 }, unmanaged: 0 });

function add(summary: FleetSummary, row: SummaryRow) {
  summary.total += row.n;
  if (row.unmanaged) summary.unmanaged += row.n;
  summary.by_kind[row.kind] = (summary.by_kind[row.kind] ?? 0) + row.n;
  summary.by_status[row.status] = (summary.by_status[row.status] ?? 0) + row.n;
  summary.last_seen[row.bucket] = (summary.last_seen[row.bucket] ?? 0) + row.n;
}

/** Device counts per kind, status and last-seen bucket (and establishment): every summary folds these. */
async function summaryCounts(db: Db, tenantId: string, now: Date, establishmentIds: string[] | undefined, byEstablishment: boolean) {
  const scope = establishmentIds ? sql`AND establishment_id = ANY(${establishmentIds}::uuid[])` : sql``;
  const r = await sql<SummaryRow>`
    SELECT ${byEstablishment ? sql`establishment_id` : sql`NULL::uuid AS establishment_id`}, kind, status,
           CASE WHEN last_seen >= ${now}::timestamptz - interval '1 day' THEN 'lt_1d'
                WHEN last_seen >= ${now}::timestamptz - interval '7 days' THEN '1d_7d'
                WHEN last_seen >= ${now}::timestamptz - interval '30 days' THEN '7d_30d'
                ELSE 'gt_30d' END AS bucket,
           unmanaged_since IS NOT NULL AS unmanaged,
           count(*)::int AS n
    FROM devices WHERE tenant_id = ${tenantId} ${scope}
    GROUP BY 1, 2, 3, 4, 5`.execute(db);
  return r.rows;
}
