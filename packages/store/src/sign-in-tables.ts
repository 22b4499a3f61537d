import type { Generated } from 'kysely';
import type { Json, Timestamp } from './column-types.ts';

export interface PeopleSessionsTable {
  tenant_id: string;
  id: Generated<string>;
  secret_hash: Buffer;
  role: string;
  establishment_uais: Generated<string[]>;
  subject: string;
  display_name: string;
  method: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface LoginLinksTable {
  tenant_id: string;
  id: Generated<string>;
  token_hash: Buffer;
  role: string;
  establishment_uais: Generated<string[]>;
  subject: string | null;
  display_name: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface OidcProvidersTable {
  tenant_id: string;
  issuer: string;
  client_id: string;
  client_secret_sealed: Buffer | null;
  scopes: Generated<string[]>;
  rules: Json<unknown[]>;
  updated_at: Generated<Date>;
}

export interface OidcLoginsTable {
  state_hash: Buffer;
  tenant_id: string;
  nonce: string;
  code_verifier: string;
  next_path: Generated<string>;
  expires_at: Timestamp;
}

/** Tables of sign-in for people (migration 0035). */
export interface SignInTables {
  people_sessions: PeopleSessionsTable;
  login_links: LoginLinksTable;
  oidc_providers: OidcProvidersTable;
  oidc_logins: OidcLoginsTable;
}
