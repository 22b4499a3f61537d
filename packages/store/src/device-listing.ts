import { sql, type RawBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db } from './db.ts';
import { attributes, connectedBy, firstSeenBy, historyChangedAfter, inService, reportColumns, seenBetween } from './device-as-of.ts';
import { flagRowsHeld } from './obsolescence-as-of.ts';
import { fewTextMatches, textMatches } from './device-text-search.ts';
import { fewestOfflineDays, lastChainDay, threshold, type Threshold } from './device-thresholds.ts';

export type { Threshold } from './device-thresholds.ts';

// Read side of the devices table for the API: filtered keyset pages, one device, counts (fleet-summary.ts: the summary).

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
  /** No source ever reported a contact (true), or one did (false). */
  neverConnected?: boolean;
  q?: string;
  /**
   * A report for the end of this local day: establishment, kind, status and assignment (so also
   * "in service") are the devices' then (device_history), and idle, offline and obsolete are judged
   * as of then; devices first seen later are left out of the offline and obsolete lists.
   */
  asOf?: string;
  /**
   * In service, judged in service and not active by the rollup on each of the last N rolled-up
   * school days of its establishment up to `asOf` (default: before its today), outage days
   * skipped; and neither offline nor never connected.
   */
  idle?: { schoolDays: Threshold; offlineDays: Threshold };
  /**
   * In service, connected once and not seen for N days (up to `asOf`: no device-day nor reported
   * contact in the N days ending that day). A device that never connected is never offline: it is listed apart.
   */
  offline?: { days: Threshold };
  /** Flagged obsolete for this reason (or any) from a date up to `until`. */
  obsolete?: { reason: string; until: string };
}

// Up to `asOf`, "seen" is read from device_days (what the device did up to that day) and the days
// sources reported it in contact, not from last_contact, which later data moves: a report for a
// past date then gives the same answer tomorrow.
// A device no source ever reported a contact for (by `asOf`) is not offline (when Vigie first heard
// of it is a sync's time, not the device's): it is counted and listed apart (`neverConnected`, the
// 'never' bucket of the summary).
function offlineCondition(tenantId: string, days: Threshold, asOf: string | undefined) {
  const n = threshold(tenantId, 'offline_days', days, attributes(asOf).establishmentId);
  if (!asOf) return sql<boolean>`d.last_contact < now() - make_interval(days => ${n})`;
  return sql<boolean>`${connectedBy(tenantId, asOf)} AND ${firstSeenBy(asOf)}
    AND NOT ${seenBetween(tenantId, sql`${asOf}::date - ${n}`, asOf)}`;
}

// A device is idle over N school days (the establishment's setting over the tenant's, or N asked)
// when the rollup judged it in service and not active on each of the last N school days of its
// establishment before today (today is not over) or before `asOf`, outage days skipped, as the
// device_idle alert (services/worker/src/alerts/idle-devices.ts) judges it; and it is neither
// offline nor never connected (those two are lists of their own).
// The rollup keeps those runs as streaks (device-idle-streaks.ts), one row per idle device-day: a
// device is idle when its streak on the last such day of its establishment is at least N, instead
// of N days of device_activity per device (test/rollup/idle-streaks.test.ts holds the two equal).
// An establishment with fewer rolled-up school days has no idle devices yet.
//
// Two forms of one condition. A count wants the whole set: one range of the streak key per
// establishment ('set'). A page wants its first rows in last_seen order: a probe of the streak key
// per device walked ('probe'), so a page costs about limit / (share of idle devices) probes however
// large the tenant, where the set form joined every idle device of the tenant to its row first.
// The tenant is a constant in the LATERAL and the joins too, so Citus routes the query to its shard.
// The streaks are read where the rollup kept the device's days: at its establishment now, and as of
// a past day at its establishment then (device_history: the rollup judges a device where it was).
function idleCondition(tenantId: string, idle: NonNullable<DeviceFilter['idle']>, asOf: string | undefined, form: IdleForm) {
  const a = attributes(asOf);
  const chainDay = (establishmentId: RawBuilder<unknown>) => lastChainDay(tenantId, establishmentId, asOf);
  const firstSeen = asOf ? sql`AND ${firstSeenBy(asOf)}` : sql``;
  const eligible = sql`${inService(a)} AND ${connectedBy(tenantId, asOf)} ${firstSeen} AND NOT (${offlineCondition(tenantId, idle.offlineDays, asOf)})`;
  if (form === 'probe')
    return sql<boolean>`${eligible} AND EXISTS (
      SELECT 1 FROM device_idle_streaks s
      WHERE s.tenant_id = ${tenantId} AND s.establishment_id = ${a.establishmentId} AND s.day = (${chainDay(a.establishmentId)})
        AND s.streak >= ${threshold(tenantId, 'idle_school_days', idle.schoolDays, a.establishmentId)} AND s.device_id = d.id)`;
  return sql<boolean>`${eligible} AND (d.id, ${a.establishmentId}) IN (
    SELECT s.device_id, s.establishment_id FROM establishments e
    CROSS JOIN LATERAL (${chainDay(sql`e.id`)}) w
    JOIN device_idle_streaks s ON s.tenant_id = ${tenantId} AND s.establishment_id = e.id AND s.day = w.day
      AND s.streak >= ${threshold(tenantId, 'idle_school_days', idle.schoolDays, sql`e.id`)}
    WHERE e.tenant_id = ${tenantId})`;
}

