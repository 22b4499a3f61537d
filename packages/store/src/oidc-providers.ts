import type { Db } from './db.ts';

export interface OidcProviderValues {
  issuer: string;
  clientId: string;
  /** Sealed with secret-box; undefined keeps the stored one. */
  clientSecretSealed?: Buffer | null;
  scopes: string[];
  rules: unknown[];
}

/** The tenant's OpenID Connect provider, if its admin configured one. */
export async function get(db: Db, tenantId: string) {
  return db.selectFrom('oidc_providers').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function upsert(db: Db, tenantId: string, values: OidcProviderValues) {
  const row = {
    issuer: values.issuer,
    client_id: values.clientId,
    scopes: values.scopes,
    rules: JSON.stringify(values.rules),
    ...(values.clientSecretSealed !== undefined ? { client_secret_sealed: values.clientSecretSealed } : {}),
  };
  return db
    .insertInto('oidc_providers')
    .values({ tenant_id: tenantId, ...row })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...row, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
}
