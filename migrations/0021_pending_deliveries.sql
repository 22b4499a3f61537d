-- The delivery sweeper looks for notifications recorded with their alert (the outbox) but still
-- pending after a delay, across tenants. Few rows are pending at any time: a partial index keeps the
-- lookup small however long the delivery log grows.
CREATE INDEX notification_deliveries_pending ON notification_deliveries (created_at) WHERE status = 'pending';