type IdleForm = 'set' | 'probe';

export interface DevicePage {
  sort: DeviceSort;
  limit: number;
  /** The sort value and id of the last row of the previous page. */
  after?: { value: string; id: string };
}

const COLUMNS = [
  'd.id',
  'd.serial',
  'd.manufacturer',
  'd.model',
  'd.os_name',
  'd.os_version',
  'd.os_version_raw',
  'd.asset_tag',
  'd.name',
  'd.acquired_on',
  'd.warranty_end',
  'd.support_end',
  'd.battery_health_pct',
  'd.storage_total_mb',
  'd.provisional',
  'd.first_seen',
  'd.cart_id',
  'e.uai as establishment_uai',
  'c.name as cart',
] as const;

function baseQuery(db: Db, tenantId: string, asOf: string | undefined) {
  const a = attributes(asOf);
  return db
    .selectFrom('devices as d')
    .$if(asOf !== undefined, (q) => q.leftJoin(historyChangedAfter(tenantId, asOf!).as('h'), (j) => j.on(sql<boolean>`h.device_id = d.id`)))
    .leftJoin('establishments as e', (j) => j.onRef('e.tenant_id', '=', 'd.tenant_id').on(sql<boolean>`e.id = ${a.establishmentId}`))
    .leftJoin('carts as c', (j) => j.onRef('c.tenant_id', '=', 'd.tenant_id').onRef('c.id', '=', 'd.cart_id'))
    .where('d.tenant_id', '=', tenantId);
}

type Query = ReturnType<typeof baseQuery>;

// Now (no asOf), every offline device was last seen before now minus the fewest offline days: a
// range of device_last_seen's index (0062, 0070; '-infinity' is a device never connected), walked
// first instead of judging each device of the tenant. It holds the devices not seen for days, a
// small share of a fleet that reports, so the count no longer grows with the fleet.
function lastSeenBefore(tenantId: string, fewestDays: number) {
  return sql<boolean>`d.id IN (SELECT r.device_id FROM device_last_seen r WHERE r.tenant_id = ${tenantId}
    AND r.last_seen > '-infinity' AND r.last_seen < now() - make_interval(days => ${fewestDays}::int))`;
}

