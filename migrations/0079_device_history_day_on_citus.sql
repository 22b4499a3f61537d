-- device_history_day (0072) was a SQL function reading establishments with its own parameters. The
-- device_history triggers call it on devices rows, which on Citus run inside each shard's statement
-- on a worker, where Citus plans the function's query as a distributed one and refuses SQL-function
-- parameters ("could not create distributed plan"): no device could be written on a cluster
-- (docs/scale-out.md). The same function in PL/pgSQL, whose queries Citus plans with their values
-- like the other device triggers' (0062, 0067). No table is touched: no lock_timeout.
CREATE OR REPLACE FUNCTION device_history_day(tenant uuid, establishment uuid, at timestamptz) RETURNS date
LANGUAGE plpgsql STABLE AS $$
DECLARE
  zone text;
BEGIN
  SELECT e.time_zone INTO zone FROM establishments e WHERE e.tenant_id = tenant AND e.id = establishment;
  RETURN (at AT TIME ZONE COALESCE(zone, 'Europe/Paris'))::date;
END
$$;
