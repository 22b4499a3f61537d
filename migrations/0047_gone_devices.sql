-- Devices gone from an MDM: each complete sync that no longer lists a record counts a miss on its
-- link; after CONNECTOR_GONE_AFTER_SYNCS misses (default 3) the link is gone. A device whose every
-- link is gone is unmanaged (no source holds it) until one lists it again.
SET LOCAL lock_timeout = '5s';
ALTER TABLE device_sources ADD COLUMN missed_syncs integer NOT NULL DEFAULT 0;
ALTER TABLE device_sources ADD COLUMN gone_at timestamptz;
ALTER TABLE devices ADD COLUMN unmanaged_since timestamptz;
