-- The journal (issue 16): who did what, when, from where, per tenant. Platform events (an
-- administrator token created by the CLI, a tenant created) have no tenant: they form the
-- "platform" chain. Each chain is a hash chain: hash = sha256(prev_hash || canonical JSON of the
-- row), computed by packages/store/src/audit-events.ts, so a row changed or removed behind the
-- application's back is found by `npm run vigie -- audit verify`.
CREATE TABLE audit_events (
  tenant_id   uuid,
  seq         bigint NOT NULL,
  at          timestamptz NOT NULL,
  actor_kind  text NOT NULL CHECK (actor_kind IN ('token', 'session', 'cli', 'system')),
  actor_id    text,
  actor_name  text NOT NULL,
  address     text,
  action      text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  target_kind text,
  target_id   text,
  -- Never secrets, never a person's identity beyond the actor's display name (docs/security.md).
  details     jsonb NOT NULL DEFAULT '{}',
  prev_hash   text NOT NULL,
  hash        text NOT NULL
);
-- No foreign key to tenants: a tenant's deletion must not cascade into (or be blocked by) its journal.
CREATE UNIQUE INDEX audit_events_chain_seq ON audit_events (tenant_id, seq) NULLS NOT DISTINCT;
CREATE INDEX audit_events_action ON audit_events (tenant_id, action, seq);
CREATE INDEX audit_events_at ON audit_events (tenant_id, at);

-- One row per chain ('platform' or the tenant's id): its head, locked FOR UPDATE by every append so
-- that two appends of one chain are serialised (seq without gaps, each prev_hash the real previous
-- hash), and its anchor: the last row the retention purge deleted, where verification starts.
CREATE TABLE audit_chains (
  chain       text PRIMARY KEY,
  tenant_id   uuid,
  last_seq    bigint NOT NULL DEFAULT 0,
  last_hash   text NOT NULL,
  anchor_seq  bigint NOT NULL DEFAULT 0,
  anchor_hash text NOT NULL
);
