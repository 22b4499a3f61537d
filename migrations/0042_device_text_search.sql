-- GET /v1/devices?q= matches a fragment anywhere in the serial, model, manufacturer or OS version
-- (ILIKE '%…%'), which no B-tree serves: every device of the tenant was read for each search. One
-- trigram GIN index over the four columns serves each ILIKE of three characters or more (a bitmap
-- per column, OR-ed); shorter fragments still scan. The heartbeats' last_seen updates touch none
-- of these columns, so they stay HOT (0025).
--
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
-- safe: building the index holds a SHARE lock on devices (writes wait, reads do not): a few seconds per million
-- devices; the outbox keeps accepting meanwhile.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SET LOCAL lock_timeout = '10s';
CREATE INDEX devices_text_search ON devices
  USING gin (serial gin_trgm_ops, model gin_trgm_ops, manufacturer gin_trgm_ops, os_version gin_trgm_ops);
