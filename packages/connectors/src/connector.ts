import type { InventoryEvent, MappingRule } from '@vigie/contracts';
import type { HttpClient } from './http/http-client.ts';

/** A source as a connector needs it: where, how to authenticate, how big a page, which zone. */
export interface SourceSettings {
  kind: string;
  baseUrl: string;
  tokenUrl: string | null;
  pageSize: number;
  /** Zone of timestamps the MDM writes without one (GLPI server time, Jamf School). */
  timeZone: string;
  credentials: Record<string, string>;
  options: Record<string, string>;
  mapping: MappingRule[];
}

export type InventoryFields = Omit<InventoryEvent, 'type' | 'device_id' | 'observed_at' | 'event_id' | 'establishment_uai' | 'cart'>;

/** One device as an MDM record says it, already stripped of every personal field. */
export interface DeviceRecord {
  externalId: string;
  /** When the MDM last heard from the device (RFC 3339), or null if it never did. */
  lastCheckIn: string | null;
  /** Which record is newer when paging returns one id twice (falls back to lastCheckIn). */
  version: string | null;
  inventory: InventoryFields;
  /** Names the mapping rules match on: org unit path, groups, location, device name. */
  placeKeys: string[];
  checkIn: { battery_pct?: number; free_storage_mb?: number; state?: string };
  dailyActivity: { date: string; active_seconds: number }[];
}

/** One foreground app session reported by the MDM (Chrome telemetry). */
export interface UsageRecord {
  externalId: string;
  appId: string;
  startedAt: string;
  durationS: number;
  observedAt: string;
}

export interface PullPage {
  devices: DeviceRecord[];
  usage?: UsageRecord[];
}

/** An MDM: pages through its API to the end, yielding mapped pages. */
export interface Connector {
  kind: string;
  pull(settings: SourceSettings, http: HttpClient): AsyncIterable<PullPage>;
}
