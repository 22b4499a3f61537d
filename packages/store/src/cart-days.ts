import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';

/** bit(96) literals: the lesson-hour slots of each half-day with classes (none: all zeros). */
export interface HalfDayMasks {
  morning: string;
  afternoon: string;
}

/** Per day and cart: devices in service, those active, and those that started a session in each half-day. */
export interface CartSessionCounts {
  day: string;
  cart_id: string;
  devices: number;
  active_devices: number;
  morning_starters: number;
  afternoon_starters: number;
}

/**
 * Per day and cart of an establishment: its devices in service, those active, and how many of them
 * started an app session within each half-day's lesson hours (the caller decides "used"), read from
 * the quarter hours sessions started in (device_days.session_starts), which outlive raw sessions.
 */
export async function sessionCounts(
  trx: Trx,
  tenantId: string,
  establishmentId: string,
  days: readonly (HalfDayMasks & { day: string })[],
) {
  const r = await sql<CartSessionCounts>`
    -- The tenant as a constant on the outer join too: Citus then routes the query to one shard.
    SELECT w.day::text AS day, a.cart_id, count(*) FILTER (WHERE a.in_service)::int AS devices,
      count(*) FILTER (WHERE a.in_service AND a.active)::int AS active_devices,
      count(*) FILTER (WHERE a.in_service AND bit_count(dd.session_starts & w.morning) > 0)::int AS morning_starters,
      count(*) FILTER (WHERE a.in_service AND bit_count(dd.session_starts & w.afternoon) > 0)::int AS afternoon_starters
    FROM unnest(${days.map((d) => d.day)}::date[], ${days.map((d) => d.morning)}::bit(96)[], ${days.map((d) => d.afternoon)}::bit(96)[])
      AS w(day, morning, afternoon)
    JOIN device_activity a ON a.tenant_id = ${tenantId} AND a.establishment_id = ${establishmentId} AND a.day = w.day AND a.cart_id IS NOT NULL
    LEFT JOIN device_days dd ON dd.tenant_id = ${tenantId} AND dd.device_id = a.device_id AND dd.day = a.day
    GROUP BY w.day, a.cart_id ORDER BY w.day, a.cart_id`.execute(trx);
  return r.rows;
}

export interface CartDay {
  day: string;
  cartId: string;
  devices: number;
  activeDevices: number;
  usedMorning: boolean;
  usedAfternoon: boolean;
}

/** Rewrites the cart-days of some of an establishment's days (`days`: their facts; `rows`: their carts). */
export async function replace(
  trx: Trx,
  tenantId: string,
  establishmentId: string,
  days: readonly { day: string; schoolDay: boolean; halfDays: number }[],
  rows: CartDay[],
) {
  await sql`DELETE FROM cart_days WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId}
    AND day = ANY(${days.map((d) => d.day)}::date[])`.execute(trx);
  if (rows.length === 0) return;
  const facts = new Map(days.map((d) => [d.day, d]));
  await sql`
    INSERT INTO cart_days (tenant_id, cart_id, day, establishment_id, school_day, half_days, devices, active_devices, used_morning, used_afternoon)
    SELECT ${tenantId}, t.cart_id, t.day, ${establishmentId}, t.school_day, t.half_days, t.devices, t.active, t.morning, t.afternoon
    FROM unnest(${rows.map((r) => r.cartId)}::uuid[], ${rows.map((r) => r.day)}::date[],
                ${rows.map((r) => facts.get(r.day)!.schoolDay)}::boolean[], ${rows.map((r) => facts.get(r.day)!.halfDays)}::int[],
                ${rows.map((r) => r.devices)}::int[], ${rows.map((r) => r.activeDevices)}::int[],
                ${rows.map((r) => r.usedMorning)}::boolean[], ${rows.map((r) => r.usedAfternoon)}::boolean[])
         AS t(cart_id, day, school_day, half_days, devices, active, morning, afternoon)`.execute(trx);
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
