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

export interface AppCatalogTable {
  tenant_id: string;
  app_id: string;
  category: string;
  name: string | null;
}

/** The tables of stored observations (heartbeats and app_usage are partitioned by month, migration 0005) and the app catalogue. */
export interface ObservationTables {
  heartbeats: HeartbeatsTable;
  app_usage: AppUsageTable;
  app_catalog: AppCatalogTable;
}
