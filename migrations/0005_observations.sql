-- Time series, range-partitioned by month on their time column; partitions are created ahead and
-- dropped past the retention by the worker's maintenance job (packages/store/src/partitions.ts).
-- The time column is in every key because a partitioned table's unique keys must hold it; it is
-- also what makes "the same observation twice" a conflict that ON CONFLICT DO NOTHING absorbs.
-- No foreign key to devices: each would cost a lookup per inserted row on the hottest path.
CREATE TABLE heartbeats (
  tenant_id        uuid NOT NULL,
  device_id        uuid NOT NULL,
  observed_at      timestamptz NOT NULL,
  source_id        uuid NOT NULL,
  battery_pct      real,
  free_storage_mb  bigint,
  state            text,
  PRIMARY KEY (tenant_id, device_id, observed_at, source_id)
) PARTITION BY RANGE (observed_at);

CREATE TABLE app_usage (
  tenant_id    uuid NOT NULL,
  device_id    uuid NOT NULL,
  started_at   timestamptz NOT NULL,
  app_id       text NOT NULL,
  source_id    uuid NOT NULL,
  app_name     text,
  category     text,
  duration_s   integer NOT NULL CHECK (duration_s BETWEEN 0 AND 86400),
  observed_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, device_id, started_at, app_id, source_id)
) PARTITION BY RANGE (started_at);
