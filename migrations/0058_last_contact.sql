-- last_seen used to move with every observation, an inventory included, so a device that never
-- connected showed the sync time (or a GLPI record's modification date) as its last contact.
-- last_contact is now the last contact a source reported: null = never connected. last_seen stays
-- NOT NULL for the REST contract and is kept equal to COALESCE(last_contact, first_seen).
-- Each source link keeps its own first and last contact, so an old re-enrolment record shows its
-- own dates rather than those of the device's current record.
SET LOCAL lock_timeout = '5s';
ALTER TABLE devices ADD COLUMN last_contact timestamptz;
ALTER TABLE device_sources ADD COLUMN first_contact timestamptz;
ALTER TABLE device_sources ADD COLUMN last_contact timestamptz;

-- Backfill from the check-ins still held (retention may have dropped older ones; a device whose
-- contacts are all gone keeps its last_seen and gets a last_contact at its next check-in).
-- One index lookup per device through the heartbeats' primary key (tenant_id, device_id, observed_at).
UPDATE devices d SET last_contact = h.at
FROM (SELECT tenant_id, device_id, max(observed_at) AS at FROM heartbeats GROUP BY tenant_id, device_id) h
WHERE h.tenant_id = d.tenant_id AND h.device_id = d.id;
-- Per link, only where the source holds a single record of the device: heartbeats carry the
-- device and the source, not the record, so with two records (a re-enrolment) neither can be told.
UPDATE device_sources ds SET first_contact = h.first_at, last_contact = h.last_at
FROM (SELECT tenant_id, device_id, source_id, min(observed_at) AS first_at, max(observed_at) AS last_at
      FROM heartbeats GROUP BY tenant_id, device_id, source_id) h
WHERE h.tenant_id = ds.tenant_id AND h.device_id = ds.device_id AND h.source_id = ds.source_id
  AND NOT EXISTS (SELECT 1 FROM device_sources o WHERE o.tenant_id = ds.tenant_id AND o.source_id = ds.source_id
                  AND o.device_id = ds.device_id AND o.external_id <> ds.external_id);
