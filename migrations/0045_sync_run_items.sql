-- What a sync refused, or accepted without a field, one row per event concerned: a run names each
-- record by the source's own id, not only counts. At most 10,000 rows per run (sync-run-items.ts):
-- beyond that a source is misconfigured and the counts in sync_runs.rejections tell the rest.
CREATE TABLE sync_run_items (
  tenant_id    uuid NOT NULL,
  run_id       uuid NOT NULL,
  seq          integer NOT NULL,
  record_id    text,
  event_type   text,
  status       text NOT NULL CHECK (status IN ('rejected', 'accepted')),
  code         text NOT NULL,
  field        text,
  message      text NOT NULL,
  PRIMARY KEY (tenant_id, run_id, seq),
  FOREIGN KEY (tenant_id, run_id) REFERENCES sync_runs (tenant_id, id) ON DELETE CASCADE
);
