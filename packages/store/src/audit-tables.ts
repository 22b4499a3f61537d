import type { ColumnType } from 'kysely';

type Json<T> = ColumnType<T, string, never>;
// Rows of the journal are written once and never updated (migrations/0052: a trigger refuses it).
type Once<T> = ColumnType<T, T, never>;

export interface AuditEventsTable {
  tenant_id: Once<string | null>;
  seq: Once<number>;
  at: Once<Date>;
  actor_kind: Once<string>;
  actor_id: Once<string | null>;
  actor_name: Once<string>;
  address: Once<string | null>;
  action: Once<string>;
  target_kind: Once<string | null>;
  target_id: Once<string | null>;
  details: Json<Record<string, unknown>>;
  prev_hash: Once<string>;
  hash: Once<string>;
}

export interface AuditChainsTable {
  chain: string;
  tenant_id: string | null;
  last_seq: number;
  last_hash: string;
  anchor_seq: number;
  anchor_hash: string;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
  audit_chains: AuditChainsTable;
}
