-- A tenant's exceptions to the refusal of internal addresses (an on-premise GLPI on the
-- collectivité's private network), set by a platform administrator only
-- (PUT /v1/tenants/{tenantId}/outbound-allowlist): CIDRs, addresses or host names, as entered.
-- safe: a column with a constant default is a catalogue change; tenants is a small table.
SET LOCAL lock_timeout = '5s';
ALTER TABLE tenants ADD COLUMN outbound_allow text[] NOT NULL DEFAULT '{}';
