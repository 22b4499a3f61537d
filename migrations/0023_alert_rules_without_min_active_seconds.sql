-- The device_idle, cart_unused and activity_rate_low rules read the rollup's active-day decision
-- (docs/alerts.md): their own min_active_seconds no longer applies, the tenant's rollup
-- active_seconds decides. Remove it from stored params and overrides, so GET /v1/alert-rules shows
-- no threshold that has no effect. alert_rules is small and rarely written: no lock care needed.
UPDATE alert_rules
SET params = params - 'min_active_seconds',
    overrides = COALESCE((SELECT jsonb_object_agg(o.key, o.value - 'min_active_seconds') FROM jsonb_each(overrides) AS o), '{}'::jsonb)
WHERE kind IN ('device_idle', 'cart_unused', 'activity_rate_low');
