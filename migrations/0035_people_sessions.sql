-- Sign-in for people (API tokens stay for programs). A person signs in by a one-time link or by
-- OpenID Connect and gets a session: a random secret in an httpOnly cookie, of which only the
-- SHA-256 is stored, exactly as for api_tokens. Roles are the token roles minus 'connector':
-- signing in never grants the connector role.
CREATE TABLE people_sessions (
  tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                 uuid NOT NULL DEFAULT gen_random_uuid(),
  secret_hash        bytea NOT NULL UNIQUE,
  role               text NOT NULL CHECK (role IN ('admin', 'operator', 'establishment', 'partner')),
  establishment_uais text[] NOT NULL DEFAULT '{}',
  -- Who the person is for "sign out everywhere": 'link:<name>' or 'oidc:<issuer>#<sub>'.
  subject            text NOT NULL,
  display_name       text NOT NULL,
  method             text NOT NULL CHECK (method IN ('link', 'oidc')),
  created_at         timestamptz NOT NULL DEFAULT now(),
  last_seen_at       timestamptz NOT NULL DEFAULT now(),
  -- Absolute expiry, fixed at creation; idle expiry is last_seen_at plus the configured idle time.
  expires_at         timestamptz NOT NULL,
  revoked_at         timestamptz,
  PRIMARY KEY (tenant_id, id),
  CHECK (role <> 'establishment' OR cardinality(establishment_uais) > 0)
);
CREATE INDEX people_sessions_subject ON people_sessions (tenant_id, subject) WHERE revoked_at IS NULL;
CREATE INDEX people_sessions_expires ON people_sessions (expires_at);

-- One-time sign-in links (CLI, demo). Only the token's SHA-256 is stored; used_at makes it single use.
CREATE TABLE login_links (
  tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                 uuid NOT NULL DEFAULT gen_random_uuid(),
  token_hash         bytea NOT NULL UNIQUE,
  role               text NOT NULL CHECK (role IN ('admin', 'operator', 'establishment', 'partner')),
  establishment_uais text[] NOT NULL DEFAULT '{}',
  -- The session's subject: 'link:<name>' when the link names a person, else 'link:<this id>'.
  subject            text,
  display_name       text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  expires_at         timestamptz NOT NULL,
  used_at            timestamptz,
  PRIMARY KEY (tenant_id, id),
  CHECK (role <> 'establishment' OR cardinality(establishment_uais) > 0)
);
CREATE INDEX login_links_expires ON login_links (expires_at);

-- OpenID Connect, configured per tenant by its admin. The client secret is sealed with SECRETS_KEY
-- (store/secret-box.ts) like MDM credentials; rules map the person's claims to a role and UAIs.
CREATE TABLE oidc_providers (
  tenant_id            uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  issuer               text NOT NULL,
  client_id            text NOT NULL,
  client_secret_sealed bytea,
  scopes               text[] NOT NULL DEFAULT '{openid}',
  rules                jsonb NOT NULL DEFAULT '[]',
  updated_at           timestamptz NOT NULL DEFAULT now()
);

-- A sign-in started at the provider and not yet back: state (hashed, it is the look-up key), nonce
-- and PKCE verifier stay here, never in the browser. Rows live minutes and are deleted on use.
CREATE TABLE oidc_logins (
  state_hash     bytea PRIMARY KEY,
  tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  next_path      text NOT NULL DEFAULT '/',
  expires_at     timestamptz NOT NULL
);
