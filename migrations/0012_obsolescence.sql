-- Obsolescence rules are data, per tenant (docs/indicators.md "Obsolescence"): a tenant without
-- rules uses the defaults of @vigie/contracts. '*' matches any device kind or platform.
CREATE TABLE obsolescence_rules (
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  reason        text NOT NULL CHECK (reason IN ('age', 'os_version', 'support_end', 'battery', 'storage', 'warranty')),
  device_kind   text NOT NULL DEFAULT '*',
  -- Normalised OS name for os_version rules (ipados, ios, windows, chromeos, android, macos).
  platform      text NOT NULL DEFAULT '*',
  -- age: years; battery: health %; storage: total MB. Unused by the date-based reasons.
  threshold     real,
  -- os_version: the minimum version ("16", "10.0.19045").
  min_version   text,
  PRIMARY KEY (tenant_id, reason, device_kind, platform)
);

-- Estimated replacement cost per device kind, for the renewal forecast.
CREATE TABLE unit_prices (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind         text NOT NULL,
  price_eur    numeric(10, 2) NOT NULL CHECK (price_eur >= 0),
  PRIMARY KEY (tenant_id, kind)
);

-- Flags of the last evaluation: one row per device and reason, with the date it applies from.
CREATE TABLE device_obsolescence (
  tenant_id     uuid NOT NULL,
  device_id     uuid NOT NULL,
  reason        text NOT NULL,
  applies_from  date NOT NULL,
  detail        text NOT NULL,
  evaluated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, device_id, reason),
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX device_obsolescence_applies ON device_obsolescence (tenant_id, applies_from);
