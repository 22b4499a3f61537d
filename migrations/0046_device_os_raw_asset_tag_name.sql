-- os_version now holds a comparable version per platform (Windows 10.0.<build>, Android's version
-- for an API level...), os_version_raw what the winning source said. Rows stored before keep their
-- text in both until their next inventory normalises them.
ALTER TABLE devices ADD COLUMN os_version_raw text;
UPDATE devices SET os_version_raw = os_version WHERE os_version IS NOT NULL;
-- Asset tag (numéro d'inventaire) and device name, for search. A name matching a personal pattern
-- ("iPad de Sophie", a first name, an e-mail) is replaced by a neutral label before it is stored.
ALTER TABLE devices ADD COLUMN asset_tag text;
ALTER TABLE devices ADD COLUMN name text;
