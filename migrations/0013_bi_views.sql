-- The `bi` schema: documented, versioned views for BI tools (docs/bi.md). A view's name carries its
-- version (_v1): a change that breaks a column adds _v2 next to it, so dashboards keep working.
--
-- Access: BI tools log in as one role per tenant, member of vigie_bi, mapped to its tenant in
-- bi.tenant_roles. Row-level security on the tables behind the views keeps each role to its
-- tenant; the views are security_invoker, so the policies apply to the BI role, not to the owner.
-- The application's role owns the tables and is not subject to these policies.
CREATE SCHEMA bi;

CREATE TABLE bi.tenant_roles (
  role_name  text PRIMARY KEY,
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The tenant of the logged-in BI role (session_user: a SET ROLE cannot borrow another mapping).
CREATE FUNCTION bi.current_tenant_id() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, bi AS $$
  SELECT tenant_id FROM bi.tenant_roles WHERE role_name = session_user
$$;

CREATE VIEW bi.device_daily_v1 WITH (security_invoker = true) AS
SELECT a.tenant_id, a.day, e.uai, a.device_id, a.kind, a.assignment, a.cart_id, a.in_service, a.school_day, a.online,
       a.active, a.signal, a.active_seconds, a.inferred_seconds
FROM device_activity a JOIN establishments e ON e.tenant_id = a.tenant_id AND e.id = a.establishment_id;

CREATE VIEW bi.establishment_daily_v1 WITH (security_invoker = true) AS
SELECT d.tenant_id, d.day, e.uai, e.name, e.type, d.dimension, d.value, d.school_day, d.half_days, d.in_service, d.online, d.active,
       d.active_measured, d.active_usage, d.active_presence, d.presence_discounted, d.outage,
       CASE WHEN d.school_day AND d.in_service > 0 THEN d.active::numeric / d.in_service END AS activity_rate
FROM establishment_days d JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id;

CREATE VIEW bi.establishment_monthly_v1 WITH (security_invoker = true) AS
SELECT p.tenant_id, p.period_start AS month, e.uai, e.name, e.type, p.dimension, p.value, p.school_days, p.in_service_device_days,
       p.active_device_days, p.active_measured, p.active_usage, p.active_presence, p.in_service_devices, p.reached_devices,
       CASE WHEN p.in_service_device_days > 0 THEN p.active_device_days::numeric / p.in_service_device_days END AS activity_rate,
       CASE WHEN p.in_service_devices > 0 THEN p.reached_devices::numeric / p.in_service_devices END AS reach
FROM establishment_periods p JOIN establishments e ON e.tenant_id = p.tenant_id AND e.id = p.establishment_id
WHERE p.granularity = 'month';

CREATE VIEW bi.cart_utilisation_v1 WITH (security_invoker = true) AS
SELECT c.tenant_id, c.day, e.uai, k.name AS cart, c.cart_id, c.school_day, c.half_days, c.devices, c.active_devices,
       (c.used_morning::int + c.used_afternoon::int) AS used_half_days, c.used_morning, c.used_afternoon
FROM cart_days c
JOIN carts k ON k.tenant_id = c.tenant_id AND k.id = c.cart_id
JOIN establishments e ON e.tenant_id = c.tenant_id AND e.id = c.establishment_id;

CREATE VIEW bi.obsolescence_v1 WITH (security_invoker = true) AS
SELECT o.tenant_id, o.device_id, e.uai, d.kind, d.status, o.reason, o.applies_from, o.detail
FROM device_obsolescence o
JOIN devices d ON d.tenant_id = o.tenant_id AND d.id = o.device_id
LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
WHERE d.status NOT IN ('retired', 'lost');

-- Default prices repeat @vigie/contracts DefaultUnitPrices (migrations never import app code).
CREATE VIEW bi.renewal_forecast_v1 WITH (security_invoker = true) AS
SELECT f.tenant_id, f.device_id, f.uai, f.kind, f.first_date, extract(year FROM f.first_date)::int AS budget_year,
       COALESCE(p.price_eur, CASE f.kind WHEN 'tablet' THEN 400 WHEN 'laptop' THEN 700 WHEN 'chromebook' THEN 350 WHEN 'desktop' THEN 800
                                          WHEN 'interactive_display' THEN 2500 ELSE 300 END) AS unit_price_eur
FROM (SELECT o.tenant_id, o.device_id, e.uai, d.kind, min(o.applies_from) AS first_date
      FROM device_obsolescence o
      JOIN devices d ON d.tenant_id = o.tenant_id AND d.id = o.device_id
      LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
      WHERE d.status NOT IN ('retired', 'lost')
      GROUP BY o.tenant_id, o.device_id, e.uai, d.kind) f
LEFT JOIN unit_prices p ON p.tenant_id = f.tenant_id AND p.kind = f.kind;

-- Row-level security: the application's role owns these tables, and owners are not subject to RLS
-- (no FORCE), so only other roles -- the BI roles -- are filtered, and see nothing without a policy.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['device_activity', 'establishments', 'establishment_days', 'establishment_periods', 'cart_days', 'carts',
                           'device_obsolescence', 'devices', 'unit_prices'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY bi_own_tenant ON %I FOR SELECT USING (tenant_id = bi.current_tenant_id())', t);
  END LOOP;
END $$;

-- The group role of BI logins. Roles are cluster-wide: another database of the cluster may have
-- created it already, or be creating it right now. Without CREATEROLE the migration goes on and
-- docs/bi.md says what a DBA runs instead.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_bi') THEN
    IF (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
      BEGIN
        CREATE ROLE vigie_bi NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    ELSE
      RAISE NOTICE 'role vigie_bi not created (no CREATEROLE); see docs/bi.md';
      RETURN;
    END IF;
  END IF;
  GRANT USAGE ON SCHEMA bi TO vigie_bi;
  GRANT SELECT ON ALL TABLES IN SCHEMA bi TO vigie_bi;
  REVOKE SELECT ON bi.tenant_roles FROM vigie_bi;
  -- security_invoker views check the invoker's rights on the tables behind them; RLS above keeps
  -- those reads to the role's tenant.
  GRANT SELECT ON device_activity, establishments, establishment_days, establishment_periods, cart_days, carts,
                  device_obsolescence, devices, unit_prices TO vigie_bi;
END $$;
