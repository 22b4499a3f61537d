import type { Generated } from 'kysely';
import type { Timestamp, Json } from './column-types.ts';

export interface DeviceActivityTable {
  tenant_id: string;
  establishment_id: string;
  day: string;
  device_id: string;
  kind: string;
  assignment: string | null;
  cart_id: string | null;
  in_service: boolean;
  school_day: boolean;
  online: boolean;
  active: boolean;
  signal: string;
  active_seconds: number;
  lesson_slots: number;
  inferred_seconds: number;
  judged_on_use: Generated<boolean>;
  presence_active: Generated<boolean>;
}

export interface DeviceIdleStreaksTable {
  tenant_id: string;
  establishment_id: string;
  day: string;
  streak: number;
  device_id: string;
  /** The device is in service, not in stock and in this establishment now (migration 0073); null: not known, not counted. */
  in_service_here: boolean | null;
  /** The first date of the device's obsolescence flags now; null: not flagged. */
  first_obsolete: string | null;
}

export interface EstablishmentDaysTable {
  tenant_id: string;
  establishment_id: string;
  day: string;
  dimension: string;
  value: string;
  school_day: boolean;
  half_days: number;
  in_service: number;
  online: number;
  active: number;
  active_measured: number;
  active_usage: number;
  active_presence: number;
  presence_discounted: number;
  reporting: number;
  silent: number;
  outage: boolean;
  computed_at: Generated<Date>;
  presence_active: Generated<number>;
  judged_on_use: Generated<number>;
}

export interface EstablishmentPeriodsTable {
  tenant_id: string;
  establishment_id: string;
  granularity: string;
  period_start: string;
  dimension: string;
  value: string;
  school_days: number;
  in_service_device_days: number;
  active_device_days: number;
  active_measured: number;
  active_usage: number;
  active_presence: number;
  in_service_devices: number | null;
  reached_devices: number | null;
  computed_at: Generated<Date>;
  presence_active_device_days: Generated<number>;
  judged_on_use_device_days: Generated<number>;
}

export interface TenantDaysTable {
  tenant_id: string;
  day: string;
  dimension: string;
  value: string;
  establishments: number;
  in_service: number;
  active: number;
  active_measured: number;
  active_usage: number;
  active_presence: number;
  outages: number;
  computed_at: Generated<Date>;
  presence_active: Generated<number>;
  judged_on_use: Generated<number>;
}

export interface CartDaysTable {
  tenant_id: string;
  cart_id: string;
  day: string;
  establishment_id: string;
  school_day: boolean;
  half_days: number;
  devices: number;
  active_devices: number;
  used_morning: boolean;
  used_afternoon: boolean;
  computed_at: Generated<Date>;
}

export interface RollupDirtyTable {
  tenant_id: string;
  establishment_id: string;
  day: string;
  marked_at: Generated<Date>;
  device_ids: string[] | null;
  first_marked_at: Generated<Date>;
}

export interface RecomputeRunsTable {
  tenant_id: string;
  id: Generated<string>;
  reason: string;
  /** 'days': rolled-up days redone; 'obsolescence': the flags re-evaluated (migrations/0060). */
  target: Generated<'days' | 'obsolescence'>;
  establishment_ids: string[] | null;
  from_day: string;
  to_day: string;
  days_total: number;
  requested_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface TenantRollupSettingsTable {
  tenant_id: string;
  active_seconds: Generated<number>;
  presence_min_lesson_slots: Generated<number>;
  idle_school_days: Generated<number>;
  offline_days: Generated<number>;
  outage_silent_share: Generated<number>;
  outage_min_devices: Generated<number>;
  cart_session_min_devices: Generated<number>;
  min_group_devices: Generated<number>;
  updated_at: Generated<Date>;
  use_signal_window_days: Generated<number>;
  presence_inference: Generated<boolean>;
  presence_night: Json<{ from: string; to: string }>;
  lesson_hours: Json<Record<string, { from: string; to: string }>>;
  weekly_rhythm: string | null;
  retention_days: Json<Record<string, number>>;
}

export interface EstablishmentRollupSettingsTable {
  tenant_id: string;
  establishment_id: string;
  overrides: Json<Record<string, unknown>>;
  updated_at: Generated<Date>;
}

/** The tables the rollup writes and the settings and marks that drive it. */
export interface RollupTables {
  device_activity: DeviceActivityTable;
  device_idle_streaks: DeviceIdleStreaksTable;
  establishment_days: EstablishmentDaysTable;
  establishment_periods: EstablishmentPeriodsTable;
  tenant_days: TenantDaysTable;
  cart_days: CartDaysTable;
  rollup_dirty: RollupDirtyTable;
  recompute_runs: RecomputeRunsTable;
  tenant_rollup_settings: TenantRollupSettingsTable;
  establishment_rollup_settings: EstablishmentRollupSettingsTable;
}
