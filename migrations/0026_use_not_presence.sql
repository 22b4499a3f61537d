-- Use is not presence (docs/indicators.md, "Jour actif"): a device is judged on use whenever use
-- signals are available for it, and presence inference is kept for devices without any. The
-- presence-based reading (active on use, or seen in lesson hours) is kept beside the headline as an
-- upper bound, with how many device-days were judged on use (the coverage).

-- The rollup writes these tables all day: wait briefly for their locks, then fail and retry later
-- rather than queue every rollup job behind this migration.
SET LOCAL lock_timeout = '5s';

-- Calendar days (ending on the day judged) in which a use signal of the device's kind and source
-- makes use signals available for it. 28: the first day back from two weeks of holidays still sees
-- the two school weeks before them.
ALTER TABLE tenant_rollup_settings
  ADD COLUMN use_signal_window_days integer NOT NULL DEFAULT 28 CHECK (use_signal_window_days BETWEEN 1 AND 366);

-- Rows written before this migration keep their old decision until their day is rolled up again:
-- presence_active = active is what the old rule counted, judged_on_use its measured and usage days.
ALTER TABLE device_activity
  ADD COLUMN judged_on_use boolean NOT NULL DEFAULT false,
  ADD COLUMN presence_active boolean NOT NULL DEFAULT false;
UPDATE device_activity SET judged_on_use = signal IN ('measured', 'usage'), presence_active = active;

ALTER TABLE establishment_days
  ADD COLUMN presence_active integer NOT NULL DEFAULT 0,
  ADD COLUMN judged_on_use integer NOT NULL DEFAULT 0;
UPDATE establishment_days SET presence_active = active, judged_on_use = active_measured + active_usage;

ALTER TABLE establishment_periods
  ADD COLUMN presence_active_device_days integer NOT NULL DEFAULT 0,
  ADD COLUMN judged_on_use_device_days integer NOT NULL DEFAULT 0;
UPDATE establishment_periods SET presence_active_device_days = active_device_days, judged_on_use_device_days = active_measured + active_usage;

ALTER TABLE tenant_days
  ADD COLUMN presence_active integer NOT NULL DEFAULT 0,
  ADD COLUMN judged_on_use integer NOT NULL DEFAULT 0;
UPDATE tenant_days SET presence_active = active, judged_on_use = active_measured + active_usage;
