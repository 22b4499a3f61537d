import type { ColumnType, Generated } from 'kysely';
import type { AlertTables } from './alert-tables.ts';
import type { AuditTables } from './audit-tables.ts';
import type { CreatedAt, Timestamp } from './column-types.ts';
import type { ObservationTables } from './observation-tables.ts';
import type { ObsolescenceTables } from './obsolescence-tables.ts';
import type { ReferenceTables } from './reference-tables.ts';
import type { RollupTables } from './rollup-tables.ts';
import type { SignInTables } from './sign-in-tables.ts';

// Row shapes of every table, as pg returns them (column-types.ts); the areas with several tables
// have their own file, aggregated into Database below.

export interface TenantsTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: string;
  time_zone: Generated<string>;
  territory_code: string | null;
  created_at: CreatedAt;
  outbound_allow: Generated<string[]>;
}

export interface ApiTokensTable {
  id: Generated<string>;
  tenant_id: string | null;
  role: string;
  name: string;
  token_hash: Buffer;
  establishment_uais: Generated<string[]>;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
  created_by: string | null;
  created_by_token_id: string | null;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  rotated_from: string | null;
}

export interface EstablishmentsTable {
  tenant_id: string;
  id: Generated<string>;
  uai: string;
  name: string;
  type: string;
  calendar_zone: string;
  time_zone: Generated<string>;
  created_at: CreatedAt;
  rhythm: string | null;
  alsace_moselle: Generated<boolean>;
  pupils: number | null;
  public_private: string | null;
  nature_code: string | null;
  academie_code: string | null;
  academie: string | null;
  commune_code: string | null;
  departement_code: string | null;
  departement_raw: string | null;
  region_code: string | null;
  education_priority: string | null;
  closed: Generated<boolean>;
  parent_uai: string | null;
  annuaire_updated_on: string | null;
}

export interface CartsTable {
  tenant_id: string;
  id: Generated<string>;
  establishment_id: string;
  name: string;
  created_at: CreatedAt;
}

export interface SourcesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  kind: Generated<string>;
  created_at: CreatedAt;
  base_url: string | null;
  token_url: string | null;
  page_size: Generated<number>;
  schedule: string | null;
  time_zone: Generated<string>;
  options: ColumnType<Record<string, string>, string | undefined, string>;
  mapping: ColumnType<{ match: string; uai: string; cart?: string }[], string | undefined, string>;
  credentials: Buffer | null;
  enabled: Generated<boolean>;
  priority: Generated<number>;
  sync_state: ColumnType<unknown, string | null | undefined, string | null>;
  updated_at: Generated<Date>;
  created_by_token_id: string | null;
}

export interface SyncRunsTable {
  tenant_id: string;
  id: Generated<string>;
  source_id: string;
  trigger: string;
  status: Generated<string>;
  started_at: Generated<Date>;
  finished_at: Timestamp | null;
  duration_ms: number | null;
  pages: Generated<number>;
  records_seen: Generated<number>;
  duplicates: Generated<number>;
  devices_created: Generated<number>;
  devices_updated: Generated<number>;
  devices_unchanged: Generated<number>;
  events_accepted: Generated<number>;
  batches: Generated<number>;
  rejected: Generated<number>;
  rejections: ColumnType<Record<string, number>, string | undefined, string>;
  error_code: string | null;
  error: string | null;
}

export interface SyncRunItemsTable {
  tenant_id: string;
  run_id: string;
  seq: number;
  record_id: string | null;
  event_type: string | null;
  status: string;
  code: string;
  field: string | null;
  message: string;
}

