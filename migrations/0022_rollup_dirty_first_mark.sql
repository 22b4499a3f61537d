-- When the oldest data a mark stands for arrived: a rollup job defers while its day still receives
-- data (marked_at recent), but never past a bound counted from here, so a day fed continuously is
-- still rolled up regularly.
ALTER TABLE rollup_dirty ADD COLUMN first_marked_at timestamptz NOT NULL DEFAULT clock_timestamp();
