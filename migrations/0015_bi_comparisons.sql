-- bi.comparisons_v1: each establishment's monthly activity rate, its rank and percentile among
-- establishments of the same type of its tenant; values on fewer devices than the tenant's minimum
-- (tenant_rollup_settings.min_group_devices, default 5) are suppressed. Same definitions as
-- GET /v1/comparisons (docs/indicators.md).
CREATE VIEW bi.comparisons_v1 WITH (security_invoker = true) AS
WITH figures AS (
  SELECT p.tenant_id, p.period_start AS month, e.uai, e.name, e.type, e.pupils,
         COALESCE(p.in_service_devices, round(p.in_service_device_days::numeric / NULLIF(p.school_days, 0))::int, 0) AS devices,
         CASE WHEN p.in_service_device_days > 0 THEN p.active_device_days::numeric / p.in_service_device_days END AS rate,
         COALESCE(s.min_group_devices, 5) AS min_devices
  FROM establishment_periods p
  JOIN establishments e ON e.tenant_id = p.tenant_id AND e.id = p.establishment_id
  LEFT JOIN tenant_rollup_settings s ON s.tenant_id = p.tenant_id
  WHERE p.granularity = 'month' AND p.dimension = 'all'
), shown AS (
  SELECT *, devices < min_devices OR rate IS NULL AS hidden FROM figures
)
SELECT tenant_id, month, uai, name, type, pupils, devices, devices < min_devices AS suppressed,
       CASE WHEN NOT hidden THEN rate END AS activity_rate,
       CASE WHEN NOT hidden THEN rank() OVER (PARTITION BY tenant_id, month, type, hidden ORDER BY rate DESC) END AS rank,
       CASE WHEN NOT hidden THEN round((100 * percent_rank() OVER (PARTITION BY tenant_id, month, type, hidden ORDER BY rate))::numeric, 1) END AS percentile
FROM shown;

ALTER TABLE tenant_rollup_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY bi_own_tenant ON tenant_rollup_settings FOR SELECT USING (tenant_id = bi.current_tenant_id());

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_bi') THEN
    GRANT SELECT ON bi.comparisons_v1, tenant_rollup_settings TO vigie_bi;
  END IF;
END $$;
