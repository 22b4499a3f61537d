-- Alert rules are data, per tenant: a kind (the condition, in code), thresholds in `params`, and
-- per-establishment overrides of those thresholds in `overrides` ({"<establishment id>": {...}}).
CREATE TABLE alert_rules (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  kind        text NOT NULL CHECK (kind IN ('device_offline', 'device_obsolete', 'device_idle', 'cart_unused',
                'establishment_outage', 'activity_rate_low', 'source_sync_failing')),
  name        text NOT NULL,
  severity    text NOT NULL DEFAULT 'warning' CHECK (severity IN ('info', 'warning', 'critical')),
  enabled     boolean NOT NULL DEFAULT true,
  params      jsonb NOT NULL DEFAULT '{}',
  overrides   jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

-- One row per alert opening. The partial unique index is the deduplication: at most one alert per
-- (rule, subject) that is not resolved, whatever evaluations or workers race to open it.
CREATE TABLE alerts (
  tenant_id         uuid NOT NULL,
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  rule_id           uuid NOT NULL,
  rule_kind         text NOT NULL,
  severity          text NOT NULL,
  subject_type      text NOT NULL CHECK (subject_type IN ('device', 'establishment', 'cart', 'source')),
  subject_id        text NOT NULL,
  establishment_id  uuid,
  state             text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'snoozed', 'resolved')),
  title             text NOT NULL,
  details           jsonb NOT NULL DEFAULT '{}',
  opened_at         timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  resolved_at       timestamptz,
  snoozed_until     timestamptz,
  -- Hysteresis: when the condition was first seen cleared; auto-resolve waits for it to stay clear.
  clear_since       timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, rule_id) REFERENCES alert_rules (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX alerts_one_unresolved ON alerts (tenant_id, rule_id, subject_type, subject_id) WHERE state <> 'resolved';
CREATE INDEX alerts_by_state ON alerts (tenant_id, state, opened_at DESC);
CREATE INDEX alerts_by_establishment ON alerts (tenant_id, establishment_id, opened_at DESC);

-- Who moved an alert, when, from what to what. actor_token_id is null for Vigie itself (evaluation).
CREATE TABLE alert_transitions (
  tenant_id       uuid NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  alert_id        uuid NOT NULL,
  from_state      text,
  to_state        text NOT NULL,
  at              timestamptz NOT NULL DEFAULT now(),
  actor_token_id  uuid,
  actor_name      text NOT NULL,
  note            text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, alert_id) REFERENCES alerts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX alert_transitions_alert ON alert_transitions (tenant_id, alert_id, at);

-- Where notifications go. A webhook's signing secret is sealed with SECRETS_KEY (AES-256-GCM) and
-- shown once, at creation. An endpoint failing `consecutive_failures` deliveries in a row is disabled.
CREATE TABLE notification_endpoints (
  tenant_id             uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                    uuid NOT NULL DEFAULT gen_random_uuid(),
  kind                  text NOT NULL CHECK (kind IN ('webhook', 'email')),
  name                  text NOT NULL,
  url                   text,
  email                 text,
  secret                bytea,
  enabled               boolean NOT NULL DEFAULT true,
  disabled_reason       text,
  consecutive_failures  integer NOT NULL DEFAULT 0,
  digest                boolean NOT NULL DEFAULT true,
  min_severity          text NOT NULL DEFAULT 'info' CHECK (min_severity IN ('info', 'warning', 'critical')),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name),
  CHECK ((kind = 'webhook' AND url IS NOT NULL) OR (kind = 'email' AND email IS NOT NULL))
);

-- One row per notification to send to one endpoint. The unique key is the exactly-once guarantee:
-- an alert opening, a test or a digest day becomes one delivery per endpoint however often it is queued.
CREATE TABLE notification_deliveries (
  tenant_id        uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  endpoint_id      uuid NOT NULL,
  idempotency_key  text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('alert', 'test', 'digest')),
  alert_id         uuid,
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  last_status      integer,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, endpoint_id, idempotency_key),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES notification_endpoints (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX notification_deliveries_endpoint ON notification_deliveries (tenant_id, endpoint_id, created_at DESC);
