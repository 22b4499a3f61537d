import type { Timestamp } from './column-types.ts';

export interface HeartbeatsTable {
  tenant_id: string;
  device_id: string;
  observed_at: Timestamp;
  source_id: string;
  battery_pct: number | null;
  free_storage_mb: number | null;
  state: string | null;
}

export interface AppUsageTable {
  tenant_id: string;
  device_id: string;
  started_at: Timestamp;
  app_id: string;
  source_id: string;
  app_name: string | null;
  category: string | null;
  duration_s: number;
  observed_at: Timestamp;
}

/** App sessions summed per device, local day and app (migration 0063). */
export interface AppDaysTable {
  tenant_id: string;
  device_id: string;
  day: string;
  app_id: string;
  /** The source's category, '' for none. */
  category: string;
  seconds: number;
  sessions: number;
}

export interface AppCatalogTable {
  tenant_id: string;
  app_id: string;
  category: string;
  name: string | null;
}

/** The tables of stored observations (heartbeats and app_usage are partitioned by time, migration 0005), their daily sums and the app catalogue. */
export interface ObservationTables {
  heartbeats: HeartbeatsTable;
  app_usage: AppUsageTable;
  app_days: AppDaysTable;
  app_catalog: AppCatalogTable;
}
