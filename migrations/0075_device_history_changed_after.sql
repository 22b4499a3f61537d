-- The rollup judges each device as it stood on the day it rolls up (device_history, 0072): a device
-- changed since that day is read from its history, every other one from its row. Which devices
-- changed since a day is asked on every rollup, and for today's (most rollups) the answer is none:
-- a range of this index, where the primary key (tenant, device, day) made it a pass over the
-- tenant's whole history. The as_of reports ask the same (device-as-of.ts, historyChangedAfter).
-- safe: the build holds a SHARE lock on device_history (its triggers' writes from devices wait,
-- reads do not); one narrow row per device and day of change, built in seconds at 1,000,000 devices.
SET LOCAL lock_timeout = '10s';
CREATE INDEX device_history_changed ON device_history (tenant_id, valid_on, device_id);
