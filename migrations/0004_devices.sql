CREATE TABLE devices (
  tenant_id              uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                     uuid NOT NULL DEFAULT gen_random_uuid(),
  establishment_id       uuid,
  cart_id                uuid,
  kind                   text NOT NULL DEFAULT 'other'
                           CHECK (kind IN ('tablet', 'laptop', 'desktop', 'chromebook', 'interactive_display', 'other')),
  serial                 text,
  -- Normalised serial, null for placeholders ("Default string", "0"...): the merge key across sources.
  serial_key             text,
  manufacturer           text,
  model                  text,
  os_name                text,
  os_version             text,
  assignment             text CHECK (assignment IN ('individual', 'cart', 'shared_room', 'teacher', 'stock')),
  status                 text NOT NULL DEFAULT 'in_service'
                           CHECK (status IN ('in_service', 'in_repair', 'spare', 'lost', 'retired')),
  acquired_on            date,
  warranty_end           date,
  support_end            date,
  battery_health_pct     real,
  storage_total_mb       bigint,
  -- True until an inventory event arrives: heartbeats of unknown devices are kept, not dropped.
  provisional            boolean NOT NULL DEFAULT true,
  -- observed_at of the newest inventory applied, so a late, older inventory never overwrites it.
  inventory_observed_at  timestamptz,
  first_seen             timestamptz NOT NULL,
  last_seen              timestamptz NOT NULL,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, establishment_id) REFERENCES establishments (tenant_id, id),
  FOREIGN KEY (tenant_id, cart_id) REFERENCES carts (tenant_id, id)
);
CREATE UNIQUE INDEX devices_serial_key ON devices (tenant_id, serial_key) WHERE serial_key IS NOT NULL;
CREATE INDEX devices_establishment ON devices (tenant_id, establishment_id, id);
CREATE INDEX devices_last_seen ON devices (tenant_id, last_seen, id);

-- One row per (source, the source's own id): how several MDMs' records resolve to one device.
CREATE TABLE device_sources (
  tenant_id    uuid NOT NULL,
  source_id    uuid NOT NULL,
  external_id  text NOT NULL,
  device_id    uuid NOT NULL,
  first_seen   timestamptz NOT NULL,
  last_seen    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, source_id, external_id),
  FOREIGN KEY (tenant_id, source_id) REFERENCES sources (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX device_sources_device ON device_sources (tenant_id, device_id);
