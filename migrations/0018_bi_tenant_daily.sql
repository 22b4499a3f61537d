-- bi.tenant_daily_v1: a tenant's day over its establishments with classes that day (tenant_days).
CREATE VIEW bi.tenant_daily_v1 WITH (security_invoker = true) AS
SELECT tenant_id, day, dimension, value, establishments, in_service, active, active_measured, active_usage, active_presence, outages,
       CASE WHEN in_service > 0 THEN active::numeric / in_service END AS activity_rate
FROM tenant_days;

ALTER TABLE tenant_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY bi_own_tenant ON tenant_days FOR SELECT USING (tenant_id = bi.current_tenant_id());

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_bi') THEN
    GRANT SELECT ON bi.tenant_daily_v1, tenant_days TO vigie_bi;
  END IF;
END $$;
