-- Pulled MDM sources become configuration. `sources` already identifies push connectors by name;
-- pulled ones add where and how to reach the MDM. Credentials are AES-256-GCM ciphertext (key from
-- SECRETS_KEY, packages/store/src/secret-box.ts): the database never sees them in clear.
-- sources is small and cold (read once per batch per process), so adding columns is instant.
SET LOCAL lock_timeout = '5s';

ALTER TABLE sources
  ADD COLUMN base_url     text,
  ADD COLUMN token_url    text,
  ADD COLUMN page_size    integer NOT NULL DEFAULT 100 CHECK (page_size BETWEEN 1 AND 10000),
  -- A five-field cron expression (BullMQ job scheduler pattern), null = only "sync now".
  ADD COLUMN schedule     text,
  -- Zone of the MDM's zone-less timestamps (GLPI server time, Jamf School).
  ADD COLUMN time_zone    text NOT NULL DEFAULT 'Europe/Paris',
  ADD COLUMN options      jsonb NOT NULL DEFAULT '{}',
  -- [{match, uai, cart?}]: MDM org unit / group / location / name prefix -> establishment and cart.
  ADD COLUMN mapping      jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN credentials  bytea,
  ADD COLUMN enabled      boolean NOT NULL DEFAULT true,
  -- Lower wins when two sources disagree on a device attribute at the same time.
  ADD COLUMN priority     integer NOT NULL DEFAULT 100,
  -- What the last successful sync saw (per device: last check-in and inventory fingerprint), so the
  -- next one sends only changes and an unchanged check-in is not a new heartbeat.
  ADD COLUMN sync_state   jsonb,
  ADD COLUMN updated_at   timestamptz NOT NULL DEFAULT now();
