-- The outbox: an accepted batch is committed here before its job is queued, so a lost Redis job is
-- found again by the sweeper and nothing accepted is lost. `json` (not jsonb): stored as sent and
-- read once by the worker, so parsing it into jsonb would be wasted work on the accept path.
CREATE TABLE ingest_batches (
  tenant_id       uuid NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  source_id       uuid NOT NULL,
  status          text NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted', 'stored', 'failed')),
  event_count     integer NOT NULL,
  events          json NOT NULL,
  accepted_at     timestamptz NOT NULL DEFAULT now(),
  stored_at       timestamptz,
  failed_at       timestamptz,
  failure_reason  text,
  replays         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, source_id) REFERENCES sources (tenant_id, id)
);
CREATE INDEX ingest_batches_pending ON ingest_batches (tenant_id, accepted_at) WHERE status = 'accepted';
CREATE INDEX ingest_batches_failed ON ingest_batches (tenant_id, failed_at) WHERE status = 'failed';
CREATE INDEX ingest_batches_stored ON ingest_batches (tenant_id, stored_at) WHERE status = 'stored';
