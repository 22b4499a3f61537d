import type { Generated } from 'kysely';
import type { Json, Timestamp } from './column-types.ts';

export interface AlertRulesTable {
  tenant_id: string;
  id: Generated<string>;
  kind: string;
  name: string;
  severity: Generated<string>;
  enabled: Generated<boolean>;
  params: Json<Record<string, unknown>>;
  overrides: Json<Record<string, Record<string, unknown>>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AlertsTable {
  tenant_id: string;
  id: Generated<string>;
  rule_id: string;
  rule_kind: string;
  severity: string;
  subject_type: string;
  subject_id: string;
  establishment_id: string | null;
  state: Generated<string>;
  title: string;
  details: Json<Record<string, unknown>>;
  opened_at: Generated<Date>;
  updated_at: Generated<Date>;
  resolved_at: Timestamp | null;
  snoozed_until: Timestamp | null;
  clear_since: Timestamp | null;
}

export interface AlertTransitionsTable {
  tenant_id: string;
  id: Generated<string>;
  alert_id: string;
  from_state: string | null;
  to_state: string;
  at: Generated<Date>;
  actor_token_id: string | null;
  actor_name: string;
  note: string | null;
}

export interface NotificationEndpointsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: string;
  name: string;
  url: string | null;
  email: string | null;
  secret: Buffer | null;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  consecutive_failures: Generated<number>;
  digest: Generated<boolean>;
  min_severity: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface NotificationDeliveriesTable {
  tenant_id: string;
  id: Generated<string>;
  endpoint_id: string;
  idempotency_key: string;
  kind: string;
  alert_id: string | null;
  payload: Json<Record<string, unknown>>;
  status: Generated<string>;
  attempts: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  created_at: Generated<Date>;
  delivered_at: Timestamp | null;
}

/** The tables of alerting (migration 0020). */
export interface AlertTables {
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  alert_transitions: AlertTransitionsTable;
  notification_endpoints: NotificationEndpointsTable;
  notification_deliveries: NotificationDeliveriesTable;
}
