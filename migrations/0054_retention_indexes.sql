-- The daily purge deletes, per tenant, rows older than a class's retention in bounded batches
-- (packages/store/src/retention.ts): each such batch finds its rows through a (tenant_id, time)
-- index instead of scanning the tenant's whole history. The other purged tables already have one.
-- safe: each build holds a SHARE lock on its table (writes wait, reads do not); these tables take
-- few writes (one row per delivery, sync or alert), so the wait is a few seconds at most.
SET LOCAL lock_timeout = '5s';
CREATE INDEX notification_deliveries_age ON notification_deliveries (tenant_id, created_at) WHERE status <> 'pending';
CREATE INDEX sync_runs_finished ON sync_runs (tenant_id, started_at) WHERE finished_at IS NOT NULL;
CREATE INDEX alerts_resolved ON alerts (tenant_id, resolved_at) WHERE state = 'resolved';
