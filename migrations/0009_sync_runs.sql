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
