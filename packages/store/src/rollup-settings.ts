import { sql } from 'kysely';
import { RollupDefaults, type RollupSettings } from '@vigie/contracts';
import type { Db, Trx } from './db.ts';

/** The tenant's rollup thresholds, or the defaults when it never set any. */
export async function get(db: Db | Trx, tenantId: string): Promise<RollupSettings> {
  const row = await sql<RollupSettings>`
    SELECT active_seconds, presence_min_lesson_slots, idle_school_days, offline_days, outage_silent_share,
           outage_min_devices, cart_session_min_devices, min_group_devices, use_signal_window_days
    FROM tenant_rollup_settings WHERE tenant_id = ${tenantId}`.execute(db);
  return row.rows[0] ? { ...row.rows[0] } : { ...RollupDefaults };
}

/** Sets some thresholds; the others keep their value (or default). */
export async function set(db: Db, tenantId: string, changes: Partial<RollupSettings>): Promise<RollupSettings> {
  const next = { ...(await get(db, tenantId)), ...changes };
  await sql`
    INSERT INTO tenant_rollup_settings (tenant_id, active_seconds, presence_min_lesson_slots, idle_school_days, offline_days,
      outage_silent_share, outage_min_devices, cart_session_min_devices, min_group_devices, use_signal_window_days)
    VALUES (${tenantId}, ${next.active_seconds}, ${next.presence_min_lesson_slots}, ${next.idle_school_days}, ${next.offline_days},
      ${next.outage_silent_share}, ${next.outage_min_devices}, ${next.cart_session_min_devices}, ${next.min_group_devices}, ${next.use_signal_window_days})
    ON CONFLICT (tenant_id) DO UPDATE SET active_seconds = EXCLUDED.active_seconds,
      presence_min_lesson_slots = EXCLUDED.presence_min_lesson_slots, idle_school_days = EXCLUDED.idle_school_days,
      offline_days = EXCLUDED.offline_days, outage_silent_share = EXCLUDED.outage_silent_share,
      outage_min_devices = EXCLUDED.outage_min_devices, cart_session_min_devices = EXCLUDED.cart_session_min_devices,
      min_group_devices = EXCLUDED.min_group_devices,
      use_signal_window_days = EXCLUDED.use_signal_window_days, updated_at = now()`.execute(db);
  return next;
}
