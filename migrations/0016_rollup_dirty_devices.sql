-- Late data for a few devices should redo their decisions, not their whole establishment's day:
-- a mark lists the devices it concerns; NULL means the whole establishment-day (inventory changes,
-- closing a day, a first rollup).
SET LOCAL lock_timeout = '5s';
ALTER TABLE rollup_dirty ADD COLUMN device_ids uuid[];
