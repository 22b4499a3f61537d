-- Version 2 of the activity views (docs/bi.md): activity_rate is judged on use whenever use signals
-- are available (migration 0026), and the presence-based rate (presence_rate, an upper bound), the
-- coverage and the device-days judged on presence stand beside it. The _v1 views stay one release,
-- deprecated. Rates are double precision, computed in the order @vigie/indicators computes them, so
-- the figures equal the API's to the bit (test/simulator/simulated-rollup-totals.test.ts).

CREATE VIEW bi.device_daily_v2 WITH (security_invoker = true) AS
SELECT a.tenant_id, a.day, e.uai, a.device_id, a.kind, a.assignment, a.cart_id, a.in_service, a.school_day, a.online,
       a.active, a.signal, a.judged_on_use, a.presence_active, a.active_seconds, a.inferred_seconds
FROM device_activity a JOIN establishments e ON e.tenant_id = a.tenant_id AND e.id = a.establishment_id;

CREATE VIEW bi.establishment_daily_v2 WITH (security_invoker = true) AS
SELECT d.tenant_id, d.day, e.uai, e.name, e.type, d.dimension, d.value, d.school_day, d.half_days, d.in_service, d.online, d.active,
       d.active_measured, d.active_usage, d.active_presence, d.presence_discounted, d.presence_active, d.judged_on_use,
       d.in_service - d.judged_on_use AS presence_device_days, d.outage,
       CASE WHEN d.school_day AND d.in_service > 0 THEN d.active::float8 / d.in_service END AS activity_rate,
       CASE WHEN d.school_day AND d.in_service > 0 THEN (d.active_measured + d.active_usage)::float8 / d.in_service END AS activity_rate_use,
       CASE WHEN d.school_day AND d.in_service > 0 THEN d.presence_active::float8 / d.in_service END AS presence_rate,
       CASE WHEN d.school_day AND d.in_service > 0 THEN d.judged_on_use::float8 / d.in_service END AS coverage
FROM establishment_days d JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id;

CREATE VIEW bi.establishment_monthly_v2 WITH (security_invoker = true) AS
SELECT p.tenant_id, p.period_start AS month, e.uai, e.name, e.type, p.dimension, p.value, p.school_days, p.in_service_device_days,
       p.active_device_days, p.active_measured, p.active_usage, p.active_presence, p.presence_active_device_days, p.judged_on_use_device_days,
       p.in_service_device_days - p.judged_on_use_device_days AS presence_device_days, p.in_service_devices, p.reached_devices,
       CASE WHEN p.in_service_device_days > 0 THEN p.active_device_days::float8 / p.in_service_device_days END AS activity_rate,
       CASE WHEN p.in_service_device_days > 0 THEN (p.active_measured + p.active_usage)::float8 / p.in_service_device_days END AS activity_rate_use,
       CASE WHEN p.in_service_device_days > 0 THEN p.presence_active_device_days::float8 / p.in_service_device_days END AS presence_rate,
       CASE WHEN p.in_service_device_days > 0 THEN p.judged_on_use_device_days::float8 / p.in_service_device_days END AS coverage,
       CASE WHEN p.in_service_devices > 0 THEN p.reached_devices::float8 / p.in_service_devices END AS reach
FROM establishment_periods p JOIN establishments e ON e.tenant_id = p.tenant_id AND e.id = p.establishment_id
WHERE p.granularity = 'month';

CREATE VIEW bi.tenant_daily_v2 WITH (security_invoker = true) AS
SELECT tenant_id, day, dimension, value, establishments, in_service, active, active_measured, active_usage, active_presence,
       presence_active, judged_on_use, in_service - judged_on_use AS presence_device_days, outages,
       CASE WHEN in_service > 0 THEN active::float8 / in_service END AS activity_rate,
       CASE WHEN in_service > 0 THEN (active_measured + active_usage)::float8 / in_service END AS activity_rate_use,
       CASE WHEN in_service > 0 THEN presence_active::float8 / in_service END AS presence_rate,
       CASE WHEN in_service > 0 THEN judged_on_use::float8 / in_service END AS coverage
FROM tenant_days;

-- Each establishment's month against its peers of the same type (GET /v1/comparisons?peers=type):
-- the activity rate, its rank and percentile, the delta with the previous month, and the
-- presence-based rate and coverage beside it; all null when suppressed.
CREATE VIEW bi.comparisons_v2 WITH (security_invoker = true) AS
WITH figures AS (
  SELECT p.tenant_id, p.establishment_id, p.period_start AS month, e.uai, e.name, e.type, e.pupils,
         COALESCE(p.in_service_devices, round(p.in_service_device_days::numeric / NULLIF(p.school_days, 0))::int, 0) AS devices,
         CASE WHEN p.in_service_device_days > 0 THEN p.active_device_days::float8 / p.in_service_device_days END AS rate,
         CASE WHEN p.in_service_device_days > 0 THEN p.presence_active_device_days::float8 / p.in_service_device_days END AS presence_rate,
         CASE WHEN p.in_service_device_days > 0 THEN p.judged_on_use_device_days::float8 / p.in_service_device_days END AS coverage,
         COALESCE(s.min_group_devices, 5) AS min_devices
  FROM establishment_periods p
  JOIN establishments e ON e.tenant_id = p.tenant_id AND e.id = p.establishment_id
  LEFT JOIN tenant_rollup_settings s ON s.tenant_id = p.tenant_id
  WHERE p.granularity = 'month' AND p.dimension = 'all'
), shown AS (
  SELECT *, CASE WHEN devices >= min_devices THEN rate END AS value FROM figures
), ranked AS (
  SELECT *, value IS NULL AS hidden,
         count(*) OVER (PARTITION BY tenant_id, month, type, value IS NULL)::int AS peers,
         rank() OVER (PARTITION BY tenant_id, month, type, value IS NULL ORDER BY value DESC)::int AS rank_desc,
         rank() OVER (PARTITION BY tenant_id, month, type, value IS NULL ORDER BY value) - 1 AS below
  FROM shown
)
SELECT r.tenant_id, r.month, r.uai, r.name, r.type, r.pupils, r.devices, r.devices < r.min_devices AS suppressed,
       r.value AS activity_rate,
       CASE WHEN NOT r.hidden THEN r.presence_rate END AS presence_rate,
       CASE WHEN NOT r.hidden THEN r.coverage END AS coverage,
       prev.value AS previous_activity_rate, r.value - prev.value AS delta,
       CASE WHEN NOT r.hidden THEN r.rank_desc END AS rank,
       CASE WHEN NOT r.hidden AND r.peers > 1 THEN 100 * r.below::float8 / (r.peers - 1) END AS percentile,
       CASE WHEN NOT r.hidden THEN r.peers ELSE 0 END AS peers
FROM ranked r
LEFT JOIN shown prev ON prev.tenant_id = r.tenant_id AND prev.establishment_id = r.establishment_id
  AND prev.month = (r.month - interval '1 month')::date;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_bi') THEN
    GRANT SELECT ON bi.device_daily_v2, bi.establishment_daily_v2, bi.establishment_monthly_v2, bi.tenant_daily_v2, bi.comparisons_v2 TO vigie_bi;
  END IF;
END $$;