export interface DevicesTable {
  tenant_id: string;
  id: Generated<string>;
  establishment_id: string | null;
  cart_id: string | null;
  kind: Generated<string>;
  serial: string | null;
  serial_key: string | null;
  manufacturer: string | null;
  model: string | null;
  os_name: string | null;
  os_version: string | null;
  os_version_raw: Generated<string | null>;
  asset_tag: Generated<string | null>;
  unmanaged_since: Generated<Date | null>;
  name: Generated<string | null>;
  assignment: string | null;
  status: Generated<string>;
  acquired_on: string | null;
  warranty_end: string | null;
  support_end: string | null;
  battery_health_pct: number | null;
  storage_total_mb: number | null;
  provisional: Generated<boolean>;
  inventory_observed_at: Timestamp | null;
  first_seen: Timestamp;
  /** No longer written (0070): the old COALESCE(last_contact, first_seen), dropped in the next release. */
  last_seen: Date | null;
  /** The last contact a source reported; null for a device that never connected (the REST last_seen). */
  last_contact: Generated<Date | null>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

/** devices.last_seen again, indexed for pages in that order; kept equal by triggers (migration 0062). */
export interface DeviceLastSeenTable {
  tenant_id: string;
  device_id: string;
  last_seen: Timestamp;
  /** In service and not in stock, as the device is now (migration 0080). */
  in_service: boolean | null;
  establishment_id: string | null;
}

/** What a device was (status, kind, assignment, establishment) from the end of each local day it changed on (migration 0072). */
export interface DeviceHistoryTable {
  tenant_id: string;
  device_id: string;
  valid_on: string;
  establishment_id: string | null;
  kind: string;
  status: string;
  assignment: string | null;
}

/** The local days a source reported a device in contact in an inventory (migration 0072). */
export interface DeviceContactDaysTable {
  tenant_id: string;
  device_id: string;
  day: string;
}

/** Devices per kind, status and unmanaged, and apart per hour of last contact, folded (migrations 0067, 0068). */
export interface DeviceTalliesTable {
  tenant_id: string;
  kind: string;
  status: string;
  unmanaged: boolean;
  seen_hour: Timestamp;
  devices: number;
}

/** Changes to device_tallies not yet folded, inserted by triggers on devices. */
export type DeviceTallyChangesTable = DeviceTalliesTable;

export interface DeviceSourcesTable {
  tenant_id: string;
  source_id: string;
  external_id: string;
  device_id: string;
  first_seen: Timestamp;
  /** No longer written (0070): dropped in the next release. */
  last_seen: Date | null;
  first_contact: Generated<Date | null>;
  last_contact: Generated<Date | null>;
  missed_syncs: Generated<number>;
  gone_at: Generated<Date | null>;
}

export interface DeviceDaysTable {
  tenant_id: string;
  device_id: string;
  day: string;
  establishment_id: string | null;
  presence: Generated<string>;
  heartbeats: Generated<number>;
  usage_seconds: Generated<number>;
  measured_seconds: number | null;
  measured_observed_at: Timestamp | null;
  signal: ColumnType<string, never, never>;
  active_seconds: ColumnType<number, never, never>;
  updated_at: Generated<Date>;
  /** bit(96): quarter hours an app session started in (null: none). */
  session_starts: string | null;
}

export interface IngestBatchesTable {
  tenant_id: string;
  id: Generated<string>;
  source_id: string;
  status: Generated<string>;
  event_count: number;
  events: ColumnType<unknown[], string, string>;
  accepted_at: Generated<Date>;
  stored_at: Timestamp | null;
  failed_at: Timestamp | null;
  failure_reason: string | null;
  replays: Generated<number>;
}

export interface DeviceAttributesTable {
  tenant_id: string;
  device_id: string;
  attribute: string;
  source_id: string;
  value: string;
  observed_at: Timestamp;
}

export interface AssetRegisterTable {
  tenant_id: string;
  serial_key: string;
  serial: string;
  acquired_on: string | null;
  price_cents: number | null;
  funder: string | null;
  programme: string | null;
  warranty_end: string | null;
  establishment_uai: string | null;
  imported_at: Generated<Date>;
}

export interface TenantRetentionStateTable {
  tenant_id: string;
  /** 'YYYY-MM-DD': days before it have lost per-device rows to retention. */
  device_data_before: string;
  updated_at: Generated<Date>;
}

/** Every table of the public schema (bi.* views are read by BI tools, not by the store). */
export interface Database
  extends AlertTables, AuditTables, ObservationTables, ObsolescenceTables, ReferenceTables, RollupTables, SignInTables {
  tenants: TenantsTable;
  api_tokens: ApiTokensTable;
  establishments: EstablishmentsTable;
  carts: CartsTable;
  sources: SourcesTable;
  devices: DevicesTable;
  device_last_seen: DeviceLastSeenTable;
  device_history: DeviceHistoryTable;
  device_contact_days: DeviceContactDaysTable;
  device_tallies: DeviceTalliesTable;
  device_tally_changes: DeviceTallyChangesTable;
  device_sources: DeviceSourcesTable;
  device_days: DeviceDaysTable;
  ingest_batches: IngestBatchesTable;
  sync_runs: SyncRunsTable;
  sync_run_items: SyncRunItemsTable;
  device_attributes: DeviceAttributesTable;
  asset_register: AssetRegisterTable;
  tenant_retention_state: TenantRetentionStateTable;
}
