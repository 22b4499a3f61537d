-- ?q= also finds the asset tag (numéro d'inventaire), the device name and the OS version as the
-- source wrote it (0046), and no longer the normalised OS version: the trigram index follows the
-- columns the search reads, or every search falls back to reading the tenant's devices.
-- safe: like 0042, the build holds a SHARE lock on devices (writes wait, reads do not) for a few
-- seconds per million devices; pushes keep landing in the outbox meanwhile.
SET LOCAL lock_timeout = '10s';
DROP INDEX IF EXISTS devices_text_search;
CREATE INDEX devices_text_search ON devices USING gin (
  serial gin_trgm_ops, asset_tag gin_trgm_ops, name gin_trgm_ops, model gin_trgm_ops, manufacturer gin_trgm_ops, os_version_raw gin_trgm_ops
);
