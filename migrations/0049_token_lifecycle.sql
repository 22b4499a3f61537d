-- Token lifecycle (issue 16): who created a token, when it was last used, when it ends, and which
-- token a rotation replaced. Nullable columns without defaults: catalogue-only changes, no rewrite.
-- created_by is a label (the creating token's name, a person's subject, or 'cli'), kept even when
-- the creating token is gone; created_by_token_id is set when a token created it.
ALTER TABLE api_tokens
  ADD COLUMN created_by text,
  ADD COLUMN created_by_token_id uuid REFERENCES api_tokens (id) ON DELETE SET NULL,
  ADD COLUMN last_used_at timestamptz,
  ADD COLUMN expires_at timestamptz,
  ADD COLUMN rotated_from uuid REFERENCES api_tokens (id) ON DELETE SET NULL;