function filtered(query: Query, tenantId: string, filter: DeviceFilter, idleForm: IdleForm, fewestOffline?: number): Query {
  const { asOf } = filter;
  const a = attributes(asOf);
  if (filter.establishmentIds)
    query = query.where(a.establishmentId, 'in', filter.establishmentIds.length ? filter.establishmentIds : [null as unknown as string]);
  if (filter.cartId) query = query.where('d.cart_id', '=', filter.cartId);
  if (filter.kind) query = query.where(a.kind, '=', filter.kind);
  if (filter.status) query = query.where(a.status, '=', filter.status);
  if (filter.inService) query = query.where(inService(a));
  if (filter.lastSeenBefore) query = query.where('d.last_contact', '<', filter.lastSeenBefore);
  if (filter.lastSeenAfter) query = query.where('d.last_contact', '>=', filter.lastSeenAfter);
  if (filter.neverConnected !== undefined) query = query.where('d.last_contact', filter.neverConnected ? 'is' : 'is not', null);
  if (filter.idle) query = query.where(idleCondition(tenantId, filter.idle, asOf, idleForm));
  if (filter.offline) query = query.where(sql<boolean>`${inService(a)} AND ${offlineCondition(tenantId, filter.offline.days, asOf)}`);
  if (filter.offline && !asOf && fewestOffline !== undefined) query = query.where(lastSeenBefore(tenantId, fewestOffline));
  if (filter.obsolete) {
    const { reason, until } = filter.obsolete;
    query = query.where(
      asOf
        ? // The flags held that day: a flag ended since (a battery replaced) still lists the device.
          sql<boolean>`d.id IN (SELECT o.device_id FROM ${flagRowsHeld(tenantId, asOf)} o
            WHERE o.applies_from <= ${until}::date AND (${reason} = 'any' OR o.reason = ${reason}))`
        : sql<boolean>`d.id IN (SELECT device_id FROM device_obsolescence WHERE tenant_id = ${tenantId}
            AND applies_from <= ${until}::date AND (${reason} = 'any' OR reason = ${reason}))`,
    );
    // A device Vigie first heard of later is not in a past day's list, whatever its dates say.
    if (asOf) query = query.where(firstSeenBy(asOf));
  }
  if (filter.q) query = query.where(textMatches(filter.q));
  return query;
}

// A device that never connected sorts as the oldest contact: last by -last_seen, first by last_seen.
const SORT_EXPRESSIONS = {
  serial: sql<string>`COALESCE(d.serial, '')`,
  first_seen: sql<string>`d.first_seen`,
  last_seen: sql<string>`COALESCE(d.last_contact, '-infinity'::timestamptz)`,
};

/** The cursor value of a row for a sort: what SORT_EXPRESSIONS give, as text ('-infinity' for a null last_seen). */
export function sortValue(row: { serial: string | null; first_seen: Date; last_seen: Date | null }, sort: DeviceSort): string {
  const key = sort.replace('-', '') as keyof typeof SORT_EXPRESSIONS;
  if (key === 'serial') return row.serial ?? '';
  return (key === 'first_seen' ? row.first_seen : row.last_seen)?.toISOString() ?? '-infinity';
}

/** One page of a tenant's devices; the caller turns the last row into the next cursor (sortValue). */
export async function list(db: Db, tenantId: string, filter: DeviceFilter, page: DevicePage) {
  let query = filtered(baseQuery(db, tenantId, filter.asOf), tenantId, filter, 'probe')
    .select(COLUMNS)
    .select(reportColumns(tenantId, filter.asOf));
  const desc = page.sort.startsWith('-');
  const key = page.sort.replace('-', '') as keyof typeof SORT_EXPRESSIONS;
  // In last_seen order the page walks device_last_seen's index (its last_seen is
  // COALESCE(d.last_contact, '-infinity'), the sort expression, kept by triggers: migrations 0062,
  // 0070) and stops after `limit` matches, instead of sorting every device of the tenant. A report
  // for a past day sorts by the last_seen it answers (its lists are the idle, offline and obsolete
  // devices, not the whole fleet).
  const indexed = key === 'last_seen' && !filter.asOf && !(filter.q && (await fewTextMatches(db, tenantId, filter.q)));
  if (indexed)
    query = query.innerJoin('device_last_seen as r', (j) => j.onRef('r.tenant_id', '=', 'd.tenant_id').onRef('r.device_id', '=', 'd.id'));
  const sortExpr = indexed
    ? sql<string>`r.last_seen`
    : key === 'last_seen'
      ? sql<string>`COALESCE(${reportColumns(tenantId, filter.asOf)[3].expression}, '-infinity'::timestamptz)`
      : SORT_EXPRESSIONS[key];
  const idExpr = indexed ? sql<string>`r.device_id` : sql<string>`d.id`;
  if (page.after) {
    const value = key === 'serial' ? sql`${page.after.value}` : sql`${page.after.value}::timestamptz`;
    query = desc
      ? query.where(sql<boolean>`(${sortExpr}, ${idExpr}) < (${value}, ${page.after.id}::uuid)`)
      : query.where(sql<boolean>`(${sortExpr}, ${idExpr}) > (${value}, ${page.after.id}::uuid)`);
  }
  const direction = desc ? 'desc' : 'asc';
  return query.orderBy(sortExpr, direction).orderBy(idExpr, direction).limit(page.limit).execute();
}

