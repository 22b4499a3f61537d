-- Idle devices (GET /v1/devices?idle=true, the renewal forecast's redeployment counts) used to be
-- judged at every request from the last N school days of device_activity: 16 s for one tenant of
-- 100,000 devices. The rollup now keeps, per establishment school day (outage days skipped: the
-- chain the idle window walks), the devices it judged in service and not active that day with how
-- many such days in a row end there. A device is idle over N days when its streak on the last
-- school day of its establishment before today is at least N: one range of this key per
-- establishment. Only idle device-days have a row.
--
-- The key holds streak before device_id so that "streak >= N" is a range; a device has one row per
-- day because the rollup rewrites a day's rows as a whole (packages/store/src/device-idle-streaks.ts).
CREATE TABLE device_idle_streaks (
  tenant_id         uuid NOT NULL,
  establishment_id  uuid NOT NULL,
  day               date NOT NULL,
  streak            integer NOT NULL CHECK (streak > 0),
  device_id         uuid NOT NULL,
  PRIMARY KEY (tenant_id, establishment_id, day, streak, device_id)
);

-- Backfill from the decisions already rolled up, so an existing deployment answers the same idle
-- lists right after migrating: runs of consecutive chain days (gaps and islands) per device.
WITH chain AS (
  SELECT tenant_id, establishment_id, day, row_number() OVER (PARTITION BY tenant_id, establishment_id ORDER BY day) AS k
  FROM establishment_days
  WHERE dimension = 'all' AND value = 'all' AND school_day AND NOT outage
), idle AS (
  SELECT a.tenant_id, a.establishment_id, a.day, a.device_id, c.k,
         c.k - row_number() OVER (PARTITION BY a.tenant_id, a.establishment_id, a.device_id ORDER BY c.k) AS island
  FROM device_activity a
  JOIN chain c ON c.tenant_id = a.tenant_id AND c.establishment_id = a.establishment_id AND c.day = a.day
  WHERE a.in_service AND NOT a.active
)
INSERT INTO device_idle_streaks (tenant_id, establishment_id, day, streak, device_id)
SELECT tenant_id, establishment_id, day,
       row_number() OVER (PARTITION BY tenant_id, establishment_id, device_id, island ORDER BY k), device_id
FROM idle;
