-- A change of settings, calendar or an establishment's attributes recomputes the rolled-up days it
-- affects. The days are marked in rollup_dirty, the same marks ingestion makes, so the usual
-- rollup jobs redo them; a run records what was asked, so progress can be told and answers
-- covering pending days can say so. A run is done when none of the marks it made (or found) is left.
CREATE TABLE recompute_runs (
  tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                 uuid NOT NULL DEFAULT gen_random_uuid(),
  reason             text NOT NULL,
  -- The establishments concerned; null = every establishment of the tenant.
  establishment_ids  uuid[],
  from_day           date NOT NULL,
  to_day             date NOT NULL,
  days_total         integer NOT NULL,
  requested_at       timestamptz NOT NULL,
  finished_at        timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX recompute_runs_unfinished ON recompute_runs (tenant_id, requested_at) WHERE finished_at IS NULL;