/** How many devices match a filter. */
export async function count(db: Db, tenantId: string, filter: DeviceFilter): Promise<number> {
  // Read apart, not as a subquery: the planner then knows the range's bound, so its row estimate.
  const fewestOffline = filter.offline && !filter.asOf ? await fewestOfflineDays(db, tenantId, filter.offline.days) : undefined;
  const row = await filtered(baseQuery(db, tenantId, filter.asOf), tenantId, filter, 'set', fewestOffline)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

function oneDevice(db: Db, tenantId: string, id: string, establishmentIds?: string[]) {
  const query = baseQuery(db, tenantId, undefined).select(COLUMNS).select(reportColumns(tenantId, undefined)).where('d.id', '=', id);
  if (!establishmentIds) return query;
  return query.where('d.establishment_id', 'in', establishmentIds.length ? establishmentIds : [null as unknown as string]);
}

/** One device of the tenant, or undefined (also when it exists in another tenant). */
export async function get(db: Db, tenantId: string, id: string, establishmentIds?: string[]) {
  return oneDevice(db, tenantId, id, establishmentIds).executeTakeFirst();
}

/**
 * One device with its source records (each with its own dates: first_seen when Vigie first had it,
 * first contact and last contact as that record reported them), its last `days` device-days (newest first) and its
 * obsolescence flags (earliest first), or undefined. One statement: GET /v1/devices/{id} made one
 * query, then three in parallel, each a round trip and a pooled connection of its own. Timestamps
 * inside the arrays are ISO strings (JSON), not Dates.
 */
export async function getDetail(db: Db, tenantId: string, id: string, establishmentIds: string[] | undefined, days: number) {
  return oneDevice(db, tenantId, id, establishmentIds)
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('device_sources as ds')
          .innerJoin('sources as s', (j) => j.onRef('s.tenant_id', '=', 'ds.tenant_id').onRef('s.id', '=', 'ds.source_id'))
          .select(['s.name as source', 's.kind', 'ds.external_id', 'ds.first_seen', 'ds.first_contact', 'ds.last_contact as last_seen'])
          .where('ds.tenant_id', '=', tenantId)
          .whereRef('ds.device_id', '=', 'd.id')
          .orderBy('s.name')
          .orderBy('ds.external_id'),
      ).as('sources'),
      jsonArrayFrom(
        eb
          .selectFrom('device_days as dd')
          .select(['dd.day', 'dd.heartbeats', 'dd.usage_seconds', 'dd.measured_seconds', 'dd.active_seconds', 'dd.signal'])
          .select(sql<number>`bit_count(dd.presence)::int * 15`.as('online_minutes'))
          .where('dd.tenant_id', '=', tenantId)
          .whereRef('dd.device_id', '=', 'd.id')
          .orderBy('dd.day', 'desc')
          .limit(days),
      ).as('days'),
      jsonArrayFrom(
        eb
          .selectFrom('device_obsolescence as o')
          .select(['o.reason', 'o.applies_from', 'o.detail'])
          .where('o.tenant_id', '=', tenantId)
          .whereRef('o.device_id', '=', 'd.id')
          .orderBy('o.applies_from')
          .orderBy('o.reason'),
      ).as('obsolescence'),
    ])
    .executeTakeFirst();
}
