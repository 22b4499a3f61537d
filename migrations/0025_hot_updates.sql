-- Every stored batch moves last_seen of its devices and updates their device-days. With room left
-- on each page and no index on last_seen, those updates are HOT: no index writes, and dead versions
-- are pruned within the page without waiting for vacuum. Sorting a tenant's devices by last_seen is
-- then a scan of that tenant's rows, which is cheap next to rewriting every index on every batch.
-- (0004 and 0006 are applied as they were: a migration already applied is never edited.)
DROP INDEX IF EXISTS devices_last_seen;
ALTER TABLE devices SET (fillfactor = 70);
ALTER TABLE device_days SET (fillfactor = 80);

-- Alert evaluations read every establishment's day totals (dimension 'all') over a range of days.
CREATE INDEX establishment_days_tenant_day_all ON establishment_days (tenant_id, day) WHERE dimension = 'all';
