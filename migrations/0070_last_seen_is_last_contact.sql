-- The REST last_seen is now the last contact a source reported, null for a device that never
-- connected (API 1.1, docs/api.md "Changes"): it is read from last_contact. The old last_seen
-- columns, COALESCE(last_contact, first_seen) on devices and the first sighting on device_sources,
-- are no longer written by this release; the previous one still reads them, so they are only made
-- nullable here and dropped in the next release (docs/operations.md, "Upgrades").
-- safe: DROP NOT NULL is a catalogue change, no scan and no rewrite.
SET LOCAL lock_timeout = '5s';
ALTER TABLE devices ALTER COLUMN last_seen DROP NOT NULL;
ALTER TABLE device_sources ALTER COLUMN last_seen DROP NOT NULL;
