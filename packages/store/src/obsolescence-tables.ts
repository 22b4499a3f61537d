import type { Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

export interface ObsolescenceRulesTable {
  tenant_id: string;
  reason: string;
  device_kind: Generated<string>;
  platform: Generated<string>;
  threshold: number | null;
  min_version: string | null;
}

export interface DeviceObsolescenceTable {
  tenant_id: string;
  device_id: string;
  reason: string;
  applies_from: string;
  detail: string;
  evaluated_at: Timestamp;
}

/** A flag that stopped applying (deleted, or its applies_from moved): it held up to the end of the local day before `ended_on`. */
export interface DeviceObsolescenceEndedTable {
  tenant_id: string;
  device_id: string;
  reason: string;
  applies_from: string;
  ended_on: string;
}

export interface ObsolescenceCountsTable {
  tenant_id: string;
  establishment_id: string | null;
  kind: string;
  reason: string | null;
  applies_from: string;
  in_service: boolean;
  devices: number;
}

export interface UnitPricesTable {
  tenant_id: string;
  kind: string;
  price_eur: string;
}

/** The tables of obsolescence and renewal: rules, per-device verdicts (and those that ended), counts and unit prices. */
export interface ObsolescenceTables {
  obsolescence_rules: ObsolescenceRulesTable;
  device_obsolescence: DeviceObsolescenceTable;
  device_obsolescence_ended: DeviceObsolescenceEndedTable;
  obsolescence_counts: ObsolescenceCountsTable;
  unit_prices: UnitPricesTable;
}
