import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';

export interface LessonWindows {
  morning: { from: Date; to: Date } | null;
  afternoon: { from: Date; to: Date } | null;
}

const NEVER = new Date(0);

/**
 * Per cart of an establishment on a day: its devices in service, those active, and how many of them
 * started an app session within each half-day's lesson hours (the caller decides "used").
 */
export async function sessionCounts(trx: Trx, tenantId: string, establishmentId: string, day: string, w: LessonWindows) {
  const [mFrom, mTo] = w.morning ? [w.morning.from, w.morning.to] : [NEVER, NEVER];
  const [aFrom, aTo] = w.afternoon ? [w.afternoon.from, w.afternoon.to] : [NEVER, NEVER];
  // The tenant as a constant in the correlated probes too: Citus then routes the query to one shard.
  const r = await sql<{ cart_id: string; devices: number; active_devices: number; morning_starters: number; afternoon_starters: number }>`
    SELECT a.cart_id, count(*) FILTER (WHERE a.in_service)::int AS devices,
      count(*) FILTER (WHERE a.in_service AND a.active)::int AS active_devices,
      count(*) FILTER (WHERE a.in_service AND EXISTS (SELECT 1 FROM app_usage u WHERE u.tenant_id = ${tenantId} AND u.device_id = a.device_id
        AND u.started_at >= ${mFrom} AND u.started_at < ${mTo}))::int AS morning_starters,
      count(*) FILTER (WHERE a.in_service AND EXISTS (SELECT 1 FROM app_usage u WHERE u.tenant_id = ${tenantId} AND u.device_id = a.device_id
        AND u.started_at >= ${aFrom} AND u.started_at < ${aTo}))::int AS afternoon_starters
    FROM device_activity a
    WHERE a.tenant_id = ${tenantId} AND a.establishment_id = ${establishmentId} AND a.day = ${day}::date AND a.cart_id IS NOT NULL
    GROUP BY a.cart_id ORDER BY a.cart_id`.execute(trx);
  return r.rows;
}

export interface CartDay {
  cartId: string;
  devices: number;
  activeDevices: number;
  usedMorning: boolean;
  usedAfternoon: boolean;
}

/** Rewrites the cart-days of an establishment's day. */
export async function replace(
  trx: Trx,
  tenantId: string,
  establishmentId: string,
  f: { day: string; schoolDay: boolean; halfDays: number },
  rows: CartDay[],
) {
  await sql`DELETE FROM cart_days WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND day = ${f.day}::date`.execute(
    trx,
  );
  if (rows.length === 0) return;
  await sql`
    INSERT INTO cart_days (tenant_id, cart_id, day, establishment_id, school_day, half_days, devices, active_devices, used_morning, used_afternoon)
    SELECT ${tenantId}, t.cart_id, ${f.day}::date, ${establishmentId}, ${f.schoolDay}, ${f.halfDays}, t.devices, t.active, t.morning, t.afternoon
    FROM unnest(${rows.map((r) => r.cartId)}::uuid[], ${rows.map((r) => r.devices)}::int[], ${rows.map((r) => r.activeDevices)}::int[],
                ${rows.map((r) => r.usedMorning)}::boolean[], ${rows.map((r) => r.usedAfternoon)}::boolean[])
         AS t(cart_id, devices, active, morning, afternoon)`.execute(trx);
}

export async function list(db: Db, tenantId: string, cartId: string, range: { from: string; to: string }) {
  return db
    .selectFrom('cart_days')
    .select(['day', 'school_day', 'half_days', 'devices', 'active_devices', 'used_morning', 'used_afternoon'])
    .where('tenant_id', '=', tenantId)
    .where('cart_id', '=', cartId)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .orderBy('day')
    .execute();
}

/** The cart-days of these establishment-days: what the cart-unused alert reads. */
export async function onDays(db: Db, tenantId: string, days: readonly { establishmentId: string; day: string }[]) {
  if (days.length === 0) return [];
  const r = await sql<{ establishment_id: string; day: string; cart_id: string; devices: number; active_devices: number }>`
    SELECT c.establishment_id, c.day::text AS day, c.cart_id, c.devices, c.active_devices
    FROM unnest(${days.map((d) => d.establishmentId)}::uuid[], ${days.map((d) => d.day)}::date[]) AS w(establishment_id, day)
    JOIN cart_days c ON c.tenant_id = ${tenantId} AND c.establishment_id = w.establishment_id AND c.day = w.day`.execute(db);
  return r.rows;
}
