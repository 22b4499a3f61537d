-- The renewal forecast's redeployment count (packages/store/src/redeployment.ts) reads, per
-- establishment, one range of the streak key (its last school day, streak >= N) and filters each
-- row on what 0073 copied of its device, in_service_here and first_obsolete, which only the heap
-- held: at 1,000,000 devices (a région of 300,000, 92,622 idle obsolete devices) that was one heap
-- page per row, 112-162 ms serially on a quiet machine, the tenant class's p99 in bench:api. The
-- key now carries both columns (INCLUDE: not part of the uniqueness), so the count is an
-- index-only scan: 27-44 ms on the same database. Rebuilt packed, that key took 720 MB for 8.7
-- million rows where the old one, grown by the rollups' inserts in mid-key, took 1,165 MB.
-- The triggers of 0073 that change the two columns now write a key entry (no HOT update): they
-- run when a device's status, assignment or establishment, or its first flag date, changes.
--
-- safe: device_idle_streaks is written by the rollup only (and 0073's triggers); rebuilding its key
-- took 8.5 s for 8.7 million rows, during which rollups wait (and are retried past the timeout),
-- and the idle lists read by the key wait too. The constraint keeps its name and columns.
SET LOCAL lock_timeout = '10s';
-- Two statements: Citus refuses ADD CONSTRAINT beside another subcommand of one ALTER TABLE.
ALTER TABLE device_idle_streaks DROP CONSTRAINT device_idle_streaks_pkey;
ALTER TABLE device_idle_streaks
  ADD CONSTRAINT device_idle_streaks_pkey PRIMARY KEY (tenant_id, establishment_id, day, streak, device_id) INCLUDE (in_service_here, first_obsolete);
