-- Tenants are collectivités; api_tokens authenticate every caller. Both are small global tables
-- (Citus "reference tables" when Vigie is distributed by tenant), so they keep plain uuid keys.
CREATE TABLE tenants (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('commune', 'departement', 'region', 'grouping')),
  time_zone   text NOT NULL DEFAULT 'Europe/Paris',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- null only for platform administrators, who create tenants and their first tokens.
  tenant_id          uuid REFERENCES tenants (id) ON DELETE CASCADE,
  role               text NOT NULL CHECK (role IN ('admin', 'operator', 'establishment', 'partner', 'connector')),
  name               text NOT NULL,
  -- SHA-256 of the token; the token itself is shown once and never stored.
  token_hash         bytea NOT NULL UNIQUE,
  establishment_uais text[] NOT NULL DEFAULT '{}',
  created_at         timestamptz NOT NULL DEFAULT now(),
  revoked_at         timestamptz,
  CHECK (tenant_id IS NOT NULL OR role = 'admin'),
  CHECK (role <> 'establishment' OR cardinality(establishment_uais) > 0)
);
CREATE INDEX api_tokens_tenant ON api_tokens (tenant_id);
