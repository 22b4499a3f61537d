-- One row per sync of a pulled source: what it saw, what it sent, why it stopped.
CREATE TABLE sync_runs (
  tenant_id          uuid NOT NULL,
  id                 uuid NOT NULL DEFAULT gen_random_uuid(),
  source_id          uuid NOT NULL,
  trigger            text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  status             text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
  started_at         timestamptz NOT NULL DEFAULT now(),
  finished_at        timestamptz,
  duration_ms        integer,
  pages              integer NOT NULL DEFAULT 0,
  records_seen       integer NOT NULL DEFAULT 0,
  duplicates         integer NOT NULL DEFAULT 0,
  devices_created    integer NOT NULL DEFAULT 0,
  devices_updated    integer NOT NULL DEFAULT 0,
  devices_unchanged  integer NOT NULL DEFAULT 0,
  events_accepted    integer NOT NULL DEFAULT 0,
  batches            integer NOT NULL DEFAULT 0,
  rejected           integer NOT NULL DEFAULT 0,
  -- {"<code>:<field>": count}: why events were refused, without the events themselves.
  rejections         jsonb NOT NULL DEFAULT '{}',
  error_code         text,
  error              text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, source_id) REFERENCES sources (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sync_runs_source ON sync_runs (tenant_id, source_id, started_at DESC);

-- Which source said what about a device, and when: one row per (device, attribute, source), the
-- newest claim of that source. The devices row holds the winning value of each attribute: the claim
-- of the source with the lowest sources.priority, then the newest (packages/store/src/device-attributes.ts).
CREATE TABLE device_attributes (
  tenant_id    uuid NOT NULL,
  device_id    uuid NOT NULL,
  attribute    text NOT NULL,
  source_id    uuid NOT NULL,
  value        text NOT NULL,
  observed_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, device_id, attribute, source_id),
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, source_id) REFERENCES sources (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX device_attributes_source ON device_attributes (tenant_id, source_id);

-- The asset register (inventaire comptable): what the collectivité bought, keyed by serial. It
-- enriches devices with the same serial and is reconciled against what the MDMs see.
CREATE TABLE asset_register (
  tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  serial_key         text NOT NULL,
  serial             text NOT NULL,
  acquired_on        date,
  price_cents        bigint CHECK (price_cents >= 0),
  funder             text,
  programme          text,
  warranty_end       date,
  establishment_uai  text,
  imported_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, serial_key)
);
